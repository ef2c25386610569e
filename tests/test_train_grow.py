"""grow.py: a deeper encoder that computes exactly what the checkpoint did, so training resumes from it."""
import subprocess
import sys

import pytest

from conftest import RECIPE, import_from


def grow(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RECIPE / "grow.py"), *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture()
def toy_checkpoint(tmp_path):
    torch = pytest.importorskip("torch")
    Transformer = import_from(RECIPE, "model").Transformer
    torch.manual_seed(0)
    model = Transformer(vocab=50, d=16, heads=2, ff=32, enc_layers=2, dec_layers=1)
    path = tmp_path / "ckpt.pt"
    state = dict(step=7, train_seconds=60.0, epoch=0, tokens=1234)
    torch.save(dict(model=model.state_dict(), state=state, config=model.config, opt={}), path)
    return torch, Transformer, model.eval(), path


def test_grown_encoder_translates_exactly_as_before_and_keeps_the_training_state(toy_checkpoint, tmp_path):
    torch, Transformer, before, path = toy_checkpoint
    out = tmp_path / "grown.pt"
    proc = grow(str(path), "--enc-layers", "4", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "encoder 2 -> 4 layers" in proc.stdout

    ck = torch.load(out, map_location="cpu", weights_only=False)
    assert ck["config"]["enc_layers"] == 4 and ck["config"]["dec_layers"] == 1
    assert ck["state"] == dict(step=7, train_seconds=60.0, epoch=0, tokens=1234)
    assert "opt" not in ck  # the shapes changed: train.py starts fresh Adam moments
    after = Transformer(**ck["config"])
    after.load_state_dict(ck["model"])
    after.eval()
    # the new layers are trainable copies of the top one, not zeros throughout
    assert torch.equal(ck["model"]["enc.3.ffn.linear_0.weight"], ck["model"]["enc.1.ffn.linear_0.weight"])
    assert not ck["model"]["enc.3.ffn.linear_1.weight"].any()

    src = torch.randint(4, 50, (3, 9))
    tgt = torch.randint(4, 50, (3, 6))
    with torch.no_grad():
        assert torch.allclose(before(src, tgt), after(src, tgt), atol=1e-6)
        # and the added layers are real layers: changing one changes the output
        after.enc[3].ffn.linear_1.weight.normal_(0, 0.5)  # not a constant: enc_norm would remove that
        assert not torch.allclose(before(src, tgt), after(src, tgt), atol=1e-3)


def test_growing_to_no_more_layers_is_a_one_line_error_and_writes_nothing(toy_checkpoint, tmp_path):
    _, _, _, path = toy_checkpoint
    out = tmp_path / "grown.pt"
    proc = grow(str(path), "--enc-layers", "2", "--out", str(out))
    assert proc.returncode != 0
    assert proc.stderr.strip() == f"{path}: the checkpoint already has 2 encoder layers (asked for 2)"
    assert not out.exists()


def test_a_file_that_is_not_a_checkpoint_is_a_one_line_error(tmp_path):
    pytest.importorskip("torch")
    bad = tmp_path / "notes.pt"
    bad.write_text("not a checkpoint", encoding="utf-8")
    proc = grow(str(bad), "--enc-layers", "6", "--out", str(tmp_path / "grown.pt"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{bad}: ") and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "grown.pt").exists()
