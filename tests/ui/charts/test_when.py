"""The When tab (issue 24): the plan on every start day, picking a start by clicking a day (undoable), the editor's
start and flexibility, and no work for the year while its tab is not in view."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from planner.core.units import MASS_UNITS


@pytest.fixture
def when_window(window, qtbot):
    window.resize(1280, 800)
    window.state.set("site.region", "GB")
    chart = window.charts.show_when()
    qtbot.waitUntil(lambda: chart.isVisible() and chart.plot_item.vb.width() > 100)
    return window


def _click_day(qtbot, chart, day: float):
    vb = chart.plot_item.vb
    y = 0.5 * (vb.viewRange()[1][0] + vb.viewRange()[1][1])
    pos = chart.mapFromScene(vb.mapViewToScene(QPointF(day, y)))
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_when_tab_is_made_when_first_shown(window):
    assert window.charts.when is None  # not on the start-up path
    chart = window.charts.show_when()
    assert chart.objectName() == "chart.when" and window.charts.region_tabs.currentIndex() == 2
    assert window.charts.show_when() is chart


def test_the_chart_shows_the_plan_on_every_start_day(when_window):
    w = when_window
    chart = w.charts.when
    year = w.state.results.when()
    x, y = chart.curve.getData()
    assert len(x) == 365
    assert y == pytest.approx(year.by_day / MASS_UNITS[chart.unit])
    assert chart.best.getData()[0].tolist() == [float(year.best_day)]
    assert chart.average.value() == pytest.approx(year.yearly_kg / MASS_UNITS[chart.unit])
    assert not chart.chosen.isVisible()  # no start yet
    assert "Best start" in chart.key.text() and "Electricity Maps" in chart.key.text()
    assert "ODbL" in chart.key.toolTip()


def test_clicking_a_day_starts_the_plan_then_and_undo_restores(when_window, qtbot):
    w = when_window
    chart = w.charts.when
    before = w.state.results.when()
    _click_day(qtbot, chart, 100)
    start = w.state.plan.schedule.start
    assert start == before.start_of(100).strftime("%Y-%m-%dT%H:%MZ")  # 100 days from today
    qtbot.waitUntil(lambda: chart.chosen.isVisible())
    year = w.state.results.when()
    assert chart.chosen.getData()[0].tolist() == [float(year.chosen_day)]
    assert w.editor.start_edit.text() == start.replace("T", " ").replace("Z", "")
    assert "over the run's hours" in w.editor.schedule_info.text()
    w.findChild(object, "edit.undo").trigger()
    assert w.state.plan.schedule.start is None


def test_the_cards_follow_the_start(when_window, qtbot):
    w = when_window
    before = w.state.estimate.emissions_kg
    w.editor.start_edit.setText("2026-12-20 00:00")
    w.editor.start_edit.editingFinished.emit()
    assert w.state.plan.schedule.start == "2026-12-20T00:00Z"
    after = w.state.estimate.emissions_kg
    assert after != pytest.approx(before)
    from planner.core.present import cards

    card = w.results.cards["emissions"].value
    qtbot.waitUntil(lambda: card.text() == cards(w.state.results, w.hub.unit)[0].value)


@pytest.mark.parametrize("typed,says", [("next tuesday", "a date and time in UTC"),
                                        ("0001-01-01T00:00+01:00", "the years 1900 to 2100"),
                                        ("9999-12-31T23:59-01:00", "the years 1900 to 2100")])
def test_a_bad_start_is_refused_under_its_field(when_window, typed, says):
    """A start whose offset leaves the calendar raised OverflowError (issue 29, item 4); a refusal is said under
    the field, like a number's."""
    w = when_window
    w.editor.start_edit.setText(typed)
    w.editor.start_edit.editingFinished.emit()
    assert w.state.plan.schedule.start is None
    hint = w.editor.start_hint
    assert hint.isVisible() and says in hint.text() and typed in hint.text()
    w.editor.start_edit.setText("2026-03-01 09:00")
    w.editor.start_edit.editingFinished.emit()
    assert w.state.plan.schedule.start == "2026-03-01T09:00Z" and not hint.isVisible()


def test_the_flexibility_slider_is_built_from_its_spec(when_window):
    w = when_window
    slider = w.findChild(object, "slider:schedule.flex_hours")
    assert slider is not None
    w.hub.edit("schedule.flex_hours", 72.0)
    assert w.state.plan.schedule.flex_hours == 72.0
    assert "72 h flexible" in w.editor.schedule_info.text() or "3 days flexible" in w.editor.schedule_info.text()


def test_a_grid_without_hourly_data_says_so(when_window, qtbot):
    w = when_window
    w.state.set("site.region", "NL")
    chart = w.charts.when
    qtbot.waitUntil(lambda: "no hourly data" in chart.key.text())
    assert not chart.curve.isVisible() and chart.empty_note.isVisible()


def test_the_year_costs_nothing_while_its_tab_is_hidden(window, qtbot, monkeypatch):
    w = window
    w.charts.show_when()
    w.charts.region_tabs.setCurrentIndex(0)
    calls = []
    monkeypatch.setattr(w.charts.when, "update_chart", lambda *a: calls.append(a))
    for k in range(1, 6):
        w.hub.edit("hardware.count", 8 + k)
        w.charts.flush()
    assert calls == []
    w.charts.region_tabs.setCurrentIndex(2)
    assert len(calls) == 1  # brought up to date once, when shown


def test_the_region_view_is_remembered(window, qtbot):
    w = window
    w.charts.show_when()
    w.save_settings()
    assert w.settings.region_view == "when"
    assert np.isfinite(w.state.estimate.emissions_kg)
