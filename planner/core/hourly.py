"""Reading ``grid_hourly.csv``: each zone's row is scanned once (its 8,760 values left as text) and a zone's
values parsed and checked when a plan first uses it (``planner.core.catalog.Catalog.hourly_profile`` keeps
them); what the hours are used for is ``planner.core.schedule``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from planner.core.errors import CatalogError
from planner.core.fileio import read_regular_bytes
from planner.core.schedule import HOURS, Profile

MAX_HOURLY_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class ProfileRow:
    """A zone's row of ``grid_hourly.csv``, its values not yet parsed (a plan needs one zone at a time)."""
    rowno: int
    zone: str
    year: int
    source: str
    values: str


def scan_hourly(path: Path | None) -> dict[str, ProfileRow]:
    """The rows of ``grid_hourly.csv`` by zone, checked but for their values (``parse_profile`` checks those
    when a zone is first used); none without the file."""
    if path is None or not Path(path).exists():
        return {}
    try:
        text = read_regular_bytes(path, MAX_HOURLY_BYTES).decode("utf-8-sig")
    except OSError as exc:
        raise CatalogError(path, f"cannot read file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise CatalogError(path, "not a text file (expected UTF-8 CSV)") from None
    out: dict[str, ProfileRow] = {}
    lines = text.splitlines()
    try:
        header = next(csv.reader(lines[:1]), [])
        missing = [c for c in ("zone", "year", "values_g_per_kwh", "source") if c not in header]
        if missing:
            raise CatalogError(path, f"missing column(s): {', '.join(missing)}")
        k = header.index("values_g_per_kwh")
        for rowno, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            # the values (digits and spaces: 35 kB) are cut out before the rest is read as CSV, which would
            # otherwise walk them character by character
            head = line.split(",", k)
            if len(head) == k + 1 and '"' not in ",".join(head[:k]) and "," in head[k]:
                values, rest = head[k].split(",", 1)
                cells = head[:k] + [values] + next(csv.reader([rest]))
            else:
                cells = next(csv.reader([line]), [])
            row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
            zone = row["zone"].strip()
            if not zone or len(zone) > 40 or not all(ch.isalnum() or ch == "-" for ch in zone):
                raise CatalogError(path, "must be a grid zone key such as GB or US-CAL-CISO", rowno, "zone")
            if zone in out:
                raise CatalogError(path, f"duplicate zone {zone!r}", rowno, "zone")
            try:
                year = int(row["year"].strip())
            except ValueError:
                raise CatalogError(path, "must be a year", rowno, "year") from None
            source = row["source"].strip()
            if not source:
                raise CatalogError(path, "value is required", rowno, "source")
            out[zone] = ProfileRow(rowno, zone, year, source, row["values_g_per_kwh"])
    except csv.Error as exc:
        raise CatalogError(path, f"not a readable CSV file ({exc})") from None
    return out


def read_profiles(path: Path | None) -> dict[str, Profile]:
    """``grid_hourly.csv``: {zone: Profile}, every row checked; none without the file. A damaged row raises
    CatalogError naming the file, row and column."""
    return {zone: parse_profile(path, row) for zone, row in scan_hourly(path).items()}


def parse_profile(path: Path | None, row) -> Profile:
    """A zone's profile from its row: exactly 8,760 numbers of 0 to 5,000 g/kWh, or CatalogError naming the row."""
    try:
        values = np.array(row.values.split(), dtype=float)
    except ValueError:
        raise CatalogError(path, "must be numbers separated by spaces", row.rowno, "values_g_per_kwh") from None
    if values.size != HOURS:
        raise CatalogError(path, f"must hold {HOURS:,} hourly values, got {values.size:,}", row.rowno,
                           "values_g_per_kwh")
    if not np.all(np.isfinite(values)) or values.min() < 0 or values.max() > 5000 or values.max() <= 0:
        raise CatalogError(path, "every value must be a number of 0 to 5,000 g/kWh, and not all 0", row.rowno,
                           "values_g_per_kwh")
    return Profile(row.zone, row.year, values, row.source)


def markdown(catalog) -> str:
    """The hourly table as ``docs/data.md`` prints it: each zone's profile year, the empty hours its file had (filled
    from the hours either side), the mean of its hours and the yearly figure the planner scales them to, and the
    cloud regions on it."""
    path = catalog.files.get("grid_hourly")
    with open(path, newline="", encoding="utf-8") as f:
        rows = [{k: v for k, v in row.items() if k != "values_g_per_kwh"} for row in csv.DictReader(f)]
    on_zone: dict[str, list] = {}
    for region in catalog.regions.values():
        if region.zone and region.kind != "reference":
            on_zone.setdefault(region.zone, []).append(region)
    lines = ["| zone | year | empty hours filled | mean of the hours, g/kWh | yearly figure in use, g/kWh "
             "| cloud regions |", "|---|---|---|---|---|---|"]
    for row in rows:
        regions = on_zone.get(row["zone"], [])
        yearly = f"{regions[0].carbon_intensity:g}" if regions else "–"
        cloud = ", ".join(sorted(r.id for r in regions if r.kind == "cloud")) or "–"
        lines.append(f"| {row['zone']} | {row['year']} | {int(row['filled_hours'] or 0)} "
                     f"| {float(row['mean_g_per_kwh']):.0f} | {yearly} | {cloud} |")
    drawing = sum(len(on_zone.get(row["zone"], [])) for row in rows)
    cloud_on = sum(r.kind == "cloud" for row in rows for r in on_zone.get(row["zone"], []))
    cloud_all = sum(r.kind == "cloud" for r in catalog.regions.values())
    years = sorted({row["year"] for row in rows})
    filled = sum(int(row["filled_hours"] or 0) for row in rows)
    return ("\n".join(lines) + f"\n\n{len(rows)} zones (profile years {', '.join(years)}), {filled} empty hours "
            f"filled in all; {drawing} regions of the catalog draw from them, {cloud_on} of its {cloud_all} cloud "
            "regions.\n")
