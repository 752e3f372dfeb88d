"""One set of results per plan: computed when asked, kept, shared by every view."""

import threading

import pytest

from planner.core import Plan
from planner.core.results import results_for


@pytest.fixture
def plan(catalog):
    return Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog).with_value("hardware.count", 63)


def test_the_same_plan_gets_the_same_results(plan, catalog):
    a = results_for(plan, catalog)
    assert results_for(Plan.from_dict(plan.to_dict(), catalog), catalog) is a  # equal plans share them
    assert results_for(plan.with_value("hardware.count", 62), catalog) is not a


def test_each_part_is_computed_once(plan, catalog, monkeypatch):
    import planner.core.uncertainty as unc

    calls = []
    real = unc.analyse
    monkeypatch.setattr(unc, "analyse", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    results = results_for(plan.with_value("hardware.count", 59), catalog)
    assert not results.has("uncertainty")
    threads = [threading.Thread(target=lambda: results.uncertainty) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.uncertainty is results.uncertainty and calls == [1]
    assert results.interval("emissions_kg") == (results.uncertainty.percentiles["emissions_kg"]["p5"],
                                                results.uncertainty.percentiles["emissions_kg"]["p95"])


def test_a_plan_that_cannot_be_estimated_has_an_error_and_no_parts(catalog):
    results = results_for(Plan.from_dict(catalog.presets["bert-base"].plan, catalog).with_value("run.hours", None),
                          catalog)
    assert results.estimate is None and results.error.field == "run.hours"
    assert results.water is None and results.uncertainty is None and results.sweep() is None
    assert results.advice() == []


def test_a_sweep_always_holds_the_plans_own_region(plan, catalog):
    results = results_for(plan, catalog)
    assert results.sweep("aws").index(plan.site.region) >= 0
    assert results.sweep("aws") is results.sweep("aws")
