"""The user's own accelerators and regions: CSVs in the data folder, same columns as the catalog.

Each file is validated whole; a bad file is refused with a message naming
its row and column, and the built-in catalog is used without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.core.catalog import (
    ACCELERATOR_SPEC,
    REGION_SPEC,
    Catalog,
    _accelerator,
    _check_accelerator,
    _check_region,
    _region,
    read_table,
)
from planner.core.errors import CatalogError

FILES = {"accelerators": "accelerators.csv", "regions": "grid_regions.csv"}
# far beyond any real catalog (the built-in one has about 40 accelerators and 500 regions); a file over its
# bound is refused whole, before it is parsed, so no start-up takes minutes
MAX_ROWS = {"accelerators": 10_000, "regions": 100_000}


def load_user_entries(folder: Path, base: Catalog | None = None) -> tuple[list, list, list[str]]:
    """(accelerators, regions, problems) from ``folder``; a file with a problem contributes nothing.

    An id that is already in ``base`` (a built-in accelerator or region) is a problem: a user entry
    never silently replaces a built-in one.
    """
    loaded: dict = {"accelerators": [], "regions": []}
    row_of: dict = {"accelerators": [], "regions": []}
    problems: list[str] = []
    readers = {"accelerators": (ACCELERATOR_SPEC, _check_accelerator, _accelerator),
               "regions": (REGION_SPEC, _check_region, _region)}
    for key, (spec, check, make) in readers.items():
        path = folder / FILES[key]
        if os.path.lexists(path):  # never raises; a bad path is read_table's to report
            try:
                loaded[key] = [make(r, user=True) for r in read_table(path, spec, check, MAX_ROWS[key],
                                                                      row_of[key])]
            except CatalogError as exc:
                problems.append(str(exc))
    for key, kind in (("accelerators", "accelerator"), ("regions", "region")):
        seen: dict = {}
        builtin = getattr(base, key) if base is not None else {}
        for it, row in zip(loaded[key], row_of[key]):
            # a file with a duplicate or built-in id is refused whole, like any other problem, naming the row
            if it.id in seen or it.id in builtin:
                why = (f"duplicate {kind} id {it.id!r} (first in row {seen[it.id]})" if it.id in seen
                       else f"{kind} id {it.id!r} is a built-in one; give yours another id")
                problems.append(str(CatalogError(folder / FILES[key], why, row, "id")))
                loaded[key] = []
                break
            seen[it.id] = row
    return loaded["accelerators"], loaded["regions"], problems


def catalog_with_user_data(base: Catalog, folder: Path) -> tuple[Catalog, list[str]]:
    """The built-in catalog plus the user's entries (marked ``user``), and any problems found."""
    accs, regs, problems = load_user_entries(folder, base)
    if not accs and not regs:
        return base, problems
    return base.with_user_entries(accs, regs), problems
