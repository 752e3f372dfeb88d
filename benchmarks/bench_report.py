"""Wall time of `planner report PLAN -o OUT.pdf` against a bare PySide6 process start
(a Python process that creates a QGuiApplication and exits). Target: <= 2x that floor.

    python benchmarks/bench_report.py
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import planner
from planner.core import default_catalog

BARE = "from PySide6.QtGui import QGuiApplication; app = QGuiApplication([])"


def timed(cmd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t0


def main(runs: int = 9):
    compileall.compile_dir(str(Path(planner.__file__).parent), quiet=1)  # as `pip install .` does
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "bert.plan.json"
        plan.write_text(json.dumps(default_catalog().presets["default"].plan))
        out = Path(tmp) / "out.pdf"
        report = [sys.executable, "-m", "planner", "report", str(plan), "-o", str(out)]
        bare = [sys.executable, "-c", BARE]
        timed(bare, env), timed(report, env)  # warm the file cache
        b, r = [], []
        for _ in range(runs):  # interleaved, so drift hits both alike
            b.append(timed(bare, env))
            r.append(timed(report, env))
        size = out.stat().st_size
    bm, rm = statistics.median(b), statistics.median(r)
    print(f"bare PySide6 process (QGuiApplication): median {bm * 1e3:6.0f} ms (min {min(b) * 1e3:.0f})")
    print(f"planner report (2-page PDF, {size / 1024:.0f} KiB): median {rm * 1e3:6.0f} ms (min {min(r) * 1e3:.0f})")
    print(f"ratio {rm / bm:.2f}x   (target <= 2x)")


if __name__ == "__main__":
    main()
