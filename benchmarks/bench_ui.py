"""Responsiveness of the window, offscreen; with ``--before REF``, against the tree at REF in one interleaved run.

Drives the region, tuning-runs and hours sliders 200 steps each (a drag across the slider and back), with the
ranked region chart in view, then with the map in view, then with the When tab in view (the year at a glance; a
tree without it is skipped), and prints per tree:

* p50/p95 milliseconds from a slider step until the window has processed it (results, cards, the charts in
  view repainted or their redraw scheduled for the frame; target p95 <= 16 ms);
* CPU milliseconds per step (the process's, without a profiler), and the Python code's own time per step under
  cProfile (the summed self time of functions in .py files: what the Python side costs, however Qt paints);
* how many chart redraws 100 steps made (the window coalesces them to at most one per frame);

then the cold-start time of each tree's window to its first paint next to a bare PySide6 window holding one
pyqtgraph plot (target <= 1.3x), runs interleaved so that drift on a shared machine hits all alike.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py [--before REF] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Both programs print the seconds from interpreter start-up code to the first
# Paint event of their chart widgets (the window on screen), measured by an event filter.
FIRST_PAINT = r"""
import time
from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    def __init__(self, app, widgets, t0):
        super().__init__()
        # a QGraphicsView paints in its viewport
        self.app, self.t0 = app, t0
        self.pending = {id(w.viewport()) for w in widgets}
        for w in widgets:
            w.viewport().installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and id(obj) in self.pending:
            self.pending.discard(id(obj))
            if not self.pending:
                print(time.perf_counter() - self.t0)
                QTimer.singleShot(0, self.app.quit)
        return False
"""

BARE = r"""
import time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
app = QApplication([])
w = pg.PlotWidget()
w.plot([1, 2, 3], [1, 3, 2])
w.resize(1280, 800)
""" + FIRST_PAINT + r"""
probe = FirstPaint(app, [w], t0)
w.show()
QTimer.singleShot(20000, app.quit)  # never hang a benchmark
app.exec()
"""

PLANNER = r"""
import time
t0 = time.perf_counter()
from planner.ui.app import make_app
app = make_app([])
from planner.ui.main_window import MainWindow
w = MainWindow()
""" + FIRST_PAINT + r"""
charts = getattr(w, "charts", None)
three = ([charts.benchmarks, charts.phases, charts.regions] if charts is not None
         else [w.chart_benchmarks, w.chart_phases, w.chart_regions])
probe = FirstPaint(app, three, t0)
w.show()
QTimer.singleShot(20000, app.quit)  # never hang a benchmark
app.exec()
"""

# One drag session in a fresh process: prints {"times": {...}, "cpu": ms per step, "py": ms per step, "draws": n}.
DRAG = r"""
import cProfile, json, pstats, sys, time
from PySide6.QtWidgets import QSlider
from planner.ui.app import make_app

app = make_app([])
from planner.ui.main_window import MainWindow

with_map, with_when, profile = sys.argv[1] == "map", sys.argv[1] == "when", sys.argv[2] == "profile"
w = MainWindow()
w.resize(1280, 800)
w.show()
end = time.monotonic() + 1.0  # the first paint and the deferred start-up work
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.005)
charts = getattr(w, "charts", None)
if with_when and not hasattr(charts, "show_when"):
    print(json.dumps(None))  # a tree from before the When tab
    sys.exit(0)
if with_when:
    charts.show_when()
    app.processEvents()
if with_map:
    (charts.show_map if charts is not None else w.show_map)()
    app.processEvents()
chart_list = ([charts.benchmarks, charts.phases, charts.regions] + ([charts.map] if with_map else [])
              + ([charts.when] if with_when else [])
              if charts is not None else [w.chart_benchmarks, w.chart_phases, w.chart_regions]
              + ([w.chart_map] if with_map else []))
draws = [0]
for c in chart_list:
    real = c.update_chart
    def counted(*a, real=real, **k):
        draws[0] += 1
        return real(*a, **k)
    c.update_chart = counted
profiler = cProfile.Profile() if profile else None
times, steps = {}, 0
cpu0 = time.process_time()
for name, path in (("region", "slider:site.region"), ("tuning runs", "slider:experiment.tuning_runs"),
                   ("hours", "slider:run.hours")):
    slider = w.findChild(QSlider, path)
    lo, hi = slider.minimum(), slider.maximum()
    out = []
    for step in range(200):  # a drag: across the whole slider and back in 200 steps
        t = step / 99 if step < 100 else (199 - step) / 99
        pos = lo + round(t * (hi - lo))
        if profiler:
            profiler.enable()
        t0 = time.perf_counter()
        slider.setValue(pos)  # the plan, the results and the views update
        app.processEvents()  # the posted update requests: layout, and one paint of what changed
        out.append((time.perf_counter() - t0) * 1e3)
        if profiler:
            profiler.disable()
        steps += 1
    times[name] = out
cpu = (time.process_time() - cpu0) * 1e3 / steps
py = None
if profiler:
    stats = pstats.Stats(profiler)
    py = sum(v[2] for (fn, _, _), v in stats.stats.items() if fn.endswith(".py")) * 1e3 / steps
print(json.dumps({"times": times, "cpu": cpu, "py": py, "draws": draws[0] * 100 / steps}))
w.hide()
"""


def percentile(values, q):
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run(code: str, tree: Path | None, *args: str) -> str:
    home = tempfile.mkdtemp(prefix="bench-home-")  # each run as a first start: no user's settings or autosaves
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           **{k: os.path.join(home, k) for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                                                 "XDG_CACHE_HOME")}}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)  # ahead of the editable install of this checkout
    try:
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                             env=env, cwd=tempfile.gettempdir())
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return out.stdout.strip().splitlines()[-1]


def checkout(ref: str, into: Path) -> Path:
    """The tree at ``ref`` (planner/ and resources/), extracted beside nothing else, byte-compiled."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "planner", "resources"],
                          capture_output=True, check=True).stdout
    import io

    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def precompile(tree: Path) -> None:
    """Byte-compile a tree as `pip install .` does (an editable checkout under PYTHONDONTWRITEBYTECODE=1 would
    otherwise recompile its source on every start, while pyqtgraph, installed by pip, would not)."""
    import compileall

    compileall.compile_dir(str(tree / "planner"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="a git ref to compare with (the tree before a change)")
    parser.add_argument("--rounds", type=int, default=3, help="drag sessions per tree and view (default 3)")
    parser.add_argument("--starts", type=int, default=9, help="cold starts per program (default 9)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT}
        if args.before:
            trees = {f"before ({args.before})": checkout(args.before, Path(tmp) / "before"), **trees}
        for tree in trees.values():
            precompile(tree)
        views = ("chart", "map", "when")
        results = {name: {k: [] for v in views for k in (v, f"py_{v}")} for name in trees}
        for _ in range(args.rounds):  # interleaved: every tree and view once per round
            for view in views:
                for name, tree in trees.items():
                    session = json.loads(run(DRAG, tree, view, "plain"))
                    if session is None:
                        continue  # this tree has no such view
                    results[name][view].append(session)
                    results[name][f"py_{view}"].append(json.loads(run(DRAG, tree, view, "profile"))["py"])
        for name, r in results.items():
            print(f"== {name}")
            for view, label in (("chart", "ranked chart in view"), ("map", "map in view"),
                                ("when", "When tab in view")):
                if not r[view]:
                    print(f"  {label:<21} (not in this tree)")
                    continue
                steps = [t for session in r[view] for times in session["times"].values() for t in times]
                cpu = statistics.median(s["cpu"] for s in r[view])
                draws = statistics.median(s["draws"] for s in r[view])
                print(f"  {label:<21} p50 {percentile(steps, 0.5):6.2f} ms   p95 {percentile(steps, 0.95):6.2f} ms"
                      f"   CPU {cpu:5.2f} ms/step   Python (cProfile) {statistics.median(r['py_' + view]):5.2f}"
                      f" ms/step   chart redraws {draws:5.0f} per 100 steps")
        starts = {"bare": []} | {name: [] for name in trees}
        run(BARE, None), [run(PLANNER, tree) for tree in trees.values()]  # warm the file cache
        for _ in range(args.starts):
            starts["bare"].append(float(run(BARE, None)))
            for name, tree in trees.items():
                starts[name].append(float(run(PLANNER, tree)))
        bare = statistics.median(starts["bare"]), min(starts["bare"])
        print(f"cold start, bare PySide6 + one pyqtgraph plot: median {bare[0] * 1e3:6.0f} ms"
              f" (min {bare[1] * 1e3:.0f})")
        for name in trees:
            med, low = statistics.median(starts[name]), min(starts[name])
            print(f"cold start, {name:<34} median {med * 1e3:6.0f} ms (min {low * 1e3:.0f})   ratio of medians "
                  f"{med / bare[0]:.2f}x, of minima {low / bare[1]:.2f}x   (target <= 1.3x)")


if __name__ == "__main__":
    main()
