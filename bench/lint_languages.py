"""Benchmark of ``subkit lint`` on files in other languages (issue 17): a script, not a test.

Builds a realistic ~200 KB subtitle file per language (varied dialogue: two or three fragments
of everyday speech per cue, 2-line cues, ordinary timing) and prints, per language, the median
time of the linter core (in-process ``lint_path``) with all default rules, and without the
``language`` rule, and how many times langdetect ran. The first run of each language pays
langdetect's load (about 0.5 s) where it is needed; it is printed apart.

Usage: ``python bench/lint_languages.py [--kb 200] [--repeat 5] [--langs es,de,ru,fr]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

FRAGMENTS = {
    "es": ["¿dónde estabas anoche?", "te estuve esperando toda la noche", "no me lo vas a creer",
           "me perdí en el metro", "siempre dices lo mismo", "cuando llegas tarde a casa", "esta vez es verdad",
           "te lo juro por mi madre", "ya hablaremos de eso mañana", "con calma y sin gritar",
           "¿qué le pasó a tu hermano?", "nadie sabe dónde está", "hay que llamar a la policía",
           "no tenemos tiempo para esto", "mira lo que encontré en el coche", "es la carta de tu padre",
           "vamos, date prisa", "el tren sale en diez minutos", "no quiero volver a verte",
           "lo siento mucho, de verdad"],
    "de": ["wo warst du gestern Abend?", "ich habe die ganze Nacht gewartet", "du wirst es nicht glauben",
           "ich habe mich in der U-Bahn verlaufen", "das sagst du immer", "wenn du zu spät nach Hause kommst",
           "diesmal ist es wahr", "das schwöre ich dir", "darüber reden wir morgen", "in aller Ruhe",
           "was ist mit deinem Bruder passiert?", "niemand weiß, wo er ist", "wir müssen die Polizei rufen",
           "dafür haben wir keine Zeit", "schau, was ich im Auto gefunden habe", "das ist der Brief deines Vaters",
           "komm, beeil dich", "der Zug fährt in zehn Minuten", "ich will dich nie wieder sehen",
           "es tut mir wirklich leid"],
    "ru": ["где ты был вчера вечером?", "я ждала тебя всю ночь", "ты не поверишь", "я заблудился в метро",
           "ты всегда так говоришь", "когда поздно приходишь домой", "на этот раз это правда", "клянусь тебе",
           "поговорим об этом завтра", "спокойно и без крика", "что случилось с твоим братом?",
           "никто не знает, где он", "надо вызвать полицию", "у нас нет на это времени",
           "смотри, что я нашёл в машине", "это письмо твоего отца", "давай, быстрее",
           "поезд уходит через десять минут", "я не хочу тебя больше видеть", "мне очень жаль, правда"],
    "fr": ["où étais-tu hier soir ?", "je t'ai attendu toute la nuit", "tu ne vas pas me croire",
           "je me suis perdu dans le métro", "tu dis toujours la même chose", "quand tu rentres tard",
           "cette fois, c'est vrai", "je te le jure", "on en reparlera demain", "calmement et sans crier",
           "qu'est-il arrivé à ton frère ?", "personne ne sait où il est", "il faut appeler la police",
           "on n'a pas le temps pour ça", "regarde ce que j'ai trouvé dans la voiture",
           "c'est la lettre de ton père", "allez, dépêche-toi", "le train part dans dix minutes",
           "je ne veux plus te voir", "je suis vraiment désolé"],
}


def _ts(ms: int) -> str:
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def build(path: Path, lang: str, kb: int, seed: int = 7) -> int:
    """A file of about *kb* KB in *lang*; returns its number of cues."""
    rnd = random.Random(seed)
    frags = FRAGMENTS[lang]
    out, size, k, t = [], 0, 0, 1000
    while size < kb * 1024:
        k += 1
        parts = [rnd.choice(frags) for _ in range(rnd.randint(1, 3))]
        text = ", ".join(parts)
        text = text[0].upper() + text[1:] + ("" if text[-1] in "?!" else ".")
        if len(text) > 42:  # two lines, cut at the fragment boundary nearest the middle
            cut = text.find(", ", len(text) // 3)
            text = text if cut == -1 else text[:cut + 1] + "\n" + text[cut + 2:]
        dur = max(1000, min(7000, len(text) * 1000 // 14))
        block = f"{k}\n{_ts(t)} --> {_ts(t + dur)}\n{text}\n\n"
        out.append(block)
        size += len(block.encode("utf-8"))
        t += dur + rnd.choice((80, 80, 500, 1500))
    path.write_text("".join(out), encoding="utf-8")
    return k


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kb", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--langs", default="es,de,ru,fr")
    args = ap.parse_args()
    from subkit.lint import langvote
    from subkit.lint.config import LintConfig
    from subkit.lint.core import lint_path

    without = LintConfig(rules={"language": {"level": "disable"}})
    with tempfile.TemporaryDirectory() as tmp:
        for lang in args.langs.split(","):
            path = Path(tmp) / f"{lang}.srt"
            n = build(path, lang, args.kb)
            t = time.perf_counter()
            rep = lint_path(str(path))
            first = time.perf_counter() - t
            calls = langvote.DETECT_CALLS[0]
            t_with = median_time(lambda: lint_path(str(path)), args.repeat)
            calls = (langvote.DETECT_CALLS[0] - calls) // args.repeat
            t_without = median_time(lambda: lint_path(str(path), config=without), args.repeat)
            print(f"{lang}: {n} cues, {path.stat().st_size // 1024} KB, lang {rep.lang}, profile {rep.profile}: "
                  f"first run {first:.3f} s; median with the language rule {t_with:.3f} s, without "
                  f"{t_without:.3f} s; langdetect calls per run {calls}")


if __name__ == "__main__":
    main()
