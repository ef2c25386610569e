"""`subkit models install` refuses unsafe or broken archives before unpacking anything, and what
argostranslate.package itself does with the same archives (why subkit keeps its own checks)."""

from __future__ import annotations
import io
import json
import zipfile
import zlib
from pathlib import Path
import pytest

from models_support import (
    assert_one_line_error, closed_port_url, make_zip, package_dirs, run, tiny_members, tiny_package,
)

# --------------------------------------------------------------------------------------------
# Archives that must be refused before anything is unpacked


def test_reject_corrupt_zip(env: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    assert_one_line_error(run("install", str(bad)), str(bad), "not a zip archive")
    assert package_dirs(env) == []


def test_reject_truncated_zip(env: Path, tmp_path: Path) -> None:
    good = tiny_package(tmp_path / "good.argosmodel")
    cut = tmp_path / "cut.argosmodel"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert_one_line_error(run("install", str(cut)), str(cut), "not a zip archive")
    assert package_dirs(env) == []


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED], ids=["stored", "deflated"])
def test_reject_corrupt_member_and_leave_nothing_behind(env: Path, tmp_path: Path, compression: int) -> None:
    members = tiny_members()
    payload = bytes(range(256)) * 40
    members["translate-fr_en-1_0/model/model.bin"] = payload
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("translate-fr_en-1_0/model/model.bin")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 2, start + info.compress_size - 2):
        data[i] ^= 0x55  # the member's bytes no longer match its CRC (or its deflate stream)
    bad = tmp_path / "crc.argosmodel"
    bad.write_bytes(bytes(data))
    assert_one_line_error(run("install", str(bad)), str(bad), "corrupt .argosmodel", "model.bin")
    assert package_dirs(env) == []


@pytest.mark.parametrize(
    "evil",
    ["../evil", "translate-fr_en-1_0/../../evil", "translate-fr_en-1_0/model/../../../evil", "/tmp/subkit-evil"],
)
def test_reject_paths_escaping_the_target(env: Path, tmp_path: Path, evil: str) -> None:
    members = tiny_members()
    members[evil] = b"owned"
    bad = make_zip(tmp_path / "evil.argosmodel", members)
    with zipfile.ZipFile(bad) as zf:
        assert evil in zf.namelist()  # the archive really holds the hostile name
    result = run("install", str(bad))
    assert_one_line_error(result, str(bad), "unsafe .argosmodel")
    assert package_dirs(env) == []
    assert not (tmp_path / "evil").exists() and not (tmp_path / "argos" / "evil").exists()
    assert not Path("/tmp/subkit-evil").exists()


def test_reject_symlink_member(env: Path, tmp_path: Path) -> None:
    bad = make_zip(
        tmp_path / "link.argosmodel",
        tiny_members(),
        symlinks={"translate-fr_en-1_0/model/extra.bin": "/etc/passwd"},
    )
    assert_one_line_error(run("install", str(bad)), str(bad), "symbolic link")
    assert package_dirs(env) == []


def test_reject_missing_model_bin(env: Path, tmp_path: Path) -> None:
    members = tiny_members()
    del members["translate-fr_en-1_0/model/model.bin"]
    bad = make_zip(tmp_path / "nomodel.argosmodel", members)
    assert_one_line_error(run("install", str(bad)), str(bad), "missing translate-fr_en-1_0/model/model.bin")
    assert package_dirs(env) == []


def test_an_empty_model_bin_does_not_replace_a_working_package(env: Path, tmp_path: Path) -> None:
    good = tiny_package(tmp_path / "good.argosmodel")
    assert run("install", str(good)).exit_code == 0
    before = (env / "translate-fr_en-1_0" / "model" / "model.bin").read_bytes()
    members = tiny_members()
    members["translate-fr_en-1_0/model/model.bin"] = b""  # a broken download or copy
    bad = make_zip(tmp_path / "empty.argosmodel", members)
    assert_one_line_error(run("install", str(bad)), str(bad), "translate-fr_en-1_0/model/model.bin is empty")
    assert (env / "translate-fr_en-1_0" / "model" / "model.bin").read_bytes() == before


def test_an_installed_package_with_an_empty_model_is_not_chosen(env: Path, tmp_path: Path) -> None:
    assert run("install", str(tiny_package(tmp_path / "a.argosmodel"))).exit_code == 0
    newer = tiny_package(tmp_path / "b.argosmodel", top="translate-fr_en-2_0", version="2.0")
    assert run("install", str(newer)).exit_code == 0
    (env / "translate-fr_en-2_0" / "model" / "model.bin").write_bytes(b"")  # emptied after install
    result = run("list")
    assert "translate-fr_en-1_0" in result.output and "model/model.bin is empty" in result.output


def test_an_empty_packages_dir_variable_is_unset(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `export ARGOS_PACKAGES_DIR=` meant "unset": packages went into the current directory
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert run("install", str(tiny_package(tmp_path / "a.argosmodel"))).exit_code == 0
    assert not (tmp_path / "translate-fr_en-1_0").exists()
    assert (tmp_path / "data" / "argos-translate" / "packages" / "translate-fr_en-1_0").is_dir()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m.update({"other/metadata.json": b"{}"}), "expected one top directory, found 2"),
        (lambda m: m.update({"stray.txt": b"x"}), "outside the package's top directory"),
        (lambda m: m.update({"translate-fr_en-1_0/metadata.json": b"{not json"}), "metadata.json is not valid JSON"),
        (
            lambda m: m.update({"translate-fr_en-1_0/metadata.json": b'{"to_code": "en"}'}),
            "metadata.json has no from_code",
        ),
        (lambda m: m.pop("translate-fr_en-1_0/sentencepiece.model"), "missing translate-fr_en-1_0/sentencepiece.model"),
    ],
    ids=["two-tops", "stray-file", "bad-json", "no-from-code", "no-sentencepiece"],
)
def test_reject_invalid_structure(env: Path, tmp_path: Path, change, message: str) -> None:
    members = tiny_members()
    change(members)
    bad = make_zip(tmp_path / "bad.argosmodel", members)
    assert_one_line_error(run("install", str(bad)), str(bad), message)
    assert package_dirs(env) == []


def test_missing_file_and_usage_errors(env: Path, tmp_path: Path) -> None:
    assert_one_line_error(run("install", str(tmp_path / "nope.argosmodel")), "nope.argosmodel", "no such file")
    result = run("install", "a", "b", "c")
    assert result.exit_code == 2 and "expected PATH.argosmodel, or FROM and TO" in result.stderr
    assert_one_line_error(run("remove", "fr", "en"), "no fr→en package installed", str(env))
    assert_one_line_error(run("remove", "translate-fr_en-1_0"), "no package named 'translate-fr_en-1_0'")


def test_unwritable_packages_directory(tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker / "packages"))
    good = tiny_package(tmp_path / "good.argosmodel")
    assert_one_line_error(run("install", str(good)), str(blocker / "packages"), "ARGOS_PACKAGES_DIR")


# --------------------------------------------------------------------------------------------
# What argostranslate.package itself does with what subkit refuses (why subkit keeps its checks)


def test_argostranslate_install_unpacks_a_hostile_archive_that_subkit_rejects(
    env: Path, tmp_path: Path, private_argos, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, _ = private_argos
    argos_dir = tmp_path / "argos-packages"
    members = tiny_members()
    del members["translate-fr_en-1_0/model/model.bin"]
    members["../evil"] = b"owned"
    members["/tmp/subkit-evil"] = b"owned"
    hostile = make_zip(
        tmp_path / "hostile.argosmodel", members, symlinks={"translate-fr_en-1_0/model/extra.bin": "/etc/passwd"}
    )

    package.install_from_path(hostile)  # argostranslate: no error
    names = sorted(p.name for p in argos_dir.iterdir())
    assert names == ["evil", "tmp", "translate-fr_en-1_0"]  # stray entries beside the packages
    assert not (argos_dir / "translate-fr_en-1_0" / "model" / "model.bin").exists()  # a package with no model
    assert (argos_dir / "translate-fr_en-1_0" / "model" / "extra.bin").read_text() == "/etc/passwd"
    with pytest.raises(FileNotFoundError, match="no metadata.json"):
        package.get_installed_packages()  # the stray directory breaks every Argos tool's listing

    # subkit refuses the same file before unpacking anything, and its listing survives a stray directory.
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(env))  # private_argos pointed it at argostranslate's directory
    assert_one_line_error(run("install", str(hostile)), str(hostile), "unsafe .argosmodel")
    assert package_dirs(env) == []
    assert not Path("/tmp/subkit-evil").exists()
    assert run("install", str(tiny_package(tmp_path / "ok.argosmodel"))).exit_code == 0
    (env / "tmp").mkdir()
    result = run("list", "--json")
    assert result.exit_code == 0 and [e["name"] for e in json.loads(result.stdout)] == ["translate-fr_en-1_0"]
    assert "no metadata.json" in result.stderr and str(env / "tmp") in result.stderr


def test_argostranslate_install_leaves_half_a_package_from_a_corrupt_archive(
    env: Path, tmp_path: Path, private_argos, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, _ = private_argos
    members = tiny_members()
    members["translate-fr_en-1_0/model/model.bin"] = bytes(range(256)) * 40
    good = make_zip(tmp_path / "good.argosmodel", members)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("translate-fr_en-1_0/model/model.bin")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    bad = tmp_path / "corrupt.argosmodel"
    bad.write_bytes(bytes(data))

    with pytest.raises((zipfile.BadZipFile, zlib.error)):  # a bad CRC, or a broken deflate stream
        package.install_from_path(bad)
    assert [(p.from_code, p.to_code) for p in package.get_installed_packages()] == [("fr", "en")]  # installed?

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(env))  # private_argos pointed it at argostranslate's directory
    assert_one_line_error(run("install", str(bad)), str(bad), "corrupt .argosmodel")
    assert package_dirs(env) == []


def test_argostranslate_index_has_no_timeout_reason_or_offline_answer(
    env: Path, tmp_path: Path, private_argos, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect
    import logging

    from argostranslate import networking, settings

    package, _ = private_argos
    monkeypatch.setattr(logging.getLogger("argostranslate.utils"), "disabled", True)
    local = tiny_package(tmp_path / "local.argosmodel")
    assert networking.get_from([local.as_uri()], retry_count=0) is None  # no file:// and no reason
    assert "timeout" not in inspect.signature(networking.get).parameters
    # Offline with no cached index, get_available_packages calls itself until the stack runs out.
    monkeypatch.setattr(settings, "remote_package_index", closed_port_url() + "index.json")
    monkeypatch.setattr(settings, "local_package_index", tmp_path / "no-index.json")
    with pytest.raises(RecursionError):
        package.get_available_packages()
