#!/usr/bin/env bash
# Build the one-folder bundle of Footprint Planner and smoke-test it.
#   packaging/build.sh            -> dist/footprint-planner/ (run dist/footprint-planner/footprint-planner)
# Works on a fresh machine with python3 (>= 3.11): it makes its own virtual environment in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/build/venv
export PIP_DISABLE_PIP_VERSION_CHECK=1

python3 -m venv "$VENV"
"$VENV/bin/pip" install -q . "pyinstaller>=6.0"
rm -rf "$ROOT/dist/footprint-planner" "$ROOT/build/pyinstaller"
(cd packaging && "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" footprint-planner.spec)
APP=$ROOT/dist/footprint-planner/footprint-planner

echo "== smoke test 1: the bundled 'planner estimate' on a preset"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$VENV/bin/python" - "$TMP/preset.plan.json" <<'PY'
import json, sys
from planner.core import default_catalog
json.dump(default_catalog().presets["bert-base"].plan, open(sys.argv[1], "w"))
PY
(cd "$TMP" && "$APP" estimate preset.plan.json | tee "$TMP/estimate.txt")
grep -q "652 kg" "$TMP/estimate.txt" || { echo "FAIL: unexpected estimate"; exit 1; }

echo "== smoke test 2: the window, offscreen"
QT_QPA_PLATFORM=offscreen "$APP" --smoke-test >"$TMP/smoke.out" 2>"$TMP/smoke.err" || {
    cat "$TMP/smoke.out" "$TMP/smoke.err"; echo "FAIL: the window did not start"; exit 1; }
cat "$TMP/smoke.out"
if grep -E "No module named|ModuleNotFoundError|ImportError|Could not load the Qt platform" "$TMP/smoke.err"; then
    echo "FAIL: missing module in the bundle"; exit 1
fi

echo "== smoke test 3: a PDF, headless"
(cd "$TMP" && "$APP" report preset.plan.json -o out.pdf && test -s out.pdf)

echo "== licences: the project's, the third-party notices and the LGPL text ship with the bundle"
for f in LICENSE NOTICE licenses/LGPL-3.0.txt licenses/GPL-3.0.txt licenses/pyqtgraph/LICENSE.txt; do
    test -s "$ROOT/dist/footprint-planner/_internal/$f" || { echo "FAIL: $f missing from the bundle"; exit 1; }
done

# the oldest C library the bundle runs on: the newest GLIBC_x.y symbol version any of its files asks for (it
# copies this machine's libstdc++ and libexpat, so it needs this machine's glibc or newer)
GLIBC=$(find "$ROOT/dist/footprint-planner" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
        | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -n1)
echo "== needs ${GLIBC/GLIBC_/glibc } or newer (this machine: $(ldd --version | head -n1 | awk '{print $NF}'))"

SIZE=$(du -sh "$ROOT/dist/footprint-planner" | cut -f1)
START=$( { /usr/bin/time -f "%e" env QT_QPA_PLATFORM=offscreen "$APP" --smoke-test >/dev/null; } 2>&1 | tail -n1)
echo "== bundle: $ROOT/dist/footprint-planner ($SIZE); window start to first paint and exit: ${START}s"
