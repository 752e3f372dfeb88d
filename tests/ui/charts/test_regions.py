"""The region chart alone: bars by provider, the plan's region named, the baseline marked, hover and click."""

import pytest
from PySide6.QtCore import QPointF

from planner.core import Plan
from planner.core.results import results_for
from planner.ui.charts.regions import RegionsChart


@pytest.fixture
def chart(showing):
    return showing(RegionsChart(), 700, 300)


def test_bars_labels_and_the_baseline(chart, catalog):
    results = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog), catalog)
    sweep = results.sweep("cloud")
    region = results.plan.site.region
    chart.show_key()
    chart.update_chart(sweep, region, "kg", baseline=("aws:eu-north-1", 50.0))
    assert len(chart.values) == len(sweep) and chart.ids == sweep.ids
    assert chart.current_label.toPlainText().startswith(f"This plan: {region}")
    assert chart.baseline_line.value() == 50.0 and "the baseline, 50 kg in aws:eu-north-1" in chart.key.text()
    assert "lowest CO2e" in chart.key.text() and sweep.names[0] in chart.key.text()
    assert f"rank {sweep.index(region) + 1} of {len(sweep)}" in chart.describe()


def test_hover_names_a_bar_and_click_picks_it(chart, catalog, monkeypatch):
    results = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog), catalog)
    chart.update_chart(results.sweep("aws"), results.plan.site.region, "kg")
    shown, picked = [], []
    monkeypatch.setattr("planner.ui.charts.regions.QToolTip.showText", lambda pos, text, w=None: shown.append(text))
    chart.regionClicked.connect(picked.append)
    scene = chart.plot_item.vb.mapViewToScene(QPointF(2, chart.values[2] / 2))
    chart._hovered(scene)
    assert shown and chart.ids[2] in shown[-1] and "g CO2e/kWh" in shown[-1]
    assert chart._bar_at(scene) == 2


def test_many_bars_touch_and_the_plans_bar_stays_visible(chart, catalog):
    """All 519 regions in ~600 px: 1-px bars with gaps drew as blocks with white stripes (issue 21)."""
    results = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog), catalog)
    chart.update_chart(results.sweep("all"), results.plan.site.region, "kg")
    px = chart.plot_item.vb.width() / (len(chart.values) + 1)
    assert px < 4
    assert all(bar.opts["width"] == 1.0 for bar in chart.group_bars.values())
    assert chart.current.opts["width"] * px >= 3.0 - 1e-9
    chart.update_chart(results.sweep("aws"), results.plan.site.region, "kg")  # few: gaps again
    assert all(bar.opts["width"] == 0.8 for bar in chart.group_bars.values())


def test_providers_differ_by_more_than_colour(qtbot):
    """The region chart told providers apart by colour alone (issue 30, item 14): each group's bars carry a
    pattern, and the key the same glyph."""
    from PySide6.QtCore import Qt

    from planner.ui.charts.regions import RegionsChart
    from planner.ui.style import GROUP_PATTERNS, PATTERN_GLYPHS

    chart = RegionsChart()
    qtbot.addWidget(chart)
    styles = {k: bar.opts["brush"].style() for k, bar in chart.group_bars.items() if k in ("aws", "gcp", "azure")}
    assert styles["aws"] == Qt.BrushStyle.SolidPattern
    assert styles["gcp"] == styles["azure"] == Qt.BrushStyle.TexturePattern
    gcp, azure = (chart.group_bars[k].opts["brush"].textureImage() for k in ("gcp", "azure"))
    assert gcp != azure
    glyphs = [PATTERN_GLYPHS[GROUP_PATTERNS[k]] for k in ("aws", "gcp", "azure")]
    assert len(set(glyphs)) == 3
