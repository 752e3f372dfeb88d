"""Time a central fit, a 95% fit and the Pareto front over every region x accelerator x precision (targets: a
central fit under 50 ms, the front under 1 s, on this 2-core machine).

    python benchmarks/bench_solve.py
"""

from __future__ import annotations

import statistics
import time

from planner.core import Plan, default_catalog
from planner.core.solve import fit, pareto


def times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    catalog = default_catalog()
    for pid in ("default", "llm-70b-h100", "bert-base-tuning"):
        plan = Plan.from_dict(catalog.presets[pid].plan, catalog)
        budgets = {"co2e": 50_000.0, "cost": 1e6}
        for path, confidence, repeat in (("model.training_tokens", None, 15), ("compute-optimal", None, 15),
                                         ("model.training_tokens", 95, 3)):
            try:
                runs = times(lambda: fit(plan, catalog, budgets, path, confidence), repeat)
            except Exception as exc:  # a preset the budget cannot fit: say so and go on
                print(f"{pid:18} fit {path:22} ({'central' if confidence is None else 'p95':7}): {exc}")
                continue
            print(f"{pid:18} fit {path:22} ({'central' if confidence is None else 'p95':7}): "
                  f"median {statistics.median(runs) * 1e3:7.1f} ms  best {min(runs) * 1e3:7.1f} ms")
        runs = times(lambda: pareto(plan, catalog), 3)
        front = pareto(plan, catalog)
        print(f"{pid:18} pareto over {', '.join(front.over)} ({front.considered} combinations, "
              f"{len(front.points)} on the front): median {statistics.median(runs) * 1e3:7.1f} ms")


if __name__ == "__main__":
    main()
