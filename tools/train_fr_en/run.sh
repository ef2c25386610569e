#!/usr/bin/env bash
# One command, end to end and resumable:
#   prepare (+ name-copy augmentation) -> train (time-boxed; resumes from work/ckpt_last.pt) -> average last checkpoints
#   -> convert + package -> evaluate (bench/model_quality.py) -> re-package with the measured quality
#   -> calibrate.py: the confidence under which `subkit translate --qa` flags this model's sentences
# Usage: tools/train_fr_en/run.sh
#   env: MINUTES=100 (training minutes, cumulative over reruns)  VERSION=1.0  STOP_AT=HH:MM (UTC wall-clock cap)
#        DATA="../shared/data/parallel ../shared/data/parallel-batch2" (folders, space-separated; the mix is
#          prepare.py's SOURCE_WEIGHTS)  WORK=tools/train_fr_en/work  PY=python  SKIP_TRAIN=1
#        TRAIN_ARGS="--batch-tokens 16000 --lr 3e-3 --cooldown 1.5"  (extra train.py options, e.g. for a GPU run)
#        RESUME_FROM=models/subkit-fr_en-1.2.argosmodel  (when WORK has no checkpoint yet, continue training
#          that package's weights instead of starting from scratch: unpack.py rebuilds the checkpoint, and
#          prepare.py encodes with the package's sentencepiece.model, so the vocabulary stays the same)
#        AVG_ARGS="--max-n 12" (extra average.py options: how many periodic checkpoints it may average;
#          "--since-minute 1350" averages every one from that minute on, across runs, as for 2.2)
#        PREPARE_ARGS="--valid-size 50" (extra prepare.py options)  PACKAGE_OUT=models/subkit-fr_en-$VERSION.argosmodel  SKIP_EVAL=1 (package once, without bench/model_quality.py or calibrate.py)
#        GROW_ENC=6 (with RESUME_FROM: grow.py deepens the unpacked encoder to that many layers, the new
#          ones identities at first, before training continues)
#        DISTIL_FROM=models/subkit-fr_en-2.3.argosmodel (distill.py: that package's translations of training
#          French as extra pairs, mixed in with TRAIN_ARGS="--distilled-weight 1")
#        GPU: tools/train_fr_en/gpu.sh continues the model on a lent GPU and comes back here with SKIP_TRAIN=1
set -euo pipefail
# The body is one function, read whole before it runs: editing this file during a run (hours of
# training) cannot change what the running copy does next.
main() {
  HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  ROOT="$(cd "$HERE/../.." && pwd)"
  WORK="${WORK:-$HERE/work}"
  PY="${PY:-python}"
  MINUTES="${MINUTES:-100}"
  VERSION="${VERSION:-1.0}"
  SHARED_DATA="$(cd "$ROOT/.." && pwd)/shared/data"
  DATA="${DATA:-$SHARED_DATA/parallel $SHARED_DATA/parallel-batch2}"
  OUT="${PACKAGE_OUT:-$ROOT/models/subkit-fr_en-$VERSION.argosmodel}"
  mkdir -p "$WORK"
  SPM_ARGS=()
  if [ -n "${RESUME_FROM:-}" ]; then
    # the package's own vocabulary (its spm_norm-ed model: same pieces and ids, apostrophe rules baked in)
    "$PY" - "$RESUME_FROM" "$WORK/resume_spm.model" <<'PYEOF'
import os, shutil, sys, zipfile
if os.path.isdir(sys.argv[1]):
    shutil.copyfile(os.path.join(sys.argv[1], "sentencepiece.model"), sys.argv[2])
    sys.exit()
with zipfile.ZipFile(sys.argv[1]) as z:
    member = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/sentencepiece.model"))
    open(sys.argv[2], "wb").write(z.read(member))
PYEOF
    SPM_ARGS=(--spm "$WORK/resume_spm.model")
  fi
  echo "== prepare $(date -u +%H:%M:%S)"
  # shellcheck disable=SC2086  # DATA is a list of folders, PREPARE_ARGS a list of options
  "$PY" "$HERE/prepare.py" --data $DATA "${SPM_ARGS[@]}" --work "$WORK" ${PREPARE_ARGS:-}
  "$PY" "$HERE/augment_names.py" --work "$WORK"
  "$PY" "$HERE/join_segments.py" --work "$WORK"
  "$PY" "$HERE/phrasebook.py" --work "$WORK"
  "$PY" "$HERE/augment_numbers.py" --work "$WORK"
  "$PY" "$HERE/sample_segments.py" --work "$WORK"
  if [ -n "${DISTIL_FROM:-}" ]; then  # a teacher's translations: minutes of beam search, so only when asked
    "$PY" "$HERE/distill.py" --work "$WORK" --teacher "$DISTIL_FROM"
  fi
  if [ -n "${RESUME_FROM:-}" ] && [ ! -e "$WORK/ckpt_last.pt" ]; then
    echo "== unpack $RESUME_FROM $(date -u +%H:%M:%S)"
    "$PY" "$HERE/unpack.py" "$RESUME_FROM" --out "$WORK/ckpt_last.pt"
    if [ -n "${GROW_ENC:-}" ]; then  # a deeper encoder that starts as the package's exact function
      "$PY" "$HERE/grow.py" "$WORK/ckpt_last.pt" --enc-layers "$GROW_ENC" --out "$WORK/ckpt_last.pt"
    fi
  fi
  if [ -z "${SKIP_TRAIN:-}" ]; then
    echo "== train $(date -u +%H:%M:%S)"
    # shellcheck disable=SC2086  # TRAIN_ARGS is a list of options
    "$PY" "$HERE/train.py" --work "$WORK" --minutes "$MINUTES" ${STOP_AT:+--stop-at "$STOP_AT"} ${TRAIN_ARGS:-}
  fi
  echo "== average $(date -u +%H:%M:%S)"
  # shellcheck disable=SC2086  # AVG_ARGS is a list of options
  "$PY" "$HERE/average.py" --work "$WORK" ${AVG_ARGS:-}
  echo "== convert + package $(date -u +%H:%M:%S)"
  "$PY" "$HERE/package.py" --work "$WORK" --ckpt "$WORK/ckpt_avg.pt" --version "$VERSION" --out "$OUT"
  if [ -n "${SKIP_EVAL:-}" ]; then
    echo "== done $(date -u +%H:%M:%S): $OUT (not evaluated)"
    return
  fi
  echo "== evaluate $(date -u +%H:%M:%S)"
  "$PY" "$ROOT/bench/model_quality.py" --package "$OUT" --json "$WORK/quality.json" --hyps "$WORK/flores.hyps" | tee "$WORK/quality.txt"
  echo "== package with measured quality $(date -u +%H:%M:%S)"
  "$PY" "$HERE/package.py" --work "$WORK" --ckpt "$WORK/ckpt_avg.pt" --version "$VERSION" --out "$OUT" \
    --quality-json "$WORK/quality.json"
  echo "== calibrate the review threshold $(date -u +%H:%M:%S)"
  "$PY" "$HERE/calibrate.py" "$OUT" --write --json "$WORK/calibration.json"
  echo "== done $(date -u +%H:%M:%S): $OUT"
}
main "$@"; exit  # on the same line: bash reads no further, so an edit during a run cannot break its end
