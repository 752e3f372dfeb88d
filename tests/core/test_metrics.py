"""Outputs declared once (issue 31, item 3): a new figure is one ``MetricSpec`` and shows in the cards, the PDF's
and the summary's cards, ``--json`` with its interval, the CSV's total row and the compare rows; what it moves
with is derived from the model, not listed."""

import json

import pytest

from planner.core import Plan
from planner.core import metrics as metrics_module
from planner.core.metrics import METRIC, METRICS, MetricSpec, exact, moves
from planner.core.results import Results
from planner.core.units import fmt


def per_billion_tokens(r):
    tokens = r.plan.model.training_tokens
    return None if not tokens else r.estimate.accelerator_hours / (tokens / 1e9)


NEW = MetricSpec("accelerator_hours_per_btok", "per_btok", "Accelerator-hours per 1B tokens", "hours",
                 per_billion_tokens,
                 sample=lambda d: d.accelerator_hours / (d.plan.model.training_tokens / 1e9),
                 adds=False, help="Accelerator-hours of the whole plan per billion training tokens.")


@pytest.fixture
def with_new_metric(monkeypatch):
    monkeypatch.setattr(metrics_module, "METRICS", METRICS + (NEW,))
    monkeypatch.setattr(metrics_module, "METRIC", {**METRIC, NEW.key: NEW})
    return NEW


def llm(catalog, **values) -> Plan:
    base = {"hardware.accelerator": "H100-SXM", "hardware.count": 64, "model.parameters": 7e9,
            "model.training_tokens": 1e12, "site.region": "GB"}
    return Plan().with_values({**base, **values})


def test_a_new_output_is_one_entry_and_shows_everywhere(catalog, with_new_metric):
    from planner.core.exports import estimate_json
    from planner.core.present import cards, summary_text
    from planner.core.summary import compare_rows
    from planner.core.tables import estimate_frame

    plan = llm(catalog)
    r = Results(plan, catalog)
    central = r.estimate.accelerator_hours / 1000
    # the cards (the window's, the PDF's, the summary's), with its interval from the Monte Carlo
    for place in ("card", "pdf", "summary"):
        card = next(c for c in cards(r, place=place) if c.key == "per_btok")
        assert card.title == "Accelerator-hours per 1B tokens" and card.band.startswith("90%: ")
        assert card.value == fmt(central)
    assert "Accelerator-hours per 1B tokens" in summary_text(r)
    data = json.loads(json.dumps(estimate_json(r)))
    assert data["accelerator_hours_per_btok"] == pytest.approx(central)
    p = data["percentiles"]["accelerator_hours_per_btok"]
    assert p["p5"] < central < p["p95"]
    assert r.interval("accelerator_hours_per_btok") == (p["p5"], p["p95"])
    total = estimate_frame(r).set_index("table").loc["total"]
    assert total["accelerator_hours_per_btok"] == pytest.approx(central)
    _, rows = compare_rows([plan, plan.with_value("hardware.utilization", 0.9)], catalog)
    row = dict(rows)["Accelerator-hours per 1B tokens"]
    assert row[0] == fmt(central) and " · Δ −" in row[1]
    # what it moves with is found by moving each input: utilization (the hours), nothing else
    assert moves(r, NEW.key) == {"utilization"} and not exact(r, NEW.key)
    given = Results(llm(catalog, **{"hardware.utilization": 0.4}), catalog)
    assert moves(given, NEW.key) == set() and exact(given, NEW.key)


def test_what_each_figure_moves_with_is_derived(catalog):
    derived = Results(llm(catalog), catalog)
    assert moves(derived, "emissions_kg") == {"power", "pue", "grid", "utilization", "start"} & \
        derived.uncertain_inputs
    assert moves(derived, "accelerator_hours") == {"utilization"}
    assert moves(derived, "cost_usd") >= {"utilization", "price"} and "pue" not in moves(derived, "cost_usd")
    assert moves(derived, "embodied_kg") >= {"embodied", "utilization"}
    # a measured energy: the energy moves with the PUE only; the hours come from the FLOPs (utilization), or,
    # without a model size, from the energy at the power
    measured = Results(llm(catalog, **{"run.energy_kwh": 50_000}), catalog)
    assert moves(measured, "energy_kwh") == {"pue"} and moves(measured, "accelerator_hours") == {"utilization"}
    only_energy = Results(Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": 64,
                                              "run.energy_kwh": 50_000, "site.region": "GB"}), catalog)
    assert moves(only_energy, "energy_kwh") == {"pue"} and moves(only_energy, "accelerator_hours") == {"power"}
    # every input given: every figure exact
    given = Results(llm(catalog, **{"hardware.power_w": 500, "hardware.utilization": 0.4, "site.pue": 1.1,
                                    "site.carbon_intensity_g_per_kwh": 200}), catalog)
    assert exact(given, "emissions_kg") and exact(given, "energy_kwh") and exact(given, "accelerator_hours")


def test_every_figure_with_draws_has_percentiles_and_the_json_every_key(catalog):
    from planner.core.exports import estimate_json

    r = Results(llm(catalog, **{"pricing.usd_per_accelerator_hour_low": 2.0,
                                           "pricing.usd_per_accelerator_hour_high": 4.0}), catalog)
    data = estimate_json(r)
    for m in METRICS:
        if "json" in m.shows:
            assert m.key in data, m.key
        if m.sample is not None:
            assert set(data["percentiles"][m.key]) == {"p5", "p50", "p95"}, m.key


# ------------------------------------------------------------------ SCI for AI
def test_sci_for_ai_is_the_carbon_per_flop_training_token_and_parameter(catalog):
    """GSF SCI for AI (2025), provider: (operational, location-based + embodied) CO2e of every run per functional
    unit: per FLOP, per training token, per (billion) parameters; in the JSON with its interval, and one summary
    line."""
    from planner.core.exports import estimate_json
    from planner.core.metrics import SCI_KEYS, fmt_grams
    from planner.core.present import summary_text

    r = Results(llm(catalog, **{"experiment.tuning_runs": 2}), catalog)
    est = r.estimate
    grams = (est.emissions_kg + est.embodied_kg) * 1000.0  # C: every run, with the hardware's manufacturing
    data = json.loads(json.dumps(estimate_json(r)))
    assert data["sci_g_per_1e18_flop"] == pytest.approx(grams / (est.flops / 1e18))
    assert data["sci_g_per_1m_training_tokens"] == pytest.approx(grams / (1e12 / 1e6))
    assert data["sci_g_per_billion_parameters"] == pytest.approx(grams / 7)
    for key in SCI_KEYS:
        p = data["percentiles"][key]
        assert p["p5"] < data[key] < p["p95"], key
    (line,) = [line for line in summary_text(r).splitlines() if "SCI for AI" in line]
    for figure in (f"{fmt_grams(data['sci_g_per_1e18_flop'])} per 10¹⁸ FLOP",
                   f"{fmt_grams(data['sci_g_per_1m_training_tokens'])} per 1M training tokens",
                   f"{fmt_grams(data['sci_g_per_billion_parameters'])} per billion parameters"):
        assert figure in line, figure
    # the SCI takes no market-based measure: a matched share leaves it as it is
    matched = Results(llm(catalog, **{"experiment.tuning_runs": 2, "site.market_matched_fraction": 1.0}), catalog)
    assert matched.estimate.market_emissions_kg == 0
    assert METRIC["sci_g_per_1e18_flop"].value(matched) == pytest.approx(data["sci_g_per_1e18_flop"])


def test_sci_for_ai_counts_active_parameters_and_only_the_units_a_plan_has(catalog):
    from planner.core.exports import estimate_json
    from planner.core.metrics import SCI_KEYS
    from planner.core.present import summary_text

    moe = Results(llm(catalog, **{"model.active_parameters": 1e9}), catalog)
    grams = (moe.estimate.emissions_kg + moe.estimate.embodied_kg) * 1000.0
    assert METRIC["sci_g_per_billion_parameters"].value(moe) == pytest.approx(grams / 1.0)  # effective: active
    assert "per billion active parameters" in summary_text(moe)
    # hours and a model size, no tokens: per parameter only (no FLOPs, no tokens)
    sized = Results(Plan().with_values({"hardware.accelerator": "V100", "hardware.count": 8, "run.hours": 10.0,
                                        "model.parameters": 1.1e8, "site.region": "FR"}), catalog)
    data = estimate_json(sized)
    assert data["sci_g_per_1e18_flop"] is None and "sci_g_per_1m_training_tokens" not in data
    assert data["sci_g_per_billion_parameters"] == pytest.approx(
        (sized.estimate.emissions_kg + sized.estimate.embodied_kg) * 1000.0 / 0.11)
    assert "per billion parameters" in summary_text(sized) and "per 10¹⁸ FLOP" not in summary_text(sized)
    # hours alone: no SCI at all
    bare = Results(Plan().with_values({"hardware.accelerator": "V100", "run.hours": 10.0, "site.region": "FR"}),
                   catalog)
    assert not set(SCI_KEYS) & set(estimate_json(bare)) and "SCI for AI" not in summary_text(bare)
