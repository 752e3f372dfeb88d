"""The plan on a map: outlines, what each shape and point stands for, and a sequential colour scale.

No Qt here: the window's map view and the PDF both draw what this returns.
Outlines are ``resources/map.json`` (Natural Earth, public domain), built by
``python -m planner.databuild``; they are read when the map is first shown.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.core.catalog import Catalog
from planner.core.errors import CatalogError
from planner.core.estimate import Estimate
from planner.core.model import kg_per_it_kwh

MAX_MAP_BYTES = 4 * 1024 * 1024  # the shipped file is about 110 kB
# ColorBrewer YlOrRd, 8 classes (Brewer, Pennsylvania State University): light = low CO2e, dark = high
SCALE = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026")


@dataclass(frozen=True)
class Shape:
    id: str  # the region it stands for (a country's ISO code, a state's ISO 3166-2), if the grid table has it
    name: str
    kind: str  # "country" or "state"
    rings: tuple  # each a flat tuple (lon0, lat0, lon1, lat1, ...)


@dataclass(frozen=True)
class MapData:
    shapes: tuple
    source: str


@lru_cache(maxsize=4)
def load_map(path: str | None = None) -> MapData:
    """The outlines; CatalogError naming the file if it cannot be used."""
    from pathlib import Path

    from planner.core.fileio import read_regular_bytes
    from planner.core.resources import resources_dir

    p = Path(path) if path else resources_dir() / "map.json"
    try:
        data = json.loads(read_regular_bytes(p, MAX_MAP_BYTES).decode("utf-8"))
        shapes = []
        for s in data["shapes"]:
            rings = tuple(tuple(float(v) for v in r) for r in s["rings"])
            if not all(len(r) >= 6 and len(r) % 2 == 0 and all(math.isfinite(v) and abs(v) <= 180 for v in r)
                       for r in rings):
                raise ValueError(f"shape {s.get('id')!r} has a bad ring")
            shapes.append(Shape(str(s["id"])[:40], str(s["name"])[:200], str(s["kind"]), rings))
        return MapData(tuple(shapes), str(data.get("source", ""))[:500])
    except FileNotFoundError:
        raise CatalogError(p, "file not found") from None
    except OSError as exc:
        raise CatalogError(p, f"cannot read file ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError) as exc:
        raise CatalogError(p, f"not a map file ({str(exc)[:120]})") from None


def region_values(est: Estimate, catalog: Catalog) -> np.ndarray:
    """The plan's CO2e (kg) in every region of the catalog, in ``catalog.region_arrays()`` order: the same
    numbers the region sweep ranks (each region at its provider's PUE unless the plan sets one; a plan's own
    grid-intensity override, or its schedule, applies to its own region only)."""
    arr = catalog.region_arrays(est.plan.site.grid_year)
    if "np_intensity" not in arr:
        arr["np_intensity"] = np.asarray(arr["intensity"], dtype=float)
        arr["np_factor"] = np.asarray(arr["factor"], dtype=float)
    it = est.it_energy_kwh
    if est.inputs.pue_from_user:
        kg = it * kg_per_it_kwh(est.inputs.pue, arr["np_intensity"])
    else:
        kg = it * arr["np_factor"]
    if est.plan.site.carbon_intensity_g_per_kwh is not None or est.inputs.schedule_zone:  # as the estimate has it
        kg = kg.copy()
        kg[arr["index"][est.inputs.region.id]] = est.emissions_kg
    return kg


@dataclass(frozen=True)
class MapLayout:
    """Which region each shape and point stands for, as indices into ``catalog.region_arrays()``."""
    shapes: tuple  # Shape, drawn
    shape_regions: np.ndarray  # region index per shape, -1 where the grid table has no such region
    points: tuple  # region ids drawn as points (cloud regions; provinces without an outline)
    point_regions: np.ndarray
    point_lonlat: np.ndarray  # (n, 2)
    point_groups: tuple  # region_group of each point


def layout(catalog: Catalog, data: MapData | None = None) -> MapLayout:
    data = data or load_map()
    arr = catalog.region_arrays()
    index = arr["index"]
    shape_regions = np.array([index.get(s.id, -1) for s in data.shapes], dtype=int)
    outlined = {s.id for s in data.shapes}
    pts = [r for r in catalog.regions.values()
           if r.lat is not None and r.lon is not None and r.id not in outlined]
    return MapLayout(data.shapes, shape_regions, tuple(r.id for r in pts),
                     np.array([index[r.id] for r in pts], dtype=int),
                     np.array([(r.lon, r.lat) for r in pts], dtype=float).reshape(-1, 2),
                     tuple(arr["groups"][index[r.id]] for r in pts))


def buckets(values: np.ndarray, limit: float, n: int = len(SCALE)) -> np.ndarray:
    """The colour class (0 .. n-1) of each value on a scale from 0 to ``limit``."""
    if limit <= 0:
        return np.zeros(len(values), dtype=int)
    return np.clip((np.asarray(values) / limit * n).astype(int), 0, n - 1)


def class_edges(limit: float, n: int = len(SCALE)) -> list[float]:
    return [limit * k / n for k in range(n + 1)]


def highlighted(lay: MapLayout, catalog: Catalog, region_id: str) -> tuple[list[int], list[int]]:
    """Shapes and points that show ``region_id``: itself where it is drawn, else every drawn region on its
    grid (a balancing area shows as the states it serves)."""
    arr = catalog.region_arrays()
    k = arr["index"].get(region_id, -1)
    shapes = [i for i, r in enumerate(lay.shape_regions) if r == k and k >= 0]
    points = [i for i, r in enumerate(lay.point_regions) if r == k and k >= 0]
    if shapes or points or k < 0:
        return shapes, points
    key = catalog.regions[region_id].grid_key
    ids = arr["ids"]
    shapes = [i for i, r in enumerate(lay.shape_regions) if r >= 0 and catalog.regions[ids[r]].grid_key == key]
    points = [i for i, r in enumerate(lay.point_regions) if catalog.regions[ids[r]].grid_key == key]
    return shapes, points
