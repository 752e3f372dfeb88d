"""The trade-offs: the plans no other beats on CO2e, cost and wall-clock time, and where this plan stands."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip

from planner.core.present import CHART_TITLES
from planner.core.units import MASS_UNITS, fmt, fmt_hours, fmt_mass, fmt_money
from planner.ui.charts.base import Chart
from planner.ui.style import ACCENT, BEST
from planner.ui.widgets import plain_tip

SLOW = "#cc79a7"  # the longest wall-clock (Okabe-Ito reddish purple); the shortest is BEST
NEAR_PX = 12  # how close the pointer must be to a point for its plan to show


def _colours(hours: np.ndarray) -> list:
    """Green (the shortest wall-clock) to purple (the longest), by the logarithm of the hours."""
    lo, hi = QColor(BEST), QColor(SLOW)
    span = np.log(hours.max() / hours.min()) if len(hours) and hours.min() > 0 else 0.0
    out = []
    for h in hours:
        t = 0.0 if span <= 0 else float(np.log(h / hours.min()) / span)
        out.append(pg.mkBrush(QColor.fromRgbF(lo.redF() + t * (hi.redF() - lo.redF()),
                                              lo.greenF() + t * (hi.greenF() - lo.greenF()),
                                              lo.blueF() + t * (hi.blueF() - lo.blueF()))))
    return out


def log_ticks(lo: float, hi: float, words) -> list[tuple[float, str]]:
    """Ticks of a log axis from 10^lo to 10^hi: 1, 2 and 5 of each decade when the axis spans few decades, the
    decades alone when it spans many; each labelled in words ("20", "$2 M"), never "2·10⁶"."""
    steps = (1, 2, 5) if hi - lo <= 3 else (1,)
    out = []
    for decade in range(int(np.floor(lo)), int(np.ceil(hi)) + 1):
        for step in steps:
            v = step * 10.0 ** decade
            if lo <= np.log10(v) <= hi:
                out.append((float(np.log10(v)), words(v)))
    return out


class TradeoffsChart(Chart):
    """CO2e (x) against cost (y) of every plan on the front (coloured by wall-clock) and this plan (an accent
    diamond). Items are made once and moved with setData; hovering near a point shows its plan, clicking emits
    ``pointClicked(index)``."""

    pointClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__("chart.tradeoffs", CHART_TITLES["tradeoffs"] + " (click one to apply it)", parent)
        # (plot items, not bare scatters: they follow the log axes; CO2e and cost span decades across regions)
        self.points = pg.PlotDataItem(pen=None, symbol="o", symbolSize=10, symbolPen=pg.mkPen(self.fg, width=0.8))
        self.mine = pg.PlotDataItem(pen=None, symbol="d", symbolSize=13, symbolBrush=ACCENT,
                                    symbolPen=pg.mkPen(self.fg, width=1))
        self.empty_note = pg.TextItem(anchor=(0.5, 0.5), color=self.fg)
        for item in (self.points, self.mine, self.empty_note):
            self.plot_item.addItem(item)
        self.empty_note.setVisible(False)
        self.plot_item.setLabel("left", "Cloud cost ($)")
        self.plot_item.setLabel("bottom", "CO2e (kg)")
        self.plot_item.setLogMode(x=True, y=True)
        self.key = QLabel()
        self.key.setObjectName("chart.tradeoffs.key")
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.PlainText)
        self.key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.front = None
        self.unit = "kg"
        self.xy = np.zeros((0, 2))
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)

    def on_palette(self):
        self.points.setSymbolPen(pg.mkPen(self.fg, width=0.8))
        self.mine.setSymbolPen(pg.mkPen(self.fg, width=1))
        self.empty_note.setColor(self.fg)

    def update_chart(self, front, mine: tuple[float, float | None], unit: str, key: tuple[str, str]) -> None:
        """``front``: the plan's ``planner.core.solve.Front`` (None: nothing priced); ``mine``: this plan's CO2e
        (kg) and cost ($, None without a price); ``key``: the lines under the chart and their tooltip."""
        text = self.show_key_text(key)
        self.front = front
        shown = front is not None and bool(front.points)
        self.show_data(shown, (self.points, self.mine), self.empty_note)
        if not shown:
            self.xy = np.zeros((0, 2))
            self.empty_note.setText(text)
            return
        scale = MASS_UNITS[unit]
        pts = front.points
        self.xy = np.maximum(np.array([[p.emissions_kg / scale, p.cost_usd] for p in pts]), 1e-12)  # (log axes)
        self.points.setData(x=self.xy[:, 0], y=self.xy[:, 1],
                            symbolBrush=_colours(np.array([p.wall_clock_hours for p in pts])))
        kg, usd = mine
        self.mine.setVisible(usd is not None)
        if usd is not None:
            self.mine.setData([kg / scale], [usd])
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("bottom", f"CO2e ({unit})")
        xs = [*self.xy[:, 0], *([kg / scale] if usd is not None else [])]
        ys = [*self.xy[:, 1], *([usd] if usd is not None else [])]
        for side, values, words in (("bottom", xs, fmt), ("left", ys, fmt_money)):  # log10 space, with a margin
            lo, hi = np.log10(max(min(values), 1e-12)), np.log10(max(max(values), 1e-12))
            pad = max(0.15, 0.08 * (hi - lo))
            lo, hi = lo - pad, hi + pad
            if side == "bottom":
                self.plot_item.setXRange(lo, hi, padding=0)
            else:
                self.plot_item.setYRange(lo, hi, padding=0)
            self.plot_item.getAxis(side).setTicks([log_ticks(lo, hi, words), []])

    def describe(self) -> str:
        """The chart in words, for screen readers."""
        if self.front is None or not self.front.points:
            return self.key.text()
        return "; ".join(f"{p.label}: {fmt_mass(p.emissions_kg, self.unit)}, {fmt_money(p.cost_usd)}, "
                         f"{fmt_hours(p.wall_clock_hours)}" for p in self.front.points) + "."

    def _at(self, scene_pos: QPointF) -> int:
        """The point under the pointer (within a few pixels), or -1."""
        vb = self.plot_item.vb
        if not len(self.xy) or vb is None or not vb.sceneBoundingRect().contains(scene_pos):
            return -1
        where = [vb.mapViewToScene(QPointF(*np.log10(np.maximum((x, y), 1e-12)))) for x, y in self.xy]
        d = [(q.x() - scene_pos.x()) ** 2 + (q.y() - scene_pos.y()) ** 2 for q in where]
        k = int(np.argmin(d))
        return k if d[k] <= NEAR_PX ** 2 else -1

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        k = self._at(event.scenePos())
        if k >= 0:
            self.pointClicked.emit(k)

    def _hovered(self, scene_pos) -> None:
        k = self._at(scene_pos)
        if k < 0:
            QToolTip.hideText()
            return
        p = self.front.points[k]
        text = (f"{p.label}\n{fmt(p.emissions_kg / MASS_UNITS[self.unit])} {self.unit} CO2e, "
                f"{fmt_money(p.cost_usd)}, {fmt_hours(p.wall_clock_hours)}\nClick to apply this plan")
        QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), plain_tip(text), self)
