"""Build ``resources/grid_hourly.csv``: one year of hourly grid intensity per zone, for planning *when* to run.

From ``grid/hourly/<zone>_<year>.csv`` (Electricity Maps Data Portal hourly files, life-cycle basis, ODbL 1.0):
one row per zone with its year, its 8,760 hourly values (g CO2e/kWh, rounded to whole grams, in UTC hour order
from 1 January 00:00), how many of them were empty in the file and filled, and its source. A zone's file is
its newest year here (2023 for most, 2022 for a few); an empty hour is filled by a straight line between the
hours either side of the gap (the nearest hour at the year's ends). The planner keeps every hour, not a
month-by-hour average, because a run of a few days takes that week's weather; it scales the shape to the
catalog's yearly figure at run time.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

HOURS = 8760
COLUMNS = ["zone", "year", "hours", "filled_hours", "mean_g_per_kwh", "min_g_per_kwh", "max_g_per_kwh",
           "values_g_per_kwh", "source"]
SOURCE = ("Electricity Maps hourly {year}, zone {zone}, life-cycle (ODbL 1.0; contains data from Electricity Maps, "
          "https://www.electricitymaps.com)")
_NAME = re.compile(r"^([A-Z]{2}(?:-[A-Z0-9]+)*)_(\d{4})\.csv$")


def read_zone(path: Path) -> tuple[np.ndarray, int]:
    """One zone's hourly life-cycle intensity, 8,760 values in hour order (a leap year's 29 February dropped),
    and how many were empty in the file and filled from the hours either side."""
    table = pd.read_csv(path, usecols=["datetime_utc", "ci_lca_g_per_kwh"])
    when = pd.to_datetime(table["datetime_utc"], utc=True)
    keep = ~((when.dt.month == 2) & (when.dt.day == 29))
    table, when = table[keep], when[keep]
    first = when.iloc[0] if len(when) else None
    if len(table) != HOURS or when.duplicated().any() or not when.is_monotonic_increasing \
            or (first.month, first.day, first.hour) != (1, 1, 0):
        raise ValueError(f"{path}: expected the {HOURS} hours of one year in order from 1 January 00:00 UTC")
    values = pd.to_numeric(table["ci_lca_g_per_kwh"], errors="coerce").reset_index(drop=True)
    empty = int(values.isna().sum())
    if empty > 7 * 24 or empty == HOURS:
        raise ValueError(f"{path}: {empty:,} empty hours, too many to fill from their neighbours")
    if (values < 0).any() or np.isinf(values).any():
        raise ValueError(f"{path}: a negative or infinite intensity")
    filled = values.interpolate(method="linear", limit_direction="both")
    return filled.to_numpy(dtype=float), empty


def build_hourly(folder: Path) -> pd.DataFrame:
    """Every zone's hourly profile in ``folder`` (``grid/hourly``), one row per zone and year."""
    newest: dict[str, tuple[int, Path]] = {}
    for path in sorted(folder.glob("*.csv")):
        m = _NAME.match(path.name)
        if m is not None and int(m.group(2)) > newest.get(m.group(1), (0, path))[0]:
            newest[m.group(1)] = (int(m.group(2)), path)
    rows = []
    for zone, (year, path) in sorted(newest.items()):
        raw, filled = read_zone(path)
        values = np.rint(raw).astype(int)
        rows.append({"zone": zone, "year": year, "hours": len(values), "filled_hours": filled,
                     "mean_g_per_kwh": round(values.mean(), 2),
                     "min_g_per_kwh": int(values.min()), "max_g_per_kwh": int(values.max()),
                     "values_g_per_kwh": " ".join(map(str, values)), "source": SOURCE.format(year=year, zone=zone)
                     + (f"; {filled} empty hour{'s' if filled > 1 else ''} filled from the hours either side"
                        if filled else "")})
    return pd.DataFrame(rows, columns=COLUMNS)
