"""Build ``resources/grid_hourly.csv``: one year of hourly grid intensity per zone, for planning *when* to run.

From ``grid/hourly/<zone>_<year>.csv`` (Electricity Maps Data Portal hourly files, life-cycle basis, ODbL 1.0):
one row per zone with its year, its 8,760 hourly values (g CO2e/kWh, rounded to whole grams, in UTC hour order
from 1 January 00:00) and its source. The planner keeps every hour, not a month-by-hour average, because a run
of a few days takes that week's weather; it scales the shape to the catalog's yearly figure at run time.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

HOURS = 8760
COLUMNS = ["zone", "year", "hours", "mean_g_per_kwh", "min_g_per_kwh", "max_g_per_kwh", "values_g_per_kwh",
           "source"]
SOURCE = ("Electricity Maps hourly {year}, zone {zone}, life-cycle (ODbL 1.0; contains data from Electricity Maps, "
          "https://www.electricitymaps.com)")
_NAME = re.compile(r"^([A-Z]{2}(?:-[A-Z0-9]+)*)_(\d{4})\.csv$")


def read_zone(path: Path) -> np.ndarray:
    """One zone's hourly life-cycle intensity, 8,760 values in hour order (a leap year's 29 February dropped)."""
    table = pd.read_csv(path, usecols=["datetime_utc", "ci_lca_g_per_kwh"])
    when = pd.to_datetime(table["datetime_utc"], utc=True)
    keep = ~((when.dt.month == 2) & (when.dt.day == 29))
    table, when = table[keep], when[keep]
    first = when.iloc[0] if len(when) else None
    if len(table) != HOURS or when.duplicated().any() or not when.is_monotonic_increasing \
            or (first.month, first.day, first.hour) != (1, 1, 0):
        raise ValueError(f"{path}: expected the {HOURS} hours of one year in order from 1 January 00:00 UTC")
    values = table["ci_lca_g_per_kwh"].to_numpy(dtype=float)
    if not np.all(np.isfinite(values)) or values.min() < 0:
        raise ValueError(f"{path}: a missing or negative intensity")
    return values


def build_hourly(folder: Path) -> pd.DataFrame:
    """Every zone's hourly profile in ``folder`` (``grid/hourly``), one row per zone and year."""
    rows = []
    for path in sorted(folder.glob("*.csv")):
        m = _NAME.match(path.name)
        if m is None:
            continue
        zone, year = m.group(1), int(m.group(2))
        values = np.rint(read_zone(path)).astype(int)
        rows.append({"zone": zone, "year": year, "hours": len(values), "mean_g_per_kwh": round(values.mean(), 2),
                     "min_g_per_kwh": int(values.min()), "max_g_per_kwh": int(values.max()),
                     "values_g_per_kwh": " ".join(map(str, values)), "source": SOURCE.format(year=year, zone=zone)})
    return pd.DataFrame(rows, columns=COLUMNS)
