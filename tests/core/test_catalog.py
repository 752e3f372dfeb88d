"""The reference catalog: coverage, sources, and validation of malformed files."""

import csv
import shutil

import pytest

from planner.core import CatalogError, load_catalog
from planner.core.catalog import LB_PER_KG
from planner.core.estimate import estimate
from planner.core.plan import Hardware, Plan, Run, Site
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


# The newest chips without a public list price anywhere (2026): the planner says "no price" for them and asks for
# one, rather than guess.
NO_PUBLIC_PRICE = {"GB300", "TPU7x", "Trainium3", "H200-NVL", "RTX-PRO-6000"}  # no rental list price found


def test_every_accelerator_has_a_sourced_price_wherever_it_runs(catalog):
    assert all(catalog.price_for(catalog.accelerators[a], catalog.regions["world"]) is None for a in NO_PUBLIC_PRICE)
    for a in catalog.accelerators.values():
        if a.id in NO_PUBLIC_PRICE:
            continue
        for region in ("aws:us-east-1", "gcp:us-central1", "azure:westeurope", "FR", "world"):
            price = catalog.price_for(a, catalog.regions[region])
            assert price is not None, (a.id, region)
            assert 0 < price.low <= price.high and price.year >= 2014 and price.source, (a.id, region)
            assert price.low_basis and price.high_basis
        rented = [p for p in catalog.prices[a.id].values() if "purchase" not in p.high_basis]
        assert all(p.year >= 2025 for p in rented), a.id  # rental prices are current


def test_the_regions_provider_chooses_the_price(catalog):
    h100 = catalog.accelerators["H100-SXM"]
    aws = catalog.price_for(h100, catalog.regions["aws:us-east-1"])
    azure = catalog.price_for(h100, catalog.regions["azure:eastus"])
    assert aws.provider == "aws" and azure.provider == "azure" and aws.high != azure.high
    assert catalog.price_for(h100, catalog.regions["FR"]).provider == ""  # no provider: the general row
    aws_est = estimate(Plan(hardware=Hardware("H100-SXM", 8), run=Run(10.0), site=Site("aws:us-east-1")), catalog)
    assert aws_est.cost_high == pytest.approx(80 * aws.high) and aws_est.inputs.price_source.endswith(aws.source)


def test_corrected_and_new_hardware(catalog):
    acc = catalog.accelerators
    assert acc["RTX-4090"].peak_flops == 165.2e12  # FP16 tensor with FP32 accumulate, not the FP32 rate
    assert acc["TPUv4"].avg_power_w == 170 and acc["TPUv4"].tdp_w == 192
    for new in ("GB200", "H100-NVL", "A10G", "MI325X", "MI355X", "TPUv5e", "TPUv5p", "TPUv6e", "Gaudi2", "Gaudi3",
                "Trainium1", "Trainium2"):
        a = acc[new]
        assert a.peak_flops > 0 and a.default_power_w > 0 and a.memory_gb and a.source and a.year >= 2021, new
    for a in acc.values():
        assert a.peak_basis == "dense" and a.flops_precision, a.id


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
    assert catalog.pue_defaults["default"].pue == 1.56 and catalog.pue_defaults["aws"].pue == 1.14
    assert all(1.0 <= p.pue < 1.3 for k, p in catalog.pue_defaults.items() if k != "default")
    assert catalog.pue_for(catalog.regions["gcp:us-central1"]).pue == catalog.pue_defaults["gcp"].pue
    assert catalog.pue_for(catalog.regions["FR"]).pue == 1.56


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


def test_a_user_csv_too_large_is_refused_before_it_is_read(tmp_path):
    """120,000 user accelerators made the start take 14 s (issue 22): an absurd file is refused whole, named."""
    import time

    from planner.core.userdata import MAX_ROWS, load_user_entries

    lines = "".join(f"u{k},Card,300,1e14,2025,mine\n" for k in range(MAX_ROWS["accelerators"] + 1))
    (tmp_path / "accelerators.csv").write_text("id,name,tdp_w,peak_flops,year,source\n" + lines)
    t0 = time.perf_counter()
    accs, regions, problems = load_user_entries(tmp_path)
    assert accs == [] and "accelerators.csv" in problems[0] and "10,001 rows; at most 10,000" in problems[0]
    assert time.perf_counter() - t0 < 1.0


def test_a_duplicate_user_id_names_its_rows(tmp_path, catalog):
    from planner.core.userdata import load_user_entries

    (tmp_path / "grid_regions.csv").write_text("id,name,carbon_intensity_g_per_kwh,year,source\n"
                                               "lab:a,A,5,2025,s\n\nlab:b,B,5,2025,s\nlab:a,C,5,2025,s\n")
    _, regions, problems = load_user_entries(tmp_path, catalog)
    assert regions == [] and "row 5" in problems[0] and "first in row 2" in problems[0] and "'id'" in problems[0]
    (tmp_path / "grid_regions.csv").write_text("id,name,carbon_intensity_g_per_kwh,year,source\nFR,Mine,5,2025,s\n")
    _, _, problems = load_user_entries(tmp_path, catalog)
    assert "row 2" in problems[0] and "built-in" in problems[0]


def test_the_chips_of_2026_and_their_precisions(catalog):
    acc = catalog.accelerators
    for new in ("H800", "A800", "H20", "B300", "GB300", "TPU7x", "Trainium3", "RTX-5090", "A40", "L40", "A100-PCIe",
                "GH200", "H200-NVL"):
        a = acc[new]
        assert a.source and a.year >= 2020 and a.peak_flops > 0 and a.default_power_w > 0, new
        assert (a.peak_fp8 is None and a.peak_fp4 is None) or a.precision_source, new
    assert acc["H100-SXM"].precisions == ("bf16", "fp8") and acc["A100-80GB"].precisions == ("bf16",)
    assert acc["B200"].precisions == ("bf16", "fp8", "fp4") and acc["B200"].peak_at("fp8") == 2 * acc["B200"].peak_flops
    assert all(a.peak_fp8 is None or a.peak_fp8 >= a.peak_flops for a in acc.values())  # FP8 is never slower


def test_an_fp8_peak_without_its_source_is_refused(tmp_path):
    import shutil

    from planner.core.catalog import load_catalog
    from planner.core.errors import CatalogError
    from planner.core.resources import resources_dir

    folder = tmp_path / "res"
    shutil.copytree(resources_dir(), folder)
    path = folder / "accelerators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("H100-SXM,"))
    lines[k] = lines[k].replace('"NVIDIA H100 datasheet, SXM column: FP8 tensor 3,958 TFLOP/s with sparsity, 1,979 '
                                'dense"', "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"row \d+.*precision_source"):
        load_catalog(folder)


def test_named_sites_carry_their_own_pue_on_their_grid(catalog):
    sites = [r for r in catalog.regions.values() if r.kind == "site"]
    assert len(sites) >= 6
    for s in sites:
        grid = catalog.regions[s.zone]
        assert s.carbon_intensity == grid.carbon_intensity and s.source.startswith(f"Grid zone {s.zone}")
        assert s.facility_source and s.pue_year and s.lat is not None
        assert catalog.pue_for(s).pue == s.pue and catalog.pue_for(s).source == s.facility_source
    esif = catalog.regions["site:nrel-esif"]
    plan = Plan(hardware=Hardware("H100-SXM", 8), run=Run(10.0), site=Site("site:nrel-esif"))
    est = estimate(plan, catalog)
    assert est.inputs.pue == esif.pue == 1.036 and "NREL" in est.inputs.pue_source
    assert catalog.region_arrays()["pue"][catalog.region_arrays()["index"][esif.id]] == 1.036
    from planner.core.results import results_for

    ranked = results_for(plan, catalog).sweep("site")
    assert set(ranked.ids) == {s.id for s in sites} and ranked.ids[0] == "site:meta-lulea"
    advice = [s.change for s in results_for(plan, catalog).advice()]
    assert any(c.startswith("Run at site:meta-lulea, the cleanest named site") for c in advice)


def test_a_site_on_an_unknown_zone_is_refused_by_row(tmp_path):
    import shutil

    from planner.core.catalog import load_catalog
    from planner.core.errors import CatalogError
    from planner.core.resources import resources_dir

    folder = tmp_path / "res"
    shutil.copytree(resources_dir(), folder)
    with (folder / "sites.csv").open("a", encoding="utf-8") as f:
        f.write('moon,"Moon base",NASA,hpc,,MOON,0,0,1.1,2030,,,"a story"\n')
    with pytest.raises(CatalogError, match=r"sites.csv.*row \d+.*zone.*'MOON'"):
        load_catalog(folder)
