"""`subkit lint` on real-looking files: many languages and encodings (issue 17), through the real CLI.

The corpus is generated here: short, realistic subtitle text in each language, written in the
encodings and line endings real files come in.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from test_lint_rules import srt

# Realistic dialogue, a few cues per language (enough text for language identification).
TEXTS = {
    "es": ["¿Dónde estabas anoche? Te estuve esperando.", "No me lo vas a creer, pero me perdí en el metro.",
           "Siempre dices lo mismo cuando llegas tarde.", "Esta vez es verdad, te lo juro por mi madre.",
           "Bueno, ya hablaremos de eso mañana con calma."],
    "it": ["Dove sei stato ieri sera? Ti ho aspettato.", "Non ci crederai, ma mi sono perso in metropolitana.",
           "Dici sempre la stessa cosa quando arrivi tardi.", "Questa volta è vero, te lo giuro su mia madre.",
           "Va bene, ne parleremo domani con calma."],
    "de": ["Wo warst du gestern Abend? Ich habe gewartet.", "Du wirst es nicht glauben, ich habe mich verlaufen.",
           "Das sagst du immer, wenn du zu spät kommst.", "Diesmal ist es wahr, das schwöre ich dir.",
           "Gut, darüber reden wir morgen in aller Ruhe."],
    "pt": ["Onde você estava ontem à noite? Eu esperei.", "Você não vai acreditar, mas eu me perdi no metrô.",
           "Você sempre diz a mesma coisa quando chega tarde.", "Desta vez é verdade, eu juro pela minha mãe.",
           "Está bem, falaremos disso amanhã com calma."],
    "da": ["Hvor var du i går aftes? Jeg ventede på dig.", "Du vil ikke tro det, men jeg faret vild i metroen.",
           "Det siger du altid, når du kommer for sent.", "Denne gang er det sandt, det sværger jeg på.",
           "Godt, så taler vi om det i morgen i ro og mag."],
    "no": ["Hvor var du i går kveld? Jeg ventet på deg.", "Du kommer ikke til å tro det, men jeg gikk meg vill.",
           "Det sier du alltid når du kommer for sent.", "Denne gangen er det sant, det sverger jeg på.",
           "Greit, vi snakker om det i morgen i fred og ro."],
    "ru": ["Где ты был вчера вечером? Я тебя ждала.", "Ты не поверишь, но я заблудился в метро.",
           "Ты всегда говоришь одно и то же, когда опаздываешь.", "На этот раз это правда, клянусь тебе.",
           "Ладно, поговорим об этом завтра спокойно."],
    "bg": ["Къде беше снощи? Чаках те цяла вечер.", "Няма да повярваш, но се изгубих в метрото.",
           "Винаги казваш едно и също, когато закъсняваш.", "Този път е истина, кълна ти се.",
           "Добре, ще поговорим за това утре спокойно."],
    "hr": ["Gdje si bio sinoć? Čekala sam te cijelu večer.", "Nećeš vjerovati, ali izgubio sam se u podzemnoj.",
           "Uvijek govoriš isto kad zakasniš.", "Ovaj put je istina, kunem ti se majkom.",
           "Dobro, razgovarat ćemo o tome sutra u miru."],
    "ro": ["Unde ai fost aseară? Te-am așteptat toată noaptea.", "Nu o să mă crezi, dar m-am pierdut în metrou.",
           "Spui mereu același lucru când întârzii.", "De data asta e adevărat, îți jur pe mama mea.",
           "Bine, vorbim despre asta mâine, în liniște."],
    "ca": ["On eres ahir a la nit? T'estava esperant.", "No t'ho creuràs, però em vaig perdre al metro.",
           "Sempre dius el mateix quan arribes tard.", "Aquesta vegada és veritat, t'ho juro per la meva mare.",
           "D'acord, en parlarem demà amb calma."],
    "zh": ["你昨天晚上去哪儿了？我一直在等你。", "你不会相信的，我在地铁里迷路了。",
           "你每次迟到都这么说。", "这次是真的，我向你发誓。", "好吧，我们明天再慢慢谈这件事。"],
}


def corpus_srt(lang: str, newline: str = "\n") -> str:
    """A clean, well-timed file in *lang* (2 s cues, 1 s apart)."""
    cues = [(1 + 3 * k, 3 + 3 * k, text) for k, text in enumerate(TEXTS[lang] * 2)]
    return srt(*cues).replace("\n", newline)


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["lint", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems(path, *args):
    r = run("--format", "json", *args, path)
    return r.exit_code, json.loads(r.stdout or "[]")


# -- 1. a refused --fix writes nothing -----------------------------------------------------------

@pytest.mark.parametrize("data", [
    corpus_srt("es").encode("cp1252"),  # not UTF-8 and no --encoding
    ("1\n00:00:01,000 --> later\nHola.\n\nsuelto\n").encode("utf-16"),  # syntax errors in UTF-16
])
def test_refused_fix_writes_nothing_and_exits_2(tmp_path, data):
    src = tmp_path / "in.srt"
    src.write_bytes(data)
    out = tmp_path / "out.srt"
    r = run("--fix", "-o", out, src)
    assert r.exit_code == 2 and not out.exists() and "in.srt" in r.stderr
    r = run("--fix", src)  # in place
    assert r.exit_code == 2 and src.read_bytes() == data
    r = run("--fix", "-o", "-", src)
    assert r.exit_code == 2 and r.stdout == ""


# -- 4. the syntax-problem cap keeps the level of what it hides -----------------------------------

def _dotted(n: int, bad_from: int | None = None) -> str:
    """n cues timed with '.' as decimal separator (a warning each); 2-digit milliseconds (an
    error) from cue *bad_from* on."""
    out = []
    for k in range(n):
        ms = "00" if bad_from is not None and k >= bad_from else "000"
        out.append(f"{k + 1}\n00:{k // 20:02d}:{k % 20 * 3:02d}.{ms} --> 00:{k // 20:02d}:{k % 20 * 3 + 2:02d}.000\n"
                   "Hola, ¿qué tal?\n\n")
    return "".join(out)


def test_problem_cap_keeps_the_level_of_what_it_hides(tmp_path):
    path = tmp_path / "dots.srt"
    path.write_text(_dotted(300), encoding="utf-8")
    code, found = problems(path)
    cap = [p for p in found if p["code"] == "syntax/too-many-problems"]
    assert len(cap) == 1 and cap[0]["level"] == "warning" and code == 0
    path.write_text(_dotted(300, bad_from=250), encoding="utf-8")  # the errors are past the cap
    code, found = problems(path)
    cap = [p for p in found if p["code"] == "syntax/too-many-problems"]
    assert len(cap) == 1 and cap[0]["level"] == "error" and code == 1


# -- 5. UTF-32 and UTF-16, with and without a BOM, any line ending -------------------------------

@pytest.mark.parametrize("codec,family", [("utf-32", "utf-32"), ("utf-32-le", "utf-32"), ("utf-32-be", "utf-32"),
                                          ("utf-16-le", "utf-16"), ("utf-16-be", "utf-16")])
@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_wide_unicode_files_are_read(tmp_path, codec, family, bom, newline):
    text = corpus_srt("ru", newline)
    if bom and codec != "utf-32":
        text = "\ufeff" + text
    elif not bom and codec == "utf-32":
        codec = "utf-32-le"
    path = tmp_path / "wide.srt"
    path.write_bytes(text.encode(codec))
    code, found = problems(path, "--profile", "netflix-en")
    codes = {p["code"] for p in found}
    assert f"encoding/{family}" in codes and not codes & {"encoding/binary", "syntax/text-outside-cue"}
    out = tmp_path / "fixed.srt"
    assert run("--fix", "--profile", "netflix-en", "-o", out, path).exit_code in (0, 1)
    fixed = out.read_text(encoding="utf-8")
    assert set(" ".join(TEXTS["ru"]).split()) <= set(fixed.split()) and "\ufeff" not in fixed and "\r" not in fixed


# -- 2. each file judged by its own language's rules ----------------------------------------------

FR = ["Je ne sais pas ce que tu veux dire par là, mais je vais le faire.",
      "Il est parti avec son frère pour la ville, et il n'est pas revenu.",
      "On a tout essayé, mais rien ne marche comme on le voudrait.",
      "Tu crois qu'elle va nous attendre jusqu'à ce soir ?", "C'est la dernière fois que je te le dis."]
EN = ["I don't know what you mean by that, but I will do it.",
      "He left with his brother for the city and he never came back.",
      "We have tried everything, but nothing works the way we want it to.",
      "Do you think she is going to wait for us until tonight?", "This is the last time I tell you that."]
TEXTS_ALL = {**TEXTS, "fr": FR, "en": EN}


def lint_text(text: str | bytes, **kwargs):
    from subkit.lint.core import lint_bytes
    return lint_bytes(text.encode("utf-8") if isinstance(text, str) else text, "t.srt", **kwargs)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_other_languages_get_the_general_profile_and_neutral_rules(lang):
    text = srt(*[(1 + 3 * k, 3 + 3 * k, "-" + line if k % 3 == 0 else line)
                 for k, line in enumerate(TEXTS[lang] * 3)])
    rep = lint_text(text)
    assert rep.profile == "general" and rep.lang not in ("fr", "en")
    codes = {p.code for p in rep.problems}
    assert not {c for c in codes if c.startswith(("typography/", "line-break", "language"))}, codes


@pytest.mark.parametrize("lang,profile", [("fr", "netflix-fr"), ("en", "netflix-en")])
def test_french_and_english_keep_their_profiles_without_langdetect(lang, profile):
    from subkit.lint import langvote

    before = langvote.DETECT_CALLS[0]
    rep = lint_text(srt(*[(1 + 3 * k, 3 + 3 * k, line) for k, line in enumerate(TEXTS_ALL[lang] * 3)]))
    assert (rep.profile, rep.lang) == (profile, lang) and langvote.DETECT_CALLS[0] == before


@pytest.mark.parametrize("lang", ["es", "it", "de", "pt", "hr"])
def test_an_untranslated_english_line_is_still_caught(lang):
    lines = TEXTS[lang] * 2 + ["I don't know what you are talking about, and I don't care at all."]
    rep = lint_text(srt(*[(1 + 3 * k, 3 + 3 * k, line) for k, line in enumerate(lines)]))
    found = [p for p in rep.problems if p.code == "language/unexpected-language"]
    assert [(p.cue, p.value) for p in found] == [(len(lines), "en")]


@pytest.mark.parametrize("expected,actual", [("da", "no"), ("no", "da"), ("ru", "bg"), ("bg", "ru"), ("hr", "bs")])
def test_related_languages_are_not_a_mismatch(tmp_path, expected, actual):
    from subkit.lint.langvote import related

    assert related(expected, actual) and not related(expected, "en") and not related("fr", "en")
    lines = TEXTS.get(actual, TEXTS["hr"])
    path = tmp_path / "t.srt"
    path.write_text(srt(*[(1 + 3 * k, 3 + 3 * k, line) for k, line in enumerate(lines * 2)]), encoding="utf-8")
    code, found = problems(path, "--lang", expected)
    assert not [p for p in found if p["rule"] == "language"]


def test_lang_option_and_config_choose_the_profile(tmp_path, monkeypatch):
    path = tmp_path / "t.srt"
    path.write_text(srt(*[(1 + 3 * k, 3 + 3 * k, line) for k, line in enumerate(EN * 2)]), encoding="utf-8")
    # Told the file is French: the French profile, and the English lines are flagged.
    code, found = problems(path, "--lang", "fr")
    assert {p["code"] for p in found if p["rule"] == "language"} == {"language/unexpected-language"}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subkit.toml").write_text('[rules.language]\nexpected = "es"\n', encoding="utf-8")
    rep = lint_text(path.read_bytes(), config=__import__("subkit.lint.config", fromlist=["x"]).find_config(tmp_path))
    assert rep.profile == "general" and rep.lang == "es"


def test_general_profile_allows_chained_cues_netflix_does_not():
    text = srt((1, 3, "Hola, ¿qué tal estás hoy?"), (3, 5, "Muy bien, gracias por preguntar."))
    general = lint_text(text, profile_name="general")
    netflix = lint_text(text, profile_name="netflix-en")
    assert not [p for p in general.problems if p.rule == "min-gap"]
    assert [p.code for p in netflix.problems if p.rule == "min-gap"] == ["min-gap/too-short"]
    # Style limits are warnings under general: a fast cue does not fail CI there.
    fast = srt((1, 1.5, "Esta frase es demasiado larga para medio segundo."))
    assert {p.level for p in lint_text(fast, profile_name="general").problems} == {"warning"}
    assert "error" in {p.level for p in lint_text(fast, profile_name="netflix-en").problems}


# -- 3. the language rule stays cheap in every language ------------------------------------------

@pytest.mark.parametrize("lang", ["es", "it", "pt", "de", "ru"])
def test_language_rule_does_not_call_langdetect_per_cue(lang):
    from subkit.lint import langvote

    lines = TEXTS[lang]
    cues = [(1 + 3 * k, 3 + 3 * k, f"{lines[k % 5]}\n{lines[(k * 3 + 1) % 5]}") for k in range(400)]
    before = langvote.DETECT_CALLS[0]
    rep = lint_text(srt(*cues))
    assert rep.lang == lang and langvote.DETECT_CALLS[0] - before <= 1  # the file's identification only


# -- 7, 9. messages; bytes that do not decode -----------------------------------------------------

@pytest.mark.parametrize("lang,codec", [("es", "cp1252"), ("de", "cp1252"), ("ru", "cp1251"), ("bg", "cp1251"),
                                        ("hr", "cp1250"), ("zh", "gb18030")])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_legacy_code_pages_are_named_and_read(tmp_path, lang, codec, newline):
    path = tmp_path / "legacy.srt"
    path.write_bytes(corpus_srt(lang, newline).encode(codec))
    code, found = problems(path)
    (enc,) = [p for p in found if p["code"] == "encoding/invalid-bytes"]
    assert f"looks like {codec}" in enc["message"] and enc["level"] == "error" and code == 1
    code, found = problems(path, "--encoding", codec)  # read as the hint says: no encoding problem
    assert not [p for p in found if p["code"] == "encoding/invalid-bytes"]
    assert lint_text(path.read_bytes(), encoding=codec).lang.split("-")[0] == lang


def test_non_utf8_level_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "legacy.srt"
    path.write_bytes(corpus_srt("es").encode("cp1252"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subkit.toml").write_text('[rules.encoding]\nnon-utf8 = "warning"\n', encoding="utf-8")
    code, found = problems(path, "--profile", "general")
    (enc,) = [p for p in found if p["code"] == "encoding/invalid-bytes"]
    assert enc["level"] == "warning" and code == 0
    (tmp_path / "subkit.toml").write_text('[rules.encoding]\nnon-utf8 = "maybe"\n', encoding="utf-8")
    r = run(path)
    assert r.exit_code == 2 and "non-utf8" in r.stderr


def test_clear_messages(tmp_path):
    path = tmp_path / "t.srt"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + corpus_srt("es").encode("utf-8"))
    _, found = problems(path)
    assert [p["code"] for p in found if p["rule"] in ("encoding", "syntax")] == ["encoding/doubled-bom"]
    assert "byte order mark 2 times" in found[0]["message"] and found[0]["fixable"]
    path.write_text("1\n00:00:01 --> 00:00:03\nHello there.\n", encoding="utf-8")
    _, found = problems(path)
    assert [(p["code"], "without milliseconds" in p["message"] or "no milliseconds" in p["message"])
            for p in found if p["rule"] == "syntax"] == [("syntax/missing-milliseconds", True)]
    path.write_text(srt((1, 2, "One, two, three."), (2.04, 4, "Four, five, six."), (4.2, 6, "Seven, eight.")),
                    encoding="utf-8")
    _, found = problems(path, "--profile", "netflix-en")
    gaps = [p for p in found if p["rule"] == "min-gap"]
    assert "(1 frame at 25 fps)" in gaps[0]["message"] and "1 frames" not in gaps[0]["message"]
    assert [p["fixable"] for p in gaps] == [True, True] and gaps[1]["code"] == "min-gap/close-gap"
    line = "x" * 42 + " "  # 42 visible characters and a trailing space
    path.write_text(srt((1, 4, line)), encoding="utf-8")
    _, found = problems(path, "--profile", "netflix-en")
    assert [p["code"] for p in found if p["rule"] in ("line-length", "typography")] == ["typography/edge-space"]
