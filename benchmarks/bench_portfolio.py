"""Time a portfolio of 500 plans (target: the core under 1 s on this 2-core machine): the presets in varied cloud
regions, sizes and starts (a third without one), written to a temporary folder, then read, estimated with their
90% intervals, and summed by month, year, region and accelerator against yearly budgets.

    python benchmarks/bench_portfolio.py [N]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from planner.core import Plan, default_catalog
from planner.core.plan import load_plan_or_preset, save_plan
from planner.core.portfolio import GROUPINGS, plan_files, portfolio_of

BUDGETS = {"co2e": 2e6, "energy": 5e6, "cost": 5e7, "accelerator_hours": 2e7, "water": 2e7}


def varied_plans(catalog, n: int, seed: int = 35) -> list[Plan]:
    """``n`` plans: each preset in turn, in a random cloud region, with 1-4x its accelerators, two in three
    starting on a random day of 2026-2027."""
    rng = random.Random(seed)
    presets = [Plan.from_dict(p.plan, catalog) for p in catalog.presets.values()]
    regions = sorted(r.id for r in catalog.regions.values() if r.kind == "cloud")
    plans = []
    for k in range(n):
        plan = presets[k % len(presets)]
        start = None if k % 3 == 0 else (f"{rng.choice((2026, 2027))}-{rng.randint(1, 12):02d}-"
                                         f"{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00Z")
        plans.append(plan.with_values({"site.region": rng.choice(regions), "schedule.start": start,
                                       "hardware.count": plan.hardware.count * rng.choice((1, 2, 4)),
                                       "name": f"{plan.name} #{k}"}))
    return plans


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main(n: int = 500, repeat: int = 5) -> None:
    catalog = default_catalog()
    with tempfile.TemporaryDirectory() as folder:
        for k, plan in enumerate(varied_plans(catalog, n)):
            save_plan(plan, Path(folder) / f"plan-{k:04d}.plan.json")
        portfolio_of([("warm-up", varied_plans(catalog, 1)[0])], catalog)  # the catalog's grids, read once
        runs: dict[str, list[float]] = {"load": [], "compute": [], "totals": [], "json": []}
        for _ in range(repeat):
            def load():
                files, _ = plan_files([folder])
                return [(f, load_plan_or_preset(f, catalog)[0]) for f in files]
            plans, t_load = timed(load)
            pf, t_compute = timed(lambda: portfolio_of(plans, catalog))

            def totals():
                for name in GROUPINGS:
                    pf.groups(name)
                return pf.budget_checks(BUDGETS)
            _, t_totals = timed(totals)
            text, t_json = timed(lambda: json.dumps(pf.to_dict(BUDGETS), allow_nan=False))
            for key, t in (("load", t_load), ("compute", t_compute), ("totals", t_totals), ("json", t_json)):
                runs[key].append(t)
    print(f"{len(pf)} plans ({len(pf.problems)} left out), {pf.samples:,} samples a plan, "
          f"{len(pf.groups('month'))} months, {len(pf.groups('region'))} regions; JSON {len(text) / 1e6:.1f} MB")
    for key, what in (("load", "read the files (plan_files, load_plan_or_preset)"),
                      ("compute", "estimates, water, draws, each plan's interval, the total (portfolio_of)"),
                      ("totals", "by month, year, region, accelerator, and the budgets"),
                      ("json", "to_dict and json.dumps")):
        print(f"{key:8} median {statistics.median(runs[key]) * 1e3:7.1f} ms   best {min(runs[key]) * 1e3:7.1f} ms"
              f"   {what}")
    core = [c + t for c, t in zip(runs["compute"], runs["totals"])]
    print(f"core     median {statistics.median(core) * 1e3:7.1f} ms   (compute + totals; target < 1,000 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
