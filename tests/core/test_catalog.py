"""The reference catalog: coverage, sources, and validation of malformed files."""

import csv
import shutil

import pytest

from planner.core import CatalogError, load_catalog
from planner.core.catalog import LB_PER_KG
from planner.core.resources import resources_dir

REQUIRED_ACCELERATORS = ["P100", "V100", "T4", "A100-40GB", "A100-80GB", "H100-SXM", "H100-PCIe", "L4",
                         "TPUv2", "TPUv3", "TPUv4", "MI250X", "GTX-1080"]


def test_every_csv_row_has_source_and_year():
    for path in sorted(resources_dir().glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows, path
        for n, row in enumerate(rows, start=2):
            assert row.get("source", "").strip(), f"{path.name} row {n} has no source"
            assert row.get("year", "").strip().isdigit(), f"{path.name} row {n} has no year"


def test_accelerators_cover_the_required_ids(catalog):
    assert len(catalog.accelerators) >= 20
    for acc_id in REQUIRED_ACCELERATORS:
        acc = catalog.accelerators[acc_id]
        assert acc.peak_flops > 0 and acc.default_power_w > 0


def test_prices_have_a_year_and_source(catalog):
    priced = [a for a in catalog.accelerators.values() if a.price_high is not None]
    assert len(priced) >= 4
    for a in priced:
        assert a.price_year and a.price_source
        assert a.price_low is None or a.price_low <= a.price_high


def test_region_coverage(catalog):
    regs = catalog.regions.values()
    for provider in ("aws", "gcp", "azure"):
        assert sum(r.provider == provider for r in regs) >= 15
    assert sum(r.kind == "cloud" for r in regs) >= 60
    assert sum(r.kind == "country" for r in regs) >= 100
    for rid in ("aws:us-east-1", "gcp:europe-north1", "azure:westeurope", "FR", "US", "CA-QC", "US-IA", "world"):
        assert rid in catalog.regions, rid
    assert catalog.regions["US-EPA-2018"].carbon_intensity == pytest.approx(0.954 / LB_PER_KG * 1000, abs=0.05)
    # Quebec's hydro grid is an order of magnitude cleaner than Iowa's
    assert catalog.regions["CA-QC"].carbon_intensity * 5 < catalog.regions["US-IA"].carbon_intensity


def test_pue_defaults(catalog):
    assert catalog.pue_defaults["default"].pue == 1.58
    assert all(1.0 <= p.pue < 1.3 for k, p in catalog.pue_defaults.items() if k != "default")
    assert catalog.pue_for(catalog.regions["gcp:us-central1"]).pue == catalog.pue_defaults["gcp"].pue
    assert catalog.pue_for(catalog.regions["FR"]).pue == 1.58


def test_benchmarks_match_their_original_units(catalog):
    factors = {"lb": 1 / LB_PER_KG, "kg": 1.0, "g": 0.001}
    ids = {b.id for b in catalog.benchmarks}
    assert {"flight_ny_sf", "human_life_year", "american_life_year", "car_lifetime", "tree_year"} <= ids
    for b in catalog.benchmarks:
        assert b.kg_co2e == pytest.approx(b.original_value * factors[b.original_unit], rel=1e-3), b.id


def test_presets_include_every_published_run(catalog, published_runs):
    names = {p.name.split(" (")[0] for p in catalog.presets.values()}
    for row in published_runs:
        assert row["run"] in names
    assert "default" in catalog.presets
    assert any("7B" in p.name for p in catalog.presets.values())
    assert any("70B" in p.name for p in catalog.presets.values())


def test_frames_are_pandas(catalog):
    df = catalog.frame("regions")
    assert len(df) == len(catalog.regions)
    assert {"id", "carbon_intensity", "source", "year"} <= set(df.columns)


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(resources_dir(), folder, ignore=shutil.ignore_patterns("icons"))
    return folder


def _rewrite(path, edit):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    edit(rows, fields)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def test_malformed_number_names_row_and_column(data_copy):
    _rewrite(data_copy / "accelerators.csv", lambda rows, f: rows[2].update(tdp_w="lots"))
    with pytest.raises(CatalogError) as err:
        load_catalog(data_copy)
    assert err.value.row == 4 and err.value.column == "tdp_w"
    assert "accelerators.csv" in str(err.value) and "'lots'" in str(err.value)


def test_missing_source_is_refused(data_copy):
    _rewrite(data_copy / "grid_regions.csv", lambda rows, f: rows[0].update(source=""))
    with pytest.raises(CatalogError) as err:
        load_catalog(data_copy)
    assert err.value.column == "source" and err.value.row == 2


def test_missing_column_is_refused(data_copy):
    def drop(rows, fields):
        fields.remove("year")
        for r in rows:
            r.pop("year")
    _rewrite(data_copy / "benchmarks.csv", drop)
    with pytest.raises(CatalogError, match="missing column.*year"):
        load_catalog(data_copy)
