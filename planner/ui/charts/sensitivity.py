"""Which assumption matters most: a tornado of the uncertain inputs."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from planner.core.present import CHART_TITLES
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart, StableRange
from planner.ui.style import PHASE_COLORS


class SensitivityChart(Chart):
    """Which assumption matters most: a tornado. For each uncertain input, a bar from the CO2e with that input
    at its 5th percentile to the CO2e at its 95th, the others as estimated; largest swing on top; a line at the
    estimate. Items are made once (one slot per possible input) and moved with setOpts."""

    SLOTS = 5  # power, PUE, grid intensity, utilization, start date

    def __init__(self, parent=None):
        super().__init__("chart.sensitivity", CHART_TITLES["sensitivity"], parent)
        n = self.SLOTS
        self.low_bars = pg.BarGraphItem(x0=np.zeros(n), y=np.arange(n, dtype=float), height=0.6, width=np.zeros(n),
                                        brush=PHASE_COLORS["training"], pen=pg.mkPen(None))
        self.high_bars = pg.BarGraphItem(x0=np.zeros(n), y=np.arange(n, dtype=float), height=0.6,
                                         width=np.zeros(n), brush=PHASE_COLORS["tuning"], pen=pg.mkPen(None))
        self.central = pg.InfiniteLine(angle=90, pen=pg.mkPen(self.fg, width=1.2, style=Qt.PenStyle.DashLine))
        for item in (self.low_bars, self.high_bars, self.central):
            self.plot_item.addItem(item)
        self.plot_item.getAxis("left").setStyle(tickLength=0)
        self.plot_item.setLabel("bottom", "CO2e (kg)")
        self.setToolTip("The CO2e with each uncertain input at its 5th (blue) and 95th (orange) percentile, the "
                        "others as estimated; dashed: the estimate")
        self.plot_item.setYRange(-0.6, n - 0.4, padding=0)
        self.reading = QLabel()
        self.reading.setObjectName("chart.sensitivity.reading")
        self.reading.setWordWrap(True)
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.key = self.reading  # the window puts it under the chart, like the other charts' keys
        self.rows: list = []  # the tornado rows shown, top first
        self.unit = "kg"
        self._labels = None
        self._xrange = StableRange()
        self.empty_note = None

    def on_palette(self):
        self.central.setPen(pg.mkPen(self.fg, width=1.2, style=Qt.PenStyle.DashLine))
        if self.empty_note is not None:
            self.empty_note.setColor(self.fg)

    def update_chart(self, uncertainty, central_kg: float, unit: str, reading: str) -> None:
        scale = MASS_UNITS[unit]
        rows = [t for t in uncertainty.tornado if t["swing_kg"] > 0][: self.SLOTS]
        self.rows = rows
        n = self.SLOTS
        c = central_kg / scale
        ys = np.arange(n, dtype=float)[::-1]  # the first row on top
        lo = np.full(n, c)
        hi = np.full(n, c)
        for k, t in enumerate(rows):
            lo[k], hi[k] = t["low_emissions_kg"] / scale, t["high_emissions_kg"] / scale
        self.low_bars.setOpts(x0=lo, y=ys, width=np.maximum(c - lo, 0.0))
        self.high_bars.setOpts(x0=np.full(n, c), y=ys, width=np.maximum(hi - c, 0.0))
        self.central.setValue(c)
        labels = tuple(t["label"] for t in rows)
        if labels != self._labels:
            self._labels = labels
            self.plot_item.getAxis("left").setTicks([[(float(ys[k]), lab) for k, lab in enumerate(labels)]])
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("bottom", f"CO2e ({unit})")
        top = float(max(hi.max(), c)) if n else 1.0
        limit, changed = self._xrange.fit(top * 1.05)
        if changed:
            self.plot_item.setXRange(0, limit, padding=0)
        if self.reading.text() != reading:
            self.reading.setText(reading)
        self._say_why_empty(not rows, limit)

    NOTHING = ("Every uncertain input is given, so nothing moves the CO2e:\nthe estimate is exact. Empty a field "
               "(power, PUE, grid intensity, utilization)\nto see how far its catalog value could be off.")

    def _say_why_empty(self, empty: bool, limit: float) -> None:
        """An empty tornado says why, in the chart itself (made when first needed)."""
        if empty and self.empty_note is None:
            self.empty_note = pg.TextItem(self.NOTHING, anchor=(0.5, 0.5), color=self.fg)
            self.plot_item.addItem(self.empty_note)
        if self.empty_note is not None:
            self.empty_note.setVisible(empty)
            if empty:
                self.empty_note.setPos(limit / 2, (self.SLOTS - 1) / 2)

    def describe(self) -> str:
        if not self.rows:
            return "No uncertain input moves the CO2e: every one is given exactly."
        return (f"CO2e in {self.unit} with one input at its 5th and 95th percentile: "
                + "; ".join(f"{t['label']} {fmt(t['low_emissions_kg'] / MASS_UNITS[self.unit])} to "
                            f"{fmt(t['high_emissions_kg'] / MASS_UNITS[self.unit])}" for t in self.rows) + ".")
