"""The state object the window binds to: validated edits, lazy results, listeners."""

import pytest

from planner.core import PlanError
from planner.core.catalog import default_catalog
from planner.core.plan import Plan
from planner.core.state import PlanState
from planner.core.units import fmt, fmt_exact, parse_number


def bert() -> Plan:
    """The BERT-with-tuning preset: a plan whose numbers these tests know."""
    catalog = default_catalog()
    return Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog)


def test_edits_notify_and_recompute():
    state = PlanState(bert())
    seen = []
    state.subscribe(lambda s, changed: seen.append(changed))
    before = state.estimate.emissions_kg
    state.set("hardware.count", 128)
    assert seen == [{"hardware.count"}]
    assert state.estimate.emissions_kg == pytest.approx(before * 2)


def test_invalid_edit_changes_nothing():
    state = PlanState(bert())
    plan = state.plan
    with pytest.raises(PlanError) as err:
        state.set("site.pue", 0.5)
    assert err.value.field == "site.pue" and state.plan is plan
    with pytest.raises(PlanError):
        state.set("site.region", "atlantis")


def test_estimate_error_is_reported_not_raised():
    state = PlanState(bert())
    state.set("run.hours", None)
    assert state.estimate is None and state.error.field == "run.hours"
    state.set("run.hours", 5.0)
    assert state.error is None and state.estimate is not None


def test_region_order_follows_grid_intensity_and_keeps_the_plans_region(catalog):
    state = PlanState(bert())
    order = state.region_order()
    assert state.plan.site.region in order  # US-EPA-2018 is not a cloud region, yet it shows
    ci = [catalog.regions[r].carbon_intensity for r in order]
    assert ci == sorted(ci)
    state.set_region_filter("gcp")
    assert {catalog.regions[r].provider for r in state.region_order()} == {"gcp", ""}
    assert all(p in ("gcp",) for p in state.sweep.providers if p) and state.sweep.index("US-EPA-2018") >= 0


@pytest.mark.parametrize("text,value", [("1.1e8", 1.1e8), ("110M", 1.1e8), ("1,000", 1000), ("2.5k", 2500),
                                        (" 7B ", 7e9), ("3e-2", 0.03)])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1.2.3"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_formatting():
    assert fmt(1437.2) == "1,440" and fmt(999.6) == "1,000" and fmt(0.012345) == "0.0123" and fmt(2.5) == "2.5"
    assert fmt_exact(79.2) == "79.2" and fmt_exact(64) == "64" and fmt_exact(1.1e8) == "110M"
    assert parse_number(fmt_exact(3.14159e23)) == pytest.approx(3.14159e23)


@pytest.mark.parametrize("kg,expected", [(2280, "flight_ny_sf"), (652, "flight_ny_sf"), (284_000, "car_lifetime"),
                                         (11.5, "tree_year"), (0.5, "car_km_eu")])
def test_everyday_comparison_reads_well(kg, expected, catalog):
    from types import SimpleNamespace

    from planner.core.units import best_equivalent

    fake = SimpleNamespace(emissions_kg=kg, equivalents=lambda c: [(b, kg / b.kg_co2e) for b in c.benchmarks])
    text, n, bid = best_equivalent(fake, catalog)
    assert bid == expected and 0.5 <= n < 100 and text.startswith("≈ ")


def test_reporting_formats(catalog):
    from planner.core import Plan
    from planner.core.results import results_for
    from planner.core.summary import latex_escape, reporting_text
    from planner.core.units import fmt_energy, fmt_mass

    results = results_for(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    est = results.estimate
    plain = reporting_text(results, "plain")
    md = reporting_text(results, "markdown")
    tex = reporting_text(results, "latex")
    for text in (plain, md):
        assert fmt_mass(est.emissions_kg, "auto") in text and fmt_energy(est.energy_kwh) in text and "Sources" in text
        assert "NVIDIA Tesla V100" in text and "US-EPA-2018" in text and "Strubell" in text
    assert f"**{fmt_mass(est.emissions_kg, 'auto')}**" in md and "\n- " in md
    assert r"CO$_2$e" in tex and r"\begin{itemize}" in tex and r"\$13,100" in tex
    assert "$13" not in tex.replace(r"\$13", "")  # every dollar sign escaped
    assert latex_escape("50% of $5 & a_b") == r"50\% of \$5 \& a\_b"
    with pytest.raises(ValueError):
        reporting_text(results, "rtf")


def test_every_edit_path_refuses_unknown_ids():
    state = PlanState(bert())
    plan = state.plan
    with pytest.raises(PlanError) as err:
        state.set_many({"hardware.count": 8, "hardware.accelerator": "Z9000"})
    assert err.value.field == "hardware.accelerator" and state.plan is plan
    with pytest.raises(PlanError) as err:
        state.replace(plan.with_value("site.region", "mars:north"))
    assert err.value.field == "site.region" and state.plan is plan and not state.can_undo


def test_a_new_plans_name_follows_it_until_one_is_typed(catalog):
    """After File → New and 671B parameters on 2,048 GPUs the title, the PDF and the baseline still said "New plan:
    7B model on 8 H100" (issue 30, item 3)."""
    from planner.core.plan import auto_name

    state = PlanState(catalog=catalog)
    assert state.plan.name == "New plan: 7B model on 8 H100" == auto_name(state.plan)
    seen = []
    state.subscribe(lambda s, changed: seen.append(changed))
    state.set("model.parameters", 671e9)
    state.set("hardware.count", 2048)
    assert state.plan.name == "New plan: 671B model on 2,048 H100" and "name" in seen[-1]
    state.set("hardware.accelerator", "A100-80GB")
    assert state.plan.name == "New plan: 671B model on 2,048 A100"
    state.undo()
    assert state.plan.name == "New plan: 671B model on 2,048 H100"
    state.pin_baseline()
    assert state.baseline.name == "New plan: 671B model on 2,048 H100"
    state.set("name", "Pre-training, v1")
    state.set("hardware.count", 16)
    assert state.plan.name == "Pre-training, v1"  # typed: it stays
    bert = Plan.from_dict(catalog.presets["bert-base"].plan, catalog)
    state.open_document(bert)
    state.set("hardware.count", 16)
    assert state.plan.name == bert.name  # a preset's (or a file's) own name is never replaced
