"""What the region chart's patterned bars cost to paint: the ranked chart of the default window rendered 200 times
into an image with its bars patterned (the cue beside colour, ``style.GROUP_PATTERNS``), then with solid fills,
alternating, in one process.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_paint.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternations of patterned and solid (default 5)")
    args = parser.parse_args()
    from PySide6.QtGui import QBrush, QImage, QPainter

    import planner.ui.charts.regions as regions
    from planner.ui.app import make_app
    from planner.ui.main_window import MainWindow

    app = make_app([])
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    end = time.monotonic() + 1.5  # the first paint and the deferred start-up work
    while time.monotonic() < end:
        app.processEvents()
    chart = window.charts.regions
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    patterned = regions.pattern_brush

    def paint_ms(n: int = 200) -> float:
        start = time.perf_counter()
        for _ in range(n):
            painter = QPainter(image)
            chart.render(painter)
            painter.end()
        return (time.perf_counter() - start) / n * 1e3

    times: dict[str, list[float]] = {"patterned": [], "solid": []}
    for _ in range(args.rounds):
        for name, brush in (("patterned", patterned), ("solid", lambda color, pattern, scale=1.0: QBrush(color))):
            regions.pattern_brush = brush
            chart.on_palette()  # the bars take their brushes again
            app.processEvents()
            times[name].append(paint_ms())
    regions.pattern_brush = patterned
    for name, values in times.items():
        print(f"region chart, {name:<9} bars: median {statistics.median(values):5.2f} ms per paint "
              f"(min {min(values):.2f})")
    window.close()


if __name__ == "__main__":
    main()
