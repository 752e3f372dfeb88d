"""A large user catalog, offscreen: how long the window takes to start, and the map to show, with N user
regions (placed on the map) and M user accelerators, at a few sizes (so growth shows: linear or not).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_large_catalog.py [--regions 5000,20000,100000]
                                                                      [--accelerators 120000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUN = r"""
import time, sys
t0 = time.perf_counter()
from planner.ui.app import make_app
app = make_app([])
from planner.ui.main_window import MainWindow
w = MainWindow()
w.show()
app.processEvents()
w._finish_startup()
t1 = time.perf_counter()
chart = w.charts.show_map()
app.processEvents()
t2 = time.perf_counter()
w.state.set("hardware.count", 16)  # one edit with the map in view: its recolouring
w.charts.flush()
app.processEvents()
t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {len(w.catalog.regions)} {len(w.catalog.accelerators)} "
      f"{'map' if chart is not None else 'no map'} {w.startup_messages[:1]}")
w.state.mark_saved("x")
"""


def write_catalog(folder: Path, regions: int, accelerators: int) -> None:
    rnd = random.Random(1)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "grid_regions.csv", "w") as f:
        f.write("id,name,kind,carbon_intensity_g_per_kwh,year,source,lat,lon\n")
        for k in range(regions):
            f.write(f"u{k},User region {k},cloud,{rnd.uniform(10, 900):.1f},2025,mine,"
                    f"{rnd.uniform(-50, 70):.3f},{rnd.uniform(-170, 170):.3f}\n")
    with open(folder / "accelerators.csv", "w") as f:
        f.write("id,name,tdp_w,peak_flops,year,source\n")
        for k in range(accelerators):
            f.write(f"user-{k},Card {k},300,1e14,2025,mine\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", default="5000,20000,100000")
    parser.add_argument("--accelerators", default="0,120000")
    args = parser.parse_args()
    print(f"{'user regions':>12} {'user accs':>10} {'start s':>8} {'map s':>7} {'edit s':>7}  catalog")
    for accs in (int(x) for x in args.accelerators.split(",")):
        for regions in (int(x) for x in args.regions.split(",")):
            with tempfile.TemporaryDirectory() as home:
                env = {**os.environ, "XDG_DATA_HOME": f"{home}/data", "XDG_CONFIG_HOME": f"{home}/config",
                       "XDG_STATE_HOME": f"{home}/state", "XDG_CACHE_HOME": f"{home}/cache"}
                write_catalog(Path(home) / "data" / "footprint-planner", regions, accs)
                out = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env,
                                     timeout=1800)
                line = (out.stdout.strip().splitlines() or [out.stderr.strip()[-200:]])[-1]
                start, show, edit, *rest = line.split(" ", 3) + ["", "", ""]
                print(f"{regions:>12,} {accs:>10,} {start:>8} {show:>7} {edit:>7}  {' '.join(rest).strip()}")


if __name__ == "__main__":
    main()
