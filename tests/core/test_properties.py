"""Property tests: more of anything never lowers the footprint; scaling laws hold."""

import math
from datetime import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planner.core import Plan, PlanError, default_catalog, estimate
from planner.core.fields import SPECS

CATALOG = default_catalog()
ACCS = sorted(CATALOG.accelerators)
REGIONS = sorted(CATALOG.regions)

pos = st.floats(min_value=1e-3, max_value=1e5, allow_nan=False)


@st.composite
def plans(draw):
    return Plan().with_values({
        "hardware.accelerator": draw(st.sampled_from(ACCS)),
        "hardware.count": draw(st.integers(1, 10_000)),
        "run.hours": draw(pos),
        "hardware.power_w": draw(st.none() | st.floats(1, 2000)),
        "hardware.host_power_w": draw(st.none() | st.floats(0, 1e5)),
        "experiment.final_runs": draw(st.floats(0, 100)),
        "experiment.tuning_runs": draw(st.floats(0, 1000)),
        "experiment.tuning_run_fraction": draw(st.floats(0.01, 1)),
        "experiment.nas": draw(st.booleans()),
        "site.region": draw(st.sampled_from(REGIONS)),
        "site.pue": draw(st.none() | st.floats(1, 3)),
        "site.carbon_intensity_g_per_kwh": draw(st.none() | st.floats(0, 1500)),
    })


GROWING = [("hardware.count", lambda v: v * 2), ("run.hours", lambda v: v * 1.5),
           ("experiment.final_runs", lambda v: v + 1), ("experiment.tuning_runs", lambda v: v + 3),
           ("site.carbon_intensity_g_per_kwh", lambda v: (v or 100) * 1.3)]


@settings(max_examples=200, deadline=None)
@given(plans(), st.sampled_from(GROWING))
def test_more_never_lowers_the_footprint(plan, change):
    path, grow = change
    if path == "site.carbon_intensity_g_per_kwh" and plan.site.carbon_intensity_g_per_kwh is None:
        plan = plan.with_value(path, CATALOG.regions[plan.site.region].carbon_intensity)
    before = estimate(plan, CATALOG)
    after = estimate(plan.with_value(path, grow(plan.get(path))), CATALOG)
    tol = 1e-9 * max(1.0, before.emissions_kg)
    assert after.emissions_kg >= before.emissions_kg - tol
    assert after.energy_kwh >= before.energy_kwh - 1e-9 * max(1.0, before.energy_kwh)
    assert after.emissions_range[1] >= before.emissions_range[1] - tol


HOURLY = sorted(r for r in REGIONS if CATALOG.has_hourly(CATALOG.regions[r]))
starts = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)).map(
    lambda d: d.strftime("%Y-%m-%dT%H:%MZ"))


@st.composite
def scheduled_plans(draw):
    """A plan on a grid with hourly data, its start fixed or not, with any flexibility (fractions of an hour
    too)."""
    plan = draw(plans())
    return plan.with_values({"site.region": draw(st.sampled_from(HOURLY)), "site.carbon_intensity_g_per_kwh": None,
                             "run.hours": draw(st.floats(1e-3, 3000)), "schedule.start": draw(st.none() | starts),
                             "schedule.flex_hours": draw(st.just(0.0) | st.floats(0, 30) | st.floats(0, 8760))})


def _power(plan):
    return plan.hardware.power_w or CATALOG.accelerators[plan.hardware.accelerator].default_power_w


SCHEDULED_GROWTH = [("hardware.count", lambda p: min(p.hardware.count * 2, 10_000_000)),
                    ("run.hours", lambda p: p.run.hours * 1.37), ("run.hours", lambda p: p.run.hours + 0.004),
                    ("hardware.power_w", lambda p: _power(p) * 1.5),
                    ("experiment.final_runs", lambda p: p.experiment.final_runs + 1)]


@settings(max_examples=200, deadline=None)
@given(scheduled_plans(), st.sampled_from(SCHEDULED_GROWTH))
def test_more_never_lowers_a_scheduled_footprint(plan, change):
    """On an hourly grid, with a start or not and any flexibility: CO2e never falls when hours, accelerators or
    power rise (issue 29, item 10: a longer run emitted less)."""
    path, grow = change
    before = estimate(plan, CATALOG).emissions_kg
    after = estimate(plan.with_value(path, grow(plan)), CATALOG).emissions_kg
    assert after >= before * (1 - 1e-9)


@settings(max_examples=200, deadline=None)
@given(scheduled_plans(), st.floats(0, 8760))
def test_more_flexibility_never_raises_the_co2e(plan, more):
    """Issue 29, item 9: 0.01 h of flexibility raised the CO2e 4.6% in Brazil."""
    flex = min(plan.schedule.flex_hours + more, 8760.0)
    before = estimate(plan, CATALOG).emissions_kg
    after = estimate(plan.with_value("schedule.flex_hours", flex), CATALOG).emissions_kg
    assert after <= before * (1 + 1e-9)


@settings(max_examples=150, deadline=None)
@given(plans(), st.floats(1.1, 50))
def test_emissions_scale_linearly_with_hours_and_intensity(plan, k):
    assume(plan.run.hours * k <= SPECS["run.hours"].maximum)
    base = estimate(plan, CATALOG)
    hours = estimate(plan.with_value("run.hours", plan.run.hours * k), CATALOG)
    assert hours.emissions_kg == pytest.approx(base.emissions_kg * k, rel=1e-9, abs=1e-12)
    assert hours.accelerator_hours == pytest.approx(base.accelerator_hours * k, rel=1e-9)
    ci = base.inputs.carbon_intensity
    assume(ci * k <= SPECS["site.carbon_intensity_g_per_kwh"].maximum)
    grid = estimate(plan.with_value("site.carbon_intensity_g_per_kwh", ci * k), CATALOG)
    assert grid.emissions_kg == pytest.approx(base.emissions_kg * k, rel=1e-9, abs=1e-12)
    assert grid.energy_kwh == pytest.approx(base.energy_kwh, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(1e6, 1e12), st.floats(1e6, 1e13), st.integers(1, 4096), st.floats(0.05, 1))
def test_derived_hours_follow_6nd(params, tokens, count, util):
    plan = Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": count, "site.region": "FR",
                               "model.parameters": params, "model.training_tokens": tokens,
                               "hardware.utilization": util})
    est = estimate(plan, CATALOG)
    assert est.inputs.hours_per_run == pytest.approx(6 * params * tokens / (count * 989e12 * util) / 3600, rel=1e-9)
    # doubling the chips halves the wall-clock time but not the accelerator-hours
    est2 = estimate(plan.with_value("hardware.count", count * 2), CATALOG)
    assert est2.inputs.hours_per_run == pytest.approx(est.inputs.hours_per_run / 2, rel=1e-9)
    assert est2.accelerator_hours == pytest.approx(est.accelerator_hours, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_band_brackets_the_estimate(plan):
    est = estimate(plan, CATALOG)
    lo, hi = est.emissions_range
    assert lo <= est.emissions_kg * (1 + 1e-12) and est.emissions_kg <= hi * (1 + 1e-12)
    assert all(v >= 0 for v in (lo, hi, est.energy_kwh, est.emissions_kg))
    assert sum(p.emissions_kg for p in est.phases.values()) == pytest.approx(est.emissions_kg, rel=1e-9)


NUMERIC = [p for p, r in SPECS.items() if r.kind in ("number", "integer")]
BAD = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")), st.text(max_size=5),
                st.booleans(), st.lists(st.integers(), max_size=2), st.floats(max_value=-1e-6))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NUMERIC), BAD)
def test_every_invalid_numeric_field_is_rejected_by_name(path, value):
    rule = SPECS[path]
    if isinstance(value, float) and math.isfinite(value) and rule.minimum is None and rule.exclusive_minimum is None:
        return  # negative numbers are fine where no minimum applies (none such today)
    section, key = path.split(".")
    data = CATALOG.presets["bert-base-tuning"].plan | {}
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    data[section][key] = value
    with pytest.raises(PlanError) as err:
        Plan.from_dict(data, CATALOG)
    assert err.value.field == path
