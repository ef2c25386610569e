"""Addresses, handles and emoji go through translation as they are (subkit.translate.verbatim)."""

from __future__ import annotations

import json

import srt
from click.testing import CliRunner

from subkit.cli import cli
from subkit.translate.qa import words
from subkit.translate.verbatim import mask, masked_pair, unmask


def test_mask_and_unmask_round_trip():
    sentence = "Écrivez à marie.dupont@gmail.com ou sur https://exemple.fr/page?id=3, suivez @subkit_fr #Koursk ! 🎉"
    masked, tokens = mask(sentence)
    assert masked == "Écrivez à URL1 ou sur URL2, suivez URL3 URL4 ! URL5"
    assert tokens == ["marie.dupont@gmail.com", "https://exemple.fr/page?id=3", "@subkit_fr", "#Koursk", "🎉"]
    assert unmask(masked, tokens) == sentence
    # a sentence's own full stop is not part of the address; "#1" and "5 #" are not hashtags
    assert mask("Le site est www.site.fr.") == ("Le site est URL1.", ["www.site.fr"])
    assert mask("Le numéro #1, et 5 # 3.") == ("Le numéro #1, et 5 # 3.", [])


def test_what_the_model_loses_or_repeats_is_mended():
    tokens = ["www.a.fr", "@b"]
    assert unmask("See URL2.", tokens) == "See @b. www.a.fr"  # lost: put back at the end, never dropped
    assert unmask("URL1 and URL1 URL7", tokens) == "www.a.fr and @b"  # repeated or invented: removed
    assert mask("Le code URL1 existe.") == ("Le code URL1 existe.", [])  # already like a placeholder
    assert masked_pair("Voir www.a.fr.", "See www.a.fr.") == ("Voir URL1.", "See URL1.")


def test_the_words_of_an_address_are_no_words():
    assert words("Write to marie.dupont@gmail.com or www.subkit-video.fr now") == ["Write", "to", "or", "now"]


def test_translation_copies_addresses_handles_and_emoji(with_model, tmp_path):
    lines = ["Écrivez-moi à marie.dupont@gmail.com.", "Le site est www.subkit-video.fr.", "Merci à tous ! 🎉",
             "Suivez-nous sur Twitter @subkit_fr et sur #Koursk."]
    src = tmp_path / "ep.fr.srt"
    src.write_text(srt.compose([srt.Subtitle(k, srt.timedelta(seconds=3 * k + 1), srt.timedelta(seconds=3 * k + 3),
                                             line) for k, line in enumerate(lines, 1)]), encoding="utf-8")
    out, qa = tmp_path / "ep.en.srt", tmp_path / "qa.json"
    result = CliRunner().invoke(cli, ["translate", str(src), "-o", str(out), "--no-memory", "--qa", str(qa)])
    assert result.exit_code == 0, result.output
    english = " ".join(s.content for s in srt.parse(out.read_text(encoding="utf-8")))
    for token in ("marie.dupont@gmail.com", "www.subkit-video.fr", "🎉", "@subkit_fr", "#Koursk"):
        assert english.count(token) == 1, (token, english)
    assert "URL" not in english
    flags = [f for cue in json.loads(qa.read_text(encoding="utf-8")) for f in cue["flags"]]
    assert not [f for f in flags if f["id"] == "untranslated"], flags  # "gmail" is not French left in
