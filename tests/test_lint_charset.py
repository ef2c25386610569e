"""The code page ``subkit lint`` names for bytes that are not UTF-8 (``encoding`` rule's hint)."""

from __future__ import annotations

import pytest

from subkit.lint.charset import guess_encoding
from subkit.lint.core import lint_bytes

# A few subtitle lines per language, each written in its usual legacy code page.
LINES = {
    ("fr", "cp1252"): "Où étais-tu hier soir ? Je t'ai attendu.\nÇa ne se reproduira plus, c'est promis.",
    ("es", "cp1252"): "¿Dónde estabas anoche? Te estuve esperando.\nMañana hablaremos con calma.",
    ("de", "cp1252"): "Wo warst du gestern Abend? Ich habe gewartet.\nDarüber reden wir morgen, schwöre ich.",
    ("pl", "cp1250"): "Gdzie byłeś wczoraj wieczorem? Czekałam.\nNie uwierzysz, zgubiłem się w metrze.",
    ("cs", "cp1250"): "Kde jsi byl včera večer? Čekala jsem.\nNebudeš tomu věřit, ztratil jsem se v metru.",
    ("hu", "cp1250"): "Hol voltál tegnap este? Vártalak.\nNem fogod elhinni, eltévedtem a metróban.",
    ("lt", "cp1257"): "Labas, kaip sekasi? Ačiū labai už viską.\nKur buvai visą naktį? Ieškojau tavęs visur.\n"
                      "Nežinau, ką pasakyti. Atsiprašau, mielasis.",
    ("tr", "cp1254"): "Dün gece neredeydin? Seni bekledim.\nİnanmayacaksın ama metroda kayboldum.",
    ("ru", "cp1251"): "Где ты был вчера вечером? Я тебя ждала.\nТы не поверишь, но я заблудился в метро.",
    ("bg", "cp1251"): "Къде беше снощи? Чаках те цяла вечер.\nНяма да повярваш, но се изгубих в метрото.",
    ("el", "cp1253"): "Πού ήσουν χθες το βράδυ; Σε περίμενα.\nΔεν θα το πιστέψεις, χάθηκα στο μετρό.",
    ("he", "cp1255"): "איפה היית אתמול בלילה? חיכיתי לך.\nלא תאמין, הלכתי לאיבוד ברכבת התחתית.\n"
                      "זאת הפעם האחרונה, אני מבטיח.",
    ("ar", "cp1256"): "أين كنت الليلة الماضية؟ كنت أنتظرك.\nلن تصدق، لقد ضعت في المترو.",
    ("ko", "cp949"): "어젯밤에 어디 있었어? 계속 기다렸어.\n믿지 않겠지만 지하철에서 길을 잃었어.",
    ("ko-uhc", "cp949"): "안녕하세요, 만나서 반갑습니다.\n똠방각하, 햏님이 오셨어요.",  # not in EUC-KR
    ("zh", "gb18030"): "你昨天晚上去哪儿了？我一直在等你。\n你不会相信的，我在地铁里迷路了。",
    ("zh-tw", "big5"): "你昨天晚上去哪裡了？我一直在等你。\n你不會相信的，我在捷運裡迷路了。",
    ("ja", "cp932"): "昨日の夜はどこにいたの？ずっと待っていたよ。\n信じないだろうけど、地下鉄で迷子になった。",
    ("ja-win", "cp932"): "どうしてここにいるの？\n待って～！①番の髙橋さん。",  # ① and 髙: not Shift-JIS
    ("he-rlm", "cp1255"): "\u200fשלום, מה שלומך?\u200e\n\u200fאני גר ב-Tel Aviv מאז 2019.\n-\u200fאתה בא?",
    ("ru-koi8", "koi8_r"): "Здравствуйте, меня зовут Анна.\nЯ работаю в Москве.\n- Ты придёшь завтра?",
    ("el-plain", "cp1253"): "Καλημερα, πως ειστε σημερα;\nΕγω ειμαι καλα, ευχαριστω.",  # no accents
    ("th", "cp874"): "สวัสดีครับยินดีที่ได้รู้จัก\nวันนี้อากาศดีมากเลยนะ\nผมจะไปกรุงเทพฯพรุ่งนี้",
}


def _srt(text: str) -> str:
    return "".join(f"{k}\n00:00:0{k},000 --> 00:00:0{k},900\n{line}\n\n" for k, line in enumerate(text.split("\n"), 1))


@pytest.mark.parametrize("lang,codec", sorted(LINES))
def test_each_legacy_code_page_is_named(lang, codec):
    """Read as the hint says, the file is the text written (Hungarian without ő or ű is cp1252 too)."""
    text = _srt(LINES[lang, codec])
    guess = guess_encoding(text.encode(codec))
    assert guess is not None and text.encode(codec).decode(guess) == text, guess


@pytest.mark.parametrize("lang,codec", [("ja-win", "cp932"), ("ko-uhc", "cp949"), ("he-rlm", "cp1255"),
                                        ("ru-koi8", "koi8_r"), ("el-plain", "cp1253"), ("th", "cp874")])
def test_the_windows_code_page_is_named_as_windows_writes_it(lang, codec):
    """cp932 and cp949 files were called GB18030 (Shift-JIS and EUC-KR cannot read ① or 똠), Hebrew
    with RLM marks cp1251, KOI8-R cp1256, Greek without accents cp1251, Thai "e.g. cp1252"."""
    data = _srt(LINES[lang, codec]).encode(codec)
    (enc,) = [p for p in lint_bytes(data, "x.srt").problems if p.code == "encoding/invalid-bytes"]
    assert f"looks like {codec}: read it with --encoding {codec}" in enc.message


def test_bytes_no_code_page_reads_are_not_given_one():
    """Bytes that read as no language: the hint says it cannot tell rather than name a wrong page."""
    data = b"1\n00:00:01,000 --> 00:00:02,000\n" + bytes(range(0x80, 0x100)) + b"\n"
    (enc,) = [p for p in lint_bytes(data, "x.srt").problems if p.code == "encoding/invalid-bytes"]
    assert "could not be told" in enc.message and "looks like" not in enc.message


def test_the_hint_names_hebrew_not_cyrillic():
    """cp1251 reads any cp1255 Hebrew as lower-case Cyrillic; following that hint would garble it."""
    data = _srt(LINES["he", "cp1255"]).encode("cp1255")
    (enc,) = [p for p in lint_bytes(data, "he.srt").problems if p.code == "encoding/invalid-bytes"]
    assert "looks like cp1255" in enc.message and "cp1251" not in enc.message


def test_a_utf8_file_checked_with_a_code_page_is_read_as_utf8():
    """As --fix and every other reader do (srtio.utf8_or): read as cp1252, "é" became "Ã©" and this
    42-character line counted 50."""
    line = "Le vélo a apporté un été réussi à Nîmes é"
    data = f"1\n00:00:01,000 --> 00:00:04,000\n{line}\n".encode("utf-8")
    problems = lint_bytes(data, "x.srt", profile_name="netflix-fr", encoding="cp1252").problems
    assert not [p for p in problems if p.rule in ("line-length", "encoding")], problems


def test_a_file_that_does_not_decode_gets_no_text_measurements():
    """Read as UTF-8, each Shift-JIS byte became one U+FFFD: a 16-character cue was '32 characters'
    too fast, too long, in no language. Only the encoding problem and the timing rules are reported."""
    text = "東京駅で待っていると言ったじゃないか。"
    data = (f"1\n00:00:01,000 --> 00:00:01,500\n{text}\n\n2\n00:00:01,400 --> 00:00:03,000\n{text * 3}\n"
            ).encode("cp932")
    found = {p.rule for p in lint_bytes(data, "ja.srt", profile_name="netflix-en").problems}
    assert found == {"encoding", "overlap", "min-duration"}, found


def test_western_signs_do_not_count_against_a_western_file():
    """€, £, «, ’, ½ score nothing as words, so they must not count in what the words must explain:
    a plain French cp1252 file was refused by --fix --encoding cp1252 ('looks like cp1250')."""
    from subkit.lint.charset import guess_encoding, misread

    text = "Il a payé 5 € et 3 £ – c’est tout…\nOù ? Là.\n« Bonjour », dit-il. C’est l’été à Noël."
    data = text.encode("cp1252")
    assert guess_encoding(data) == "cp1252" and misread(data, "cp1252") is None
    assert guess_encoding("It costs £5. Add 1½ cups.".encode("cp1252")) in (None, "cp1252")
    czech = "Příliš žluťoučký kůň úpěl ďábelské ódy.".encode("cp1250")
    assert guess_encoding(czech) == "cp1250"
