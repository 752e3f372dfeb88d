"""Build ``resources/map.json``: the outlines the map view and the PDF draw.

From Natural Earth 1:110m (public domain; ``shared/data/map``): the countries
(Antarctica and the French Southern lands left out: no grid, no room) and the
US states, simplified (Douglas–Peucker, 0.15 degree), rounded to 0.01
degree, and reduced to what the program uses: an id that joins the grid table
(ISO 3166-1 alpha-2 for a country, ISO 3166-2 for a state), a name, and rings
of longitude/latitude. Canadian provinces are not in the 1:110m set: they are
points in the grid table (``ca_provinces.csv``).
"""

from __future__ import annotations

import json
from pathlib import Path

TOLERANCE = 0.15  # degrees
LEFT_OUT = {"ATA", "ATF"}  # Antarctica, Fr. S. Antarctic Lands
ISO_BY_A3 = {"FRA": "FR", "NOR": "NO", "CYN": "", "SOL": ""}  # features whose ISO_A2 is -99
SOURCE = ("Natural Earth 1:110m Admin 0 countries and Admin 1 states (public domain; nvkelso/natural-earth-vector), "
          "simplified by planner/databuild/worldmap.py")


def _perpendicular(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float = TOLERANCE) -> list:
    """Douglas–Peucker, iterative (no recursion limit on long rings)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, at = 0.0, -1
        for k in range(i + 1, j):
            d = _perpendicular(points[k], points[i], points[j])
            if d > best:
                best, at = d, k
        if best > tolerance and at > 0:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(points, keep) if k]


def _rings(geometry: dict) -> list:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for poly in polys:
        outer = simplify(poly[0])  # holes are left out: none is large enough to see at this scale
        if len(outer) >= 4:
            flat = []
            for x, y in outer:
                flat += [round(x, 2), round(y, 2)]
            out.append(flat)
    return out


def build_map(folder: Path) -> dict:
    """The shapes from ``folder`` (``shared/data/map``)."""
    countries = json.loads((folder / "ne_110m_admin_0_countries.geojson").read_text(encoding="utf-8"))
    states = json.loads((folder / "ne_110m_admin_1_states_provinces.geojson").read_text(encoding="utf-8"))
    shapes = []
    for f in countries["features"]:
        p = f["properties"]
        if p["ADM0_A3"] in LEFT_OUT:
            continue
        iso = p["ISO_A2"] if p["ISO_A2"] not in ("-99", None) else ISO_BY_A3.get(p["ADM0_A3"], "")
        rings = _rings(f["geometry"])
        if rings:
            shapes.append({"id": iso or p["ADM0_A3"], "name": p["NAME"], "kind": "country", "rings": rings})
    for f in states["features"]:
        p = f["properties"]
        rings = _rings(f["geometry"])
        if rings:
            shapes.append({"id": p["iso_3166_2"], "name": p["name"], "kind": "state", "rings": rings})
    shapes.sort(key=lambda s: (s["kind"] != "country", s["id"]))
    return {"source": SOURCE, "licence": "public domain (Natural Earth)", "shapes": shapes}


def map_json(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
