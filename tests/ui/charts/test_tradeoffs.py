"""The Trade-offs tab (issue 34): the Pareto front of the plan, this plan marked, a point's plan on hover, a click
applies it (undoable); no work for the front while the tab is not in view."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from planner.core import Plan
from planner.ui.panels.charts import ChartsPanel


@pytest.fixture
def panel(showing, hub, catalog):
    hub.state.replace(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog))
    return showing(ChartsPanel(hub), 1000, 700)


def test_the_front_is_drawn_only_when_its_tab_is_shown(panel, hub, qtbot):
    assert panel.tradeoffs is None and not hub.state.results.has("front")  # not on a tick's path
    chart = panel.show_chart("tradeoffs")
    qtbot.waitUntil(lambda: chart.isVisible() and chart.plot_item.vb.width() > 100)
    panel.flush()
    front = hub.state.results.front()
    x, y = chart.points.xData, chart.points.yData  # (the data; getData gives the log axes' values)
    assert list(x) == pytest.approx([p.emissions_kg / 1000 for p in front.points])  # (in t: the plan's unit)
    assert list(y) == pytest.approx([p.cost_usd for p in front.points])
    my = chart.mine.yData
    assert my[0] == pytest.approx(hub.state.estimate.cost_high)
    assert f"{len(front.points)} plans no other beats" in chart.key.text()
    assert front.points[0].label.split(" · ")[0] in chart.accessibleDescription()


def test_clicking_a_point_applies_its_plan_and_undo_restores(panel, hub, qtbot):
    chart = panel.show_chart("tradeoffs")
    qtbot.waitUntil(lambda: chart.isVisible() and chart.plot_item.vb.width() > 100)
    panel.flush()
    before = hub.state.plan
    point = chart.front.points[0]
    vb = chart.plot_item.vb
    pos = chart.mapFromScene(vb.mapViewToScene(QPointF(*np.log10(chart.xy[0]))))  # (log axes)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    plan = hub.state.plan
    assert (plan.site.region, plan.hardware.accelerator, plan.hardware.precision) == (
        point.region, point.accelerator, point.precision)
    assert hub.state.estimate.emissions_kg == pytest.approx(point.emissions_kg)
    hub.state.undo()
    assert hub.state.plan == before
