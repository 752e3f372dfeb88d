"""Build ``resources/grid_regions.csv`` from the raw public data sets.

One basis for every row the planner ranks: **location-based, life-cycle,
yearly average**, newest year available. Sources, in order of preference:

* Electricity Maps yearly zone averages (via co2.js; ODbL 1.0, credit
  "Electricity Maps"): every zone, countries and sub-national grids alike,
  newest year in which the zone has a value;
* Ember yearly country averages (via co2.js; CC BY-SA 4.0, credit "Ember"):
  the world average, and countries Electricity Maps has no zone for;
* the project's own mappings (``cloud_regions.csv``: every cloud region to the
  grid zone it draws from, from the providers' region pages; ``us_states.csv``:
  US states to the balancing authority serving most of their load), which take
  the intensity of their zone, so regions on one grid show one figure;
* Google's own per-region figures (Apache-2.0), kept beside the GCP rows as
  information (``provider_g_per_kwh``, ``provider_cfe``), never ranked.

Run ``python -m planner.databuild`` (see ``--help``) to refresh.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
BASIS = "location-based, life-cycle, yearly average"
EM_SOURCE = "Electricity Maps yearly average {year}, zone {zone} (ODbL 1.0, via co2.js)"
EMBER_SOURCE = "Ember yearly average {year} ({code}; CC BY-SA 4.0, via co2.js)"

# Countries Electricity Maps has no zone for (ISO 3166-1 alpha-2 -> Ember's alpha-3 key)
EMBER_ONLY = {"AS": "ASM", "BM": "BMU", "CK": "COK", "CL": "CHL", "EH": "ESH", "GD": "GRD", "KI": "KIR",
              "KN": "KNA", "MS": "MSR", "NR": "NRU", "RU": "RUS", "SH": "SHN", "TC": "TCA", "UA": "UKR",
              "VG": "VGB"}

COLUMNS = ["id", "name", "kind", "provider", "country", "carbon_intensity_g_per_kwh", "year", "source", "zone",
           "basis", "years_low_g_per_kwh", "years_high_g_per_kwh", "renewable_pct", "cfe_pct", "provider_g_per_kwh",
           "provider_cfe", "provider_source", "lat", "lon"]

REFERENCE_ROWS = [  # kept as they were: a published run's own factor, not a grid of today
    {"id": "US-EPA-2018", "name": "US average (EPA 2018, as used by Strubell et al.)", "kind": "reference",
     "provider": "", "country": "US", "carbon_intensity_g_per_kwh": 432.7, "year": 2018,
     "source": "Strubell et al. 2019 (ACL), 0.954 lb CO2e/kWh from US EPA 2018",
     "basis": "direct (combustion), as the paper used it"},
]


def read_electricity_maps(folder: Path) -> pd.DataFrame:
    """Every zone of every ``electricitymaps_yearly_YYYY.json``: zone, year, intensity, names."""
    rows = []
    for path in sorted(folder.glob("electricitymaps_yearly_*.json")):
        year = int(re.search(r"(\d{4})", path.stem).group(1))
        for zone, rec in json.loads(path.read_text(encoding="utf-8")).items():
            value = (rec.get("carbonIntensity") or {}).get("value")
            if value is None:
                continue
            names = rec.get("zone") or {}
            share = {k: (rec.get(k) or {}).get("value") for k in ("renewableEnergy", "carbonFreeEnergy")}
            rows.append({"zone": zone, "year": year, "g": float(value), "zone_name": names.get("zoneName", zone),
                         "country_name": names.get("countryName", ""),
                         "renewable_pct": share["renewableEnergy"], "cfe_pct": share["carbonFreeEnergy"]})
    if not rows:
        raise FileNotFoundError(f"no electricitymaps_yearly_*.json with values in {folder}")
    return pd.DataFrame(rows)


def newest_per_zone(em: pd.DataFrame) -> pd.DataFrame:
    """One row per zone: the newest year's figure, with the spread over all years."""
    spread = em.groupby("zone")["g"].agg(years_low_g_per_kwh="min", years_high_g_per_kwh="max")
    newest = em.sort_values("year").groupby("zone").tail(1).set_index("zone")
    return newest.join(spread).reset_index()


def zone_rows(em: pd.DataFrame) -> pd.DataFrame:
    out = em.assign(
        id=em["zone"],
        name=[n if not c else f"{n}, {c}" for n, c in zip(em["zone_name"], em["country_name"])],
        kind=["subnational" if "-" in z else "country" for z in em["zone"]],
        provider="", country=em["zone"].str.split("-").str[0],
        carbon_intensity_g_per_kwh=em["g"],
        source=[EM_SOURCE.format(year=y, zone=z) for y, z in zip(em["year"], em["zone"])],
        basis=BASIS,
    )
    return out


def ember_rows(ember: dict, zones: set) -> pd.DataFrame:
    rows = []
    world = ember["World"]
    rows.append({"id": "world", "name": "World average", "kind": "world", "provider": "", "country": "",
                 "carbon_intensity_g_per_kwh": round(world["emissions_intensity_gco2_per_kwh"], 1),
                 "year": world["year"], "source": EMBER_SOURCE.format(year=world["year"], code="World"),
                 "basis": BASIS})
    for iso2, iso3 in EMBER_ONLY.items():
        if iso2 in zones or iso3 not in ember:
            continue
        rec = ember[iso3]
        rows.append({"id": iso2, "name": rec["country_or_region"], "kind": "country", "provider": "",
                     "country": iso2, "carbon_intensity_g_per_kwh": round(rec["emissions_intensity_gco2_per_kwh"], 1),
                     "year": rec["year"], "source": EMBER_SOURCE.format(year=rec["year"], code=iso3),
                     "basis": BASIS})
    return pd.DataFrame(rows)


def mapped_rows(mapping: pd.DataFrame, zones: pd.DataFrame, what: str) -> pd.DataFrame:
    """Rows that take their grid zone's figure (cloud regions, US states)."""
    missing = sorted(set(mapping["zone"]) - set(zones["zone"]))
    if missing:
        raise ValueError(f"{what}: zone(s) not in the data: {', '.join(missing)}")
    z = zones.set_index("zone")
    out = mapping.copy()
    out["carbon_intensity_g_per_kwh"] = out["zone"].map(z["g"])
    out["year"] = out["zone"].map(z["year"])
    out["years_low_g_per_kwh"] = out["zone"].map(z["years_low_g_per_kwh"])
    out["years_high_g_per_kwh"] = out["zone"].map(z["years_high_g_per_kwh"])
    out["renewable_pct"] = out["zone"].map(z["renewable_pct"])  # the newest year's mix shares (for water)
    out["cfe_pct"] = out["zone"].map(z["cfe_pct"])
    out["source"] = [f"Grid zone {zn}: " + EM_SOURCE.format(year=y, zone=zn) + f"; zone from {s}"
                     for zn, y, s in zip(out["zone"], out["year"], out["source"])]
    out["basis"] = BASIS
    return out


def cloud_rows(zones: pd.DataFrame) -> pd.DataFrame:
    m = pd.read_csv(HERE / "cloud_regions.csv", dtype=str, keep_default_na=False)
    label = {"gcp": "Google Cloud", "aws": "AWS", "azure": "Azure"}
    m["name"] = [f"{label[p]} {r} ({loc})" for p, r, loc in zip(m["provider"], m["region"], m["location"])]
    m["kind"] = "cloud"
    m["lat"] = m["lat"].astype(float)
    m["lon"] = m["lon"].astype(float)
    return mapped_rows(m.drop(columns=["region", "location"]), zones, "cloud_regions.csv")


def state_rows(zones: pd.DataFrame) -> pd.DataFrame:
    m = pd.read_csv(HERE / "us_states.csv", dtype=str, keep_default_na=False)
    m = m[~m["id"].isin(zones["zone"])]  # Alaska and Hawaii are zones of their own
    names = zones.set_index("zone")["zone_name"]
    m["name"] = [f"{n} (grid: {names[z]})" for n, z in zip(m["name"], m["zone"])]
    m["kind"] = "subnational"
    m["provider"] = ""
    m["country"] = "US"
    return mapped_rows(m, zones, "us_states.csv")


def google_figures(folder: Path) -> pd.DataFrame:
    """Google's newest per-region grid intensity and CFE share (information beside the GCP rows)."""
    files = sorted(folder.glob("gcp_region_carbon_*.csv"))
    if not files:
        return pd.DataFrame(columns=["id", "provider_g_per_kwh", "provider_cfe", "provider_source"])
    path = files[-1]
    year = int(re.search(r"(\d{4})", path.stem).group(1))
    g = pd.read_csv(path)
    g.columns = [c.strip() for c in g.columns]
    return pd.DataFrame({
        "id": "gcp:" + g["Google Cloud Region"].str.strip(),
        "provider_g_per_kwh": g["Grid carbon intensity (gCO2eq / kWh)"].astype(float),
        "provider_cfe": g["Google CFE"].astype(float),
        "provider_source": f"Google Cloud region carbon data {year} (operational grid intensity and hourly "
                           f"CFE%, Apache-2.0, GoogleCloudPlatform/region-carbon-info)",
    })


def build_grid(folder: Path) -> pd.DataFrame:
    """The whole table from the raw data in ``folder`` (``shared/data/grid``)."""
    em = newest_per_zone(read_electricity_maps(folder))
    ember = json.loads((folder / "ember_average_intensities.json").read_text(encoding="utf-8"))
    table = pd.concat([pd.DataFrame(REFERENCE_ROWS), ember_rows(ember, set(em["zone"])), zone_rows(em),
                       state_rows(em), cloud_rows(em)], ignore_index=True)
    dup = table["id"][table["id"].duplicated()]
    if len(dup):
        raise ValueError(f"duplicate region id(s): {', '.join(sorted(set(dup)))}")
    google = google_figures(folder).set_index("id")
    for col in ("provider_g_per_kwh", "provider_cfe", "provider_source"):
        table[col] = table["id"].map(google[col]) if len(google) else None
    table["zone"] = table["zone"].fillna("")
    # Canadian provinces have no outline at the map's scale: a point at the capital (ca_provinces.csv)
    ca = pd.read_csv(HERE / "ca_provinces.csv", dtype={"id": str}).set_index("id")
    on_map = table["id"].isin(ca.index)
    table.loc[on_map, "lat"] = table.loc[on_map, "id"].map(ca["lat"])
    table.loc[on_map, "lon"] = table.loc[on_map, "id"].map(ca["lon"])
    order = {"world": 0, "reference": 1, "country": 2, "subnational": 3, "cloud": 4}
    table = table.assign(_k=table["kind"].map(order)).sort_values(["_k", "id"], kind="stable")
    return table[COLUMNS].reset_index(drop=True)


def build_grid_years(folder: Path) -> pd.DataFrame:
    """Every zone's yearly average in every year of the raw data (for a plan's ``site.grid_year``)."""
    em = read_electricity_maps(folder).sort_values(["zone", "year"], kind="stable")
    return pd.DataFrame({
        "zone": em["zone"], "year": em["year"], "carbon_intensity_g_per_kwh": em["g"],
        "source": [EM_SOURCE.format(year=y, zone=z) for y, z in zip(em["year"], em["zone"])],
    }).reset_index(drop=True)


def grid_csv(table: pd.DataFrame) -> str:
    """The table as the shipped file's text (one formatting, for writing and for --check)."""
    return table.to_csv(index=False, float_format="%.10g", lineterminator="\n")
