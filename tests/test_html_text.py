"""A web page given as a transcript: its article's paragraphs are the text (subkit.html_text)."""

from __future__ import annotations

import srt
from click.testing import CliRunner

from subkit.cli import cli
from subkit.html_text import html_text, is_html, read_page

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><title>Épisode 12</title><style>p { color: red }</style>
<script>var menu = "Accueil";</script></head>
<body><nav><a href="/">Accueil</a> <a href="/videos">Vidéos</a></nav>
<header><p>Le site des analyses</p></header>
<article><h1>Koursk perdu, Toretsk gagné ?</h1>
<p>Bonjour à tous, et bienvenue dans cette vidéo.<br>On commence tout de suite.</p>
<p>Aujourd&#8217;hui on parle de l&apos;Ukraine &amp; de la Russie, <em>sans détour</em>.</p>
<figure><img src="carte.png"><figcaption>La ligne de front en août</figcaption></figure>
</article>
<aside><p>Abonnez-vous à la lettre</p></aside>
<footer><p>© 2026</p></footer></body></html>
"""


def test_the_article_is_the_text():
    """A <br> is a line break inside its paragraph; the figure's caption is no speech."""
    assert html_text(PAGE).splitlines() == [
        "Koursk perdu, Toretsk gagné ?",
        "Bonjour à tous, et bienvenue dans cette vidéo. On commence tout de suite.",
        "Aujourd’hui on parle de l'Ukraine & de la Russie, sans détour.",
    ]


def test_page_furniture_is_left_out_and_said_to_be():
    page = read_page("<html><body><article>\n<p>Un.<br><br>Deux.</p>\n"
                     "<figure><img src='a.jpg'><figcaption>Un cycliste. Photo AFP</figcaption></figure>\n"
                     "<table><tr><td>Lyon</td><td>1&nbsp;200&nbsp;km</td></tr></table>\n"
                     "<p>Les pistes<br>\nreprésentent 1&nbsp;200&nbsp;km.</p>\n"
                     "<p class='photo-credit'>Photo : J. Martin</p></article></body></html>")
    assert page.text.splitlines() == ["Un.", "Deux.", "Les pistes représentent 1\u00a0200\u00a0km."]
    assert page.lines == [2, 2, 5]
    assert page.dropped == [(3, "Un cycliste. Photo AFP", "figure caption or credit"),
                            (4, "Lyon 1\u00a0200\u00a0km", "table"),
                            (7, "Photo : J. Martin", "figure caption or credit")]


def test_without_an_article_the_main_then_the_body():
    assert html_text("<html><body><main><p>Un.</p></main><p>Deux.</p></body></html>") == "Un.\n"
    assert html_text("<html><body><div>Un.</div><script>x()</script><p>Deux.</p></body></html>") == "Un.\nDeux.\n"
    assert html_text("<html><body><nav>Menu</nav></body></html>") == ""


def test_what_counts_as_a_page():
    assert is_html("ep.html", "Bonjour") and is_html("ep.htm", "")
    assert is_html("-", "\ufeff<!-- saved -->\n<!doctype html><p>x")
    assert not is_html("ep.txt", "Le <b>gras</b> et <html> dans une phrase.")


def test_segment_reads_a_saved_page(tmp_path):
    src = tmp_path / "ep.html"
    src.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(src), "--title", "drop", "-o", str(tmp_path / "ep.srt")])
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(s.content for s in srt.parse((tmp_path / "ep.srt").read_text(encoding="utf-8"))).split())
    assert "<" not in text and "&amp;" not in text and "&#" not in text and "l'Ukraine & de la Russie" in text
    assert text.startswith("Bonjour à tous") and "Accueil" not in text and "Abonnez" not in text
    assert "Koursk" not in text  # the title, dropped


def test_a_page_without_text_is_a_one_line_error(tmp_path):
    src = tmp_path / "empty.html"
    src.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(src), "-o", str(tmp_path / "o.srt")])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and str(src) in lines[0]
    assert not (tmp_path / "o.srt").exists()


def test_segment_says_what_it_left_out_of_a_page_by_its_lines(tmp_path):
    src = tmp_path / "article.html"
    src.write_text("<!DOCTYPE html>\n<html><body>\n<nav><a href='/'>Accueil</a></nav>\n<article>\n"
                   "<figure><img src='a.jpg'><figcaption>Un cycliste rue de la République. Photo AFP</figcaption>"
                   "</figure>\n<p>Les pistes cyclables<br>représentent désormais 1&nbsp;200&nbsp;km.</p>\n"
                   "</article></body></html>\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(src), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert [s.content for s in srt.parse(result.stdout)] == [
        "Les pistes cyclables\nreprésentent désormais 1\u00a0200\u00a0km."]
    assert (f"{src}:5: dropped (figure caption or credit): Un cycliste rue de la République. Photo AFP"
            in result.stderr.splitlines())


def test_a_transcript_in_a_captions_block_is_the_text():
    page = read_page("<html><body><article><div class='captions'><p>Bonjour à tous.</p></div>"
                     "<p class='wp-caption-text'>Photo AFP</p></article></body></html>")
    assert page.text == "Bonjour à tous.\n" and [d[1] for d in page.dropped] == ["Photo AFP"]
