"""Export Stanza's French tokenizer (sentence splitter) to a MiniSBD-compatible ONNX file.

argostranslate 1.11 uses MiniSBD when a package has a `minisbd/` folder holding a `.onnx` file, and
then loads it locally (no download). MiniSBD models are Stanza tokenizers exported to ONNX with
inputs `units` (int64 [batch, len]) and `features` (float32 [batch, len, n_feats]), one output of
per-character log-probabilities, and metadata `lang_code`, `config`, `vocab`, `lexicon` (JSON).
We export the Stanza French `tokenize/combined.pt` model that ships with the (partial) official
translate-fr_en-1_9 package.

Needs the `onnx` package at export time only (pip install onnx; not at inference).
Usage: python export_sbd.py STANZA_TOKENIZE_PT OUT.onnx
"""
import json
import sys

import torch


def export(pt_path, out_path):
    from stanza.models.tokenization.model import Tokenizer

    ck = torch.load(pt_path, map_location="cpu", weights_only=False)
    args = dict(ck["config"])
    if "use_mwt" not in args:
        args["use_mwt"] = True
    model = Tokenizer(args, args["vocab_size"], args["emb_dim"], args["hidden_dim"],
                      dropout=args["dropout"], feat_dropout=args["feat_dropout"])
    model.load_state_dict(ck["model"])
    model.eval()
    nfeat = args["feat_dim"]
    units = torch.randint(2, args["vocab_size"], (2, 50), dtype=torch.long)
    feats = torch.zeros(2, 50, nfeat)
    torch.onnx.export(model, (units, feats), out_path, input_names=["units", "features"],
                      output_names=["pred"], opset_version=17, dynamo=False,
                      dynamic_axes={"units": {0: "batch", 1: "len"}, "features": {0: "batch", 1: "len"},
                                    "pred": {0: "batch", 1: "len"}})
    import onnx

    m = onnx.load(out_path)
    keys = ["skip_newline", "max_seqlen", "no_ssplit", "batch_size", "feat_funcs", "use_dictionary",
            "num_dict_feat"]
    cfg = {k: args[k] for k in keys if k in args}
    vocab = dict(ck["vocab"])
    meta = {"lang_code": args.get("lang", "fr"), "config": json.dumps(cfg), "vocab": json.dumps(vocab),
            "lexicon": json.dumps(list(ck["lexicon"]) if ck.get("lexicon") else None),
            "source": "Stanza 1.10 fr tokenize (combined), Apache-2.0; exported for MiniSBD"}
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(m, out_path)

    # check: ONNX output == PyTorch output
    import numpy as np
    import onnxruntime as ort

    sess = ort.InferenceSession(out_path, providers=["CPUExecutionProvider"])
    u = torch.randint(2, args["vocab_size"], (3, 77), dtype=torch.long)
    f = (torch.rand(3, 77, nfeat) > 0.7).float()
    with torch.no_grad():
        ref = model(u, f).numpy()
    got = sess.run(None, {"units": u.numpy(), "features": f.numpy()})[0]
    # ONNX's LogSigmoid loses precision / underflows for very negative log-probs (irrelevant to the
    # argmax decisions): compare the values that matter (log-prob > -10) and the argmax
    mask = ref > -10
    diff = float(np.abs(ref - got)[mask].max())
    same = float((ref.argmax(-1) == got.argmax(-1)).mean())
    print(f"onnx vs torch: max abs diff (where log-prob > -10) {diff:.2e}, argmax agreement {same:.4f}")
    assert diff < 1e-2 and same == 1.0, "ONNX export does not match PyTorch"


if __name__ == "__main__":
    export(sys.argv[1], sys.argv[2])
