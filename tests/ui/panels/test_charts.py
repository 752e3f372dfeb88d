"""The charts panel alone: only charts in view are drawn, at most once per frame; hidden ones when shown."""

import numpy as np
import pytest

from planner.core.units import MASS_UNITS
from planner.ui.panels.charts import ChartsPanel


@pytest.fixture
def charts(showing, hub):
    panel = showing(ChartsPanel(hub), 900, 600)
    panel.flush()
    return panel


def scale(hub):
    from planner.core.present import unit_of

    return MASS_UNITS[unit_of(hub.state.results, hub.unit)]


def test_the_charts_draw_the_plans_numbers(charts, hub):
    est = hub.state.estimate
    assert charts.benchmarks.values[0] == pytest.approx(est.emissions_kg / scale(hub))
    np.testing.assert_allclose(charts.regions.values, np.asarray(hub.state.sweep.emissions_kg) / scale(hub))
    v = charts.phases.values
    assert v["training"] + v["tuning"] + v["nas"] == pytest.approx(est.emissions_kg / scale(hub))


def record(monkeypatch, chart, hub) -> list:
    """The plans a chart is drawn for, in order."""
    drawn = []
    original = chart.update_chart
    monkeypatch.setattr(chart, "update_chart", lambda *a: (drawn.append(hub.state.plan), original(*a)))
    return drawn


def test_changes_within_a_frame_draw_once_and_the_last_one_wins(charts, hub, monkeypatch):
    drawn = record(monkeypatch, charts.benchmarks, hub)
    charts._drawn_at["benchmarks"] = __import__("time").perf_counter()  # a frame just drawn
    for n in (10, 20, 30):
        hub.state.set("hardware.count", n)
    assert drawn == []  # not yet: the frame is not over
    charts.flush()
    assert len(drawn) == 1 and drawn[0].hardware.count == 30
    assert charts.benchmarks.values[0] == pytest.approx(hub.state.estimate.emissions_kg / scale(hub))


def test_a_hidden_chart_is_not_drawn_until_its_tab_is_shown(charts, hub, monkeypatch):
    drawn = record(monkeypatch, charts.phases, hub)
    charts.show_sensitivity()  # the breakdown goes out of view
    assert charts.sensitivity is not None and charts.chart_tabs.currentIndex() == 1
    hub.state.set("hardware.count", 77)
    charts.flush()
    assert drawn == []
    charts.chart_tabs.setCurrentIndex(0)
    assert len(drawn) == 1 and drawn[0].hardware.count == 77


def test_the_map_is_made_when_first_shown_and_the_ranked_chart_rests_meanwhile(charts, hub, monkeypatch):
    assert charts.map is None
    chart = charts.show_map()
    assert chart is charts.map and charts.region_tabs.currentIndex() == 1
    drawn = record(monkeypatch, charts.regions, hub)
    hub.state.set("hardware.count", 33)
    charts.flush()
    assert drawn == [] and chart.values.max() > 0


def test_the_sensitivity_tab_waits_for_the_settled_plan(charts, hub):
    chart = charts.show_sensitivity()
    hub.state.set("hardware.count", 40)
    hub.state.results.uncertainty  # noqa: B018 (what the settling computes)
    hub.settled.emit()
    assert [t["input"] for t in chart.rows] == [t["input"] for t in hub.state.results.uncertainty.tornado
                                                if t["swing_kg"] > 0][:chart.SLOTS]


def test_clicking_a_region_bar_edits_the_plan(charts, hub, qtbot):
    from PySide6.QtCore import QPointF, Qt

    chart = charts.regions
    vb = chart.plot_item.vb
    pos = chart.mapFromScene(vb.mapViewToScene(QPointF(3, chart.values[3] / 2)))
    target = chart.ids[3]
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert hub.state.plan.site.region == target


def test_the_regions_can_take_the_whole_charts_area(showing, hub, monkeypatch):
    """The map at 1280x800 was ~460x180 px: markers piled up and a click on Québec picked PEI (issue 21)."""
    from PySide6.QtWidgets import QApplication

    from planner.ui.panels.advice import AdvicePanel

    panel = showing(ChartsPanel(hub, aside=AdvicePanel(hub)), 850, 620)
    chart = panel.show_map()
    small = (chart.width(), chart.height())
    panel.enlarge.click()
    QApplication.processEvents()
    assert chart.width() > small[0] * 1.3 and chart.height() > small[1] * 1.8
    drawn = record(monkeypatch, panel.benchmarks, hub)
    hub.state.set("hardware.count", 48)
    panel.flush()
    assert drawn == []  # hidden while enlarged: not drawn
    panel.enlarge.click()
    assert panel.enlarge.text().endswith("Enlarge") and drawn  # back, and brought up to date


def test_map_markers_have_an_outline_that_reads_on_every_fill(showing, hub, catalog):
    from PySide6.QtGui import QColor

    from planner.ui.charts.map import MARKER_INK

    panel = showing(ChartsPanel(hub), 850, 620)
    chart = panel.show_map()
    assert chart.points.opts["pen"].color().name() == QColor(MARKER_INK).name()  # not the palette's text colour
    assert chart.halo.opts["pen"].color().name() == "#ffffff"  # (light on light fills in a dark palette)


def test_every_chart_is_described_for_a_screen_reader_from_its_first_showing(window, qtbot):
    """The Map, When and Lifetime charts had an empty accessible description until the next edit (issue 30,
    item 13)."""
    for show in (window.charts.show_map, window.charts.show_when, window.charts.show_lifetime):
        chart = show()
        assert chart.accessibleDescription() and chart.accessibleDescription() == chart.describe()
    window.hub.set_unit("lb")  # the charts in view say it in the new unit; a hidden one when shown again
    for chart in (window.charts.when, window.charts.benchmarks, window.charts.show_map()):
        assert chart.accessibleDescription() == chart.describe() and "lb" in chart.accessibleDescription()


def test_a_new_chart_tab_is_one_entry(showing, hub, monkeypatch):
    """The tabs are built from ``CHARTS``: an entry (its chart class and its data function) is a tab that is made
    when first shown and redrawn on a change while in view (issue 31, item 4)."""
    from PySide6.QtWidgets import QLabel, QWidget

    from planner.ui.panels import charts as panel_module

    class EnergyChart(QWidget):
        def __init__(self):
            super().__init__()
            self.key, self.values = QLabel(), None

        def update_chart(self, kwh, unit):
            self.values = (kwh, unit)

        def describe(self):
            return f"{self.values[0]:.0f} kWh"

    entry = panel_module.ChartTab("energy", "regions", "Energy", "The plan's energy", lambda p: EnergyChart(),
                                  lambda r, v: (r.estimate.energy_kwh, v.unit))
    monkeypatch.setattr(panel_module, "CHARTS", (*panel_module.CHARTS, entry))
    monkeypatch.setattr(panel_module, "BY_NAME", {**panel_module.BY_NAME, "energy": entry})
    panel = showing(ChartsPanel(hub), 900, 600)
    tabs = panel.region_tabs
    assert [tabs.tabText(k) for k in range(tabs.count())] == ["Ranked", "Map", "When", "Trade-offs", "Energy"]
    assert panel.energy is None  # made when first shown
    tabs.setCurrentIndex(4)
    assert panel.energy.values[0] == pytest.approx(hub.state.estimate.energy_kwh)
    assert panel.energy.accessibleDescription() == f"{hub.state.estimate.energy_kwh:.0f} kWh"
    hub.state.set("hardware.count", 64)
    panel.flush()
    assert panel.energy.values[0] == pytest.approx(hub.state.estimate.energy_kwh)
    assert panel.current("regions") == "energy"
