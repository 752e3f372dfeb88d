"""The map view (issue 15): pick a region by clicking, undo, recolouring with a slider, highlight, settings, PDF."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QSlider

from planner.core.geo import region_values


def _click_lonlat(qtbot, chart, lon, lat):
    vb = chart.plot_item.vb
    scene = vb.mapViewToScene(QPointF(lon, lat))
    pos = chart.mapFromScene(scene)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def map_window(window, qtbot):
    window.resize(1280, 800)
    chart = window.charts.show_map()
    qtbot.waitUntil(lambda: chart.isVisible() and chart.plot_item.vb.width() > 100)
    return window


def test_map_is_made_when_first_shown(window):
    assert window.charts.map is None  # not on the start-up path
    chart = window.charts.show_map()
    assert chart.objectName() == "chart.map" and window.charts.region_tabs.currentIndex() == 1
    assert window.charts.show_map() is chart  # made once


def test_clicking_a_country_picks_it_and_undo_restores(map_window, qtbot):
    w = map_window
    chart = w.charts.map
    before = w.state.plan.site.region
    _click_lonlat(qtbot, chart, 67.0, 48.0)  # Kazakhstan: no cloud region nearby
    assert w.state.plan.site.region == "KZ"
    w.findChild(object, "edit.undo").trigger()
    assert w.state.plan.site.region == before


def test_clicking_a_state_or_a_cloud_point_picks_it(map_window, qtbot):
    w = map_window
    chart = w.charts.map
    _click_lonlat(qtbot, chart, -109.6, 47.0)  # Montana
    assert w.state.plan.site.region == "US-MT"
    k = chart.lay.points.index("gcp:europe-west1")
    _click_lonlat(qtbot, chart, *chart.lay.point_lonlat[k])
    assert w.state.plan.site.region in [chart.lay.points[j] for j in range(len(chart.lay.points))
                                        if np.hypot(*(chart.lay.point_lonlat[j] - chart.lay.point_lonlat[k])) < 1.5]


def test_colours_follow_a_slider(map_window, qtbot):
    w = map_window
    chart = w.charts.map
    before = chart.shape_class.copy()
    values_before = chart.values.copy()
    w.findChild(QSlider, "slider:experiment.tuning_runs").setValue(900)
    qtbot.waitUntil(lambda: not np.array_equal(chart.values, values_before), timeout=2000)
    qtbot.waitUntil(lambda: not np.array_equal(chart.shape_class, before), timeout=2000)
    # each shape's brush is its class's colour, from the core's numbers
    est = w.state.estimate
    from planner.core.geo import buckets
    from planner.core.units import MASS_UNITS

    expected = buckets(region_values(est, w.catalog)[np.maximum(chart.lay.shape_regions, 0)] / MASS_UNITS[chart.unit],
                       chart.limit)
    joined = chart.lay.shape_regions >= 0
    assert np.array_equal(chart.shape_class[joined], expected[joined])
    for k in np.flatnonzero(joined)[:40]:
        assert chart.items[k].brush().color() == chart.brushes[chart.shape_class[k]].color()


def test_the_plans_region_is_highlighted(map_window, qtbot):
    w = map_window
    chart = w.charts.map
    w.state.set("site.region", "DE")
    qtbot.waitUntil(lambda: chart._marks is not None and chart._marks[0] == "DE", timeout=2000)
    k = [s.id for s in chart.lay.shapes].index("DE")
    assert chart.plan_shapes == [k]
    assert chart.plan_outline.path().boundingRect() == chart.paths[k].boundingRect()
    w.state.set("site.region", "aws:us-east-1")  # a point: a ring round it
    qtbot.waitUntil(lambda: chart._marks[0] == "aws:us-east-1", timeout=2000)
    assert [chart.lay.points[j] for j in chart.plan_point_idx] == ["aws:us-east-1"]
    assert not chart.plan_points.path().isEmpty()
    key = w.findChild(QLabel, "chart.map.key").text()
    assert "CO2e" in key and chart.unit in key


def test_the_map_choice_is_remembered(window, qtbot, tmp_path):
    window.charts.show_map()
    window.save_settings()
    assert window.settings.region_view == "map"
    window.charts.region_tabs.setCurrentIndex(0)
    window.save_settings()
    assert window.settings.region_view == "chart"


def test_a_damaged_map_file_keeps_the_ranked_chart(window, monkeypatch):
    import planner.ui.charts as charts
    from planner.core.errors import CatalogError

    def broken(*a, **k):
        raise CatalogError("map.json", "not a map file")
    monkeypatch.setattr(charts.MapChart, "__init__", broken)
    assert window.charts.show_map() is None
    assert window.charts.region_tabs.currentIndex() == 0 and "map" in window.statusBar().currentMessage()


def test_the_pdf_holds_the_map(window, qtbot, tmp_path):
    from PySide6.QtPdf import QPdfDocument

    from planner.ui import report

    out = tmp_path / "map.pdf"
    report.write_report(report.ReportData.from_state(window.state), out)
    doc = QPdfDocument(None)
    assert doc.load(str(out)) == QPdfDocument.Error.None_
    text = " ".join(" ".join(doc.getAllText(k).text() for k in range(doc.pageCount())).split())
    assert "The same plan on a map" in text and "outlined: this plan's region" in text


def test_the_baselines_region_is_marked_dashed(map_window, qtbot):
    w = map_window
    chart = w.charts.map
    w.state.set("site.region", "FR")
    w.findChild(object, "compare.pin").trigger()
    w.state.set("site.region", "DE")
    qtbot.waitUntil(lambda: chart._marks == ("DE", "FR"), timeout=2000)
    k = [s.id for s in chart.lay.shapes].index("FR")
    assert chart.base_outline.path().boundingRect() == chart.paths[k].boundingRect()
    assert chart.base_outline.pen().style() == Qt.PenStyle.DashLine
    w.findChild(object, "compare.clear").trigger()
    qtbot.waitUntil(lambda: chart._marks == ("DE", None), timeout=2000)
    assert chart.base_outline.path().isEmpty()


def test_hover_names_the_place_its_grid_and_co2e(map_window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("planner.ui.charts.map.QToolTip.showText", lambda pos, text, w=None: shown.append(text))
    chart = map_window.charts.map
    scene = chart.plot_item.vb.mapViewToScene(QPointF(67.0, 48.0))
    chart._hovered(scene)
    assert shown and "KZ: Kazakhstan" in shown[-1] and "g CO2e/kWh" in shown[-1] and chart.unit in shown[-1]


def test_a_window_opens_on_the_map_when_that_was_the_choice(qtbot):
    from planner.core.settings import Settings
    from planner.ui import MainWindow

    w = MainWindow(settings=Settings(region_view="map"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.startup_finished)
    assert w.charts.map is not None and w.charts.region_tabs.currentIndex() == 1
    w.close()
