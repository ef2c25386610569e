"""The recipe's derived training pairs added for model 1.8: the spoken-video phrasebook and the
number-copy augmentation, and the held-out test of the phrases (bench/data/spoken_phrases.tsv)."""
import random
import re

import pytest

from conftest import RECIPE, ROOT, import_from

SPOKEN = ROOT / "bench" / "data" / "spoken_phrases.tsv"


@pytest.fixture(scope="module")
def phrasebook():
    return import_from(RECIPE, "phrasebook")


@pytest.fixture(scope="module")
def numbers():
    return import_from(RECIPE, "augment_numbers")


def _long_pairs():
    order = import_from(RECIPE, "prepare").SOURCE_ORDER
    news, captions = order.index("wmt-newstest"), order.index("multi30k")
    return [("La réunion a eu lieu hier.", "The meeting took place yesterday.", news),
            ("Le Parlement a voté la loi.", "Parliament passed the law.", news),
            ("Obama a parlé.", "Obama spoke.", news),
            ("Un homme lit un journal.", "A man reads a newspaper.", captions)]


def test_the_phrasebook_reads_into_sections_with_held_out_ones(phrasebook):
    book = phrasebook.read_phrasebook()
    assert {"greeting", "intro", "welcome", "closing", "connective"} <= set(book)
    assert ("Bonjour à tous", "Hello everyone") in book["greeting"]
    assert all("{name}" in fr and "{name}" in en for fr, en in book["intro"])
    held_out = {fr for kind, pieces in book.items() if kind.startswith("heldout") for fr, _ in pieces}
    trained = {fr for kind, pieces in book.items() if not kind.startswith("heldout") for fr, _ in pieces}
    assert held_out and not held_out & trained


def test_a_malformed_phrasebook_line_is_named(phrasebook, tmp_path):
    bad = tmp_path / "book.tsv"
    bad.write_text("## greeting\nBonjour sans traduction\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"book.tsv:2: expected French<TAB>English"):
        phrasebook.read_phrasebook(bad)


def test_composed_pairs_use_trained_pieces_names_and_neighbour_sentences(phrasebook):
    book = phrasebook.read_phrasebook()
    made = phrasebook.make_phrases(_long_pairs(), 400, random.Random(3), book)
    assert len(made) == len(set(made)) >= 300
    held_out = [fr for kind, pieces in book.items() if kind.startswith("heldout") for fr, _ in pieces]
    for fr, _ in made:  # no held-out phrasing leaks into training (case aside: it may open a sentence)
        assert not any(re.search(rf"(?i)(^|[ ,.]){re.escape(h)}([ ,.!]|$)", fr) for h in held_out), fr
    openers = [(fr, en) for fr, en in made if en.startswith(("Hello everyone, it's", "Hi everyone, it's"))]
    assert openers
    for fr, en in openers:  # the same name on both sides
        name = en.split("it's ", 1)[1].split(",")[0].split(".")[0]
        assert name in fr
    assert any(fr.endswith("Le Parlement a voté la loi.") for fr, _ in made)  # in context
    # a welcome goes on, with a caption, as the seed's "bienvenue dans cette vidéo où l'on regarde…"
    assert any("bienvenue" in fr and "où l'on" in fr and "un homme lit un journal" in fr
               and "where we" in en and "a man reads a newspaper" in en for fr, en in made)
    assert not any("Sébastien" in fr for fr, _ in made)  # the seed's presenter is not taught


def test_a_connective_lower_cases_only_a_function_word_start(phrasebook):
    assert phrasebook._lowered("Le Parlement a voté.", "The Parliament voted.") == (
        "le Parlement a voté.", "the Parliament voted.")
    assert phrasebook._lowered("Obama a parlé.", "Obama spoke.") is None


def test_number_copies_swap_plain_integers_on_both_sides(numbers):
    assert numbers.copied_numbers("Depuis la fin 2022, 3 villes.", "Since late 2022, 3 towns.") == ["2022", "3"]
    assert numbers.copied_numbers("Il y a 1 000 habitants.", "There are 1,000 inhabitants.") == []
    assert numbers.copied_numbers("Un taux de 2,5 %.", "A rate of 2.5%.") == []
    pairs = [("Depuis la fin 2022, 3 villes ont été reprises.", "Since the end of 2022, 3 towns were retaken.", 0),
             ("Il pleut.", "It is raining.", 0)]
    made, candidates = numbers.augment(pairs, 60, random.Random(0))
    assert candidates == 1 and len(made) == 60
    for fr, en in made:
        year, count = re.findall(r"\d+", fr)
        assert re.findall(r"\d+", en) == [year, count]
        assert 1900 <= int(year) <= 2039  # a year stays a year
    assert len({fr for fr, _ in made}) > 20


def _spoken_lines():
    rows = [line.split("\t") for line in SPOKEN.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return rows


def test_the_spoken_phrase_test_is_well_formed_and_held_out(phrasebook):
    rows = _spoken_lines()
    assert all(len(row) == 3 for row in rows)
    assert {kind for kind, _, _ in rows} == {"heldout", "composed", "seed"}
    book = phrasebook.read_phrasebook()
    trained = {fr.lower() for kind, pieces in book.items() if not kind.startswith("heldout") for fr, _ in pieces}
    for kind, fr, _ in rows:
        assert fr.lower().rstrip(".") not in trained  # a test line is never a training piece alone
    seed = (ROOT / "seeds").glob("*.txt")
    seed_text = "".join(p.read_text(encoding="utf-8") for p in seed)
    assert all(fr in seed_text for kind, fr, _ in rows if kind == "seed")


def test_spoken_phrases_score_required_groups_and_alternatives():
    quality = import_from(ROOT / "bench", "model_quality")
    table = {fr: "" for _, fr, _ in _spoken_lines()}
    table.update({
        "Bonjour à tous et à toutes, bienvenue sur notre chaîne.": "Hello, everyone, welcome to our channel.",
        "Bonne fin de journée et à bientôt.": "Have a nice day and see you soon.",
    })
    result = quality.spoken_phrases(table.__getitem__)
    assert result["heldout"]["found"] == 4  # 2 + 2, alternatives and case ignored
    assert result["heldout"]["groups"] == sum(len(req.split(";")) for k, _, req in _spoken_lines() if k == "heldout")


def test_number_recall_counts_integers_the_reference_copies():
    quality = import_from(ROOT / "bench", "model_quality")
    srcs = ["Depuis la fin 2022, 3 villes.", "Un taux de 2,5 %.", "Le 14 juillet."]
    refs = ["Since the end of 2022, 3 towns.", "A rate of 2.5%.", "On the fourteenth of July."]
    assert quality.number_recall(srcs, refs, ["Since the end of 202, 3 towns.", "", ""]) == 50.0
    assert quality.number_recall(srcs, refs, ["In 2022, 3 towns.", "", ""]) == 100.0


def test_cpu_bf16_is_chosen_from_the_cpu_flags(tmp_path):
    pytest.importorskip("torch")
    train = import_from(RECIPE, "train")
    amx, avx2 = tmp_path / "amx", tmp_path / "avx2"
    amx.write_text("processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile\n", encoding="utf-8")
    avx2.write_text("processor\t: 0\nflags\t\t: fpu avx2 fma\n", encoding="utf-8")
    assert train.cpu_has_amx(str(amx)) and not train.cpu_has_amx(str(avx2))
    assert not train.cpu_has_amx(str(tmp_path / "missing"))
    args = train.parse_args(["--work", str(tmp_path), "--threads", "1"])
    assert args.cpu_bf16 == "off"
    train.pick_device(args)
    assert args.cpu_bf16 is False


def test_no_number_to_copy_makes_no_pairs(numbers):
    assert numbers.augment([("Il pleut.", "It is raining.", 0)], 10, random.Random(0)) == ([], 0)


def test_noise_draws_perturb_weights_by_about_a_millionth_and_reproducibly():
    torch = pytest.importorskip("torch")
    perturb = import_from(RECIPE, "noise_draws").perturb
    state = {"w": torch.randn(64, 64), "steps": torch.tensor([3, 4])}
    a, b, other = perturb(state, 1e-6, 1), perturb(state, 1e-6, 1), perturb(state, 1e-6, 2)
    assert torch.equal(a["w"], b["w"]) and not torch.equal(a["w"], other["w"])
    change = ((a["w"] - state["w"]) / state["w"]).abs()
    assert 0 < change.max() < 1e-5 and change.median() < 2e-6
    assert torch.equal(a["steps"], state["steps"])  # integer tensors are left alone
    assert torch.equal(perturb(state, 0.0, 1)["w"], state["w"])


def test_accumulated_batches_make_the_step_of_one_batch_of_them_all(tmp_path):
    """--accum: two batches per optimizer step move the weights as one batch holding both would."""
    torch = pytest.importorskip("torch")
    import numpy as np

    train, model_py = import_from(RECIPE, "train"), import_from(RECIPE, "model")
    rng = np.random.default_rng(0)
    pairs = [(rng.integers(4, 50, n), rng.integers(4, 50, n + 2), 0) for n in (3, 5, 9, 4)]

    def one_step(groups):
        torch.manual_seed(0)
        # float64: float32 sums over different paddings differ in their last digits
        model = model_py.Transformer(50, d=16, heads=2, ff=32, enc_layers=1, dec_layers=1, dropout=0.0).double()
        args = train.parse_args(["--work", str(tmp_path), "--label-smoothing", "0", "--cooldown", "0",
                                 "--lr", "0.5", "--warmup", "1"])  # the step's learning rate: 0.5
        state = dict(step=0, epoch=0, tokens=0, train_seconds=0.0)
        trainer = train.Trainer(args, model, torch.optim.SGD(model.parameters(), lr=1.0), state, pairs, [],
                                torch.device("cpu"))
        for group in groups:
            trainer.step(group)
        return model.state_dict(), state

    accumulated, acc_state = one_step([[[0, 1], [2, 3]]])
    single, one_state = one_step([[[0, 1, 2, 3]]])
    split, _ = one_step([[[0, 1]], [[2, 3]]])  # two optimizer steps: a different result
    assert acc_state["step"] == one_state["step"] == 1 and acc_state["tokens"] == one_state["tokens"]
    for name, value in single.items():
        torch.testing.assert_close(accumulated[name], value, rtol=1e-9, atol=1e-12, msg=name)
    assert any(not torch.allclose(split[n], single[n], rtol=1e-3, atol=1e-6) for n in single)
    with pytest.raises(SystemExit):  # argparse's one-line usage error
        train.parse_args(["--work", str(tmp_path), "--accum", "0"])


def test_the_moving_average_of_the_weights_is_kept_checkpointed_and_resumed(tmp_path):
    """--ema: after each step avg <- d*avg + (1-d)*weights; the periodic checkpoints hold the average,
    ckpt_last holds both, and a resumed run carries on from the saved average."""
    torch = pytest.importorskip("torch")
    import numpy as np

    train, model_py = import_from(RECIPE, "train"), import_from(RECIPE, "model")
    rng = np.random.default_rng(0)
    pairs = [(rng.integers(4, 50, n), rng.integers(4, 50, n + 2), 0) for n in (3, 5, 9, 4)]
    torch.manual_seed(0)
    model = model_py.Transformer(50, d=16, heads=2, ff=32, enc_layers=1, dec_layers=1, dropout=0.0)
    args = train.parse_args(["--work", str(tmp_path), "--cooldown", "0", "--lr", "0.5", "--warmup", "1",
                             "--ema", "0.75"])
    state = dict(step=0, epoch=0, tokens=0, train_seconds=0.0)
    trainer = train.Trainer(args, model, torch.optim.SGD(model.parameters(), lr=1.0), state, pairs, pairs,
                            torch.device("cpu"))
    name = "out.weight" if "out.weight" in model.state_dict() else next(iter(model.state_dict()))
    seen = [model.state_dict()[name].clone()]
    for group in ([[0, 1]], [[2, 3]]):
        trainer.step(group)
        seen.append(model.state_dict()[name].clone())
    expected = 0.75 * (0.75 * seen[0] + 0.25 * seen[1]) + 0.25 * seen[2]
    torch.testing.assert_close(trainer.ema[name], expected)
    assert not torch.allclose(trainer.ema[name], seen[2])
    assert trainer.ema_valid_loss() > 0

    trainer.checkpoint(tag="0001min")
    periodic = torch.load(tmp_path / "ckpt_0001min.pt", weights_only=False)
    last = torch.load(tmp_path / "ckpt_last.pt", weights_only=False)
    torch.testing.assert_close(periodic["model"][name], expected)
    torch.testing.assert_close(last["model"][name], seen[2])
    torch.testing.assert_close(last["ema"][name], expected)

    resumed_model, _, resumed_state, ema = train.build_model(args, 50, "cpu", str(tmp_path / "ckpt_last.pt"))
    again = train.Trainer(args, resumed_model, torch.optim.SGD(resumed_model.parameters(), lr=1.0),
                          resumed_state, pairs, pairs, torch.device("cpu"), ema)
    torch.testing.assert_close(again.ema[name], expected)
    for bad in ("1", "-0.1"):
        with pytest.raises(SystemExit):  # argparse's one-line usage error
            train.parse_args(["--work", str(tmp_path), "--ema", bad])
