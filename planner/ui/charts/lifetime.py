"""The model's life: training's CO2e as a step, serving's as a ramp, and the day serving overtakes training."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from planner.core.present import CHART_TITLES
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart
from planner.ui.style import ACCENT, LINE, PHASE_COLORS


class LifetimeChart(Chart):
    """Cumulative CO2e over the deployment: the whole life (training at day 0, then serving), serving alone
    (dashed), training's level (dotted) and the break-even where serving reaches it. Items are made once."""

    def __init__(self, parent=None):
        super().__init__("chart.lifetime", CHART_TITLES["lifetime"], parent)
        self.total = pg.PlotDataItem(pen=pg.mkPen(LINE, width=2))
        self.serving = pg.PlotDataItem(pen=pg.mkPen(PHASE_COLORS["tuning"], width=1.6, style=Qt.PenStyle.DashLine))
        self.training = pg.InfiniteLine(angle=0, movable=False,
                                        pen=pg.mkPen(PHASE_COLORS["training"], width=1.2, style=Qt.PenStyle.DotLine))
        self.even = pg.ScatterPlotItem(size=11, brush=ACCENT, pen=pg.mkPen(self.fg, width=1))
        self.even_label = pg.TextItem(anchor=(0.0, 1.0), color=self.fg)
        self.empty_note = pg.TextItem(anchor=(0.5, 0.5), color=self.fg)
        for item in (self.training, self.total, self.serving, self.even, self.even_label, self.empty_note):
            self.plot_item.addItem(item)
        self.plot_item.setLabel("left", "cumulative CO2e (kg)")
        self.key = QLabel()
        self.key.setObjectName("chart.lifetime.key")
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.PlainText)
        self.key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.sv = None
        self.unit = "kg"
        self._xlimit = None

    def on_palette(self):
        for item in (self.even_label, self.empty_note):
            item.setColor(self.fg)
        self.even.setPen(pg.mkPen(self.fg, width=1))

    def update_chart(self, sv, training_kg: float, unit: str, key: tuple[str, str], empty: str) -> None:
        """``sv``: the plan's ``Serving``, or None (``empty`` says how to add serving); ``key``: the lines under
        the chart and their tooltip (``planner.core.present.lifetime_key``)."""
        self.sv = sv
        text = self.show_key_text(key)
        shown = sv is not None
        self.show_data(shown, (self.total, self.serving, self.training, self.even, self.even_label), self.empty_note)
        if not shown:
            self.empty_note.setText(text if text != empty and "serving." in text else empty)
            self.empty_note.setPos(0.5, 0.5)
            self.plot_item.setXRange(0, 1, padding=0)
            self.plot_item.setYRange(0, 1, padding=0)
            self._xlimit = self._ylimit = None
            return
        scale = MASS_UNITS[unit]
        days, t, s = sv.days, training_kg / scale, sv.emissions_kg / scale
        self.total.setData(np.array([0.0, 0.0, days]), np.array([0.0, t, t + s]))
        self.serving.setData(np.array([0.0, days]), np.array([0.0, s]))
        self.training.setValue(t)
        be = sv.break_even_days
        inside = be is not None and be <= days
        self.even.setVisible(inside)
        self.even_label.setVisible(inside)
        if inside:
            self.even.setData([be], [t])
            self.even_label.setText(f"serving overtakes training: day {fmt(be)}")
            self.even_label.setPos(be, t)
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("left", f"cumulative CO2e ({unit})")
        if days != self._xlimit:
            self._xlimit = days
            self.plot_item.setXRange(0, days, padding=0.02)
        self.fit_y((t + s) * 1.1)

    def describe(self) -> str:
        sv = self.sv
        if sv is None:
            return self.empty_note.toPlainText()
        return self.key.text()
