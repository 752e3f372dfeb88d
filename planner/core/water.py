"""The water a training run consumes: on site (cooling) and off site (generating its electricity).

* on-site litres = IT energy (before PUE) x WUE, the data center's water usage effectiveness (The Green
  Grid's definition: litres per kWh of IT energy) — the plan's ``site.wue_l_per_kwh``, else the region's
  provider's published fleet figure, else an industry average;
* off-site litres = energy including PUE x the grid's water intensity (litres consumed per kWh generated) —
  the plan's ``site.offsite_water_l_per_kwh``, else one estimated from the grid's mix: the shares of
  fossil, nuclear and renewable generation (Electricity Maps' yearly carbon-free and renewable shares), the
  fossil part split between coal and gas by its carbon intensity, times per-source consumption factors
  (Macknick et al. 2012). Reservoir evaporation of hydropower is not counted, so off-site water is a lower
  bound for hydro-heavy grids.

The factors are ``resources/water.csv``, each with its source; see docs/methodology.md, "Water".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from planner.core.catalog import Catalog, Region, default_catalog
from planner.core.estimate import PHASES, Estimate
from planner.core.text import cite

# life-cycle intensities (g CO2e/kWh, IPCC AR5 medians) that split a grid's fossil part into coal and gas
COAL_G, GAS_G, LOW_CARBON_G = 820.0, 490.0, 25.0
WUE_BAND, OFFSITE_BAND = 0.5, 0.5  # relative half-widths of the low-high band where the figure is not given


@dataclass(frozen=True)
class Factor:
    value: float
    year: int
    source: str


@lru_cache(maxsize=4)
def water_factors(path: str | None = None) -> dict:
    """``resources/water.csv`` as {("wue" | "source", key): Factor}; CatalogError naming the file."""
    from pathlib import Path

    from planner.core.catalog import _float, _int, _text, read_table
    from planner.core.errors import CatalogError
    from planner.core.resources import resources_dir

    p = Path(path) if path else resources_dir() / "water.csv"

    def check(r):
        if r["kind"] not in ("wue", "source"):
            return "kind: must be wue or source"
        if not 0 <= r["value"] <= 1000:
            return "value: must be from 0 to 1,000 L/kWh"
        return None

    rows = read_table(p, {"kind": (_text, True), "key": (_text, True), "value": (_float, True),
                          "unit": (_text, False), "year": (_int, True), "source": (_text, True)}, check)
    out = {(r["kind"], r["key"].lower()): Factor(r["value"], r["year"], r["source"]) for r in rows}
    for need in (("wue", "default"), ("source", "coal"), ("source", "gas"), ("source", "nuclear"),
                 ("source", "renewable"), ("source", "default")):
        if need not in out:
            raise CatalogError(p, f"a {need[0]} row for {need[1]!r} is required")
    return out


def grid_water(region: Region, intensity: float | None = None) -> tuple[float, str]:
    """Litres consumed per kWh generated on the region's grid, and how it was found."""
    f = water_factors()
    ci = region.carbon_intensity if intensity is None else intensity
    if region.cfe_pct is None or region.renewable_pct is None:
        d = f[("source", "default")]
        return d.value, f"{cite(d.source, d.year)}"
    cfe, re = region.cfe_pct / 100.0, region.renewable_pct / 100.0
    fossil, nuclear = max(0.0, 1.0 - cfe), max(0.0, cfe - re)
    fossil_g = (ci - LOW_CARBON_G * cfe) / fossil if fossil > 0 else 0.0
    coal = min(max((fossil_g - GAS_G) / (COAL_G - GAS_G), 0.0), 1.0)
    litres = (fossil * (coal * f[("source", "coal")].value + (1 - coal) * f[("source", "gas")].value)
              + nuclear * f[("source", "nuclear")].value + re * f[("source", "renewable")].value)
    how = (f"mix {fossil:.0%} fossil (~{coal:.0%} of it coal), {nuclear:.0%} nuclear, {re:.0%} renewable "
           f"(Electricity Maps {region.year}) x per-source consumption (Macknick et al. 2012); hydro "
           f"evaporation not counted")
    return litres, how


def site_wue(region: Region) -> tuple[float, str]:
    if region.wue is not None:  # a named site's own
        return region.wue, region.facility_source
    f = water_factors()
    w = f.get(("wue", region.provider)) or f[("wue", "default")]
    return w.value, f"{cite(w.source, w.year)}"


@dataclass(frozen=True)
class Water:
    onsite_l: float
    offsite_l: float
    low_l: float
    high_l: float
    phases: dict  # phase -> litres
    wue: float
    wue_source: str
    offsite_l_per_kwh: float
    offsite_source: str

    @property
    def total_l(self) -> float:
        return self.onsite_l + self.offsite_l

    def to_dict(self) -> dict:
        return {"onsite_l": self.onsite_l, "offsite_l": self.offsite_l,
                "range": {"low": self.low_l, "high": self.high_l},
                "phases": self.phases, "wue_l_per_kwh": self.wue, "wue_source": self.wue_source,
                "offsite_l_per_kwh": self.offsite_l_per_kwh, "offsite_source": self.offsite_source}


def water(est: Estimate, catalog: Catalog | None = None) -> Water:
    """The estimate's water: on site and off site, with a low-high band and each phase's share."""
    catalog = catalog or default_catalog()
    plan, i = est.plan, est.inputs
    if plan.site.wue_l_per_kwh is not None:
        wue, wue_src, wb = plan.site.wue_l_per_kwh, "given (site.wue_l_per_kwh)", 0.0
    else:
        (wue, wue_src), wb = site_wue(i.region), WUE_BAND
    if plan.site.offsite_water_l_per_kwh is not None:
        ewif, ewif_src, ob = plan.site.offsite_water_l_per_kwh, "given (site.offsite_water_l_per_kwh)", 0.0
    else:
        (ewif, ewif_src), ob = grid_water(i.region, i.carbon_intensity_yearly), OFFSITE_BAND
    onsite = est.it_energy_kwh * wue
    offsite = est.energy_kwh * ewif
    total = onsite + offsite
    share = {p: (est.phases[p].energy_kwh / est.energy_kwh if est.energy_kwh else 0.0) for p in PHASES}
    low = est.it_energy_kwh * wue * (1 - wb) + est.energy_range[0] * ewif * (1 - ob)
    high = est.it_energy_kwh * wue * (1 + wb) + est.energy_range[1] * ewif * (1 + ob)
    return Water(onsite, offsite, min(low, total), max(high, total), {p: total * share[p] for p in PHASES},
                 wue, wue_src, ewif, ewif_src)


def region_water(est: Estimate, catalog: Catalog) -> dict:
    """The plan's water in every region (id -> litres), to rank regions by water: the region's provider's
    WUE (or the plan's), its grid's water intensity, each at the region's PUE (or the plan's)."""
    arr = catalog.region_arrays()
    it = est.it_energy_kwh
    out = {}
    for rid, pue in zip(arr["ids"], arr["pue"]):
        r = catalog.regions[rid]
        wue = est.plan.site.wue_l_per_kwh if est.plan.site.wue_l_per_kwh is not None else site_wue(r)[0]
        ewif = (est.plan.site.offsite_water_l_per_kwh if est.plan.site.offsite_water_l_per_kwh is not None
                else grid_water(r)[0])
        p = est.inputs.pue if est.inputs.pue_from_user else pue
        out[rid] = it * wue + it * p * ewif
    return out
