"""``python -m planner.databuild [--data DIR] [--out DIR] [--mlenergy DIR] [--check]``: refresh ``resources/`` from
the raw data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.databuild", description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the raw data sets (default: ../shared/data beside the checkout)")
    parser.add_argument("--out", type=Path, default=ROOT / "resources", help="where to write (default: resources/)")
    parser.add_argument("--mlenergy", type=Path, default=None,
                        help="also refresh serving_runs.csv from this folder of ML.ENERGY Leaderboard model files "
                             "(public/data/models of github.com/ml-energy/leaderboard)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the written files would change")
    args = parser.parse_args(argv)

    from planner.databuild.grid import build_grid, build_grid_years, grid_csv

    grid_dir = args.data / "grid"
    if not grid_dir.is_dir():
        print(f"databuild: error: {grid_dir} is not a folder of raw grid data", file=sys.stderr)
        return 2
    from planner.databuild.worldmap import build_map, map_json

    map_dir = args.data / "map"
    if not map_dir.is_dir():
        print(f"databuild: error: {map_dir} is not a folder of map outlines", file=sys.stderr)
        return 2
    table = build_grid(grid_dir)
    outputs = [(args.out / "grid_regions.csv", grid_csv(table), f"{len(table)} regions")]
    years = build_grid_years(grid_dir)
    outputs.append((args.out / "grid_years.csv", grid_csv(years), f"{len(years)} zone-years"))
    from planner.databuild.hourly import build_hourly

    hourly = build_hourly(grid_dir / "hourly")
    outputs.append((args.out / "grid_hourly.csv", grid_csv(hourly),
                    f"{len(hourly)} zones' hourly year ({len(grid_csv(hourly)) // 1024} KiB)"))
    shapes = build_map(map_dir)
    outputs.append((args.out / "map.json", map_json(shapes), f"{len(shapes['shapes'])} shapes"))
    if args.mlenergy is not None:
        from planner.databuild.mlenergy import build_serving_runs, serving_runs_csv

        if not args.mlenergy.is_dir():
            print(f"databuild: error: {args.mlenergy} is not a folder of ML.ENERGY model files", file=sys.stderr)
            return 2
        runs = build_serving_runs(args.mlenergy)
        outputs.append((args.out / "serving_runs.csv", serving_runs_csv(runs), f"{len(runs)} served configurations"))
    if args.check:
        stale = [out for out, text, _ in outputs if not (out.is_file() and out.read_text(encoding="utf-8") == text)]
        for out, _, _ in outputs:
            print(f"{out}: {'would change' if out in stale else 'up to date'}")
        return 1 if stale else 0
    from planner.core.fileio import atomic_write_text

    for out, text, what in outputs:
        atomic_write_text(out, text)
        print(f"wrote {out}: {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
