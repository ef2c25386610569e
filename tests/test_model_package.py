"""The committed French→English Argos package (models/*.argosmodel, issue #6) is valid and works
offline with unmodified argostranslate: every socket connection fails the test."""
import glob
import json
import os
import socket
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = sorted(glob.glob(os.path.join(ROOT, "models", "*.argosmodel")))
MAX_BYTES = 50 * 1024 * 1024


@pytest.fixture
def package_path():
    if not PACKAGES:
        pytest.skip("no models/*.argosmodel in this checkout")
    assert len(PACKAGES) == 1, f"exactly one package expected in models/, found {PACKAGES}"
    return PACKAGES[0]


def test_package_is_valid_zip(package_path):
    assert os.path.getsize(package_path) <= MAX_BYTES
    with open(package_path, "rb") as f:
        assert not f.read(200).startswith(b"version https://git-lfs"), "package is a Git LFS pointer"
    assert zipfile.is_zipfile(package_path)
    with zipfile.ZipFile(package_path) as z:
        assert z.testzip() is None
        names = z.namelist()
        tops = {n.split("/")[0] for n in names}
        assert len(tops) == 1, tops
        top = tops.pop()
        for member in ("metadata.json", "README.md", "sentencepiece.model", "model/model.bin",
                       "model/config.json", "model/shared_vocabulary.json", "minisbd/fr.onnx"):
            assert f"{top}/{member}" in names, member
        meta = json.loads(z.read(f"{top}/metadata.json"))
    assert meta["from_code"] == "fr" and meta["to_code"] == "en"
    assert meta["package_version"] and meta["argos_version"]
    assert meta.get("links") == []
    # shipped packages are calibrated (tools/train_fr_en/calibrate.py): --qa flags under the model's own threshold
    assert 0 < meta["review"]["low_confidence"] < 1 and "FLORES" in meta["review"]["calibration"]


def _block_network(monkeypatch, attempts):
    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_translates_offline_with_argostranslate(package_path, private_argos, monkeypatch):
    package, translate = private_argos
    attempts = []
    _block_network(monkeypatch, attempts)
    assert package.get_installed_packages() == []
    package.install_from_path(package_path)
    installed = package.get_installed_packages()
    assert [(p.from_code, p.to_code) for p in installed] == [("fr", "en")]
    assert "minisbd" in str(installed[0].packaged_sbd_path)

    out = translate.translate("Bonjour à tous, bienvenue dans cette vidéo.", "fr", "en")
    assert "welcome" in out.lower() or "hello" in out.lower(), out
    # two sentences and a typographic apostrophe: split locally, both translated
    out2 = translate.translate("Le chat dort sur le canapé. Je pense qu’il fait beau aujourd’hui.", "fr", "en")
    low = out2.lower()
    assert "cat" in low and "today" in low and "think" in low, out2
    assert attempts == [], f"network connection attempted: {attempts}"
