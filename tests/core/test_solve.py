"""From a budget to a plan (issue 34): fit a field to budgets, compute-optimal sizing, the Pareto front."""

import json

import numpy as np
import pytest

from planner.core import Plan, PlanError, estimate
from planner.core.solve import (
    TOKENS_PER_PARAMETER,
    budget_line,
    central_figures,
    fit,
    non_dominated,
    pareto,
    parse_budgets,
    plan_budgets,
)


@pytest.fixture(scope="module")
def llm(catalog):
    return Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog)


def test_budgets_are_read_in_their_units_and_a_decimal_comma_is_refused():
    assert parse_budgets("co2e=20t,energy=1.5MWh,cost=250k,hours=30d,accelerator_hours=2e5,water=3000m3") == {
        "co2e": 20_000.0, "energy": 1500.0, "cost": 250_000.0, "hours": 720.0, "accelerator_hours": 2e5,
        "water": 3e6}
    assert parse_budgets("cost=$1.2m") == {"cost": 1.2e6}
    with pytest.raises(PlanError, match="decimals with a dot"):
        parse_budgets("co2e=2,5t")  # (2.5 t, written with a comma: never 25 t, nor 2 t and a stray 5)
    with pytest.raises(PlanError) as bad:
        parse_budgets("co2e=20 lb")
    assert bad.value.field == "budget.co2e_kg"
    with pytest.raises(PlanError) as bad:
        parse_budgets("carbon=20t")
    assert bad.value.field == "budget"


@pytest.mark.parametrize("path", ["model.training_tokens", "model.parameters", "run.hours"])
def test_a_fitted_plan_meets_its_binding_budget_within_1_percent(catalog, llm, path):
    budgets = {"co2e": 150_000.0, "cost": 5e6}
    f = fit(llm, catalog, budgets, path)
    got = central_figures(estimate(f.plan, catalog), catalog)  # the fitted plan, estimated afresh
    assert all(got[k] <= v * (1 + 1e-9) for k, v in budgets.items())
    assert got[f.binding] == pytest.approx(budgets[f.binding], rel=0.01)
    assert f.plan.get(path) == f.value and f.estimate.emissions_kg == pytest.approx(got["co2e"])
    assert "binds" in f.text()


def test_the_95_percent_fit_is_smaller_than_the_central_one(catalog, llm):
    central = fit(llm, catalog, {"co2e": 150_000.0}, "model.training_tokens")
    sure = fit(llm, catalog, {"co2e": 150_000.0}, "model.training_tokens", confidence=95)
    assert sure.value < 0.9 * central.value
    assert "95th percentile" in sure.text()


def test_compute_optimal_sizing_takes_20_tokens_a_parameter(catalog, llm):
    f = fit(llm, catalog, {"accelerator_hours": 1e6}, "compute-optimal")
    assert f.tokens == pytest.approx(TOKENS_PER_PARAMETER * f.parameters)
    assert f.plan.model.parameters == f.parameters and f.plan.model.training_tokens == f.tokens
    assert estimate(f.plan, catalog).accelerator_hours == pytest.approx(1e6, rel=0.01)
    assert "compute-optimal" in f.text()


def test_what_no_value_meets_or_does_not_grow_is_an_error_naming_it(catalog, llm):
    with pytest.raises(PlanError) as bad:  # even no tuning runs cost more than this
        fit(llm, catalog, {"cost": 1000.0}, "experiment.tuning_runs")
    assert bad.value.field == "budget.cost_usd" and "no value of experiment.tuning_runs" in str(bad.value)
    with pytest.raises(PlanError) as flat:  # hours derived from FLOPs: more accelerators, the same energy
        fit(llm, catalog, {"co2e": 1e6}, "hardware.count")
    assert flat.value.field == "hardware.count" and "does not grow" in str(flat.value)
    with pytest.raises(PlanError) as unknown:
        fit(llm, catalog, {"co2e": 1e6}, "site.region")
    assert unknown.value.field == "site.region"


def test_an_integer_field_is_fitted_in_whole_numbers(catalog, llm):
    f = fit(llm, catalog, {"co2e": 600_000.0}, "experiment.tuning_runs")
    assert f.value == int(f.value) and f.binding == "co2e"
    one_more = central_figures(estimate(f.plan.with_value("experiment.tuning_runs", int(f.value) + 1), catalog),
                               catalog)
    assert one_more["co2e"] > 600_000.0 >= f.figures["co2e"]


def test_budgets_live_in_the_plan_and_its_line_says_whether_it_is_within_them(catalog, llm):
    plan = llm.with_values({"budget.co2e_kg": 1e9, "budget.cost_usd": 1.0})
    assert plan_budgets(plan) == {"co2e": 1e9, "cost": 1.0}
    line = budget_line(estimate(plan, catalog), catalog, plan_budgets(plan))
    assert line.startswith("Over budget: ") and "(over)" in line and line.count("(over)") == 1
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())), catalog)
    assert plan_budgets(again) == plan_budgets(plan)


def test_non_dominated_keeps_what_nothing_beats():
    values = np.array([[1, 5, 1], [2, 2, 2], [3, 3, 3], [1, 5, 1], [5, 1, 9]], dtype=float)
    assert non_dominated(values).tolist() == [True, True, False, False, True]


def test_pareto_points_are_non_dominated_and_each_reproduces_with_its_plan(catalog, llm):
    front = pareto(llm, catalog)
    assert front.considered > 500 and len(front.points) >= 2
    vals = [(p.emissions_kg, p.cost_usd, p.wall_clock_hours) for p in front.points]
    for a in vals:
        assert not any(b != a and all(x <= y for x, y in zip(b, a)) for b in vals)
    for p in front.points:
        est = estimate(p.plan, catalog)
        assert (est.emissions_kg, est.cost_high, est.wall_hours) == pytest.approx(
            (p.emissions_kg, p.cost_usd, p.wall_clock_hours))
        assert p.plan.site.region == p.region and p.plan.hardware.accelerator == p.accelerator
    data = front.to_dict()
    assert set(data["points"][0]) >= {"plan", "label", "emissions_kg", "cost_usd", "wall_clock_hours"}
    only_regions = pareto(llm, catalog, ("regions",))
    assert {p.accelerator for p in only_regions.points} == {llm.hardware.accelerator}
    with pytest.raises(PlanError):
        pareto(llm, catalog, ("colours",))


def test_pareto_over_start_tries_each_point_at_its_grids_cleanest_start(catalog, llm):
    plain = pareto(llm, catalog)
    timed = pareto(llm, catalog, ("regions", "accelerators", "precision", "start"))
    started = [p for p in timed.points if p.start is not None]
    assert started and all(p.plan.schedule.start == p.start for p in started)
    for p in started:  # (it reproduces, start included)
        assert estimate(p.plan, catalog).emissions_kg == pytest.approx(p.emissions_kg)
    assert min(p.emissions_kg for p in timed.points) < min(p.emissions_kg for p in plain.points)


def test_the_users_own_chip_and_site_figures_do_not_follow_the_plan_elsewhere(catalog, llm):
    """A grid intensity, a price and a power typed for the plan's own region and chip are not another's."""
    own = llm.with_values({"site.carbon_intensity_g_per_kwh": 800.0, "pricing.usd_per_accelerator_hour_low": 1.0,
                           "pricing.usd_per_accelerator_hour_high": 1.0, "hardware.power_w": 700.0})
    front = pareto(own, catalog)
    elsewhere = [p for p in front.points if p.region != own.site.region]
    assert elsewhere
    for p in elsewhere:
        assert p.plan.site.carbon_intensity_g_per_kwh is None and p.plan.pricing.usd_per_accelerator_hour_high is None
        region = catalog.regions[p.region]
        est = estimate(p.plan, catalog)
        assert est.inputs.carbon_intensity == pytest.approx(region.carbon_intensity)
        assert (est.emissions_kg, est.cost_high) == pytest.approx((p.emissions_kg, p.cost_usd))


def test_a_plan_giving_its_hours_keeps_its_accelerator_on_the_front(catalog):
    bert = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog)
    assert bert.run.hours is not None
    assert {p.accelerator for p in pareto(bert, catalog).points} == {bert.hardware.accelerator}


def test_a_cost_budget_at_95_percent_fits_less_and_a_plan_without_a_price_is_said(catalog, llm):
    central = fit(llm, catalog, {"cost": 5e6}, "model.training_tokens")
    sure = fit(llm, catalog, {"cost": 5e6}, "model.training_tokens", confidence=95)
    assert sure.value < central.value
    unpriced = llm.with_values({"hardware.accelerator": "GB300"})  # (no price row in the catalog)
    assert estimate(unpriced, catalog).cost_high is None
    with pytest.raises(PlanError, match="no price") as said:
        fit(unpriced, catalog, {"cost": 5e6}, "model.training_tokens")
    assert said.value.field == "budget.cost_usd"


def test_a_mixture_of_experts_is_fitted_within_its_own_parameters(catalog):
    moe = Plan.from_dict(catalog.presets["deepseek-v3-fp8"].plan, catalog)
    f = fit(moe, catalog, {"co2e": 5e6}, "model.active_parameters")  # (the FLOPs follow the active ones)
    assert f.value <= moe.model.parameters
    with pytest.raises(PlanError, match="does not grow"):  # (not "active parameters must not exceed the total")
        fit(moe, catalog, {"co2e": 5e6}, "model.parameters")
