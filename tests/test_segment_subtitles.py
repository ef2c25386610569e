"""``subkit segment`` given subtitles: Whisper's long lines and YouTube's rolling captions laid out
again to the profile, keeping their times (tests/caption_sources.py makes them from words whose
true times are known)."""

from __future__ import annotations

import pytest
import srt
from audio_fixtures import FRENCH
from caption_sources import spoken, whisper_srt, youtube_vtt
from click.testing import CliRunner
from segment_checks import limit_problems, words

from subkit.captions import caption_words, unroll
from subkit.cli import cli
from subkit.cues import Cue
from subkit.formats import parse
from subkit.profiles import get_profile
from subkit.segment import segment_subtitles

TEXT = FRENCH + " " + FRENCH.replace("Ukraine", "Moldavie").replace("Bakhmout", "Avdiïvka")


def run(*args, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def _laid_out(tmp_path, name: str, text: str, *options: str):
    """`subkit segment` run on *text* written as *name*: (its stderr, the cues it wrote), the
    output checked to break no hard limit of netflix-fr."""
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    result = run("segment", str(src), *options, "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0, result.output
    subs = list(srt.parse((tmp_path / "out.srt").read_text(encoding="utf-8")))
    assert limit_problems(subs, get_profile("netflix-fr")) == []
    return result.stderr, subs


def _starts(subs, times):
    """Each cue's start beside the true start of its first word (ms rounding as in the files)."""
    out, k = [], 0
    for sub in subs:
        out.append((sub.start.total_seconds(), round(times[k][0], 3)))
        k += len(words(sub.content))
    return out


def test_whisper_lines_become_cues_a_subtitler_keeps(tmp_path):
    said, times = spoken(TEXT, seed=3)
    before = list(srt.parse(whisper_srt(said, times)))
    assert any(len(s.content.strip()) > 42 for s in before)  # the input breaks the profile
    stderr, subs = _laid_out(tmp_path, "whisper.srt", whisper_srt(said, times))
    assert "laid out again" in stderr and "within its cue" in stderr
    assert words(" ".join(s.content for s in subs)) == said
    assert len(subs) > len(before)
    # a cue that begins where one of Whisper's began starts with its first word (frames of 40 ms)
    theirs = {round(s.start.total_seconds(), 3) for s in before}
    starts = [(a, b) for a, b in _starts(subs, times) if b in theirs]
    assert len(starts) >= 10 and all(abs(a - b) <= 0.05 for a, b in starts)


def test_youtube_rolling_captions_are_unrolled_and_keep_word_times(tmp_path):
    said, times = spoken(TEXT, seed=5)
    vtt, plain, kept = youtube_vtt(said, times)
    times = [times[k] for k in kept]
    stderr, subs = _laid_out(tmp_path, "auto.fr.vtt", vtt, "--lang", "fr")
    assert "rolling captions unrolled" in stderr and "each word timed by its timestamp" in stderr
    assert words(" ".join(s.content for s in subs)) == plain  # each word once, in order
    found = _starts(subs, times)
    # every start on its first word's timestamp (frames of 40 ms)
    assert len(found) >= 20 and all(abs(a - b) <= 0.05 for a, b in found)


def test_word_timestamps_time_each_word():
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\n"
           "bonjour<00:00:01.500><c> à</c><00:00:02.000><c> tous</c><00:00:06.000><c> ensuite</c>\n")
    said = caption_words(parse(vtt, "a.vtt", "vtt").cues, "fr")
    assert said.tokens == ["bonjour", "à", "tous", "ensuite"]
    assert [round(a, 3) for a, _ in said.times] == [1.0, 1.5, 2.0, 6.0]
    # 'tous' holds its stamp's start, not the 4 s to the next one: a pause follows it
    assert said.times[2][1] < 3.0 and said.heard().pause_after == [False, False, True, True]
    assert said.stamped == 4


def test_stamps_past_the_cue_end_fall_back_to_sharing_the_cue():
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nun<00:00:09.000><c> deux</c>\n"
    said = caption_words(parse(vtt, "a.vtt", "vtt").cues, "fr")
    assert said.stamped == 0 and said.times[0][0] == 1.0 and said.times[-1][1] == 3.0


def test_a_chorus_sung_twice_is_not_rolling():
    cues = [Cue.from_text(0, 1000, "Non !"), Cue.from_text(1100, 2000, "Non !"),
            Cue.from_text(2100, 4000, "Je ne partirai pas,\ntu le sais."), Cue.from_text(4100, 5000, "tu le sais.")]
    kept, rolled = unroll(cues)
    assert rolled == 0
    shown = [lines for _, lines in kept]
    assert shown == [["Non !"], ["Non !"], ["Je ne partirai pas,", "tu le sais."], ["tu le sais."]]


def test_speakers_and_sounds_keep_cues_of_their_own():
    text = ("1\n00:00:01,000 --> 00:00:04,000\n- Tu viens avec nous ce soir ?\n- Non, je reste ici.\n\n"
            "2\n00:00:04,500 --> 00:00:06,000\n[Musique]\n\n"
            "3\n00:00:06,500 --> 00:00:09,000\nAlors nous partirons sans toi.\n")
    result = segment_subtitles(parse(text, "d.srt", "srt"), lang="fr")
    shown = [c.text for c in result.cues]
    assert "[Musique]" in shown  # alone
    assert not any("Tu viens" in t and "Non," in t and not t.startswith("-") for t in shown)
    assert [w for t in shown for w in words(t) if w != "-"] == words(
        "Tu viens avec nous ce soir ? Non, je reste ici. [Musique] Alors nous partirons sans toi.")


def test_webvtt_voices_are_turns():
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Marie>Bonjour à tous.</v>\n\n"
           "00:00:03.000 --> 00:00:05.000\n<v Paul>Bonsoir Marie.</v>\n")
    said = caption_words(parse(vtt, "v.vtt", "vtt").cues, "fr")
    assert said.tokens == ["Bonjour", "à", "tous.", "Bonsoir", "Marie."] and said.turn_end[2]


def test_webvtt_character_references_are_read_as_characters(tmp_path):
    """YouTube and Whisper write "&amp;" in WebVTT: the words are "Q&R" and "&", written back once."""
    src = tmp_path / "amp.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n"
                   "Bienvenue dans notre session Q&amp;R avec Tom &amp; Jerry, x &lt; 5.\n", encoding="utf-8")
    srt_out = run("segment", str(src), "--lang", "fr")
    assert srt_out.exit_code == 0, srt_out.output
    shown = " ".join(c.content for c in srt.parse(srt_out.stdout))
    assert words(shown) == words("Bienvenue dans notre session Q&R avec Tom & Jerry, x < 5.")
    vtt_out = tmp_path / "out.vtt"
    assert run("segment", str(src), "--lang", "fr", "-o", str(vtt_out)).exit_code == 0
    written = vtt_out.read_text(encoding="utf-8")
    assert "Q&amp;R" in written and "Tom &amp; Jerry" in written and "x &lt; 5" in written, written


def test_ttml_is_read_in_the_encoding_its_declaration_names(tmp_path):
    """A DFXP in ISO-8859-1 was refused as "not valid utf-8", and --encoding cp1252 garbled it."""
    src = tmp_path / "l1.dfxp"
    src.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?>\n<tt xmlns="http://www.w3.org/ns/ttml"><body>'
                    '<div><p begin="1s" end="3s">Café crème pour tout le monde.</p></div></body></tt>\n'
                    .encode("latin-1"))
    result = run("segment", str(src), "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert [c.content for c in srt.parse(result.stdout)] == ["Café crème pour tout le monde."]


def test_angle_brackets_that_open_no_tag_are_words():
    text = ("1\n00:00:01,000 --> 00:00:04,000\nSi x < 5 et y > 3, alors on gagne.\n\n"
            "2\n00:00:04,500 --> 00:00:07,000\n<i>Le code</i> est du HTML & du CSS.\n")
    result = segment_subtitles(parse(text, "lt.srt", "srt"), lang="fr")
    shown = "\n".join(c.text for c in result.cues)
    assert words(shown.replace("<i>", "").replace("</i>", "")) == words(
        "Si x < 5 et y > 3, alors on gagne. Le code est du HTML & du CSS.")
    assert "<i>Le code</i>" in shown


def test_italics_ride_with_their_words():
    text = ("1\n00:00:01,000 --> 00:00:06,000\n<i>Il était une fois, dans un pays lointain et oublié de tous,</i>"
            " un roi qui ne riait jamais.\n")
    result = segment_subtitles(parse(text, "i.srt", "srt"), lang="fr")
    joined = "\n".join(c.text for c in result.cues)
    assert joined.count("<i>") == joined.count("</i>") >= 1
    assert "<i>Il était" in joined and "un roi" in joined and "<i>un roi" not in joined
    assert "jamais.</i>" not in joined


def test_a_dense_cue_shares_its_overrun_among_the_cues_made_of_it(tmp_path):
    # QA: one cue of 125 characters in 4.5 s became a first cue of 72 characters in 1.28 s (56 cps)
    # beside a second one at 17 cps: the first part lent its time on and got more than it lent taken back
    text = ("Et qu'avez-vous vu là-bas, dans les rues de la ville, pendant ces jours ? Des maisons "
            "détruites et des habitants qui attendaient de l'aide depuis des semaines.")
    src = tmp_path / "one.srt"
    src.write_text(f"1\n00:00:04,500 --> 00:00:09,000\n{text}\n", encoding="utf-8")
    result = run("segment", str(src), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0, result.output
    subs = list(srt.parse((tmp_path / "out.srt").read_text(encoding="utf-8")))
    assert words(" ".join(s.content for s in subs)) == words(text)
    source_cps = len(text) / 4.5
    for sub in subs:
        cps = len(sub.content.replace("\n", " ")) / (sub.end - sub.start).total_seconds()
        assert cps <= 1.5 * source_cps, (sub.content, cps)


def test_timing_options_are_refused_with_subtitles(tmp_path):
    src = tmp_path / "a.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n", encoding="utf-8")
    result = run("segment", str(src), "--rate", "5", "--duration", "60", "-o", str(tmp_path / "o.srt"))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and "--rate, --duration" in lines[0] and str(src) in lines[0]
    assert not (tmp_path / "o.srt").exists()


def test_a_word_longer_than_a_line_names_its_cue(tmp_path):
    src = tmp_path / "a.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\n"
                   + "x" * 50 + "\n", encoding="utf-8")
    result = run("segment", str(src), "--lang", "fr", "-o", str(tmp_path / "o.srt"))
    assert result.exit_code == 2 and "cue 2: a word of 50 characters" in result.output
    assert not (tmp_path / "o.srt").exists()


def test_with_a_recording_the_speech_times_the_words(tmp_path):
    """Subtitles whose times are off by 4 s, laid out again and timed from an espeak-ng recording."""
    pytest.importorskip("av")
    pytest.importorskip("espeakng_loader")
    from audio_fixtures import RATE, recording, write_media

    x, starts, said = recording(voice="fr+m3", speed=140, pitch=30, noise=0.003)
    write_media(tmp_path / "ep.wav", x)
    off = [(a + 4.0, a + 4.5) for a in starts]
    src = tmp_path / "late.srt"
    src.write_text(whisper_srt(said, off), encoding="utf-8")
    result = run("segment", str(src), "--audio", str(tmp_path / "ep.wav"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0, result.output
    assert "timed from the recording" in result.stderr
    subs = list(srt.parse((tmp_path / "out.srt").read_text(encoding="utf-8")))
    assert words(" ".join(s.content for s in subs)) == said
    assert subs[-1].end.total_seconds() <= len(x) / RATE
    sentence_starts = {0} | {k + 1 for k, w in enumerate(said[:-1]) if w.endswith(".")}
    k, near = 0, []
    for sub in subs:
        if k in sentence_starts:
            near.append(abs(sub.start.total_seconds() - starts[k]) <= 0.25)
        k += len(words(sub.content))
    assert len(near) >= 4 and sum(near) >= 0.8 * len(near)


def test_samples_are_what_segment_makes_of_them(tmp_path):
    """samples/captions/: Whisper-like and YouTube-like files of the seed's opening, and what
    `subkit segment` makes of them (no model involved: the same on every machine)."""
    from conftest import ROOT

    here = ROOT / "samples" / "captions"
    for src, made_by_subkit in (("whisper.fr.srt", "whisper.fr.subkit.srt"),
                                ("youtube-auto.fr.vtt", "youtube-auto.fr.subkit.srt")):
        result = run("segment", str(here / src), "-o", str(tmp_path / "out.srt"))
        assert result.exit_code == 0, result.output
        made = (tmp_path / "out.srt").read_text(encoding="utf-8")
        assert made == (here / made_by_subkit).read_text(encoding="utf-8"), f"samples/captions/{made_by_subkit}"


@pytest.mark.parametrize("kind", ["rolling", "karaoke"])
def test_translate_sends_rolling_and_karaoke_captions_to_segment_first(tmp_path, kind):
    from caption_sources import whisper_highlight_srt

    said, times = spoken(FRENCH, seed=1)
    text = youtube_vtt(said, times)[0] if kind == "rolling" else whisper_highlight_srt(said, times)
    src = tmp_path / ("auto.fr.vtt" if kind == "rolling" else "auto.fr.srt")
    src.write_text(text, encoding="utf-8")
    result = run("translate", str(src), "-o", str(tmp_path / "auto.en.vtt"))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and f"{kind} captions" in lines[0]
    assert "subkit segment" in lines[0] and not (tmp_path / "auto.en.vtt").exists()


def test_episode_takes_whisper_subtitles_to_both_tracks(with_model, tmp_path):
    """The whole job on samples/captions/whisper.fr.srt: the French track laid out again (as
    `segment` does), the English one translated from it."""
    import shutil

    from conftest import ROOT

    src = tmp_path / "talk.srt"
    shutil.copy(ROOT / "samples" / "captions" / "whisper.fr.srt", src)
    result = run("episode", str(src), "--out", str(tmp_path / "out"), "--no-memory")
    assert result.exit_code in (0, 1), result.output
    folder = tmp_path / "out" / "talk"
    french = (folder / "talk.fr.srt").read_text(encoding="utf-8")
    assert french == (ROOT / "samples" / "captions" / "whisper.fr.subkit.srt").read_text(encoding="utf-8")
    english = list(srt.parse((folder / "talk.en.srt").read_text(encoding="utf-8")))
    assert len(english) >= 0.8 * len(list(srt.parse(french))) and all(s.content.strip() for s in english)
    # the input is never an output: NAME.srt gives OUT/NAME/NAME.fr.srt
    assert src.read_bytes() == (ROOT / "samples" / "captions" / "whisper.fr.srt").read_bytes()


def test_whisper_highlighted_words_time_each_word(tmp_path):
    from caption_sources import whisper_highlight_srt

    said, times = spoken(TEXT, seed=4)
    assert len(list(srt.parse(whisper_highlight_srt(said, times)))) > len(said)  # a cue per word, and more
    stderr, subs = _laid_out(tmp_path, "karaoke.srt", whisper_highlight_srt(said, times))
    assert "karaoke captions merged" in stderr
    assert words(" ".join(s.content for s in subs)) == said and "<u>" not in " ".join(s.content for s in subs)
    found = _starts(subs, times)
    assert len(found) >= 20 and all(abs(a - b) <= 0.05 for a, b in found)


def test_cues_out_of_order_are_read_in_time_order():
    text = ("2\n00:00:04,000 --> 00:00:06,000\nEt voici la suite de l'histoire.\n\n"
            "1\n00:00:01,000 --> 00:00:03,000\nBonjour à tous.\n")
    result = segment_subtitles(parse(text, "o.srt", "srt"), lang="fr")
    assert words(" ".join(c.text for c in result.cues)) == words("Bonjour à tous. Et voici la suite de l'histoire.")
    assert result.cues[0].start == 1000


def test_only_highlighting_makes_karaoke():
    from subkit.captions import karaoke

    said, times = spoken(FRENCH, seed=2)
    vtt, _, _ = youtube_vtt(said, times)
    cues = parse(vtt, "y.vtt", "vtt").cues
    assert karaoke(cues) == (list(cues), 0)  # the 10 ms cues repeat a line, but highlight nothing
    same = [Cue.from_text(k * 1000, k * 1000 + 900, "Non !") for k in range(4)]
    assert karaoke(same) == (same, 0)
    sung = [Cue.from_text(0, 500, "<u>Non</u> merci"), Cue.from_text(500, 900, "Non <u>merci</u>")]
    merged, used = karaoke(sung)
    assert used == 2 and [c.text for c in merged] == ["Non <00:00:00.500>merci <00:00:00.900>"] and merged[0].end == 900


def test_webvtt_output_names_the_speaker_of_each_cue(tmp_path):
    """Speakers a transcript's labels or a WebVTT file's voices name are written as WebVTT voices
    (SRT has no form for them); a cue whose speaker is not named has none."""
    from subkit.segment import segment_transcript

    text = ("MARIE : Bonjour Paul, comment vas-tu ce matin ?\nPAUL : Bonjour Marie. Très bien.\n"
            "MARIE : Tant mieux.\nPAUL : Et toi ?\n>> Une question du public.\n")
    result = segment_transcript(text, lang="fr")
    vtt = result.to_format("vtt")
    assert "<v MARIE>Bonjour Paul" in vtt and "<v PAUL>Bonjour Marie." in vtt and "<v PAUL>Et toi" in vtt
    assert "\nUne question du public." in vtt  # after '>>': a new speaker, not named
    assert "<v" not in result.to_format("srt")
    src = tmp_path / "v.vtt"
    src.write_text(vtt, encoding="utf-8")
    again = run("segment", str(src), "-o", str(tmp_path / "again.vtt"))
    assert again.exit_code == 0, again.output
    assert (tmp_path / "again.vtt").read_text(encoding="utf-8") == vtt  # read back, the voices stay
    linted = run("lint", str(tmp_path / "again.vtt"), "--select", "syntax")
    assert linted.exit_code == 0, linted.output


def test_webvtt_voices_stay_on_cues_with_ampersand_or_less_than(tmp_path):
    """A cue whose text WebVTT must escape ("R&amp;D", "3 &lt; 5") keeps its speaker's voice, as
    every other cue does, and lint finds nothing to say of segment's own WebVTT."""
    src = tmp_path / "v2.txt"
    src.write_text("MARIE : Le budget R&D a augmenté, et 3 < 5 comme on dit.\n"
                   "PAUL : La flèche indique la direction.\nMARIE : Oui.\nPAUL : Merci.\n", encoding="utf-8")
    out = tmp_path / "v2.vtt"
    done = run("segment", str(src), "-o", str(out))
    assert done.exit_code == 0, done.output
    cues = parse(out.read_text(encoding="utf-8"), "v2.vtt", "vtt").cues
    assert [c.text.split(">")[0] for c in cues] == ["<v MARIE", "<v PAUL", "<v MARIE", "<v PAUL"]
    assert "R&amp;D" in cues[0].text and "3 &lt; 5" in cues[0].text
    linted = run("lint", str(out))
    assert linted.exit_code == 0 and "problem" not in linted.output, linted.output



def test_escaped_tag_text_in_webvtt_stays_text_when_laid_out_again(tmp_path):
    """"Les &lt;b&gt;chiffres&lt;/b&gt;" shows "<b>" as text: laid out again it must not become bold,
    in WebVTT (escaped again) nor in SRT (where a tag-like "<" is marked as text, as convert does)."""
    src = tmp_path / "esc.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nLes &lt;b&gt;chiffres&lt;/b&gt; de l'U.E. Les voici.\n",
                   encoding="utf-8")
    assert run("segment", str(src), "-o", str(tmp_path / "out.vtt")).exit_code == 0
    vtt = parse((tmp_path / "out.vtt").read_text(encoding="utf-8"), "out.vtt", "vtt").cues[0].text
    assert "<b>" not in vtt and "&lt;b>chiffres&lt;/b>" in vtt, vtt
    assert run("segment", str(src), "-o", str(tmp_path / "out.srt")).exit_code == 0
    converted = run("convert", str(tmp_path / "out.srt"), "-o", str(tmp_path / "back.vtt"))
    assert converted.exit_code == 0 and "&lt;b" in (tmp_path / "back.vtt").read_text(encoding="utf-8")

def test_a_line_that_is_only_a_sound_has_no_voice(tmp_path):
    """'(applaudissements)' alone on its line is no one's words: its cue carries no voice, though the
    speaker before it goes on; the cues around it keep theirs."""
    src = tmp_path / "rires.txt"
    src.write_text("SOPHIE : Bon, on commence ? [rires]\nMARC : Oui, allez, on y va. (applaudissements)\n"
                   "SOPHIE : [rires] Alors, ce soir, on parle de cuisine.\n(applaudissements)\n"
                   "MARC : Et de pâtisserie ! [musique]\n", encoding="utf-8")
    out = tmp_path / "rires.vtt"
    done = run("segment", str(src), "-o", str(out))
    assert done.exit_code == 0, done.output
    texts = [c.text for c in parse(out.read_text(encoding="utf-8"), "rires.vtt", "vtt").cues]
    assert "(applaudissements)" in texts  # a cue of its own, without a voice
    assert [t.split(">")[0] for t in texts if t.startswith("<v")] == ["<v SOPHIE", "<v MARC", "<v SOPHIE", "<v MARC"]


def test_a_dialogue_names_each_line():
    from subkit.cue_words import voiced

    tokens = ["Tu", "viens\u00a0?", "Non."]
    text = "- Tu viens\u00a0?\n- Non."
    assert voiced(text, tokens, ["Marie", "Marie", "Paul"]) == "<v Marie>- Tu viens\u00a0?\n<v Paul>- Non."
    assert voiced(text, tokens, ["Marie", "Marie", "Marie"]) == "<v Marie>" + text
    assert voiced(text, tokens, ["Marie", None, "Paul"]) == text
    assert voiced("<i>Tu viens\u00a0?</i>", tokens[:2], ["A & B", "A & B"]) == "<v A &amp; B><i>Tu viens\u00a0?</i>"


def test_translation_keeps_the_voices(with_model, tmp_path):
    from subkit.cue_words import cue_voice
    from subkit.segment import segment_transcript

    text = ("MARIE : Bonjour Paul, comment vas-tu ce matin ?\nPAUL : Bonjour Marie. Très bien, merci.\n"
            "MARIE : Tant mieux, nous pouvons commencer.\nPAUL : Oui, allons-y.\n")
    src = tmp_path / "dia.fr.vtt"
    src.write_text(segment_transcript(text, lang="fr").to_format("vtt"), encoding="utf-8")
    result = run("translate", str(src), "-o", str(tmp_path / "dia.en.vtt"), "--no-memory")
    assert result.exit_code == 0, result.output
    french = parse(src.read_text(encoding="utf-8"), "fr", "vtt").cues
    english = parse((tmp_path / "dia.en.vtt").read_text(encoding="utf-8"), "en", "vtt").cues
    assert [cue_voice(c.text) for c in english] == [cue_voice(c.text) for c in french]
    assert {cue_voice(c.text) for c in english} == {" MARIE", " PAUL"}
    srt_out = run("translate", str(src), "-o", str(tmp_path / "dia.en.srt"), "--no-memory")
    assert srt_out.exit_code == 0 and "<v" not in (tmp_path / "dia.en.srt").read_text(encoding="utf-8")


def test_episode_webvtt_copies_keep_the_voices(with_model, tmp_path):
    """--formats srt,vtt: the WebVTT copies name the speakers as `segment -o x.vtt` does."""
    from subkit.cue_words import cue_voice
    from subkit.segment import segment_transcript

    text = ("MARIE : Bonjour Paul, comment vas-tu ce matin ?\nPAUL : Bonjour Marie. Très bien, merci.\n"
            "MARIE : Tant mieux, nous pouvons commencer.\nPAUL : Oui, allons-y.\n")
    (tmp_path / "dia.txt").write_text(text, encoding="utf-8")
    result = run("episode", str(tmp_path / "dia.txt"), "--out", str(tmp_path / "out"), "--no-memory",
                 "--formats", "srt,vtt")
    assert result.exit_code in (0, 1), result.output
    folder = tmp_path / "out" / "dia"
    french = (folder / "dia.fr.vtt").read_text(encoding="utf-8")
    assert french == segment_transcript(text, lang="fr").to_format("vtt") and "<v MARIE>" in french
    english = parse((folder / "dia.en.vtt").read_text(encoding="utf-8"), "en", "vtt").cues
    assert {cue_voice(c.text) for c in english} == {" MARIE", " PAUL"}
    assert "<v" not in (folder / "dia.en.srt").read_text(encoding="utf-8")


def test_karaoke_gaps_are_pauses():
    """The cue that highlights a word ends where the word does: a gap to the next highlight is a
    pause even where a word's longest spoken length (the cap a start stamp alone needs) would hide it."""
    text = ("1\n00:00:00,000 --> 00:00:00,500\n<u>Parfaitement</u> compris\n\n"
            "2\n00:00:00,500 --> 00:00:00,950\nParfaitement compris\n\n"
            "3\n00:00:00,950 --> 00:00:01,400\nParfaitement <u>compris</u>\n")
    said = caption_words(parse(text, "k.srt", "srt").cues, "fr")
    assert said.highlighted == 2 and said.times[0] == (0.0, 0.5) and said.times[1][0] == 0.95
    assert said.heard().pause_after == [True, True]


def test_sync_sends_rolling_captions_to_segment(tmp_path):
    said, times = spoken(FRENCH, seed=1)
    src = tmp_path / "auto.fr.vtt"
    src.write_text(youtube_vtt(said, times)[0], encoding="utf-8")
    media = tmp_path / "ep.wav"
    media.write_bytes(b"RIFF")  # never read: the captions are refused first
    result = run("sync", str(src), "--audio", str(media), "-o", str(tmp_path / "out.vtt"))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and "rolling captions" in lines[0] and "--audio" in lines[0]
    assert not (tmp_path / "out.vtt").exists()


def test_italics_over_several_lines_of_a_cue_are_opened_once():
    """A tag left open over four lines of one cue: every word is in it once (each line is read alone,
    with what the line before left open)."""
    cues = [Cue.from_text(0, 4000, "<i>Il était\nune fois\ndans un pays\nlointain.</i>")]
    said = caption_words(cues, "fr")
    assert said.tokens[-1] == "lointain." and set(said.stacks) == {("<i>",)}
