"""Responsiveness of the window, offscreen.

Drives the region, tuning-runs and hours sliders 200 steps each and prints
p50/p95 milliseconds from a slider step to results and all three charts
repainted (target p95 <= 16 ms), then the cold-start time of `planner` to its
first painted window next to a bare PySide6 window holding one pyqtgraph plot
(target <= 1.3x).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

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
probe = FirstPaint(app, [w.chart_benchmarks, w.chart_phases, w.chart_regions], t0)
w.show()
QTimer.singleShot(20000, app.quit)  # never hang a benchmark
app.exec()
"""


def percentile(values, q):
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def slider_latency(with_map: bool = False):
    from planner.ui.app import make_app

    app = make_app([])
    from planner.ui.main_window import MainWindow

    w = MainWindow()
    w.resize(1280, 800)
    w.show()
    app.processEvents()
    if with_map:  # the map in view instead of the ranked chart
        w.show_map()
        app.processEvents()
    results = {}
    for name, path in (("region", "slider:site.region"), ("tuning runs", "slider:experiment.tuning_runs"),
                       ("hours", "slider:run.hours")):
        from PySide6.QtWidgets import QSlider

        slider = w.findChild(QSlider, path)
        lo, hi = slider.minimum(), slider.maximum()
        times = []
        for step in range(200):
            # a drag: across the whole slider and back in 200 steps
            t = step / 99 if step < 100 else (199 - step) / 99
            pos = lo + round(t * (hi - lo))
            t0 = time.perf_counter()
            slider.setValue(pos)  # the plan, results and chart items update synchronously
            app.processEvents()  # the posted update requests: layout and one paint of what changed
            times.append((time.perf_counter() - t0) * 1e3)
        results[name] = times
    w.hide()  # not close(): the dragged plan is unsaved, and closing would ask about it
    w.deleteLater()
    return results


def _start(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return float(out.stdout.strip().splitlines()[-1])


def cold(runs=9):
    """Interleaved runs of both, so drift on a shared machine hits both alike."""
    _start(BARE), _start(PLANNER)  # warm the file cache
    bare, app = [], []
    for _ in range(runs):
        bare.append(_start(BARE))
        app.append(_start(PLANNER))
    return (statistics.median(bare), min(bare)), (statistics.median(app), min(app))


def precompile():
    """Byte-compile planner as `pip install .` does (an editable checkout under
    PYTHONDONTWRITEBYTECODE=1 would otherwise recompile its source on every start,
    while pyqtgraph, installed by pip, would not: an unfair comparison)."""
    import compileall
    from pathlib import Path

    import planner

    compileall.compile_dir(str(Path(planner.__file__).parent), quiet=1)


def main():
    precompile()
    for with_map in (False, True):
        all_times = []
        for name, times in slider_latency(with_map).items():
            all_times += times
            print(f"slider {name:<12} p50 {percentile(times, 0.5):6.2f} ms   p95 {percentile(times, 0.95):6.2f} ms"
                  + ("   (map in view)" if with_map else ""))
        print(f"all steps           p50 {percentile(all_times, 0.5):6.2f} ms"
              f"   p95 {percentile(all_times, 0.95):6.2f} ms"
              "   (target p95 <= 16 ms)" + ("   with the map in view" if with_map else ""))
    (bare_med, bare_min), (app_med, app_min) = cold()
    print(f"cold start, bare PySide6 + one pyqtgraph plot: median {bare_med * 1e3:6.0f} ms (min {bare_min * 1e3:.0f})")
    print(f"cold start, planner window:                    median {app_med * 1e3:6.0f} ms (min {app_min * 1e3:.0f})")
    print(f"ratio of medians {app_med / bare_med:.2f}x, of minima {app_min / bare_min:.2f}x   (target <= 1.3x)")


if __name__ == "__main__":
    main()
