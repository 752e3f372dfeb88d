"""The window's charts, one per module; each creates its items once and moves them with setOpts/setData."""

from planner.ui.charts.benchmarks import BenchmarksChart
from planner.ui.charts.phases import PhasesChart
from planner.ui.charts.regions import RegionsChart
from planner.ui.charts.sensitivity import SensitivityChart

__all__ = ["BenchmarksChart", "LifetimeChart", "MapChart", "PhasesChart", "RegionsChart", "SensitivityChart",
           "TradeoffsChart", "WhenChart"]


def __getattr__(name):  # the map (and its outlines), the year, the life and the trade-offs only when first shown
    if name == "MapChart":
        from planner.ui.charts.map import MapChart

        return MapChart
    if name == "LifetimeChart":
        from planner.ui.charts.lifetime import LifetimeChart

        return LifetimeChart
    if name == "WhenChart":
        from planner.ui.charts.when import WhenChart

        return WhenChart
    if name == "TradeoffsChart":
        from planner.ui.charts.tradeoffs import TradeoffsChart

        return TradeoffsChart
    raise AttributeError(name)
