"""The tornado alone: a row per uncertain input, largest swing on top, the reading under it."""

import pytest

from planner.core import Plan
from planner.core.results import results_for
from planner.ui.charts.sensitivity import SensitivityChart


def test_rows_follow_the_tornado(qtbot, catalog):
    chart = SensitivityChart()
    qtbot.addWidget(chart)
    results = results_for(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog), catalog)
    u = results.uncertainty
    chart.update_chart(u, results.estimate.emissions_kg, "t", "reading")
    rows = [t for t in u.tornado if t["swing_kg"] > 0][:chart.SLOTS]
    assert [t["input"] for t in chart.rows] == [t["input"] for t in rows]
    assert chart.low_bars.opts["x0"][0] == pytest.approx(rows[0]["low_emissions_kg"] / 1000)
    assert chart.reading.text() == "reading" and "t with one input" in chart.describe()


def test_no_uncertain_input_says_so(qtbot, catalog):
    chart = SensitivityChart()
    qtbot.addWidget(chart)
    assert "given exactly" in chart.describe()


def test_an_exact_plan_says_why_its_tornado_is_empty(qtbot, catalog):
    chart = SensitivityChart()
    qtbot.addWidget(chart)
    results = results_for(Plan.from_dict(catalog.presets["bert-base"].plan, catalog), catalog)
    chart.update_chart(results.uncertainty, results.estimate.emissions_kg, "kg", "reading")
    assert chart.rows == [] and chart.empty_note.isVisible() and "exact" in chart.empty_note.toPlainText()
    moving = results_for(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog), catalog)
    chart.update_chart(moving.uncertainty, moving.estimate.emissions_kg, "t", "reading")
    assert chart.rows and not chart.empty_note.isVisible()
