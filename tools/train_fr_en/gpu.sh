#!/usr/bin/env bash
# Continue the current model on a GPU lent for one device call, and package the result here.
#
# Three steps; only the middle one runs on the device machine (one `run` call, at most 10 minutes):
#   1. here:   tools/train_fr_en/gpu.sh stage
#              copies the training data (../shared does not travel) and the package to continue (RESUME_FROM,
#              default the newest models/subkit-fr_en-*.argosmodel that git tracks) into tools/train_fr_en/work-gpu/ (git-ignored,
#              about 20 MB), and prints the device call.
#   2. device: run(command="bash tools/train_fr_en/gpu.sh train", carry=["tools/train_fr_en/work-gpu"], timeout_s=600)
#              prepares the mixed data with the package's vocabulary, unpacks the package into a checkpoint, trains
#              GPU_MINUTES (default 6) more minutes in bfloat16 as measured for 1.4 (batches of 16,000 tokens,
#              --lr 3e-3, re-warm 300 steps, cooldown over the last 1.5 minutes, a checkpoint every minute),
#              averages the last checkpoints (average.py) and writes the weights to $OUT/gpu/ as float16 shards
#              (each under the 16 MiB a returned file may have) with meta.json and train.log.
#   3. here:   VERSION=1.6 tools/train_fr_en/gpu.sh land /work/.device/<...>/gpu
#              rebuilds a float32 checkpoint in a fresh work folder (tools/train_fr_en/work-gpu/land) and runs
#              run.sh with SKIP_TRAIN=1 there: prepare, average, int8 conversion + package to
#              models/subkit-fr_en-$VERSION.argosmodel (PACKAGE_OUT to change), evaluation (SKIP_EVAL=1 to skip).
# env: PY (python3)  CARRY (tools/train_fr_en/work-gpu)  DATA (folders to stage; default ../shared's parallel and
#      parallel-batch2)  RESUME_FROM  GPU_MINUTES=6  DEVICE=cuda (cpu for the end-to-end test)
#      LIMIT_S=510 (train: wall-clock seconds from its start by which training must have cooled down and stopped)
#      WORK (train: /tmp/subkit-gpu-work; land: CARRY/land)  PREPARE_ARGS, TRAIN_ARGS (extra options, appended)
#      GROW_ENC=6 (train: grow.py deepens the unpacked encoder to that many layers before training; land
#      reads the layer count from meta.json)
set -euo pipefail
main() {
  HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  ROOT="$(cd "$HERE/../.." && pwd)"
  cd "$ROOT"
  PY="${PY:-python3}"
  CARRY="${CARRY:-tools/train_fr_en/work-gpu}"
  case "${1:-}" in
    stage) stage ;;
    train) train ;;
    land) land "${2:?usage: gpu.sh land DIR (the gpu/ folder the device call returned)}" ;;
    *) echo "usage: gpu.sh stage | train | land DIR" >&2; exit 2 ;;
  esac
}

stage() {
  local shared resume d
  shared="$(cd "$ROOT/.." && pwd)/shared/data"
  # the newest shipped (tracked) package: an untracked one is a candidate that was not shipped
  resume="${RESUME_FROM:-$(git ls-files 'models/subkit-fr_en-*.argosmodel' | sort -V | tail -1)}"
  [ -f "$resume" ] || { echo "gpu.sh stage: no package to continue (RESUME_FROM)" >&2; exit 1; }
  rm -rf "$CARRY"
  mkdir -p "$CARRY/data"
  for d in ${DATA:-$shared/parallel $shared/parallel-batch2}; do
    mkdir -p "$CARRY/data/$(basename "$d")"
    cp "$d"/*.fr-en.tsv.gz "$CARRY/data/$(basename "$d")/"
  done
  cp "$resume" "$CARRY/resume.argosmodel"
  basename "$resume" > "$CARRY/resume_from.txt"
  echo "staged $(du -sh "$CARRY" | cut -f1) in $CARRY: $(ls "$CARRY/data" | tr '\n' ' ')+ $(basename "$resume")"
  echo "device call: run(command=\"bash tools/train_fr_en/gpu.sh train\", carry=[\"$CARRY\"], timeout_s=600)"
}

train() {
  local t0 work out minutes left
  t0=$(date +%s)
  work="${WORK:-/tmp/subkit-gpu-work}"
  out="${OUT:?OUT: the folder whose files come back}/gpu"
  mkdir -p "$work" "$out"
  [ -e "$work/ckpt_last.pt" ] && { echo "$work already holds a checkpoint: use a fresh WORK" >&2; exit 1; }
  (
    set -x
    "$PY" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
    "$PY" - "$CARRY/resume.argosmodel" "$work/resume_spm.model" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    member = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/sentencepiece.model"))
    open(sys.argv[2], "wb").write(z.read(member))
PYEOF
    # shellcheck disable=SC2046,SC2086  # one argument per data folder; PREPARE_ARGS is a list of options
    "$PY" "$HERE/prepare.py" --data $(ls -d "$CARRY"/data/*/) --spm "$work/resume_spm.model" --work "$work" \
      ${PREPARE_ARGS:-}
    "$PY" "$HERE/augment_names.py" --work "$work"
    "$PY" "$HERE/join_segments.py" --work "$work"
    "$PY" "$HERE/phrasebook.py" --work "$work"
    "$PY" "$HERE/augment_numbers.py" --work "$work"
    "$PY" "$HERE/unpack.py" "$CARRY/resume.argosmodel" --out "$work/ckpt_last.pt"
    if [ -n "${GROW_ENC:-}" ]; then  # as in run.sh: new encoder layers that start as identities
      "$PY" "$HERE/grow.py" "$work/ckpt_last.pt" --enc-layers "$GROW_ENC" --out "$work/ckpt_last.pt"
    fi
  ) 2>&1 | tee "$out/train.log"
  left=$(( ${LIMIT_S:-510} - ($(date +%s) - t0) ))
  [ "$left" -ge 60 ] || { echo "gpu.sh train: only $left s left of LIMIT_S after preparing" >&2; exit 1; }
  minutes=$("$PY" -c "import torch, sys; s = torch.load(sys.argv[1], weights_only=False)['state']; \
print(s['train_seconds'] / 60 + float(sys.argv[2]))" "$work/ckpt_last.pt" "${GPU_MINUTES:-6}")
  # shellcheck disable=SC2086  # TRAIN_ARGS is a list of options
  "$PY" "$HERE/train.py" --work "$work" --device "${DEVICE:-cuda}" --minutes "$minutes" \
    --stop-after-s "$left" --threads "$(nproc)" \
    --batch-tokens 16000 --lr 3e-3 --rewarm 300 --cooldown 1.5 --ckpt-every 1 --valid-every 2 --export-every 0 \
    ${TRAIN_ARGS:-} 2>&1 | tee -a "$out/train.log"
  "$PY" "$HERE/average.py" --work "$work" --threads "$(nproc)" 2>&1 | tee -a "$out/train.log"
  "$PY" "$HERE/gpu_weights.py" export "$work/ckpt_avg.pt" "$out" --resume-from "$(cat "$CARRY/resume_from.txt")" \
    2>&1 | tee -a "$out/train.log"
  echo "gpu.sh train: done in $(( $(date +%s) - t0 )) s" | tee -a "$out/train.log"
}

land() {
  local dir work resume
  dir="$(cd "$1" && pwd)"
  work="${WORK:-$CARRY/land}"
  resume="${RESUME_FROM:-$CARRY/resume.argosmodel}"
  # a fresh folder: average.py must not mix in older periodic checkpoints
  if [ "$work" != "$CARRY/land" ] && [ -e "$work" ]; then
    echo "gpu.sh land: WORK=$work exists; give a new folder (only $CARRY/land is emptied)" >&2
    exit 1
  fi
  rm -rf "$work"
  mkdir -p "$work"
  "$PY" "$HERE/gpu_weights.py" import "$dir" "$work/ckpt_last.pt"
  # shellcheck disable=SC2046  # one data folder each
  env WORK="$work" RESUME_FROM="$resume" SKIP_TRAIN=1 VERSION="${VERSION:?VERSION of the new package}" \
    DATA="${DATA:-$(ls -d "$CARRY"/data/*/ | tr '\n' ' ')}" bash "$HERE/run.sh"
}

main "$@"
