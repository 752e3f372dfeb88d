"""``python -m planner.databuild [--data DIR] [--out DIR] [--check]``: refresh ``resources/`` from the raw data."""

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
    parser.add_argument("--check", action="store_true", help="exit 1 if the written files would change")
    args = parser.parse_args(argv)

    from planner.databuild.grid import build_grid, grid_csv, write_grid

    grid_dir = args.data / "grid"
    if not grid_dir.is_dir():
        print(f"databuild: error: {grid_dir} is not a folder of raw grid data", file=sys.stderr)
        return 2
    table = build_grid(grid_dir)
    out = args.out / "grid_regions.csv"
    if args.check:
        same = out.is_file() and out.read_text(encoding="utf-8") == grid_csv(table)
        print(f"{out}: {'up to date' if same else 'would change'}")
        return 0 if same else 1
    write_grid(table, out)
    print(f"wrote {out}: {len(table)} regions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
