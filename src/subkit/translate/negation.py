"""Whether a sentence says no: French "ne … pas/plus/jamais/rien/personne/aucun/guère/ni", spoken
"pas" without "ne" ("C'est pas grave", "Pas de problème"), and English "not", "n't", "no", "never",
"nothing", "without", "un-" words...

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
        return _french(words)
    if lang == "en":
        return any(_english(w) for w in words) or "n't" in text.lower().replace("’", "'")
    return False


def _french(words: list[str]) -> bool:
    if words.count("ni") >= 2:
        return True  # "ni d'avoir faim ni d'avoir froid": neither … nor
    for i, word in enumerate(words):
        if word in ("ne", "n'") or word.startswith("n'"):
            after = words[i + 1:i + 1 + _FR_REACH]
            if any(w in _FR_PARTICLES and not _restricts(w, words[i + 1 + k + 1:i + 1 + k + 1 + _FR_REACH])
                   for k, w in enumerate(after)):
                return True
        elif word == "pas" and (i == 0 or words[i - 1] not in _FR_BEFORE_NOUN_PAS):
            return True
    return False


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
