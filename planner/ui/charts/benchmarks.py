"""The plan against everyday benchmarks: horizontal bars, linear or log axis."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from planner.core.present import CHART_TITLES, benchmark_labels, benchmark_values
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart, StableRange
from planner.ui.style import ACCENT


class BenchmarksChart(Chart):
    """The plan against everyday benchmarks: horizontal bars, linear or log axis."""

    def __init__(self, catalog, parent=None):
        super().__init__("chart.benchmarks", CHART_TITLES["benchmarks"], parent)
        self.catalog = catalog
        self.labels = benchmark_labels(catalog)
        n = len(self.labels) - 1
        self.y = np.arange(n + 1)[::-1].astype(float)  # plan on top
        self.bars = pg.BarGraphItem(x0=np.zeros(n), y=self.y[1:], height=0.62, width=np.ones(n),
                                    brush=self.muted, pen=pg.mkPen(None))
        self.plan_bar = pg.BarGraphItem(x0=[0.0], y=[self.y[0]], height=0.7, width=[1.0], brush=ACCENT,
                                        pen=pg.mkPen(None))
        self.ghost = pg.BarGraphItem(x0=[0.0], y=[self.y[0]], height=0.82, width=[0.0], brush=None,
                                     pen=pg.mkPen(self.fg, width=1.5, style=Qt.PenStyle.DashLine))
        self.ghost.setVisible(False)
        self.plot_item.addItem(self.bars)
        self.plot_item.addItem(self.plan_bar)
        self.plot_item.addItem(self.ghost)
        self.value_labels = []  # added after the first paint (add_value_labels)
        left = self.plot_item.getAxis("left")
        left.setTicks([[(y, lab) for y, lab in zip(self.y, self.labels)]])
        left.setStyle(tickLength=0)
        self.plot_item.setLabel("bottom", "CO2e (kg)")
        self.log = False
        self.unit = "kg"
        self.baseline_value = None
        self.values = np.zeros(n + 1)
        self._xrange = StableRange()
        self._xkey = None
        self._bars_key = None
        self._label_state: dict = {}
        self.plot_item.setYRange(-0.6, float(self.y[0]) + 0.6, padding=0)

    def add_value_labels(self) -> None:
        if self.value_labels:
            return
        for _ in range(len(self.y)):
            t = pg.TextItem(anchor=(0, 0.5), color=self.fg)
            self.plot_item.addItem(t)
            self.value_labels.append(t)
        self._label_state = {}

    def on_palette(self):
        self.bars.setOpts(brush=self.muted)
        for t in self.value_labels:
            t.setColor(self.fg)

    def update_chart(self, emissions_kg: float, unit: str, log: bool, baseline_kg: float | None = None) -> None:
        scale = MASS_UNITS[unit]
        values = np.array(benchmark_values(emissions_kg, self.catalog, unit))
        self.values = values
        self.baseline_value = None if baseline_kg is None else baseline_kg / scale
        if log != self.log:
            self.log = log
            self.plot_item.setLogMode(x=log, y=False)
        if log:
            positive = values[values > 0]
            floor = math.floor(math.log10(positive.min())) if positive.size else 0
            ends = np.log10(np.maximum(values, 10.0 ** floor))
            x0, widths = float(floor), ends - floor
            label_x = ends
        else:
            x0, widths = 0.0, values
            label_x = values
        self.plan_bar.setOpts(x0=[x0], width=[widths[0]])
        if self.baseline_value is not None:  # the pinned baseline as a ghost outline
            b = self.baseline_value
            gw = (math.log10(max(b, 10.0 ** x0)) - x0) if log else b
            self.ghost.setOpts(x0=[x0], width=[gw])
            self.ghost.setVisible(True)
        else:
            self.ghost.setVisible(False)
        bars_key = (x0, unit, log)
        if bars_key != self._bars_key:  # benchmark bars move only with the unit, axis mode or floor
            self._bars_key = bars_key
            self.bars.setOpts(x0=np.full(len(values) - 1, x0), width=widths[1:])
        for k, (t, x, y, v) in enumerate(zip(self.value_labels, label_x, self.y, values)):
            text = f" {fmt(v)}"
            if self._label_state.get(k) != (text, float(x)):  # setText lays out HTML: only when it changed
                self._label_state[k] = (text, float(x))
                t.setText(text)
                t.setPos(float(x), float(y))
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("bottom", f"CO2e ({unit})")
        right = float(label_x.max()) if len(label_x) else 1.0
        if self.baseline_value is not None and self.baseline_value > 0:
            right = max(right, math.log10(self.baseline_value) if log else self.baseline_value)
        # room right of the longest bar for its value label (~64 px), whatever the chart's width
        width = max(self.plot_item.vb.width(), 120.0)
        room = round(min(64.0 / (width - 64.0), 1.0), 2)
        if log:
            key = (x0, math.ceil(right + 0.0001), room)
        else:
            key = (0.0, self._xrange.fit(right)[0], room)
        if key != self._xkey:  # move the axis only when the data leave it
            self._xkey = key
            left, right, room = key
            self.plot_item.setXRange(left, right + (right - left) * room, padding=0)

    def resizeEvent(self, event):  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        if getattr(self, "_ready", False) and self._xkey is not None and self.unit in MASS_UNITS:
            self._xkey = None  # the label room depends on the width
            self.update_chart(self.values[0] * MASS_UNITS[self.unit], self.unit, self.log,
                              None if self.baseline_value is None else self.baseline_value * MASS_UNITS[self.unit])

    def describe(self) -> str:
        """The chart in words, for screen readers."""
        items = ", ".join(f"{lab} {fmt(v)}" for lab, v in zip(self.labels, self.values))
        return f"CO2e in {self.unit}: {items}."
