"""Where every input comes from: the catalog, the user, or a preset; preset values follow the user's choices."""

import json

import pytest

from planner.core import estimate, load_plan
from planner.core.plan import RELEASED_BY, Plan, save_plan
from planner.core.state import PlanState
from planner.core.units import fmt_mass


def preset(catalog, pid):
    return Plan.from_dict(catalog.presets[pid].plan, catalog)


def test_the_default_plan_pins_nothing(catalog):
    plan = preset(catalog, "default")
    assert plan.origins == ()
    for dependants in RELEASED_BY.values():
        for path in dependants:
            assert plan.get(path) is None and plan.provenance(path) == "catalog", path


def test_a_paper_preset_labels_its_values(catalog):
    plan = preset(catalog, "bert-base")
    assert plan.provenance("hardware.power_w") == "preset"
    assert "Strubell" in plan.origin("hardware.power_w") and "BERT base" in plan.origin("hardware.power_w")
    est = estimate(plan, catalog)
    assert est.inputs.power_source.startswith("from preset BERT base")
    assert est.inputs.pue_source.startswith("from preset")


@pytest.mark.parametrize("acc", ["T4", "H100-SXM", "B200"])
def test_changing_the_accelerator_releases_the_presets_power_and_price(catalog, acc):
    bert = preset(catalog, "bert-base-tuning")
    plan = bert.with_value("hardware.accelerator", acc)
    a = catalog.accelerators[acc]
    est = estimate(plan, catalog)
    assert plan.hardware.power_w is None and est.inputs.power_w == catalog.central_power(a)[0]
    price = catalog.price_for(a, catalog.regions[plan.site.region])
    assert (est.inputs.price_low, est.inputs.price_high) == (price.low, price.high)
    released = {path for path, _, _ in plan.released_from(bert)}
    assert {"hardware.power_w", "pricing.usd_per_accelerator_hour_high"} <= released
    # the region's preset values are not about the accelerator: they stay
    assert plan.site.pue == bert.site.pue and plan.provenance("site.pue") == "preset"


def test_accelerators_now_differ_where_they_used_to_tie(catalog):
    bert = preset(catalog, "bert-base-tuning")
    kg = {acc: estimate(bert.with_value("hardware.accelerator", acc), catalog).emissions_kg
          for acc in ("V100", "T4", "H100-SXM", "B200")}
    assert len({round(v, 6) for v in kg.values()}) == 4
    assert kg["T4"] < kg["V100"] < kg["H100-SXM"] < kg["B200"]  # same hours, rising draw


def test_changing_the_region_releases_pue_and_intensity(catalog):
    bert = preset(catalog, "bert-base-tuning")
    plan = bert.with_value("site.region", "aws:us-east-1")
    est = estimate(plan, catalog)
    region = catalog.regions["aws:us-east-1"]
    assert est.inputs.pue == catalog.pue_defaults["aws"].pue
    assert est.inputs.carbon_intensity == region.carbon_intensity
    assert plan.hardware.power_w == bert.hardware.power_w  # the measured power is about the GPUs: kept


def test_a_users_own_value_is_never_released(catalog):
    plan = preset(catalog, "bert-base-tuning").with_value("hardware.power_w", 200.0)
    assert plan.provenance("hardware.power_w") == "user"
    moved = plan.with_value("hardware.accelerator", "T4")
    assert moved.hardware.power_w == 200.0
    assert "hardware.power_w" not in {path for path, _, _ in moved.released_from(plan)}
    assert estimate(moved, catalog).inputs.power_source == "given (hardware.power_w)"


def test_an_explicit_value_in_the_same_edit_wins(catalog):
    bert = preset(catalog, "bert-base-tuning")
    plan = bert.with_values({"hardware.accelerator": "T4", "hardware.power_w": 60.0})
    assert plan.hardware.power_w == 60.0 and plan.provenance("hardware.power_w") == "user"


def test_release_is_one_undoable_step_and_says_what(catalog):
    state = PlanState(preset(catalog, "bert-base-tuning"), catalog)
    seen = []
    state.subscribe(lambda s, changed: seen.append(changed))
    before = state.plan
    state.set("hardware.accelerator", "T4")
    assert "released" in seen[-1]
    assert {p for p, _, _ in state.released} >= {"hardware.power_w"}
    assert all("BERT base" in origin for _, _, origin in state.released)
    state.undo()
    assert state.plan == before and state.plan.provenance("hardware.power_w") == "preset"
    state.redo()
    assert state.plan.hardware.power_w is None


def test_origins_survive_a_file_and_a_bad_one_is_refused(tmp_path, catalog):
    path = tmp_path / "p.plan.json"
    plan = preset(catalog, "bert-base-tuning")
    save_plan(plan, path)
    again = load_plan(path, catalog)
    assert again == plan and again.origin("hardware.power_w") == plan.origin("hardware.power_w")
    data = json.loads(path.read_text())
    data["origins"] = {"hardware.accelerator": "preset X"}
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match="origins"):
        load_plan(path, catalog)


def test_sources_and_paragraph_name_the_preset(catalog):
    from planner.core.results import results_for
    from planner.core.summary import input_rows, reporting_text, sources

    results = results_for(preset(catalog, "bert-base-tuning"), catalog)
    power = dict((w, s) for w, _, s in sources(results))["Power per accelerator"]
    assert power.startswith("from preset BERT base") and "given" not in power
    assert "(preset BERT base" in dict(input_rows(results))["Power per accelerator"]
    assert "from preset BERT base" in reporting_text(results, "plain")


def test_market_based_beside_location_based(catalog):
    plan = preset(catalog, "default")
    est = estimate(plan, catalog)
    assert est.market_emissions_kg is None and est.to_dict()["market_emissions_kg"] is None
    matched = estimate(plan.with_value("site.market_matched_fraction", 0.75), catalog)
    assert matched.emissions_kg == pytest.approx(est.emissions_kg)  # location-based unchanged
    srvc = catalog.residual_mix(catalog.regions["aws:us-east-1"])  # Northern Virginia: eGRID SRVC (Green-e)
    assert srvc.code == "SRVC" and matched.inputs.residual_mix == srvc
    assert matched.market_emissions_kg == pytest.approx(est.energy_kwh * 0.25 * srvc.g_per_kwh / 1000)
    assert matched.to_dict()["market_emissions_kg"] == pytest.approx(matched.market_emissions_kg)
    assert estimate(plan.with_value("site.market_matched_fraction", 1.0), catalog).market_emissions_kg == 0
    with pytest.raises(ValueError, match="site.market_matched_fraction"):
        plan.with_value("site.market_matched_fraction", 1.5)
    # changing region releases a preset's matched share, not the user's
    assert plan.with_value("site.market_matched_fraction", 0.5).with_value(
        "site.region", "FR").site.market_matched_fraction == 0.5


def test_the_unmatched_share_is_priced_at_the_residual_mix(catalog):
    """Issue 33, item 2: GHG Protocol Scope 2 market-based: the matched share at zero, the rest at the residual mix
    (AIB for European countries, Green-e per eGRID subregion); none published: the location-based intensity, said
    so."""
    from planner.core.exports import estimate_json
    from planner.core.present import cards, summary_text
    from planner.core.results import Results
    from planner.core.summary import sources

    def plan_in(region, f):
        return Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": 8, "run.hours": 100,
                                   "site.region": region, "site.market_matched_fraction": f})

    de = estimate(plan_in("DE", 0.0), catalog)  # Germany, nothing matched: its residual mix, above location-based
    mix = de.inputs.residual_mix
    assert mix.code == "DE" and mix.year == 2024 and "AIB" in mix.source and "direct" in mix.basis
    assert de.market_emissions_kg == pytest.approx(de.energy_kwh * mix.g_per_kwh / 1000)
    assert de.market_emissions_kg > 1.8 * de.emissions_kg
    half = estimate(plan_in("aws:eu-central-1", 0.5), catalog)  # Frankfurt: Germany's, by its country
    assert half.market_emissions_kg == pytest.approx(half.energy_kwh * 0.5 * mix.g_per_kwh / 1000)
    oregon = estimate(plan_in("aws:us-west-2", 0.0), catalog)  # Bonneville: eGRID NWPP (Green-e)
    assert oregon.inputs.residual_mix.code == "NWPP" and "Green-e" in oregon.inputs.residual_mix.source
    nl = estimate(plan_in("NL", 0.5), catalog)  # full disclosure, no residual mix: location-based, a lower bound
    assert nl.inputs.residual_mix is None and nl.market_emissions_kg == pytest.approx(nl.emissions_kg * 0.5)
    assert "no residual mix published" in nl.inputs.market_basis
    # both figures side by side: the card, the summary, the JSON, the sources
    r = Results(plan_in("DE", 0.0), catalog)
    assert f"market-based {fmt_mass(de.market_emissions_kg, 'kg')} (0% matched)" in cards(r, "kg")[0].band
    text = summary_text(r, "kg")
    assert "CO2e, market-based" in text and "residual mix 725 g/kWh, Germany 2024" in text
    data = estimate_json(r)
    assert data["market_emissions_kg"] == pytest.approx(de.market_emissions_kg)
    assert data["inputs"]["residual_mix"]["code"] == "DE" and "residual mix" in data["inputs"]["market_basis"]
    assert ("Residual mix", "725 g/kWh (Germany, CO2, direct (combustion), 2024)", mix.source) in sources(r)


def test_every_residual_mix_row_is_sourced_and_applies_somewhere(catalog):
    import csv

    from planner.core.resources import resources_dir

    with open(resources_dir() / "residual_mix.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    keys = set(catalog.regions) | {r.zone for r in catalog.regions.values()} | \
        {r.country for r in catalog.regions.values()}
    for row in rows:
        assert row["source"] and row["year"] and 0 < float(row["g_per_kwh"]) < 1500, row["code"]
        assert row["applies_to"].split() and set(row["applies_to"].split()) <= keys, row["code"]


def test_google_cfe_is_offered_for_gcp_regions_only(catalog):
    gcp = [r for r in catalog.regions.values() if r.provider == "gcp"]
    assert gcp and all(r.provider_cfe is not None and 0 <= r.provider_cfe <= 1 for r in gcp)
    assert all(r.provider_cfe is None for r in catalog.regions.values() if r.provider != "gcp")
