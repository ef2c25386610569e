"""Rule ``typography``: spacing and dialogue dashes by the language's conventions.

- French: a no-break space (U+00A0 or U+202F) before ``? ! : ;`` and inside « » (a mark inside a
  token, as in a web address, ``site.fr/page?id=3``, is no punctuation and needs none).
- Dialogue dash: French writes "- " with a space, English "-" without.
- Everywhere: no double spaces (a run of spaces, no-break or thin spaces, across tags too: ``--fix``
  makes it one, a no-break space if it held one), no spaces at the start or end of a line (``--fix``
  removes them).

Options: ``nbsp`` (French no-break spaces, default ``true``), ``dialogue-dash`` (default
``true``), ``spaces`` (double/stray spaces, default ``true``).

.. rubric:: PASS

French: ``- Vraiment\\u00a0?`` ; English: ``-Really?``

.. rubric:: FAIL

French: ``-Vraiment ?`` ; English: ``- Really?``; any: ``Two  spaces.``
"""

import re

from subkit.lint.problem import Problem
from subkit.text import BIDI_CONTROLS, BLANK_RUN, FR_MARK_END, line_edges, strip_edge_spaces, visible_start
from subkit.lint.rules._base import SPACES, clean_spaces, tag_column

ID = "typography"
TYPE = "cue"
LEVEL = "warning"
CONF = {"nbsp": bool, "dialogue-dash": bool, "spaces": bool}
DEFAULT = {"nbsp": True, "dialogue-dash": True, "spaces": True}
FIXER = SPACES
CODES = ("typography/edge-space", "typography/double-space", "typography/fr-dialogue-dash",
         "typography/en-dialogue-dash", "typography/nbsp-after-guillemet", "typography/nbsp-before-guillemet",
         "typography/plain-space-before-punctuation", "typography/missing-nbsp")

_NBSP = "\u00a0\u202f"
_FR_PUNCT = re.compile(r"[?!:;«»]")

_OK_BEFORE = _NBSP + "?!:;«»…\n"
_BIDI = frozenset(BIDI_CONTROLS)


def _fr_suspect(text: str) -> bool:
    """Quick test: could *text* hold a French spacing fault? (False is certain.)"""
    for m in _FR_PUNCT.finditer(text):
        i = m.start()
        if text[i] == "«":
            if text[i + 1:i + 2] not in _NBSP:
                return True
        elif i and text[i - 1] not in _OK_BEFORE:
            return True
    return False


def _fr_spacing(line: str):
    """(column, code, message) for each French no-break-space fault in *line*."""
    for m in _FR_PUNCT.finditer(line):
        i = m.start()
        ch = line[i]
        if ch == "«":
            nxt = line[i + 1:i + 2]
            if nxt and nxt not in _NBSP:
                yield i + 1, "nbsp-after-guillemet", "« needs a no-break space after it"
            continue
        prev = line[i - 1:i]
        if not prev or prev in _NBSP or prev in "?!:;«»…":
            continue
        if ch == ":" and prev.isdigit():
            continue  # 10:30
        after = line[i + 1:].lstrip("?!:;")[:1]
        if prev != " " and after and after not in FR_MARK_END:
            continue  # inside a token: http://, site.fr/page?id=3, C:\Users
        if prev == " ":
            yield i, "plain-space-before-punctuation", f"use a no-break space before {ch!r}, not a plain space"
        elif ch == "»":
            yield i + 1, "nbsp-before-guillemet", "» needs a no-break space before it"
        elif prev.isalnum() or prev in ")]\"'’”":
            yield i + 1, "missing-nbsp", f"missing no-break space before {ch!r}"


# What a run of blanks other than "  " can hide in: other blanks, tags, character references.
_MAY_HIDE_RUN = re.compile("[\u00a0\u2000-\u200a\u202f\u205f<{&]")


def check(conf, cues, state):
    lang = state.lang
    nbsp = lang == "fr" and conf["nbsp"]
    punct = _FR_PUNCT.search
    out = []
    for cue in cues:
        t = cue.text
        # Cheap tests first: most cues have nothing this rule could object to.
        if ("  " in t or "\t" in t or t[:1] in (" ", "-") or t[-1:] == " " or " \n" in t
                or "\n " in t or "\n-" in t or not _BIDI.isdisjoint(t) or (nbsp and punct(t) and _fr_suspect(t))
                or (_MAY_HIDE_RUN.search(t) and BLANK_RUN.search(cue.shown(t)))):
            _check_cue(conf, cue, lang, out)
    return out


def _check_cue(conf, cue, lang, out):
    found: list[Problem] = []
    for k, raw in enumerate(cue.lines):
        line = cue.shown(raw)
        _check_line(conf, cue, lang, raw, line, cue.text_line + k, found)
        if line != raw:  # the columns were found in the line as shown: give them in the line as written
            for p in found:
                p.col = tag_column(raw, p.col - 1, cue.REFERENCES)
        out.extend(found)
        found.clear()


def _spaces(cue, raw, line, n, out):
    """Edge spaces (seen through the direction marks beside them: ``"\u200f שלום"``) and double spaces."""
    lead, body, trail = line_edges(line)
    # --fix strips and collapses spaces in the raw line: fixable when the raw line has them.
    edge = [k for k, c in enumerate(lead) if c in " \t"] + [
        len(lead) + len(body) + k for k, c in enumerate(trail) if c in " \t"]
    if edge:
        out.append(Problem(n, edge[0] + 1, ID, "space at the start or end of the line", cue=cue.id,
                           fixable=raw != strip_edge_spaces(raw), code="typography/edge-space"))
    run = BLANK_RUN.search(body)  # spaces, no-break and thin spaces: the runs --fix collapses
    if run:
        # fixable when --fix leaves none (it reads no character reference: "&nbsp;" stays)
        fixed = not BLANK_RUN.search(line_edges(cue.shown(clean_spaces(raw)))[1])
        out.append(Problem(n, len(lead) + run.start() + 1, ID, "double space", cue=cue.id,
                           fixable=fixed, code="typography/double-space"))


def _check_line(conf, cue, lang, raw, line, n, out):
    fr = lang == "fr"
    if conf["spaces"]:
        _spaces(cue, raw, line, n, out)
    line = visible_start(line)  # an RTL line's dash comes after its direction mark
    if conf["dialogue-dash"] and line[:1] == "-" and len(line) > 1:
        if fr and line[1] not in " \u00a0-":
            out.append(Problem(n, 1, ID, "French dialogue dash takes a space: '- '", cue=cue.id,
                               code="typography/fr-dialogue-dash"))
        elif lang == "en" and line[1] == " ":
            out.append(Problem(n, 1, ID, "English dialogue dash takes no space: '-'", cue=cue.id,
                               code="typography/en-dialogue-dash"))
    if fr and conf["nbsp"] and _FR_PUNCT.search(line):
        for col, code, msg in _fr_spacing(line):
            out.append(Problem(n, col, ID, msg, cue=cue.id, code=f"{ID}/{code}"))
