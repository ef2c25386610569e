#!/usr/bin/env bash
# One command, end to end and resumable:
#   prepare -> train (time-boxed, resumes from work/ckpt_last.pt) -> convert -> package -> evaluate
# Usage: tools/train_fr_en/run.sh            (env: MINUTES=100 VERSION=1.0 STOP_AT=HH:MM DATA=... PY=python)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${WORK:-$HERE/work}"
PY="${PY:-python}"
MINUTES="${MINUTES:-100}"
VERSION="${VERSION:-1.0}"
DATA="${DATA:-/work/shared/data/parallel}"
mkdir -p "$WORK"
echo "== prepare $(date -u +%H:%M:%S)"
"$PY" "$HERE/prepare.py" --data "$DATA" --work "$WORK"
echo "== train $(date -u +%H:%M:%S)"
"$PY" "$HERE/train.py" --work "$WORK" --minutes "$MINUTES" ${STOP_AT:+--stop-at "$STOP_AT"}
echo "== convert + package $(date -u +%H:%M:%S)"
"$PY" "$HERE/package.py" --work "$WORK" --version "$VERSION" --out "$ROOT/models/subkit-fr_en-$VERSION.argosmodel"
echo "== evaluate $(date -u +%H:%M:%S)"
"$PY" "$ROOT/bench/model_quality.py" --package "$ROOT/models/subkit-fr_en-$VERSION.argosmodel"
echo "== done $(date -u +%H:%M:%S)"
