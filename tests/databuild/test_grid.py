"""The grid table's refresh script on the shared raw data, and the one-basis promise it keeps."""

import json
from pathlib import Path

import pandas as pd
import pytest

from planner.core.resources import resources_dir

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "grid"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"raw data not beside the checkout ({DATA})")

# Where the project's mapping (from the providers' region pages) deliberately differs from the reference
# mapping it is checked against: the utility known to serve the site.
DELIBERATE = {
    "gcp:us-central1": "Council Bluffs, Iowa: MidAmerican Energy, a MISO member",
    "gcp:us-east1": "Moncks Corner, South Carolina: served by Santee Cooper (US-CAR-SC)",
    "gcp:us-west1": "The Dalles, Oregon: Northern Wasco PUD buys from Bonneville (BPAT)",
    "aws:us-west-2": "Boardman/Umatilla, Oregon: Umatilla Electric Cooperative buys from Bonneville (BPAT)",
    "azure:westus2": "Quincy, Washington: Grant County PUD, its own balancing authority (GCPD)",
    "azure:westcentralus": "Cheyenne, Wyoming: in the WACM balancing authority",
}


@needs_data
def test_refresh_reproduces_the_shipped_table():
    from planner.databuild.grid import build_grid

    built = build_grid(DATA)
    shipped = pd.read_csv(resources_dir() / "grid_regions.csv", keep_default_na=False, dtype=str)
    assert list(built["id"]) == list(shipped["id"])
    assert built["carbon_intensity_g_per_kwh"].tolist() == pytest.approx(
        shipped["carbon_intensity_g_per_kwh"].astype(float).tolist())


@needs_data
def test_refresh_command_writes_the_table(tmp_path):
    from planner.databuild.__main__ import main

    assert main(["--data", str(DATA.parent), "--out", str(tmp_path)]) == 0
    assert main(["--data", str(DATA.parent), "--out", str(tmp_path), "--check"]) == 0
    assert main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2


@needs_data
def test_zones_take_the_newest_year_and_the_cloud_mapping_matches_the_reference():
    from planner.databuild.grid import newest_per_zone, read_electricity_maps

    em = newest_per_zone(read_electricity_maps(DATA)).set_index("zone")
    assert em.loc["CA-QC", "g"] == 41 and em.loc["CA-QC", "year"] == 2025  # README spot values
    assert em.loc["US-MIDA-PJM", "g"] == 418 and em.loc["FR", "g"] == 31
    reference = {f"{v['provider']}:{v['region']}": v["zoneKey"]
                 for v in json.loads((DATA / "cloud_datacenters_to_zones.json").read_text()).values()}
    mine = pd.read_csv(Path(__file__).resolve().parents[2] / "planner" / "databuild" / "cloud_regions.csv")
    differ = {r.id for r in mine.itertuples() if reference.get(r.id, r.zone) != r.zone}
    assert differ == set(DELIBERATE)


def test_one_basis_one_figure_per_grid(catalog):
    by_zone = {}
    for r in catalog.regions.values():
        if r.kind == "reference":
            continue
        assert r.basis == "location-based, life-cycle, yearly average", r.id
        by_zone.setdefault(r.grid_key, set()).add(r.carbon_intensity)
    assert all(len(v) == 1 for v in by_zone.values())
    cloud = [r for r in catalog.regions.values() if r.kind == "cloud"]
    assert len(cloud) >= 100 and all(r.zone and r.lat is not None for r in cloud)
    same = [("gcp:northamerica-northeast1", "aws:ca-central-1", "azure:canadaeast", "CA-QC"),
            ("gcp:us-central1", "azure:centralus", "US-IA"), ("gcp:us-east4", "aws:us-east-1", "azure:eastus"),
            ("gcp:europe-west9", "aws:eu-west-3", "azure:francecentral", "FR"),
            ("gcp:europe-west3", "aws:eu-central-1", "azure:germanywestcentral", "DE")]
    for group in same:
        assert len({catalog.regions[r].carbon_intensity for r in group}) == 1, group
    assert catalog.regions["gcp:asia-east2"].country == "HK"


def test_grid_rows_are_current_and_sourced(catalog):
    rows = list(catalog.regions.values())
    assert sum(r.year >= 2023 for r in rows) >= 0.9 * len(rows)
    assert all(r.source and r.year for r in rows)


def test_provider_figures_never_rank(catalog):
    from planner.core.advise import advise
    from planner.core.plan import Plan

    # with Google's own figure, Montreal would be 2 g; on the one basis it is Quebec's grid
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog)
    for s in advise(plan, catalog):
        if s.plan.site.region != plan.site.region:
            region = catalog.regions[s.plan.site.region]
            assert s.plan.site.carbon_intensity_g_per_kwh is None
            assert region.carbon_intensity != region.provider_intensity or region.provider_intensity is None


@needs_data
def test_the_yearly_table_holds_every_zone_and_year_and_the_editor_spans_them(catalog):
    from planner.core.fields import SPECS
    from planner.databuild.grid import build_grid_years

    years = build_grid_years(DATA)
    assert set(years["year"]) == set(range(2021, 2026)) and len(years) == 1760
    de = years[years["zone"] == "DE"].set_index("year")["carbon_intensity_g_per_kwh"]
    assert (de[2023], de[2025]) == (379, 342)
    assert years["source"].str.contains("ODbL").all()
    scale = SPECS["site.grid_year"].scale
    assert (scale.lo, scale.hi) == (years["year"].min(), years["year"].max())  # refreshed data: move the slider
    assert catalog.grid_series(catalog.regions["DE"]) == de.to_dict()

