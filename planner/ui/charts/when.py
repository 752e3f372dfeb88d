"""When to run: the plan's CO2e for a start on every day of the year."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip

from planner.core.present import CHART_TITLES
from planner.core.schedule import day_words
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart
from planner.ui.style import ACCENT, BEST, LINE
from planner.ui.widgets import plain_tip


class WhenChart(Chart):
    """The plan's CO2e by start day (a line over the start's year, or the next twelve months), the yearly average
    (dashed), the plan's start (accent) and the best start (green). Items are made once and moved with setData;
    clicking a day emits ``dayClicked(day)`` (0-364)."""

    dayClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__("chart.when", CHART_TITLES["when"] + " (UTC; click a day to start then)", parent)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(LINE, width=1.6))
        self.average = pg.InfiniteLine(angle=0, movable=False,
                                       pen=pg.mkPen(self.fg, width=1.2, style=Qt.PenStyle.DashLine))
        self.best = pg.ScatterPlotItem(size=11, brush=BEST, pen=pg.mkPen(self.fg, width=1), symbol="o")
        self.chosen = pg.ScatterPlotItem(size=12, brush=ACCENT, pen=pg.mkPen(self.fg, width=1), symbol="d")
        self.chosen_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(ACCENT, width=1))
        self.empty_note = pg.TextItem(anchor=(0.5, 0.5), color=self.fg)
        for item in (self.curve, self.average, self.chosen_line, self.best, self.chosen, self.empty_note):
            self.plot_item.addItem(item)
        self.empty_note.setVisible(False)
        self._first = None  # the first day the month ticks were set for
        self.plot_item.setLabel("left", "CO2e (kg)")
        self.plot_item.setXRange(-2, 366, padding=0)
        self.key = QLabel()  # the year at a glance in words, under the chart
        self.key.setObjectName("chart.when.key")
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.PlainText)
        self.key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.year = None
        self.values = np.zeros(0)
        self.unit = "kg"
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)

    def on_palette(self):
        self.curve.setPen(pg.mkPen(LINE, width=1.6))
        self.average.setPen(pg.mkPen(self.fg, width=1.2, style=Qt.PenStyle.DashLine))
        for item in (self.best, self.chosen):
            item.setPen(pg.mkPen(self.fg, width=1))
        self.empty_note.setColor(self.fg)

    def update_chart(self, year, unit: str, key: tuple[str, str]) -> None:
        """``year``: the plan's ``YearAtAGlance``, or None (no hourly data: the key says why); ``key``: the lines
        under the chart and their tooltip (``planner.core.present.when_key``)."""
        self.year = year
        text = self.show_key_text(key)
        shown = year is not None
        self.show_data(shown, (self.curve, self.average, self.best, self.chosen, self.chosen_line), self.empty_note)
        if not shown:
            self.values = np.zeros(0)
            self.empty_note.setText(text.split(";")[0] + ".")
            self.empty_note.setPos(182, 0.5 * (self._ylimit or 1.0))
            return
        if year.dates[0] != self._first:  # the months under the days shown (from today, or from 1 January)
            self._first = year.dates[0]
            self.plot_item.getAxis("bottom").setTicks([[(float(d), m) for d, m in year.month_ticks()]])
        scale = MASS_UNITS[unit]
        values = year.by_day / scale
        self.values = values
        self.curve.setData(np.arange(len(values), dtype=float), values)
        self.average.setValue(year.yearly_kg / scale)
        self.best.setData([float(year.best_day)], [float(values[year.best_day])])
        if year.chosen_day is not None:
            self.chosen.setData([float(year.chosen_day)], [year.plan_kg / scale])
            self.chosen_line.setValue(float(year.chosen_day))
        self.chosen.setVisible(year.chosen_day is not None)
        self.chosen_line.setVisible(year.chosen_day is not None)
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("left", f"CO2e ({unit})")
        top = max(float(values.max()), year.yearly_kg / scale, year.plan_kg / scale)
        self.fit_y(top * 1.1)

    def describe(self) -> str:
        """The chart in words, for screen readers."""
        y = self.year
        if y is None:
            return self.key.text() or "No hourly data for this grid."
        text = (f"CO2e by start day, {self.unit}: lowest {fmt(self.values.min())} starting "
                f"{day_words(y.best_start)}, highest {fmt(self.values.max())}; yearly average "
                f"{fmt(y.yearly_kg / MASS_UNITS[self.unit])}")
        if y.chosen_day is not None:
            kg = fmt(y.plan_kg / MASS_UNITS[self.unit])
            text += f"; this plan starts {day_words(y.start_of(y.chosen_day))}: {kg}"
        return text + "."

    def _day_at(self, scene_pos: QPointF) -> int:
        vb = self.plot_item.vb
        if self.year is None or vb is None or not vb.sceneBoundingRect().contains(scene_pos):
            return -1
        day = int(round(vb.mapSceneToView(scene_pos).x()))
        return day if 0 <= day < len(self.values) else -1

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        day = self._day_at(event.scenePos())
        if day >= 0:
            self.dayClicked.emit(day)

    def _hovered(self, scene_pos) -> None:
        day = self._day_at(scene_pos)
        if day >= 0:
            y = self.year
            text = (f"Start {day_words(y.start_of(day), hour=True)}: {fmt(self.values[day])} {self.unit} CO2e\n"
                    "Click to start then")
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), plain_tip(text), self)
        else:
            QToolTip.hideText()
