#!/usr/bin/env bash
# Regenerate samples/ from the seed transcript with the repository's own model:
#   samples/NAME.fr.srt, NAME.en.srt, NAME.report.html (subkit episode) and NAME.report.png (screenshot),
#   and samples/captions/*.subkit.srt (subkit segment given subtitles).
# The model is the newest models/subkit-fr_en-*.argosmodel, installed into a throwaway package
# directory (whatever is installed for the user is not used), with no translation memory.
# Usage: tools/refresh_samples.sh      env: PY=python (with subkit installed); the PNG needs chromium
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PY:-python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
package="$(ls "$ROOT"/models/subkit-fr_en-*.argosmodel | sort -V | tail -n 1)"
export ARGOS_PACKAGES_DIR="$tmp/argos"
"$PY" -m subkit models install "$package"
cd "$ROOT"  # the report names its input as given: seeds/NAME.txt
# exit status 1 means lint errors in a track: the samples show them as they are
"$PY" -m subkit episode seeds --out "$tmp/out" --no-memory || [ $? -eq 1 ]
for f in "$tmp"/out/*/*.fr.srt "$tmp"/out/*/*.en.srt "$tmp"/out/*/*.report.html; do
  cp "$f" "$ROOT/samples/"
done
# samples/captions/: other tools' subtitles of the seed's opening, laid out again (no model involved)
for f in whisper.fr.srt youtube-auto.fr.vtt; do
  "$PY" -m subkit segment "samples/captions/$f" -o "samples/captions/${f%.*}.subkit.srt"
done
"$PY" "$ROOT/tools/screenshot_report.py"
git -C "$ROOT" status --short samples/
