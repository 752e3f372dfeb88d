"""Serving (issue 25): energy, CO2e, water and cost of the deployment, the break-even with training, training's
share per request, the EU AI Act document, and plans without serving unchanged."""

import json

import pytest

from planner.core import Plan, PlanError, estimate
from planner.core.results import Results
from planner.core.serving import DAYS_PER_MONTH


def plan_with(catalog, serving=None, **model) -> Plan:
    data = {"schema_version": 1, "name": "served", "model": {"parameters": 7e9, "training_tokens": 2e12, **model},
            "hardware": {"accelerator": "H100-SXM", "count": 512}, "site": {"region": "GB"}}
    if serving is not None:
        data["serving"] = serving
    return Plan.from_dict(data, catalog)


def test_serving_energy_is_requests_days_wh_and_pue(catalog):
    plan = plan_with(catalog, {"requests_per_day": 1e6, "months": 6, "energy_wh_per_request": 0.3})
    r = Results(plan, catalog)
    sv = r.serving
    days = 6 * DAYS_PER_MONTH
    assert sv.energy_kwh == pytest.approx(1e6 * days * 0.3 * r.inputs.pue / 1000)
    # on the plan's grid basis: the training site's yearly figure
    assert sv.carbon_intensity == catalog.regions["GB"].carbon_intensity
    assert sv.emissions_kg == pytest.approx(sv.energy_kwh * catalog.regions["GB"].carbon_intensity / 1000)
    assert sv.per_month()["emissions_kg"] == pytest.approx(sv.emissions_kg / 6)


def test_break_even_is_training_over_daily_serving(catalog):
    r = Results(plan_with(catalog, {"requests_per_day": 1e8, "months": 12, "energy_wh_per_request": 0.24}), catalog)
    sv = r.serving
    daily = sv.emissions_kg / (12 * DAYS_PER_MONTH)
    assert sv.break_even_days == pytest.approx(r.estimate.emissions_kg / daily)
    assert sv.training_kg == r.estimate.emissions_kg  # final + tuning + NAS
    assert sv.training_kg_per_1000_requests == pytest.approx(
        r.estimate.emissions_kg / (1e8 * 12 * DAYS_PER_MONTH) * 1000)
    from planner.core.present import break_even_text

    assert break_even_text(sv).startswith("serving overtakes training after ")


def test_derived_energy_follows_the_serving_law(catalog):
    def served(**serving):
        return Results(plan_with(catalog, {"requests_per_day": 1000, **serving}), catalog).serving

    law = catalog.serving_law
    base = served(parameters=7e9, tokens_per_request=500)
    assert base.batch == 128  # the assumption, when the plan gives none
    # tokens x accelerator-seconds per token x power: the law's, on an H100 (989 TFLOP/s, 700 W)
    seconds = law.seconds_per_token(7e9, 7e9, "bf16", 989e12, 128)
    assert base.per_request_wh == pytest.approx(500 * seconds * law.power_share(128) * 700 / 3600)
    assert served(parameters=7e9, tokens_per_request=1500).per_request_wh == pytest.approx(3 * base.per_request_wh)
    # a bigger model, a smaller batch, wider weights: each costs more; FP8 weights less
    assert served(parameters=14e9, tokens_per_request=500).per_request_wh > 1.5 * base.per_request_wh
    assert served(parameters=7e9, tokens_per_request=500, batch=16).per_request_wh > 2.5 * base.per_request_wh
    assert served(parameters=7e9, tokens_per_request=500, precision="fp8").per_request_wh < base.per_request_wh / 1.5
    # the utilization it implies: 2 x parameters FLOPs per token over the seconds at the peak
    assert base.utilization == pytest.approx(2 * 7e9 / (989e12 * seconds))
    # a given utilization replaces the law: FLOPs at that share of the peak, at 75% of TDP
    given = served(parameters=7e9, tokens_per_request=500, utilization=0.2)
    assert given.per_request_wh == pytest.approx(2 * 7e9 * 500 / (989e12 * 0.2) * 700 * 0.75 / 3600)
    assert given.batch is None


def test_a_mixture_of_experts_pays_for_its_weights_and_computes_with_its_active_parameters(catalog):
    def wh(**model):
        return Results(plan_with(catalog, {"requests_per_day": 1000}, **model), catalog).serving

    moe = wh(parameters=671e9, active_parameters=37e9)
    assert moe.parameters == 37e9
    dense_active, dense_total = wh(parameters=37e9), wh(parameters=671e9)
    assert dense_active.per_request_wh < moe.per_request_wh < dense_total.per_request_wh
    # no prior of its own: the same law, so the same spread as a dense model's
    assert moe.interval[1] / moe.interval[0] == pytest.approx(dense_active.interval[1] / dense_active.interval[0],
                                                              rel=0.05)


def test_the_serving_interval_is_at_most_6x_and_held_out_it_holds_90_percent(catalog):
    """Issue 32, item 3: an interval that decides (p95/p5 <= 6, PUE and grid included) and still holds at least 90%
    of measurements of models the law was fitted without."""
    from planner.core.serving import widths

    law = catalog.serving_law
    factor, per_model = law.held_out
    inside = sum(share * sum(r.model == m for r in law.runs) for m, (_, share) in per_model.items())
    assert inside >= 0.9 * len(law.runs) and len(per_model) >= 20
    known, unknown = widths(catalog)
    assert known < unknown <= 6.0
    for model in ({"parameters": 7e9}, {"parameters": 671e9, "active_parameters": 37e9}):
        plan = plan_with(catalog, {"requests_per_day": 1000}, **model)  # (the site's PUE and grid given: the
        plan = plan.with_values({"site.pue": 1.1, "site.carbon_intensity_g_per_kwh": 200.0})  # energy's spread)
        sv = Results(plan, catalog).serving
        assert sv.interval[0] < sv.emissions_kg < sv.interval[1]
        assert sv.interval[1] / sv.interval[0] <= 6.0


def test_a_damaged_serving_table_names_its_file(catalog, tmp_path):
    import shutil
    from pathlib import Path

    from planner.core.catalog import load_catalog

    folder = tmp_path / "catalog"
    shutil.copytree(Path(catalog.files["accelerators"]).parent, folder, ignore=shutil.ignore_patterns("icons"))
    (folder / "serving_runs.csv").write_text("model,task\nx,chat\n")
    damaged = load_catalog(folder)
    r = Results(plan_with(damaged, {"requests_per_day": 1000}), damaged)
    assert r.serving is None and r.serving_error.field == "serving.energy_wh_per_request"
    assert "serving_runs.csv" in str(r.serving_error)


def test_serving_elsewhere_takes_that_regions_figures(catalog):
    r = Results(plan_with(catalog, {"requests_per_day": 1e6, "region": "FR", "accelerator": "L4"}), catalog)
    sv = r.serving
    assert sv.region.id == "FR" and sv.accelerator.id == "L4"
    assert sv.carbon_intensity == catalog.regions["FR"].carbon_intensity
    assert sv.pue == catalog.pue_for(catalog.regions["FR"]).pue


def test_the_interval_holds_the_estimate(catalog):
    sv = Results(plan_with(catalog, {"requests_per_day": 1e6}), catalog).serving
    lo, hi = sv.interval
    assert lo < sv.emissions_kg < hi
    given = Results(plan_with(catalog, {"requests_per_day": 1e6, "energy_wh_per_request": 0.1}), catalog).serving
    assert given.interval[1] / given.interval[0] < hi / lo  # a measured energy leaves less uncertain


def test_a_plan_without_serving_is_unchanged(catalog):
    plan = plan_with(catalog)
    r = Results(plan, catalog)
    assert plan.serving.requests_per_day is None and r.serving is None and r.serving_error is None
    served = Results(plan.with_value("serving.requests_per_day", 1e6), catalog)
    assert served.estimate.emissions_kg == r.estimate.emissions_kg  # training is training
    from planner.core.summary import input_rows

    assert not any(label in dict(input_rows(r)) for label in ("Requests per day", "Deployment", "Serving on"))
    assert {"Requests per day", "Deployment", "Energy per request", "Serving on"} <= set(dict(input_rows(served)))


def test_serving_that_cannot_be_derived_names_its_field(catalog):
    plan = Plan.from_dict({"schema_version": 1, "name": "x", "hardware": {"accelerator": "V100"},
                           "run": {"hours": 10}, "site": {"region": "FR"}, "serving": {"requests_per_day": 100}},
                          catalog)
    r = Results(plan, catalog)
    assert r.serving is None and r.serving_error.field == "serving.parameters"
    with pytest.raises(PlanError, match="serving.accelerator: unknown accelerator 'X9'"):
        Plan.from_dict({**plan_with(catalog).to_dict(), "serving": {"accelerator": "X9"}}, catalog)


def test_cli_json_and_the_eu_ai_act_document(catalog, tmp_path, capsys):
    from planner.cli import main

    path = tmp_path / "p.plan.json"
    path.write_text(json.dumps({**plan_with(catalog).to_dict(), "serving": {"requests_per_day": 1e7}}))
    assert main(["estimate", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["serving"]) >= {"energy_kwh", "emissions_kg", "water_l", "cost_usd", "per_request_wh",
                                    "break_even_days", "training_kg_per_1000_requests"}
    assert data["emissions_kg"] == pytest.approx(estimate(plan_with(catalog), catalog).emissions_kg)
    assert main(["estimate", str(path), "--format", "eu-ai-act"]) == 0
    text = capsys.readouterr().out
    assert "Annex XI" in text and "FLOP" in text and "kWh" in text and "estimated" in text.lower()
    assert "not known to the planner" in text
    # without serving: serving is null
    path.write_text(json.dumps(plan_with(catalog).to_dict()))
    assert main(["estimate", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["serving"] is None
    bad = tmp_path / "bad.plan.json"
    bad.write_text(json.dumps({"schema_version": 1, "name": "x", "hardware": {"accelerator": "V100"},
                               "run": {"hours": 10}, "site": {"region": "FR"}, "serving": {"requests_per_day": 100}}))
    assert main(["estimate", str(bad)]) == 2
    assert "bad.plan.json" in capsys.readouterr().err


def test_the_docs_compare_derived_energy_with_every_measurement(catalog):
    from pathlib import Path

    from planner.core.serving import markdown, measurements

    doc = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    start = doc.index("<!-- generated: planner.core.serving.markdown")
    body = doc[doc.index("\n", start) + 1:doc.index("<!-- end generated -->", start)]
    assert body == markdown(catalog), "refresh the table in docs/methodology.md from planner.core.serving.markdown()"
    rows = measurements(catalog)
    assert len(rows) >= 6 and all(r["source"] and r["year"] for r in rows)
    assert body.count("\n| ") == len(rows) + 1  # the header and a row each, with its ratio
    assert f"The interval holds {len(rows)} of the {len(rows)} published figures." in body


def test_advice_knows_serving_and_says_the_break_even(catalog):
    from planner.core.advise import advise

    plan = plan_with(catalog, {"requests_per_day": 1e7, "months": 12})
    base = Results(plan, catalog)
    total = base.estimate.emissions_kg + base.serving.emissions_kg
    kinds = {s.kind: s for s in advise(plan, catalog)}
    assert {"serving_distilled", "serving_batching", "serving_region"} <= set(kinds)
    distilled = kinds["serving_distilled"]
    assert distilled.plan.serving.parameters == pytest.approx(7e9 * 0.6)
    after = Results(distilled.plan, catalog)
    assert distilled.emissions_kg_saved == pytest.approx(total - after.estimate.emissions_kg
                                                         - after.serving.emissions_kg)
    assert "overtake" in distilled.change and "batch 128 → 256" in kinds["serving_batching"].change
    assert kinds["serving_batching"].plan.serving.batch == 256
    assert kinds["serving_region"].plan.serving.region != "GB"
    # a plan without serving gets none of them
    assert not any(s.kind.startswith("serving") for s in advise(plan_with(catalog), catalog))


def test_a_break_even_beyond_any_horizon_is_said_in_words(catalog, tmp_path, capsys):
    """1e-305 requests a day (inside its bounds): --json exited 1 ("inf is not JSON compliant"); the text said
    "∞ years" (issue 29, item 6)."""
    from planner.cli import main
    from planner.core.present import lifetime_key, serving_note, summary_text

    plan = plan_with(catalog, {"requests_per_day": 1e-305})
    path = tmp_path / "p.plan.json"
    path.write_text(json.dumps(plan.to_dict()))
    assert main(["estimate", str(path), "--json"]) == 0
    sv = json.loads(capsys.readouterr().out)["serving"]
    assert sv["break_even_days"] is None and sv["break_even_note"] == "not within 1,000 years"
    r = Results(plan, catalog)
    for text in (summary_text(r), *lifetime_key(r), serving_note(r)):
        assert "∞" not in text and "inf" not in text
    assert "nor within 1,000 years" in summary_text(r)
    nothing = Results(plan_with(catalog, {"requests_per_day": 0}), catalog).serving
    assert nothing.break_even_days is None and nothing.break_even_note == "serving emits nothing"


def test_serving_carries_its_share_of_the_hardware_made(catalog):
    """Issue 33, item 3: the serving accelerators and their servers' manufacturing, by the hours served."""
    from planner.core.estimate import embodied_rates
    from planner.core.present import serving_lines

    r = Results(plan_with(catalog, {"requests_per_day": 1e7, "months": 12}), catalog)
    sv = r.serving
    rates = embodied_rates(sv.accelerator, catalog)
    assert sv.embodied_parts == pytest.approx({k: sv.accelerator_hours * rate for k, (rate, _) in rates.items()})
    assert sv.embodied_kg == pytest.approx(sum(sv.embodied_parts.values())) and sv.embodied_parts["server"] > 0
    data = json.loads(json.dumps(sv.to_dict()))
    assert data["embodied_kg"] == pytest.approx(sv.embodied_kg) and set(data["embodied_parts"]) == {"accelerators",
                                                                                                      "server"}
    assert "embodied (not in the total)" in serving_lines(r)[0]


def test_the_serving_boundary_says_what_a_request_counts(catalog):
    """Issue 32, item 3 (its boundary part): a plan is compared with a published figure on that figure's own
    boundary: the accelerators alone, the whole server, or comprehensive (Google's 2025 shares)."""
    from planner.core.summary import input_rows

    served = {"requests_per_day": 1e7, "months": 12}
    acc = Results(plan_with(catalog, served), catalog).serving
    a = catalog.assumptions
    for boundary, key in (("server", "serving_boundary_server"), ("comprehensive", "serving_boundary_comprehensive")):
        r = Results(plan_with(catalog, {**served, "boundary": boundary}), catalog)
        sv = r.serving
        assert sv.per_request_wh == pytest.approx(acc.per_request_wh * a[key].value)
        assert sv.energy_kwh == pytest.approx(acc.energy_kwh * a[key].value)
        assert "Serving boundary" in dict(sv.sources) and "Elsworth" in dict(sv.sources)["Serving boundary"]
        assert any(row[0] == "Serving boundary" for row in input_rows(r))
    assert a["serving_boundary_server"].value == pytest.approx((58 + 25) / 58, rel=1e-3)
    # a measured energy per request is on the boundary it was measured on: not scaled
    given = {**served, "energy_wh_per_request": 0.3}
    plain = Results(plan_with(catalog, given), catalog).serving
    assert Results(plan_with(catalog, {**given, "boundary": "comprehensive"}), catalog).serving.per_request_wh == \
        plain.per_request_wh == 0.3
    with pytest.raises(PlanError, match="serving.boundary"):
        plan_with(catalog, {**served, "boundary": "facility"})


def test_the_json_inputs_keep_the_served_and_the_trained_models_apart(catalog):
    plan = plan_with(catalog, {"requests_per_day": 1000, "parameters": 3e9, "precision": "fp8"})
    inputs = estimate(plan.with_value("hardware.precision", "bf16"), catalog).to_dict()["inputs"]
    assert inputs["parameters"] == 7e9 and inputs["serving.parameters"] == 3e9
    assert inputs["precision"] == "bf16" and inputs["serving.precision"] == "fp8"


def test_a_distilled_mixture_of_experts_keeps_60_percent_of_its_weights(catalog):
    from planner.core.advise import advise

    plan = plan_with(catalog, {"requests_per_day": 1e7}, parameters=671e9, active_parameters=37e9)
    distilled = {s.kind: s for s in advise(plan, catalog)}["serving_distilled"]
    assert distilled.plan.serving.parameters == pytest.approx(0.6 * 671e9)  # (not 0.6 x its 37B active ones)
    before, after = Results(plan, catalog).serving, Results(distilled.plan, catalog).serving
    assert 0.4 < after.emissions_kg / before.emissions_kg < 0.9
