"""The benchmark chart alone: the plan's bar and the everyday ones, linear or log, a baseline ghost."""

import math

import pytest

from planner.core.present import benchmark_labels, benchmark_values
from planner.ui.charts.benchmarks import BenchmarksChart


@pytest.fixture
def chart(qtbot, catalog):
    c = BenchmarksChart(catalog)
    qtbot.addWidget(c)
    c.resize(500, 300)
    return c


def test_the_bars_are_the_presentations_values(chart, catalog):
    chart.update_chart(1234.0, "kg", log=False)
    assert list(chart.values) == pytest.approx(benchmark_values(1234.0, catalog, "kg"))
    assert chart.labels == benchmark_labels(catalog) and chart.labels[0] == "This plan"
    assert chart.plan_bar.opts["width"][0] == pytest.approx(1234.0)
    assert chart.describe().startswith("CO2e in kg: This plan 1,230")


def test_log_axis_and_units(chart):
    chart.update_chart(1234.0, "t", log=True)
    assert chart.log and chart.unit == "t"
    x0 = chart.plan_bar.opts["x0"][0]
    assert x0 + chart.plan_bar.opts["width"][0] == pytest.approx(math.log10(1.234))


def test_a_baseline_is_a_ghost_bar(chart):
    chart.update_chart(100.0, "kg", log=False, baseline_kg=250.0)
    assert chart.ghost.isVisible() and chart.ghost.opts["width"][0] == pytest.approx(250.0)
    chart.update_chart(100.0, "kg", log=False)
    assert not chart.ghost.isVisible()
