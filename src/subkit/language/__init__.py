"""Per-language data (words that must not end a line, break points, abbreviations, units, post-nominal
adjectives, set phrases, lexicon) and the noun-adjective heuristic built on it.

The data lives in ``data/<lang>.toml`` so that adding a language needs no code. The segmenter,
the translator's re-wrapper and the linter's ``line-break`` rule all ask this module. The word
lists ``data/words-<lang>.txt.gz`` (built by tools/build_wordlists.py) serve translation only.
"""

from __future__ import annotations

import gzip
import re
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Sequence

__all__ = ["LanguageRules", "rules", "SUPPORTED", "normalize_word", "unify_apostrophes", "detect_language",
           "refuse_other_language", "mostly_known", "known_share", "lexicon", "plain_word", "noun_adjective_split",
           "adjective_noun_split", "dialogue_dash", "capitalised", "base_language", "primary_language",
           "language_pair"]

SUPPORTED = ("fr", "en")

# Apostrophes and quotes that may trail or lead a token without being part of the word.
_EDGE_PUNCT = "\"«»“”‘’()[]{}…,;:!?.—–-"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"»”’)\]]*$")
_CLAUSE_PUNCT_RE = re.compile(r"[,;:—–)\]»”]+$")
_TRAILING_PUNCT = ",;:!?.…»”)]\u00a0\u202f"  # what may follow a word in its token ("question :")
_NUMBER_RE = re.compile(r"[+-]?\d[\d.,]*")
_RANGE_WORDS = {"à", "to", "and", "et", "ou", "or", "-", "–"}  # between the two numbers of a range


# A BCP 47 language tag: a primary language of 2 or 3 letters (ISO 639), then subtags (script,
# region, variant) of 1 to 8 letters or digits. Case does not matter, and "_" is read as "-" (en_GB).
_LANG_TAG = re.compile(r"([A-Za-z]{2,3})(?:-[A-Za-z0-9]{1,8})*")


def base_language(tag: str) -> str:
    """The primary language of a language tag, lower-case (``en_GB``, ``en-GB``, ``EN`` -> ``en``),
    unchecked: for the codes a file declares (a TMX's ``xml:lang``)."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def primary_language(tag: str, what: str, where: str | None = None) -> str:
    """:func:`base_language` of a tag the user gave; *what* names the option or setting in the
    error a malformed tag gets."""
    from subkit.errors import SubkitError

    if _LANG_TAG.fullmatch(tag.strip().replace("_", "-")) is None:
        raise SubkitError(f"{what}: {tag!r} is not a language code (ISO 639, as in fr, en, pt-BR, en_GB)", where)
    return base_language(tag)


def language_pair(source: str, target: str) -> tuple[str, str]:
    """``--from`` and ``--to`` as the languages of a model (``FR``, ``fr-FR`` -> ``fr``); the same
    language twice is an error."""
    from subkit.errors import SubkitError

    pair = primary_language(source, "--from"), primary_language(target, "--to")
    if pair[0] == pair[1]:
        raise SubkitError(f"--from {source} and --to {target} are the same language ({pair[0]}): nothing to translate")
    return pair


def dialogue_dash(lang: str) -> str:
    """What starts each speaker's line in a two-speaker cue: French "- " (with a space), others "-"
    (Netflix's French and English guides; ``subkit lint``'s typography rule checks the same)."""
    return "- " if lang == "fr" else "-"


def unify_apostrophes(text: str) -> str:
    """Typographic apostrophes (’ ʼ ‘) become ``'``: transcripts use both, models and word lists ``'``."""
    return text.translate(_APOSTROPHES)


def normalize_word(token: str) -> str:
    """Lowercase a token, unify apostrophes, keep a trailing elision apostrophe (``l'``)."""
    return unify_apostrophes(token).lower()


@dataclass(frozen=True)
class LanguageRules:
    """Line-break knowledge for one language, loaded from its TOML file."""

    lang: str
    no_break_after: frozenset[str]
    break_before_conjunction: frozenset[str]
    break_before_relative: frozenset[str]
    break_before_preposition: frozenset[str]
    abbreviations: frozenset[str]
    multi_abbreviations: tuple[str, ...]
    units: frozenset[str]
    before_number: frozenset[str] = frozenset()  # nouns a number completes ("les années 2000")
    closing_abbreviations: frozenset[str] = frozenset()  # end a sentence before a capital: "etc. | Puis"
    # end a sentence before a capitalised function word only: "p.m. | We", not "p.m. Eastern"
    starter_closing_abbreviations: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()  # inside a name, between capitalised words ("Café de Flore")
    costs: dict[str, float] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()  # articles and determiners: what announces a noun
    adjective_suffixes: tuple[str, ...] = ()  # endings of adjectives that follow their noun
    adjectives: frozenset[str] = frozenset()
    before_noun: frozenset[str] = frozenset()  # adjectives that stand before their noun ("grande maison")
    not_adjectives: frozenset[str] = frozenset()
    not_nouns: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()  # set phrases, as normalised words
    offensive: frozenset[str] = frozenset()  # swear words and slurs (the ``offensive`` review flag)
    stand_alone: frozenset[str] = frozenset()  # of no_break_after: may end a phrase where a pause follows
    loan_phrases: tuple[str, ...] = ()  # phrases of another language this one writes as they are ("déjà vu")
    doubles: frozenset[str] = frozenset()  # words said twice in correct use ("had had")
    greetings: frozenset[str] = frozenset()  # capitalised in the word list, yet open a sentence ("Bonsoir")
    # articles, determiners, pronouns, prepositions, conjunctions, auxiliaries: no inflection ("thes")
    function_words: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()  # as written: "mars" (and "Mars"), "March" (not "march")
    ordinal_suffixes: frozenset[str] = frozenset()  # "XXe", "1er", "21st"
    clock_hours: frozenset[str] = frozenset()  # the "h" of "14 h 30"
    centuries: frozenset[str] = frozenset()  # what an ordinal counts: "XXe siècle", "21st century"
    sentence_starters: frozenset[str] = frozenset()  # function words: "U.S.A. | Then" ends a sentence

    @cached_property
    def _phrases_by_first(self) -> dict[str, list[tuple[str, ...]]]:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        return by_first

    def phrase_spans(self, tokens: Sequence[str]) -> list[tuple[int, int]]:
        """(start, end) token ranges of the set phrases in *tokens*; punctuation may only follow
        a phrase's last word. Linear: phrases are looked up by their first word."""
        by_first = self._phrases_by_first
        words = [normalize_word(t) for t in tokens]
        found = []
        for k, word in enumerate(words):
            for phrase in by_first.get(word, ()):
                end = k + len(phrase)
                if end <= len(words) and tuple(words[k:end - 1]) == phrase[:-1] and (
                        words[end - 1].rstrip(",;:!?.…»”)\u00a0\u202f") == phrase[-1]):
                    found.append((k, end))
        # a range of numbers reads as one too: "de 3 | à 5 %", "chapters 3 | and 4"
        found += [(k, k + 3) for k in range(len(words) - 2) if words[k + 1] in _RANGE_WORDS
                  and _NUMBER_RE.fullmatch(words[k]) and words[k + 2][:1].isdigit()]
        return found

    def inside_names(self, tokens: Sequence[str]) -> list[int]:
        """Indices k where a break after ``tokens[k]`` parts a name at its particle: a capitalised
        word, a particle, a capitalised word ("Café | de Flore", "Bank | of England"). Not "and"/"et":
        "Sakis Kechagioglou | et George Nikolakopoulos" are two names."""
        return [k for k in range(len(tokens) - 2)
                if normalize_word(tokens[k + 1]) in self.name_particles and tokens[k][-1:].isalpha()
                and capitalised(tokens[k]) and capitalised(tokens[k + 2])]

    def is_month(self, token: str) -> bool:
        """Whether *token* (no punctuation around) names a month: as listed, or capitalised when
        listed in lowercase (a French month starting a sentence), never lowercased when listed
        capitalised ("they march", "you may")."""
        return token in self.months or token.lower() in self.months

    def is_post_adjective(self, token: str) -> bool:
        """True when *token* (bare, lowercase, no punctuation around) looks like an adjective that
        follows its noun: by the language's list, or by its ending ("-ique", "-elle", "-ée"...)."""
        word = normalize_word(token).rstrip(_TRAILING_PUNCT)
        if not word.isalpha() and "-" not in word or word in self.not_adjectives:
            return False
        if word in self.adjectives:
            return True
        return len(word) > 3 and word.endswith(self.adjective_suffixes)

    def may_end_at_pause(self, token: str) -> bool:
        """Whether a line or cue may end with *token* when the speaker pauses after it."""
        return not self.must_not_end_line(token) or normalize_word(token) in self.stand_alone

    def must_not_end_line(self, token: str) -> bool:
        """True when a line or cue ending with *token* breaks a professional rule.

        A token carrying trailing punctuation ("tout.", "de,") closes a phrase, so it may end a line.
        A token ending with an elision apostrophe (``l'``, ``d'``, ``qu'``) never may, nor an elided
        form whose last part is forbidden (``n'a``, ``s'est``, ``qu'il``, ``d'un``).
        """
        word = normalize_word(token)
        if word in self.no_break_after:  # before the punctuation test: "M." and "Dr." are titles
            return True
        if not word or word[-1] in ",;:!?.…»”)]—–":
            return False
        if word.endswith("'"):
            return True
        if word in self.no_break_after:
            return True
        # Elided forms carry the class of their last part: "n'a", "s'est", "qu'il", "d'un".
        if "'" in word:
            return word.rsplit("'", 1)[1] in self.no_break_after
        return False

    def is_sentence_end(self, token: str) -> bool:
        """True when *token* ends a sentence (and is not a known abbreviation)."""
        word = normalize_word(token)
        if not _SENTENCE_END_RE.search(word):
            return False
        return word not in self.abbreviations and word.rsplit("'", 1)[-1] not in self.abbreviations  # "l'art."

    def is_clause_end(self, token: str) -> bool:
        """True when *token* ends with clause punctuation (comma, semicolon, colon, dash...)."""
        return bool(_CLAUSE_PUNCT_RE.search(token)) or self.is_sentence_end(token)


def capitalised(token: str) -> bool:
    """Whether *token* starts with a capital, past opening quotes and brackets."""
    head = token.lstrip("«“\"'(‘[\u00a0")
    return head[:1].isupper()


@lru_cache(maxsize=None)
def rules(lang: str) -> LanguageRules:
    """Load the rules of *lang* (``fr`` or ``en``); unknown languages get English rules."""
    code = lang if lang in SUPPORTED else "en"
    raw = tomllib.loads(resources.files(__package__).joinpath(f"data/{code}.toml").read_text("utf-8"))

    def words(section: str, *keys: str) -> frozenset[str]:
        table = raw.get(section, {})
        names = keys or tuple(table)
        return frozenset(normalize_word(w) for k in names for w in table.get(k, ()))

    return LanguageRules(
        lang=code,
        no_break_after=words("no_break_after"),
        break_before_conjunction=words("break_before", "conjunctions", "subordinators"),
        break_before_relative=words("break_before", "relatives"),
        break_before_preposition=words("break_before", "prepositions"),
        abbreviations=words("abbreviations", "words"),
        multi_abbreviations=tuple(normalize_word(w) for w in raw.get("abbreviations", {}).get("multi", ())),
        units=words("units", "words"),
        before_number=words("units", "before_number"),
        name_particles=words("names", "particles"),
        closing_abbreviations=words("abbreviations", "closing"),
        starter_closing_abbreviations=words("abbreviations", "closing_before_starter"),
        costs=dict(raw.get("costs", {})),
        determiners=words("no_break_after", "articles", "determiners"),
        adjective_suffixes=tuple(raw.get("adjectives", {}).get("suffixes", ())),
        adjectives=words("adjectives", "words"),
        before_noun=words("adjectives", "before_noun"),
        not_adjectives=words("adjectives", "not_adjectives"),
        not_nouns=words("adjectives", "not_nouns"),
        phrases=tuple(tuple(normalize_word(p).split()) for p in raw.get("phrases", {}).get("words", ())),
        offensive=words("offensive", "words"),
        stand_alone=words("stand_alone", "words"),
        loan_phrases=tuple(raw.get("loanwords", {}).get("phrases", ())),
        doubles=words("repetition", "doubles"),
        greetings=words("greetings", "words"),
        function_words=words("no_break_after", "articles", "determiners", "demonstratives", "prepositions",
                             "subject_pronouns", "clitics", "negation", "auxiliaries", "intensifiers",
                             "conjunctions") | words("break_before"),
        months=frozenset(raw.get("dates", {}).get("months", ())),
        ordinal_suffixes=frozenset(raw.get("dates", {}).get("ordinal_suffixes", ())),
        clock_hours=words("dates", "clock_hours"),
        centuries=words("dates", "centuries"),
        # the function words that open a sentence; not titles ("the U.S. President"), nor auxiliaries
        # ("the U.S. Will Smith")
        sentence_starters=words("no_break_after", "articles", "determiners", "subject_pronouns", "prepositions",
                                "demonstratives") | words("break_before", "conjunctions", "subordinators", "relatives"),
    )


def noun_adjective_split(tokens: Sequence[str], k: int, lang: str) -> bool:
    """True when a break after ``tokens[k]`` would part a noun from the adjective after it
    ("son nom | soviétique", "l'avancée | russe").

    A light heuristic (no tagger runs offline): the right word is an adjective by the language's
    list or ending (:meth:`LanguageRules.is_post_adjective`), and the left word is a noun because an
    article or determiner stands at most two words before it (or is elided onto it: "l'avancée")
    with no punctuation in between.
    """
    if k < 0 or k + 1 >= len(tokens):
        return False
    r = rules(lang)
    left, right = tokens[k], tokens[k + 1]
    if not left[-1:].isalpha() or right.lstrip("«“\"'(‘[\u00a0")[:1].isupper() or not r.is_post_adjective(right):
        return False
    word = normalize_word(left)
    function_words = (r.no_break_after, r.break_before_conjunction, r.break_before_relative,
                      r.break_before_preposition)
    if word in r.not_nouns or word.rsplit("'", 1)[-1] in r.not_nouns:
        return False
    if any(word in ws or normalize_word(right) in ws for ws in function_words):
        return False
    if "'" in word:
        head, tail = word.rsplit("'", 1)
        return head + "'" in r.determiners and tail not in r.no_break_after
    for j in range(k - 1, max(k - 3, -1), -1):
        if normalize_word(tokens[j]) in r.determiners:
            return True
        if not tokens[j][-1:].isalpha():
            return False
    return False


def adjective_noun_split(tokens: Sequence[str], k: int, lang: str) -> bool:
    """True when a break after ``tokens[k]`` would part an adjective from the noun after it ("une
    très belle et grande | maison", "an old | house"): the left word is an adjective that stands
    before its noun (the language's ``before_noun`` list), a determiner opens the phrase at most
    three words before it with only words between (or punctuation stands just before it), and the
    right word is no function word."""
    if k < 0 or k + 1 >= len(tokens):
        return False
    r = rules(lang)
    # the noun may close a clause: "une petite | maison,", "première | question :"
    left, right = normalize_word(tokens[k]), normalize_word(tokens[k + 1]).rstrip(_TRAILING_PUNCT)
    head, _, tail = left.rpartition("'")
    if tail not in r.before_noun or not right.replace("-", "").replace("'", "").isalpha():
        return False
    if head:  # elided onto its article: "l'ancien | maire"
        return head + "'" in r.determiners
    function_words = (r.no_break_after, r.break_before_conjunction, r.break_before_relative,
                      r.break_before_preposition)
    if any(right in ws or right.split("'", 1)[0] + "'" in ws for ws in function_words):
        return False
    if k and not tokens[k - 1][-1:].isalnum():
        return True  # it opens the phrase after punctuation: "Alors, première | question", "Merci. Bonne | nuit"
    for j in range(k - 1, max(k - 5, -1), -1):
        word = normalize_word(tokens[j])
        if word in r.determiners:
            return True
        if not word[-1:].isalpha():
            return False
    return False


@lru_cache(maxsize=None)
def lexicon(lang: str) -> dict[str, str]:
    """Words of *lang* seen in subkit's parallel corpus, keyed by :func:`plain_word`, valued in
    their usual casing ("parce" -> "parce", "russie" -> "Russie"). Empty for a language without a list."""
    path = resources.files(__package__).joinpath(f"data/words-{lang}.txt.gz")
    if not path.is_file():
        return {}
    words = gzip.decompress(path.read_bytes()).decode("utf-8").split()
    return {plain_word(w): w for w in words}


def plain_word(word: str) -> str:
    """Lowercase, without accents, apostrophes unified: "Éléments" -> "elements" (capitals often lose
    their accents in French)."""
    if word.isascii():  # most words: nothing to unify or strip (lexicon() calls this on every word)
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", unify_apostrophes(word).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The share of a text's words *lang*'s lexicon must know for the text to pass as *lang* without
# langdetect. On FLORES dev 0.8 lets 93 % of the English references and none of the 997 French
# sentences pass as English (0.7 would let 6 French ones through); the French sentences read
# 86-92 % known as French, the English ones 44-49 %.
KNOWN_SHARE = 0.8
_KNOWN_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def known_share(text: str, lang: str) -> float | None:
    """The share of *text*'s words that *lang*'s lexicon knows; None without words or lexicon."""
    words = _KNOWN_WORD_RE.findall(text)
    known = lexicon(lang)
    if not words or not known:
        return None
    return sum(plain_word(w) in known for w in words) / len(words)


def mostly_known(text: str, lang: str) -> bool:
    """True when at least :data:`KNOWN_SHARE` of *text*'s words are in *lang*'s lexicon: the text
    is in *lang*, and langdetect (its profiles take 0.3 s to load) need not read it."""
    share = known_share(text, lang)
    return share is not None and share >= KNOWN_SHARE


def detect_language(text: str, min_chars: int = 20) -> str | None:
    """Detect the language of *text* deterministically with langdetect; None if too short/unsure."""
    if len(text.strip()) < min_chars:
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return best.lang


def refuse_other_language(texts: Sequence[str], lang: str, name: str, hint: str) -> None:
    """Raise a one-line error naming file *name* when its cue *texts* (the first 200) read as
    another language than *lang* (a pair given in the wrong order, or the wrong file); *hint* says
    what happened and what to do."""
    from subkit.errors import SubkitError

    sample = " ".join(t.replace("\n", " ") for t in texts[:200])
    if mostly_known(sample, lang):
        return  # plainly *lang*: langdetect (0.3 s to load its profiles) need not read it
    found = detect_language(sample)
    if found and found != lang:
        raise SubkitError(f"looks like '{found}', not '{lang}' ({hint})", name)
