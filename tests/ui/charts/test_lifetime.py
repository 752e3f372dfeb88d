"""The Lifetime tab (issue 25): training as a step, serving as a ramp, the break-even marked and said in words;
the editor's Serving group with its pickers and line."""

import pytest

from planner.core.units import MASS_UNITS


@pytest.fixture
def served_window(window, qtbot):
    window.resize(1280, 800)
    window.hub.edit("serving.requests_per_day", 1e7)
    window.hub.edit("serving.months", 6.0)
    chart = window.charts.show_lifetime()
    qtbot.waitUntil(lambda: chart.isVisible() and chart.sv is not None)
    return window


def test_the_lifetime_tab_is_made_when_first_shown(window):
    assert window.charts.lifetime is None
    chart = window.charts.show_lifetime()
    assert chart.objectName() == "chart.lifetime" and window.charts.chart_tabs.currentIndex() == 2
    assert chart.empty_note.isVisible() and "requests per day" in chart.empty_note.toPlainText()


def test_training_is_a_step_and_serving_a_ramp(served_window):
    w = served_window
    chart = w.charts.lifetime
    sv = w.state.results.serving
    scale = MASS_UNITS[chart.unit]
    t, s = w.state.estimate.emissions_kg / scale, sv.emissions_kg / scale
    x, y = chart.total.getData()
    assert x.tolist() == pytest.approx([0, 0, sv.days]) and y.tolist() == pytest.approx([0, t, t + s])
    assert chart.training.value() == pytest.approx(t)
    be = sv.break_even_days
    assert be is not None and be < sv.days
    assert chart.even.isVisible() and chart.even.getData()[0].tolist() == pytest.approx([be])
    assert "overtakes training after" in chart.key.text()
    assert "overtakes training after" in w.editor.serving_info.text()


def test_the_serving_fields_wait_for_requests_and_the_pickers_default_to_training(window):
    w = window
    ed = w.editor
    assert not ed.fields["serving.months"].isEnabled() and not ed.serving_pickers["serving.region"].isEnabled()
    w.hub.edit("serving.requests_per_day", 1000.0)
    assert ed.fields["serving.months"].isEnabled() and ed.serving_pickers["serving.region"].isEnabled()
    picker = ed.serving_pickers["serving.region"]
    assert picker.currentText() == "same as training"
    ed._pick("serving.region", "FR")
    assert w.state.plan.serving.region == "FR" and picker.currentText().startswith("FR")
    ed._pick("serving.region", "(as training)")
    assert w.state.plan.serving.region is None
    w.findChild(object, "edit.undo").trigger()
    assert w.state.plan.serving.region == "FR"


def test_the_lifetime_costs_nothing_while_hidden(window, monkeypatch):
    w = window
    w.charts.show_lifetime()
    w.charts.chart_tabs.setCurrentIndex(0)
    calls = []
    monkeypatch.setattr(w.charts.lifetime, "update_chart", lambda *a: calls.append(a))
    for k in range(3):
        w.hub.edit("hardware.count", 9 + k)
        w.charts.flush()
    assert calls == []
