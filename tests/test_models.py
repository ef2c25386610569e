"""`subkit models`: install, list and remove Argos packages, through the real CLI.

Every test points ARGOS_PACKAGES_DIR (and the XDG directories) at a temporary directory and never
touches the internet: the package index is served over loopback by a thread in the test.

The real package is the repository's own (``models/subkit-fr_en-*.argosmodel``), or the file named by
SUBKIT_TEST_ARGOSMODEL while it is being built. Small archives built here serve only the cases that
must not be a working model (corrupt, unsafe, incomplete) and the pure bookkeeping logic (which package
wins, replacement, the fallback when the index has no such pair).
"""

from __future__ import annotations
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
import pytest
from subkit import models

from models_support import (
    Index, assert_one_line_error, bundle, closed_port_url, make_zip, package_dirs, run, tiny_members, tiny_package,
)

# --------------------------------------------------------------------------------------------
# The real package, end to end


def test_list_empty(env: Path) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "no translation packages installed" in result.stderr and str(env) in result.stderr
    result = run("list", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_install_list_remove_real_package(env: Path, real_package: Path, real_metadata: dict) -> None:
    result = run("install", str(real_package))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("installed ") and "fr→en" in result.stdout

    [name] = package_dirs(env)
    installed = env / name
    for member in ("metadata.json", "model/model.bin", "sentencepiece.model"):
        assert (installed / member).is_file()

    result = run("list")
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.split() == ["PAIR", "VERSION", "NAME", "PATH"]
    assert row.split() == ["fr→en", real_metadata.get("package_version") or "-", name, str(installed)]

    [entry] = json.loads(run("list", "--json").stdout)
    assert entry == {
        "from_code": "fr",
        "to_code": "en",
        "package_version": real_metadata.get("package_version", ""),
        "name": name,
        "path": str(installed),
    }

    pkg = models.find_package("fr", "en")
    assert pkg is not None and pkg.path == installed
    assert re.fullmatch(rf"{re.escape(name)}@.*:[0-9a-f]{{16}}", pkg.identity)
    assert models.find_package("en", "fr") is None

    # Installing again replaces the package in place, leaving no work directories behind.
    assert run("install", str(real_package)).exit_code == 0
    assert package_dirs(env) == [name]
    assert models.find_package("fr", "en").identity == pkg.identity

    result = run("remove", "fr", "en")
    assert result.exit_code == 0 and result.stdout.startswith(f"removed {name} ")
    assert package_dirs(env) == []
    assert run("list", "--json").stdout.strip() == "[]"


def test_installed_package_is_shared_with_argostranslate(env: Path, tmp_path: Path, real_package: Path) -> None:
    """argostranslate itself (in its own process, same ARGOS_PACKAGES_DIR) sees what subkit installed."""
    if importlib.util.find_spec("argostranslate") is None:
        pytest.skip("argostranslate is not installed (pip install -e '.[translate]')")
    assert run("install", str(real_package)).exit_code == 0
    code = (
        "import json; from argostranslate import package; "
        "print(json.dumps([[p.from_code, p.to_code, p.package_path.name] for p in package.get_installed_packages()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=dict(os.environ)
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [["fr", "en", package_dirs(env)[0]]]


def test_installed_package_translates(env: Path, real_package: Path) -> None:
    """The installed files are a working CTranslate2 model and SentencePiece tokenizer."""
    ctranslate2 = pytest.importorskip("ctranslate2")
    sentencepiece = pytest.importorskip("sentencepiece")
    assert run("install", str(real_package)).exit_code == 0
    pkg = models.find_package("fr", "en")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.sentencepiece_model))
    translator = ctranslate2.Translator(str(pkg.model_dir), device="cpu", inter_threads=1, intra_threads=1)
    [result] = translator.translate_batch(
        [sp.encode("Bonjour à tous.", out_type=str)], beam_size=1, max_decoding_length=16
    )
    assert sp.decode(result.hypotheses[0]).strip()


def test_install_pair_from_loopback_index(env: Path, index: Index, real_package: Path, real_metadata: dict) -> None:
    index.publish(real_package, real_metadata)
    result = run("install", "fr", "en", "--index", index.url)
    assert result.exit_code == 0, result.output
    assert "from the Argos package index" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
    assert "/index.json" in index.requests and "/translate-fr_en.argosmodel" in index.requests
    pkg = models.find_package("fr", "en")
    assert pkg is not None and package_dirs(env) == [pkg.name]


def test_install_pair_index_from_environment(
    env: Path, index: Index, real_package: Path, real_metadata: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    index.publish(real_package, real_metadata)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.url)  # a base URL, as argostranslate takes it
    result = run("install", "fr", "en")
    assert result.exit_code == 0, result.output
    assert "from the Argos package index" in result.stdout
    assert models.find_package("fr", "en") is not None


def test_install_pair_falls_back_to_bundled_package_when_index_unreachable(
    env: Path, real_package: Path, real_metadata: dict
) -> None:
    bundled = bundle(env, real_package)
    result = run("install", "fr", "en", "--index", closed_port_url(), "--timeout", "2")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.strip().splitlines()
    assert line.startswith("Argos package index unavailable (cannot reach http://127.0.0.1:")
    assert "installed subkit's own fr→en package" in line and bundled.name in line
    assert "measured quality: " in line
    quality = real_metadata.get("quality")
    if isinstance(quality, dict) and "bleu" in quality:  # read from the package's own metadata.json
        assert f"measured quality: BLEU {quality['bleu']:.1f}" in line
    assert models.find_package("fr", "en") is not None


def test_install_pair_offline_makes_no_request(
    env: Path, index: Index, real_package: Path, real_metadata: dict
) -> None:
    index.publish(real_package, real_metadata)
    bundle(env, real_package)
    result = run("install", "fr", "en", "--offline", "--index", index.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("offline: installed subkit's own fr→en package")
    assert index.requests == []


# --------------------------------------------------------------------------------------------
# Bookkeeping (placeholder packages: no translation involved)


def test_replacing_keeps_old_package_until_new_one_is_valid(env: Path, tmp_path: Path) -> None:
    assert run("install", str(tiny_package(tmp_path / "v1.argosmodel", version="1.0"))).exit_code == 0
    members = tiny_members(version="1.1")
    del members["translate-fr_en-1_0/sentencepiece.model"]
    bad = make_zip(tmp_path / "v11-bad.argosmodel", members)
    assert run("install", str(bad)).exit_code == 2
    assert json.loads(run("list", "--json").stdout)[0]["package_version"] == "1.0"

    assert run("install", str(tiny_package(tmp_path / "v11.argosmodel", version="1.1"))).exit_code == 0
    [entry] = json.loads(run("list", "--json").stdout)
    assert entry["package_version"] == "1.1"
    assert package_dirs(env) == ["translate-fr_en-1_0"]


def test_find_package_prefers_official_and_remove_by_name(env: Path, tmp_path: Path) -> None:
    for top, version in [("subkit-fr_en-0.2", "0.2"), ("translate-fr_en-1_9", "1.9"), ("translate-en_fr-1_9", "1.9")]:
        fc, tc = top.split("-")[1].split("_")
        zipped = tiny_package(tmp_path / f"{top}.argosmodel", top=top, version=version, from_code=fc, to_code=tc)
        assert run("install", str(zipped)).exit_code == 0
    assert [e["name"] for e in json.loads(run("list", "--json").stdout)] == [
        "subkit-fr_en-0.2",
        "translate-en_fr-1_9",
        "translate-fr_en-1_9",
    ]
    assert models.find_package("fr", "en").name == "translate-fr_en-1_9"

    result = run("remove", "translate-fr_en-1_9")
    assert result.exit_code == 0 and "removed translate-fr_en-1_9" in result.stdout
    assert models.find_package("fr", "en").name == "subkit-fr_en-0.2"
    assert package_dirs(env) == ["subkit-fr_en-0.2", "translate-en_fr-1_9"]


def test_list_skips_and_reports_broken_directories(env: Path, tmp_path: Path) -> None:
    assert run("install", str(tiny_package(tmp_path / "p.argosmodel"))).exit_code == 0
    (env / "half-copied").mkdir()
    (env / "no-model").mkdir()
    (env / "no-model" / "metadata.json").write_text('{"from_code": "fr", "to_code": "en"}')
    (env / "sbd-fr").mkdir()
    (env / "sbd-fr" / "metadata.json").write_text('{"type": "sbd", "from_codes": ["fr"]}')
    result = run("list", "--json")
    assert result.exit_code == 0
    assert [e["name"] for e in json.loads(result.stdout)] == ["translate-fr_en-1_0"]
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2, warnings
    assert "half-copied" in warnings[0] and "no metadata.json" in warnings[0]
    assert "no-model" in warnings[1] and "missing model/model.bin, sentencepiece.model" in warnings[1]
    assert models.find_package("fr", "en").name == "translate-fr_en-1_0"


def test_fallback_when_index_lacks_pair_and_reads_quality(env: Path, tmp_path: Path, index: Index) -> None:
    other = tiny_package(tmp_path / "de_en.argosmodel", top="translate-de_en-1_0", from_code="de")
    index.publish(other, {"package_version": "1.0", "from_code": "de", "to_code": "en"})
    quality = {"bleu": 11.23, "chrf": 38.0, "eval_set": "FLORES dev"}  # as tools/train_fr_en/package.py writes it
    ours = tiny_package(tmp_path / "ours.argosmodel", top="subkit-fr_en-0.1", version="0.1", quality=quality)
    bundle(env, ours)
    result = run("install", "fr", "en", "--index", index.url)
    assert result.exit_code == 0, result.output
    assert "the index has no fr→en package" in result.stdout
    assert "measured quality: BLEU 11.2, chrF 38.0 on FLORES dev" in result.stdout


def test_fallback_when_download_fails(env: Path, tmp_path: Path, index: Index) -> None:
    (index.root / "index.json").write_text(
        json.dumps(
            [{"package_version": "1.9", "from_code": "fr", "to_code": "en", "links": [index.url + "gone.argosmodel"]}]
        )
    )
    bundle(env, tiny_package(tmp_path / "ours.argosmodel", top="subkit-fr_en-0.1", version="0.1"))
    result = run("install", "fr", "en", "--index", index.url)
    assert result.exit_code == 0, result.output
    readme = Path(os.environ["SUBKIT_MODELS_DIR"]) / "README.md"
    assert "HTTP 404" in result.stdout and f"measured quality: see {readme}" in result.stdout

    # A model card beside the bundled file (models/README.md) is pointed to, never scraped: the
    # quality is what the package's metadata.json declares.
    readme.write_text(
        "# Models\n\n| model | set | BLEU | chrF |\n| --- | --- | ---: | ---: |\n| 0.1 | FLORES dev | 9.8 | 35.2 |\n"
    )
    result = run("install", "fr", "en", "--offline")
    assert result.exit_code == 0, result.output
    assert f"(measured quality: see {readme})" in result.stdout

    quality = {"bleu": 9.8, "chrf": 35.2, "eval_set": "FLORES dev"}
    tiny_package(tmp_path / "ours.argosmodel", top="subkit-fr_en-0.1", version="0.1", quality=quality)
    result = run("install", "fr", "en", "--offline")
    assert result.exit_code == 0, result.output
    assert "(measured quality: BLEU 9.8, chrF 35.2 on FLORES dev)" in result.stdout


def test_index_given_as_local_directory_with_relative_links(env: Path, tmp_path: Path) -> None:
    root = tmp_path / "local-index"
    root.mkdir()
    tiny_package(root / "translate-fr_en-1_0.argosmodel")
    entry = {"package_version": "1.0", "from_code": "fr", "to_code": "en", "links": ["translate-fr_en-1_0.argosmodel"]}
    (root / "index.json").write_text(json.dumps([entry]))
    result = run("install", "fr", "en", "--index", str(root))  # a path: file://.../index.json
    assert result.exit_code == 0, result.output
    assert "from the Argos package index" in result.stdout
    assert package_dirs(env) == ["translate-fr_en-1_0"]


def test_no_index_and_no_bundled_package(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the (empty) SUBKIT_MODELS_DIR: the repository's models/ may hold the real package.
    monkeypatch.setattr(models.bundled, "bundled_search_dirs", lambda: [tmp_path / "bundled"])
    result = run("install", "fr", "en", "--index", closed_port_url(), "--timeout", "2")
    assert_one_line_error(result, "no fr→en package", "unavailable", "SUBKIT_MODELS_DIR")


def test_packages_dir_follows_argos_settings_json(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    assert run("install", str(tiny_package(tmp_path / "p.argosmodel"))).exit_code == 0
    assert package_dirs(tmp_path / "data" / "argos-translate" / "packages") == ["translate-fr_en-1_0"]

    configured = tmp_path / "elsewhere"
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)  # argostranslate creates its config directory
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(configured)}))
    assert run("install", str(tiny_package(tmp_path / "p.argosmodel"))).exit_code == 0
    assert package_dirs(configured) == ["translate-fr_en-1_0"]
    assert json.loads(run("list", "--json").stdout)[0]["path"] == str(configured / "translate-fr_en-1_0")


def test_models_command_does_not_import_the_heavy_stack(env: Path) -> None:
    """`subkit models` builds on argostranslate.package, which imports neither torch nor stanza."""
    code = (
        "import sys; from subkit.cli import cli; cli.main(['models', 'list', '--json'], standalone_mode=False); "
        "print(sorted(m for m in ('ctranslate2', 'torch', 'stanza') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_lint_and_segment_do_not_import_argostranslate(env: Path, tmp_path: Path) -> None:
    transcript = tmp_path / "t.txt"
    transcript.write_text("Bonjour à tous. Bienvenue dans cette vidéo.\n", encoding="utf-8")
    code = (
        "import sys, subkit.models\n"
        "from subkit.cli import main\n"
        "for argv in (['segment', sys.argv[1], '-o', sys.argv[2]], ['lint', sys.argv[2]]):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('argostranslate', 'torch', 'stanza')))\n"
    )
    srt = tmp_path / "t.srt"
    out = subprocess.run([sys.executable, "-c", code, str(transcript), str(srt)], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ))
    assert srt.is_file(), out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_models_without_argostranslate_is_a_one_line_error(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("argostranslate", "argostranslate.settings", "argostranslate.package"):
        monkeypatch.setitem(sys.modules, name, None)  # as if it were not installed
    for args in (["list"], ["install", "fr", "en", "--offline"], ["remove", "fr", "en"]):
        assert_one_line_error(run(*args), "argostranslate is not installed", "pip install 'subkit[translate]'")
    assert run("--help").exit_code == 0


def test_a_packages_dir_that_is_a_file_is_named(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from subkit.cli import cli

    not_a_folder = tmp_path / "packages"
    not_a_folder.write_text("oops", encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(not_a_folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = CliRunner().invoke(cli, ["models", "list"])
    assert result.exit_code == 2 and f"ARGOS_PACKAGES_DIR is {not_a_folder}: set it to a folder" in result.output
    assert "Traceback" not in result.output and not_a_folder.read_text(encoding="utf-8") == "oops"
