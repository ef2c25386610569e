"""Each model's own review threshold: tools/train_fr_en/calibrate.py measures it on FLORES dev and
stores it in the package's metadata.json; `subkit translate --qa` flags the sentences under it."""
import importlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.models.installed import low_confidence_from
from subkit.translate import qa

ROOT = Path(__file__).resolve().parents[1]
CALIBRATE = ROOT / "tools" / "train_fr_en" / "calibrate.py"
FLORES = ROOT.parent / "shared" / "data" / "eval" / "flores-dev.fr"


@pytest.fixture(scope="module")
def calibrate():
    sys.path.insert(0, str(CALIBRATE.parent))
    try:
        return importlib.import_module("calibrate")
    finally:
        sys.path.remove(str(CALIBRATE.parent))


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("metadata, expected", [
    ({"review": {"low_confidence": 0.58}}, 0.58),
    ({"review": {"low_confidence": 1}}, None),
    ({"review": {"low_confidence": True}}, None),
    ({"review": {"low_confidence": "0.58"}}, None),
    ({"review": 0.58}, None),
    ({}, None),
])
def test_a_package_declares_its_threshold_or_none(metadata, expected):
    assert low_confidence_from(metadata) == expected


def test_the_threshold_given_replaces_the_default():
    good = ("Les Russes ont avancé.", "The Russians advanced.")
    assert [f.id for f in qa.check_pair(*good, confidence=0.6, low_confidence=0.65)] == ["low-confidence"]
    assert qa.check_pair(*good, confidence=0.6, low_confidence=0.58) == []
    assert [f.id for f in qa.check_pair(*good, confidence=qa.LOW_CONFIDENCE - 0.01)] == ["low-confidence"]
    assert "under 0.65" in qa.check_confidence(0.6, 0.65).message


@pytest.mark.slow
def test_calibrate_writes_the_threshold_and_keeps_every_other_member(real_package, tmp_path):
    if not FLORES.is_file():
        pytest.skip("no ../shared/data/eval/flores-dev.fr")
    package = tmp_path / real_package.name
    shutil.copyfile(real_package, package)
    before = _members(package)
    out = tmp_path / "calibration.json"
    run = subprocess.run([sys.executable, str(CALIBRATE), str(package), "--limit", "20", "--write", "--json", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text("utf-8"))
    after = _members(package)
    member = next(n for n in after if n.endswith("/metadata.json"))
    meta = json.loads(after[member])
    assert meta["review"]["low_confidence"] == result["low_confidence"]
    assert "first 20 sentences" in meta["review"]["calibration"]
    # the fifth least confident of 20: under the median, and a real probability
    assert 0 < result["low_confidence"] <= result["median_confidence"] < 1
    old = json.loads(before[member])
    assert {k: v for k, v in meta.items() if k != "review"} == {k: v for k, v in old.items() if k != "review"}
    assert {n: b for n, b in after.items() if n != member} == {n: b for n, b in before.items() if n != member}


@pytest.mark.slow
def test_translate_qa_flags_under_the_packages_own_threshold(real_package, calibrate, tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    package = Path(calibrate.unpacked(str(real_package), str(tmp_path / "pkg")))
    source = tmp_path / "ep.fr.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:04,000\nLes Russes ont avancé près de Koursk.\n\n"
                      "2\n00:00:05,000 --> 00:00:08,000\nLes Ukrainiens tiennent toujours la ville.\n", "utf-8")

    def low_confidence_cues(threshold):
        calibrate.write(str(package), {"low_confidence": threshold, "calibration": "this test"})
        report = tmp_path / f"qa-{threshold}.json"
        result = CliRunner().invoke(cli, ["translate", str(source), "-o", str(tmp_path / f"ep-{threshold}.en.srt"),
                                          "--model", str(package), "--no-memory", "--qa", str(report)])
        assert result.exit_code == 0, result.output
        entries = json.loads(report.read_text("utf-8"))
        return [e["cue"] for e in entries if any(f["id"] == "low-confidence" for f in e["flags"])], entries

    flagged, entries = low_confidence_cues(0.99)
    assert flagged == [1, 2] and all(e["confidence"] < 0.99 for e in entries)
    flagged, entries = low_confidence_cues(0.01)
    assert flagged == [] and all(e["confidence"] > 0.01 for e in entries)
