"""The window's 90% intervals and tornado (issue 13)."""

import pytest
from PySide6.QtWidgets import QLabel, QSlider

from planner.core import Plan
from planner.core.uncertainty import analyse
from planner.core.units import fmt_energy, fmt_range, resolve_mass_unit, to_unit


@pytest.fixture
def llm_window(window, catalog, qtbot):
    window.state.open_document(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog))
    qtbot.waitUntil(lambda: window.insights.is_settled, timeout=3000)
    return window


def test_cards_show_the_90_percent_interval(llm_window):
    w = llm_window
    est = w.state.estimate
    result = analyse(est, w.catalog)
    u = resolve_mass_unit("auto", est.emissions_kg)
    p = result.percentiles["emissions_kg"]
    shown = f"90%: {fmt_range(to_unit(p['p5'], u), to_unit(p['p95'], u))}\xa0{u}"
    assert w.results.cards["emissions"].band.text().startswith(shown)
    e = result.percentiles["energy_kwh"]
    assert w.results.cards["energy"].band.text() == f"90%: {fmt_energy(e['p5'])} – {fmt_energy(e['p95'])}"
    assert "conservative bounds" in " ".join(w.results.cards["emissions"].toolTip().split())


def test_tornado_tab_shows_the_inputs_by_swing_and_follows_the_plan(llm_window, qtbot):
    w = llm_window
    assert w.charts.sensitivity is None  # not made at start-up
    chart = w.charts.show_sensitivity()
    assert chart.objectName() == "chart.sensitivity" and w.charts.chart_tabs.currentIndex() == 1
    result = analyse(w.state.estimate, w.catalog)
    assert [t["input"] for t in chart.rows] == [t["input"] for t in result.tornado]
    scale = to_unit(1.0, chart.unit)
    lo = chart.low_bars.opts["x0"]
    assert lo[0] == pytest.approx(result.tornado[0]["low_emissions_kg"] * scale)
    reading = w.findChild(QLabel, "chart.sensitivity.reading")
    assert reading.text().startswith("Most of the spread comes from utilization")
    assert "Utilization" in chart.accessibleDescription()
    # pin the utilization: it drops out, after the plan settles
    w.state.set("hardware.utilization", 0.4)
    qtbot.waitUntil(lambda: w.insights.is_settled, timeout=3000)
    assert "utilization" not in [t["input"] for t in chart.rows]
    assert not reading.text().startswith("Most of the spread comes from utilization")


def test_during_a_drag_the_interval_follows_the_estimate(llm_window, qtbot):
    w = llm_window
    before = w.insights.settled_results.uncertainty.percentiles["emissions_kg"]
    central = w.state.estimate.emissions_kg
    w.findChild(QSlider, "slider:hardware.count").setValue(w.editor.fields["hardware.count"].slider.value() + 40)
    est = w.state.estimate
    lo, hi = w.insights.interval(w.state.results, "emissions_kg")
    f = est.emissions_kg / central
    assert lo == pytest.approx(before["p5"] * f) and hi == pytest.approx(before["p95"] * f)
    qtbot.waitUntil(lambda: w.insights.is_settled, timeout=3000)
    exact = analyse(w.state.estimate, w.catalog).percentiles["emissions_kg"]
    assert w.insights.interval(w.state.results, "emissions_kg") == (exact["p5"], exact["p95"])
