"""Calibrate a package's review threshold: the confidence under which subkit flags its sentences.

A model's confidence (the geometric mean of its token probabilities, subkit.translate.engine) is on
its own scale: a model trained longer, or with other dropout, is more sure of everything, good and
bad alike. So each package declares its own threshold, metadata.json's
``"review": {"low_confidence": x}``: the model's worst fifth (--quantile) of FLORES dev's first half
(the half bench/qa.py calibrates on; the second half stays for measuring), translated by subkit's
engine with its default decoding, as `subkit translate` runs it.

Usage:
  python calibrate.py PACKAGE [--write] [--json OUT]   # PACKAGE: an .argosmodel or an installed directory

Without --write it only prints; with it, the package's metadata.json gains the threshold (an
.argosmodel is rewritten atomically, its other members byte for byte). run.sh calls it last.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SUBKIT_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
EVAL = os.path.join(SHARED, "data", "eval")
# Share of the calibration sentences (the model's least confident) that the threshold flags: the
# rule 0.55 came from for subkit-fr_en-1.4 (README "Review flags").
QUANTILE = 0.2


def percentile(values, q):
    """The value at rank int(q * n) of the sorted *values* (bench/qa.py's definition)."""
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _metadata_member(z):
    return next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/metadata.json"))


def unpacked(package, tmp):
    """The package directory for *package* (an installed directory, or an .argosmodel unzipped into *tmp*)."""
    if os.path.isdir(package):
        return package
    with zipfile.ZipFile(package) as z:
        top = _metadata_member(z).split("/")[0]
        z.extractall(tmp)
    return os.path.join(tmp, top)


def measure(package_dir, limit, threads, quantile):
    """Translate the first *limit* FLORES dev sentences; return the threshold and how it was found."""
    from subkit.translate.engine import Engine

    with open(os.path.join(EVAL, "flores-dev.fr"), encoding="utf-8") as f:
        fr = f.read().splitlines()[:limit]
    engine = Engine(package_dir, "calibrate", threads=threads)
    t0 = time.perf_counter()
    mt = engine.translate(fr)
    conf = engine.confidences(list(zip(fr, mt)))
    threshold = round(percentile(conf, quantile), 2)
    # How well the threshold separates bad translations from good ones is bench/qa.py's to measure.
    return {"low_confidence": threshold, "sentences": len(fr), "quantile": quantile,
            "median_confidence": round(percentile(conf, 0.5), 3), "seconds": round(time.perf_counter() - t0, 1),
            "calibration": f"the model's least confident {quantile:.0%} of FLORES-200 dev's first "
                           f"{len(fr)} sentences, subkit's engine with its default decoding"}


def write(package, review):
    """Put *review* into *package*'s metadata.json, atomically, leaving every other member as it is."""
    if os.path.isdir(package):
        path = os.path.join(package, "metadata.json")
        with open(path, encoding="utf-8") as f:
            meta = json.load(f)
        meta["review"] = review
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=2)
        os.replace(path + ".tmp", path)
        return
    tmp_zip = package + ".tmp"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as dst:
        member = _metadata_member(src)
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                meta = json.loads(data)
                meta["review"] = review
                data = json.dumps(meta, indent=2).encode("utf-8")
            dst.writestr(info, data)
    os.replace(tmp_zip, package)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", help="an .argosmodel file or an installed package directory")
    ap.add_argument("--limit", type=int, default=498, help="FLORES dev sentences (default: the first half)")
    ap.add_argument("--quantile", type=float, default=QUANTILE)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--write", action="store_true", help="store the threshold in the package's metadata.json")
    ap.add_argument("--json", default=None, help="also write the result here")
    args = ap.parse_args()
    if not os.path.exists(args.package):
        sys.exit(f"{args.package}: no such package")
    tmp = tempfile.mkdtemp(prefix="calibrate_")
    try:
        result = measure(unpacked(args.package, tmp), args.limit, args.threads, args.quantile)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
    if args.write:
        write(args.package, {"low_confidence": result["low_confidence"], "calibration": result["calibration"]})
        print(f"wrote review.low_confidence {result['low_confidence']} into {args.package}", flush=True)


if __name__ == "__main__":
    main()
