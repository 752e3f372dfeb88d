"""The map alone: colours from the core's values, the plan's region outlined, a click picks a region."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from planner.core import Plan
from planner.core.geo import buckets
from planner.core.results import results_for
from planner.ui.charts.map import MapChart


@pytest.fixture
def chart(showing, catalog):
    return showing(MapChart(catalog), 700, 360)


def test_colours_and_outline_follow_the_values(chart, catalog):
    results = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog).with_value("site.region", "DE"),
                          catalog)
    chart.update_chart(results.region_values, "DE", "kg")
    joined = chart.lay.shape_regions >= 0
    expected = buckets(results.region_values[np.maximum(chart.lay.shape_regions, 0)], chart.limit)
    assert np.array_equal(chart.shape_class[joined], expected[joined])
    k = [s.id for s in chart.lay.shapes].index("DE")
    assert chart.plan_shapes == [k]
    assert "CO2e" in chart.key.text() and "hatched: no grid data" in chart.key.text()


def test_a_point_on_the_map_is_a_region(chart, catalog):
    results = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog), catalog)
    chart.update_chart(results.region_values, results.plan.site.region, "kg")
    scene = chart.plot_item.vb.mapViewToScene(QPointF(67.0, 48.0))  # Kazakhstan
    assert chart.region_at(scene) == "KZ"


def test_a_named_site_is_a_star_and_picks_itself(chart, catalog):
    results = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog)
                          .with_value("site.region", "site:jean-zay"), catalog)
    chart.update_chart(results.region_values, "site:jean-zay", "kg")
    k = chart.lay.points.index("site:jean-zay")
    assert chart.lay.point_groups[k] == "site" and chart.SYMBOLS["site"] == "*"
    assert chart.plan_point_idx == [k] and "★ named site" in chart.key.text()
    site = catalog.regions["site:jean-zay"]
    assert chart.region_at(chart.plot_item.vb.mapViewToScene(QPointF(site.lon, site.lat))) == "site:jean-zay"
