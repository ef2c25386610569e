"""Whether a sentence says no: French "ne … pas/plus/jamais/rien/personne/aucun/guère/ni", the
negative word before "ne" ("Aucun incident n'a", "Personne ne", "Rien ne", "Nul ne", "Jamais je
n'…"), spoken negations without "ne" ("C'est pas grave", "Pas de problème", "J'ai jamais dit",
"J'ai rien compris", "Personne m'a dit", "on en a plus"; not "pas mal": quite good), and English
"not", "n't", "no", "never", "nothing", "without", "un-" words...

The ``negation`` review flag is raised when the French says no and the English has no negation at
all: the model dropped it ("« Pas de problème » !" → "It's problem."). A negation rendered by a
word of its own ("ne sont pas préparés" → "the unprepared", "ne … aucune" → "devoid of") is in the
English word list as the positive word with a prefix, or in NEGATIVE_WORDS.
"""

from __future__ import annotations

import re

from subkit.translate.words import is_known_word

__all__ = ["says_no"]

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]*)*")
_FR_PARTICLES = frozenset("pas plus jamais rien personne aucun aucune guère ni nulle".split())
# "un pas", "à deux pas", "le faux pas": the noun
_FR_BEFORE_NOUN_PAS = frozenset("un le les ce du des mon ton son mes tes ses grand grands petit petits premier "
                                "premiers deux quelques à au aux faux pas".split())
_FR_SUBJECTS = frozenset("je j' tu il elle on nous vous ils elles ça cela ce c'".split())
_FR_REACH = 4  # words between "ne" and its particle: "ne l'ai jamais", "ne se sont plus jamais"
_FR_FRONT_PARTICLES = frozenset("aucun aucune personne rien jamais".split())
_FR_BEFORE_NOUN_PERSONNE = frozenset("une la cette chaque quelle toute seule ma ta sa votre notre leur "
                                     "de d' même tierce autre première dernière bonne grande".split())
_FR_CLAUSE_START = frozenset(["", "et", "mais", "car", "donc", "que", "qu'", "où"])
_FR_ELIDED_CLITICS = frozenset("j m t l s c y".split())  # "j'ai", "m'a", "t'as", "l'ai", "s'est", "c'est", "y'a"
_FR_COMMON_VERBS = frozenset(
    "ai as a avons avez ont est es suis sommes êtes sont était étais sera serai fait fais font veux veut "
    "voulons voulez veulent peux peut pouvons pouvez peuvent sais sait savons savez savent vois voit "
    "vu dit dis comprends comprend compris fallait faut sert".split())
# "on en a plus", "y a plus": spoken "no more"; not "il y a plus de dix ans", "on en a plus que toi"
_SPOKEN_PLUS_RE = re.compile(r"\b(?:en|y)\s+(?:a|ai|as|avons|avez|ont)\s+plus\s*(?:[.,;:!?…»)]|$)",
                             re.IGNORECASE)
NEGATIVE_WORDS = frozenset(
    "not no never nothing nobody none neither nor without nowhere cannot hardly barely scarcely "
    "devoid lack lacks lacked lacking fail fails failed failing refuse refuses refused refusing "
    "deny denies denied denying free ban bans banned forbid forbids forbidden prohibited avoid avoids "
    "avoided avoiding".split())
_EN_PREFIXES = ("un", "non")  # "in-", "dis-": too many words start so ("inside", "display")


def says_no(text: str, lang: str) -> bool:
    """Whether *text* (French or English) holds a negation; False for other languages."""
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(text)]
    if lang == "fr":
        return _french(words, text)
    if lang == "en":
        return any(_english(w) for w in words) or "n't" in text.lower().replace("’", "'")
    return False


def _french(words: list[str], text: str = "") -> bool:
    if words.count("ni") >= 2:
        return True  # "ni d'avoir faim ni d'avoir froid": neither … nor
    for i, word in enumerate(words):
        if _is_ne(word):
            if _particle_after(words, i) or _negative_before(words, i):
                return True
        elif word == "pas" and _spoken_pas(words, i):
            return True
    return not any(map(_is_ne, words)) and (_spoken_word(words) or bool(_SPOKEN_PLUS_RE.search(text)))


def _is_ne(word: str) -> bool:
    return word == "ne" or word.startswith("n'")


def _particle_after(words: list[str], i: int) -> bool:
    after = words[i + 1:i + 1 + _FR_REACH]
    return any(w in _FR_PARTICLES and not _restricts(w, words[i + 1 + k + 1:i + 1 + k + 1 + _FR_REACH])
               and not _pas_mal(words, i + 1 + k) for k, w in enumerate(after))


def _negative_before(words: list[str], i: int) -> bool:
    """"Aucun incident n'a", "Personne ne s'attendait", "Rien ne prouve", "Nul ne sait", "Jamais je
    n'accepterai": the negative word is the subject, or put first, before "ne"."""
    for j in range(max(0, i - _FR_REACH), i):
        word, before = words[j], words[j - 1] if j else ""
        if word in ("nul", "nulle"):
            if j + 1 == i and before in _FR_CLAUSE_START:  # not "le match nul n'a"
                return True
        elif word in _FR_FRONT_PARTICLES and not (word == "personne" and before in _FR_BEFORE_NOUN_PERSONNE):
            return True
    return False


def _spoken_pas(words: list[str], i: int) -> bool:
    return (i == 0 or words[i - 1] not in _FR_BEFORE_NOUN_PAS) and not _pas_mal(words, i)


def _pas_mal(words: list[str], i: int) -> bool:
    """"C'est pas mal", "pas mal de monde": quite good, quite a lot; no negation."""
    return words[i] == "pas" and words[i + 1:i + 2] == ["mal"]


def _spoken_word(words: list[str]) -> bool:
    """Spoken "jamais", "rien", "personne" without "ne": after a verb ("J'ai jamais dit", "J'ai rien
    compris", "t'as vu personne"), or "personne" as the subject ("Personne m'a dit")."""
    for i, word in enumerate(words[1:], 1):
        if word in ("jamais", "rien", "personne") and _is_verb(words[i - 1]):
            return True
    return len(words) > 1 and words[0] == "personne" and _is_verb(words[1])


def _is_verb(word: str) -> bool:
    """A verb form after a subject or object pronoun cut short ("j'ai", "m'a", "c'est"), or a
    common auxiliary or verb: enough to tell a spoken negation from "de rien", "une personne"."""
    head, _, rest = word.partition("'")
    return (bool(rest) and head in _FR_ELIDED_CLITICS) or word in _FR_COMMON_VERBS


def _restricts(particle: str, after: list[str]) -> bool:
    """"ne … plus que": "only … any more" ("ne tenaient plus que des zones"), no negation; not
    before a clause ("je ne veux plus que tu partes": no longer)."""
    after = [part for w in after for part in (("que", w[3:]) if w.startswith("qu'") else (w,))]  # qu'une
    if particle != "plus" or "que" not in after[:2]:
        return False
    rest = after[after.index("que") + 1:]
    return not rest or rest[0] not in _FR_SUBJECTS


def _english(word: str) -> bool:
    if word in NEGATIVE_WORDS or word.endswith("n't") or word.endswith("less") and len(word) > 6:
        return True
    for prefix in _EN_PREFIXES:
        rest = word[len(prefix):].lstrip("-")
        if word.startswith(prefix) and len(rest) > 3 and is_known_word(rest, "en") and is_known_word(word, "en"):
            return True  # "unprepared", "non-transferable", "unfamiliar"
    return False
