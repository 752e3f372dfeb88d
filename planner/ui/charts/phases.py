"""Where the footprint comes from: one stacked bar by phase, one by part, embodied ending both."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from planner.core.estimate import PART_LABELS, PARTS, PHASE_LABELS, PHASES
from planner.core.present import BREAKDOWN_ROWS, CHART_TITLES, SEGMENT_COLOR_KEY, breakdown_legend
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart, StableRange, legend_html, make_key
from planner.ui.style import PART_COLORS, PHASE_COLORS


class PhasesChart(Chart):
    """Where the footprint comes from: stacked bars by phase and by part."""

    def __init__(self, parent=None):
        super().__init__("chart.phases", CHART_TITLES["phases"], parent)
        self.key = make_key("chart.phases.key")  # the legend, under the chart (filled after the first paint)
        # two stacked bars, each one item with a brush per segment; embodied is its own segment at the end of
        # both, so both have the same length
        self.rows = dict(zip((1.0, 0.0), BREAKDOWN_ROWS.values()))
        colors = {**PHASE_COLORS, **PART_COLORS, **{k: PART_COLORS[v] for k, v in SEGMENT_COLOR_KEY.items()}}
        self.bars = {}
        for y, keys in self.rows.items():
            n = len(keys)
            bar = pg.BarGraphItem(x0=np.zeros(n), y=np.full(n, y), height=0.6, width=np.zeros(n),
                                  brushes=[colors[k] for k in keys], pen=pg.mkPen(None))
            self.plot_item.addItem(bar)
            self.bars[y] = bar
        self.ghost = pg.BarGraphItem(x0=[0.0, 0.0], y=[1.0, 0.0], height=0.72, width=[0.0, 0.0], brush=None,
                                     pen=pg.mkPen(self.fg, width=1.5, style=Qt.PenStyle.DashLine))
        self.ghost.setVisible(False)
        self.baseline_total = None
        self.plot_item.addItem(self.ghost)
        left = self.plot_item.getAxis("left")
        left.setTicks([[(y, label) for y, label in zip(self.rows, BREAKDOWN_ROWS)]])
        left.setStyle(tickLength=0)
        self.plot_item.setLabel("bottom", "CO2e (kg)")
        self.values: dict[str, float] = {}
        self.unit = "kg"
        self._xrange = StableRange()
        self.plot_item.setYRange(-0.45, 1.45, padding=0)

    def show_key(self) -> None:
        colors = {**PHASE_COLORS, **PART_COLORS}
        self.key.setText(legend_html([(label, colors[key]) for label, key in breakdown_legend()]))

    def update_chart(self, values: dict, unit: str, baseline_kg: float | None = None) -> None:
        """``values``: the segments in ``unit`` (``planner.core.present.breakdown``)."""
        scale = MASS_UNITS[unit]
        if baseline_kg is None:
            self.baseline_total = None
            self.ghost.setVisible(False)
        else:
            self.baseline_total = baseline_kg / scale
            self.ghost.setOpts(width=[self.baseline_total, self.baseline_total])
            self.ghost.setVisible(True)
        self.values = values
        for y, keys in self.rows.items():
            widths = np.array([values[k] for k in keys])
            self.bars[y].setOpts(x0=np.concatenate(([0.0], np.cumsum(widths)[:-1])), width=widths)
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("bottom", f"CO2e ({unit})")
        total = max(sum(values[k] for k in BREAKDOWN_ROWS["By phase"]), self.baseline_total or 0.0, 1e-12)
        limit, changed = self._xrange.fit(total * 1.03)
        if changed:
            self.plot_item.setXRange(0, limit, padding=0)

    def describe(self) -> str:
        """The chart in words, for screen readers."""
        v = self.values
        if not v:
            return "Nothing to show."
        phases = ", ".join(f"{PHASE_LABELS[p]} {fmt(v[p])}" for p in PHASES)
        parts = ", ".join(f"{PART_LABELS[p]} {fmt(v[p])}" for p in PARTS)
        emb = (f"; embodied {fmt(v['embodied'])} (accelerators) and {fmt(v['embodied_server'])} (servers) at the end "
               "of both bars" if v["embodied"] or v["embodied_server"] else "")
        return f"CO2e in {self.unit} by phase: {phases}; by part: {parts}{emb}."

    def segment(self, key: str) -> tuple[float, float]:
        """(start, width) of one segment as drawn."""
        for y, keys in self.rows.items():
            if key in keys:
                k = keys.index(key)
                return float(self.bars[y].opts["x0"][k]), float(self.bars[y].opts["width"][k])
        raise KeyError(key)
