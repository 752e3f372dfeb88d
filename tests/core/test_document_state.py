"""The document side of PlanState: undo and redo, drags as one step, modified, baseline."""

import pytest

from planner.core.catalog import default_catalog
from planner.core.plan import Plan
from planner.core.state import PlanState


def bert() -> Plan:
    """The BERT-with-tuning preset: a plan whose numbers these tests know."""
    catalog = default_catalog()
    return Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog)


def test_undo_and_redo_every_edit():
    state = PlanState(bert())
    original = state.plan
    state.set("hardware.count", 8)
    state.set("site.region", "FR")
    assert state.can_undo and not state.can_redo
    state.undo()
    assert state.plan.site.region == original.site.region and state.plan.hardware.count == 8
    state.undo()
    assert state.plan == original and not state.can_undo
    state.redo()
    state.redo()
    assert state.plan.site.region == "FR" and state.plan.hardware.count == 8
    state.undo()
    state.set("hardware.count", 16)  # a new edit drops the redo branch
    assert not state.can_redo


def test_a_drag_is_one_step():
    state = PlanState(bert())
    original = state.plan
    state.begin_group()
    for n in (70, 90, 130, 260):
        state.set("hardware.count", n)
    state.end_group()
    assert state.plan.hardware.count == 260
    state.undo()
    assert state.plan == original
    state.redo()
    assert state.plan.hardware.count == 260


def test_a_drag_back_to_the_start_leaves_no_step():
    state = PlanState(bert())
    state.begin_group()
    state.set("hardware.count", 70)
    state.set("hardware.count", 64)
    state.end_group()
    assert not state.can_undo


def test_modified_follows_the_saved_plan(tmp_path):
    state = PlanState(bert())
    assert not state.modified
    state.set("hardware.count", 8)
    assert state.modified
    state.mark_saved(str(tmp_path / "a.plan.json"))
    assert not state.modified
    state.undo()
    assert state.modified  # the file holds 8 accelerators
    state.redo()
    assert not state.modified
    state.open_document(state.plan, None, modified=True)
    assert state.modified and not state.can_undo


def test_baseline(catalog):
    state = PlanState(bert())
    seen = []
    state.subscribe(lambda s, changed: seen.append(changed))
    state.pin_baseline()
    base_kg = state.baseline_estimate.emissions_kg
    state.set("hardware.count", 128)
    assert state.baseline_estimate.emissions_kg == pytest.approx(base_kg)
    assert state.estimate.emissions_kg == pytest.approx(2 * base_kg)
    assert state.baseline_results is state.baseline_results  # computed once per baseline
    state.clear_baseline()
    assert state.baseline is None and {"baseline"} in seen


def test_compare_rows(catalog):
    from planner.core import Plan
    from planner.core.summary import compare_rows

    a = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog)
    b = a.with_value("hardware.count", 128)
    names, rows = compare_rows([a, b], catalog)
    assert names == [a.name, b.name]
    co2 = dict(rows)["CO2e, location-based"]
    assert co2[0] == "2.28\xa0t" and co2[1].startswith("4.56\xa0t") and "(+100%)" in co2[1]  # automatic unit: t


def test_compare_rows_have_water_and_a_served_plans_life(catalog):
    """The compare dialog had no water and no serving rows (issue 30, item 12), and a served plan's life was
    nowhere beside its training (item 1)."""
    from planner.core import Plan
    from planner.core.present import life_kg
    from planner.core.results import results_for
    from planner.core.summary import compare_rows
    from planner.core.units import fmt_mass, fmt_volume

    a = Plan.from_dict(catalog.presets["default"].plan, catalog)
    b = a.with_value("serving.requests_per_day", 2e8)
    _, rows = compare_rows([a, b], catalog)
    rows = dict(rows)
    assert rows["Water, on and off site"][0] == fmt_volume(results_for(a, catalog).water.total_l)
    assert rows["CO2e, serving"][0] == "not served"
    life = rows["CO2e over the life (training + serving)"]
    assert life[1].startswith(fmt_mass(life_kg(results_for(b, catalog)), "kg"))
    assert "CO2e of training" in rows
