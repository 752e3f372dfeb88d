"""Time one estimate and a full region sweep (targets: <= 50 us and <= 5 ms on 2 cores).

    python benchmarks/bench_core.py
"""

from __future__ import annotations

import statistics
import time

from planner.core import Plan, default_catalog, estimate, sweep


def timeit(fn, repeat=7, number=None):
    if number is None:  # calibrate to ~0.2 s per repeat
        number, t = 1, 0.0
        while t < 0.2:
            number *= 2
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            t = time.perf_counter() - t0
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t0) / number)
    return min(runs), statistics.median(runs)


def main():
    catalog = default_catalog()
    plans = {pid: Plan.from_dict(p.plan, catalog) for pid, p in catalog.presets.items()}
    print(f"catalog: {len(catalog.accelerators)} accelerators, {len(catalog.regions)} regions")
    for pid in ("default", "llm-70b-h100"):
        plan = plans[pid]
        best, med = timeit(lambda plan=plan: estimate(plan, catalog))
        print(f"one estimate ({pid}):            best {best * 1e6:7.1f} us   median {med * 1e6:7.1f} us"
              "   (target <= 50 us)")
    est = estimate(plans["default"], catalog)
    best, med = timeit(lambda: sweep(est, catalog))
    print(f"region sweep, all {len(catalog.regions)} regions:  best {best * 1e3:7.3f} ms   median {med * 1e3:7.3f} ms"
          "   (target <= 5 ms)")
    best, med = timeit(lambda: sweep(estimate(plans["default"], catalog), catalog))
    print(f"estimate + sweep:                  best {best * 1e3:7.3f} ms   median {med * 1e3:7.3f} ms")
    from planner.core.uncertainty import analyse

    for pid in ("default", "llm-70b-h100"):
        est = estimate(plans[pid], catalog)
        best, med = timeit(lambda est=est: analyse(est, catalog), number=20, repeat=5)
        print(f"percentiles + tornado ({pid}, 10,000 samples): best {best * 1e3:6.2f} ms   median {med * 1e3:6.2f} ms"
              "   (target <= 10 ms)")
    # when to run: the year at a glance (CO2e for every start day, best start, flexibility), fresh each time
    from planner.core.hourly import read_profiles
    from planner.core.results import Results

    t0 = time.perf_counter()
    read_profiles(catalog.files["grid_hourly"])
    print(f"hourly profiles (64 zones) read:   {(time.perf_counter() - t0) * 1e3:7.1f} ms")
    catalog.hourly_profile(catalog.regions["GB"])
    for what, values in (("3-day run, start fixed", {"run.hours": 72.0, "schedule.start": "2026-03-01T09:00Z"}),
                         ("3-day run, 3 days flexible", {"run.hours": 72.0, "schedule.flex_hours": 72.0}),
                         ("default preset (11 days), any start", {}),
                         ("3-week run, 1 week flexible", {"run.hours": 504.0, "schedule.flex_hours": 168.0}),
                         ("70B preset (25 days), 1 week flexible", None)):
        plan = plans["default"].with_values({"site.region": "GB", **values}) if values is not None else \
            plans["llm-70b-h100"].with_values({"site.region": "GB", "schedule.flex_hours": 168.0})
        best, med = timeit(lambda plan=plan: Results(plan, catalog).when(2026), number=5, repeat=5)
        print(f"year at a glance, {what + ':':<38} best {best * 1e3:6.2f} ms   median {med * 1e3:6.2f} ms"
              "   (a tick: 16 ms)")
    t0 = time.perf_counter()
    from planner.core.catalog import load_catalog
    load_catalog()
    print(f"catalog load (cold parse):         {(time.perf_counter() - t0) * 1e3:7.1f} ms")


if __name__ == "__main__":
    main()
