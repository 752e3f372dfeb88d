"""The three live charts. Items are created once and updated with setOpts/setData."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolTip

from planner.core.estimate import PART_LABELS, PARTS, PHASE_LABELS, PHASES
from planner.core.units import MASS_UNITS, fmt, nice_ceiling
from planner.ui.style import (ACCENT, EMBODIED_LABEL, MUTED, MUTED_DARK, PART_COLORS, PHASE_COLORS, bar_benchmarks,
                              benchmark_label)


class StableRange:
    """An axis limit that only moves when the data leave it, so axes are not
    regenerated on every slider tick: grows to the next round step above the
    data, shrinks only once the data fall below 60% of it."""

    def __init__(self):
        self.limit = None

    def fit(self, top: float) -> tuple[float, bool]:
        if self.limit is None or top > self.limit or top < 0.6 * self.limit:
            new = nice_ceiling(top)
            changed = new != self.limit
            self.limit = new
            return new, changed
        return self.limit, False


def _dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class Chart(pg.PlotWidget):
    """A PlotWidget that follows the application palette (light or dark)."""

    def __init__(self, name: str, title: str, parent=None):
        super().__init__(parent=parent)
        self.setObjectName(name)
        self.setAccessibleName(title)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.plot_item = self.getPlotItem()
        # few items that change every tick: a BSP index costs more than it saves
        self.scene().setItemIndexMethod(self.scene().ItemIndexMethod.NoIndex)
        self.plot_item.setTitle(title)
        self._title = title
        self.setMinimumHeight(160)
        self.apply_palette(self.palette())
        self._ready = True

    def apply_palette(self, palette: QPalette) -> None:
        bg = palette.color(QPalette.ColorRole.Base)
        fg = palette.color(QPalette.ColorRole.Text)
        self.setBackground(bg)
        for side in ("left", "bottom"):
            ax = self.plot_item.getAxis(side)
            ax.setPen(pg.mkPen(fg))
            ax.setTextPen(pg.mkPen(fg))
        self.plot_item.setTitle(self._title, color=fg.name(), size="10pt")
        self.muted = QColor(MUTED_DARK if _dark(palette) else MUTED)
        self.fg = fg

    def changeEvent(self, event):  # noqa: N802 (Qt naming)
        if getattr(self, "_ready", False) and event.type() in (event.Type.PaletteChange,
                                                                 event.Type.ApplicationPaletteChange):
            self.apply_palette(self.palette())
            self.on_palette()
        super().changeEvent(event)

    def on_palette(self) -> None:
        pass


class BenchmarksChart(Chart):
    """The plan against everyday benchmarks: horizontal bars, linear or log axis."""

    def __init__(self, benchmarks, parent=None):
        super().__init__("chart.benchmarks", "This plan against everyday benchmarks", parent)
        self.benchmarks = bar_benchmarks(benchmarks)
        n = len(self.benchmarks)
        self.labels = ["This plan"] + [benchmark_label(b) for b in self.benchmarks]
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
        values = np.array([emissions_kg] + [b.kg_co2e for b in self.benchmarks]) / scale
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
        if log:
            key = (x0, math.ceil(right + 0.0001))
        else:
            key = (0.0, self._xrange.fit(right)[0])
        if key != self._xkey:  # move the axis only when the data leave it
            self._xkey = key
            left, right = key
            self.plot_item.setXRange(left, right + (right - left) * 0.34, padding=0)


class RegionsChart(Chart):
    """The plan's CO2e in every region of the filter, sorted; the current one highlighted.

    Clicking a bar emits ``regionClicked(id)``.
    """

    regionClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__("chart.regions", "The same plan in every region (click a bar to pick it)", parent)
        self.bars = pg.BarGraphItem(x=np.zeros(1), height=np.zeros(1), width=0.8, brush=self.muted,
                                    pen=pg.mkPen(None))
        self.current = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.9, brush=ACCENT, pen=pg.mkPen(None))
        self.current_label = pg.TextItem(anchor=(0.5, 1.0), color=self.fg)
        ghost_pen = QColor(self.fg)
        ghost_pen.setAlpha(150)
        self.ghost = pg.BarGraphItem(x=np.zeros(1), height=np.zeros(1), width=0.8, brush=None,
                                     pen=pg.mkPen(ghost_pen, width=1, style=Qt.PenStyle.DotLine))
        self.ghost.setVisible(False)
        self.baseline_values = None
        for item in (self.bars, self.current, self.ghost, self.current_label):
            self.plot_item.addItem(item)
        self.plot_item.setLabel("left", "CO2e (kg)")
        self.plot_item.setLabel("bottom", "regions, cleanest to dirtiest")
        self.plot_item.getAxis("bottom").setTicks([[]])
        self.ids: list[str] = []
        self.names: list[str] = []
        self.values = np.zeros(0)
        self.current_index = -1
        self.unit = "kg"
        self._n = -1
        self._anchor = None
        self._yrange = StableRange()
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)

    def on_palette(self):
        self.bars.setOpts(brush=self.muted)
        self.current_label.setColor(self.fg)

    def update_chart(self, sweep, current_id: str, unit: str, baseline_sweep=None) -> None:
        values = np.asarray(sweep.emissions_kg) / MASS_UNITS[unit]
        n = len(values)
        self.ids, self.names, self.values = sweep.ids, sweep.names, values
        self.bars.setOpts(x=np.arange(n, dtype=float), height=values)
        if baseline_sweep is not None:  # the baseline in each region, in this plan's order, as outlines
            by_id = dict(zip(baseline_sweep.ids, baseline_sweep.emissions_kg))
            ghost = np.array([by_id.get(rid, 0.0) for rid in sweep.ids]) / MASS_UNITS[unit]
            self.baseline_values = ghost
            self.ghost.setOpts(x=np.arange(n, dtype=float), height=ghost)
            self.ghost.setVisible(True)
        else:
            self.baseline_values = None
            self.ghost.setVisible(False)
        k = sweep.index(current_id)
        self.current_index = k
        if k >= 0:
            self.current.setOpts(x=[float(k)], height=[values[k]])
            self.current.setVisible(True)
            self.current_label.setText(f"{current_id}\n{fmt(values[k])} {unit}")
            self.current_label.setPos(float(k), float(values[k]))
            # keep the label inside the plot at either end
            anchor = (0.0 if k < n * 0.15 else 1.0 if k > n * 0.85 else 0.5, 1.0)
            if anchor != self._anchor:
                self._anchor = anchor
                self.current_label.setAnchor(anchor)
        else:
            self.current.setVisible(False)
            self.current_label.setText("")
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("left", f"CO2e ({unit})")
        top = float(values.max()) if n else 1.0
        if self.baseline_values is not None and n:
            top = max(top, float(self.baseline_values.max()))
        if n != self._n:
            self._n = n
            self.plot_item.setXRange(-1, max(n, 1), padding=0)
        limit, changed = self._yrange.fit(top * 1.12)
        if changed:
            self.plot_item.setYRange(0, limit, padding=0)

    def _bar_at(self, scene_pos: QPointF) -> int:
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return -1
        p = vb.mapSceneToView(scene_pos)
        k = int(round(p.x()))
        if 0 <= k < len(self.ids) and -0.45 <= p.x() - k <= 0.45:
            return k
        return -1

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        k = self._bar_at(event.scenePos())
        if k >= 0:
            self.regionClicked.emit(self.ids[k])

    def _hovered(self, scene_pos) -> None:
        k = self._bar_at(scene_pos)
        if k >= 0:
            text = f"#{k + 1} {self.ids[k]}: {self.names[k]}\n{fmt(self.values[k])} {self.unit} CO2e"
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos).toPoint()), text, self)
        else:
            QToolTip.hideText()


class PhasesChart(Chart):
    """Where the footprint comes from: stacked bars by phase and by part."""

    def __init__(self, parent=None):
        super().__init__("chart.phases", "Where the footprint comes from", parent)
        self.legend = None  # added after the first paint (add_legend)
        self.segments = {}
        for key, label, color, y in ([(p, PHASE_LABELS[p], PHASE_COLORS[p], 1.0) for p in PHASES] +
                                     [(p, PART_LABELS[p], PART_COLORS[p], 0.0) for p in PARTS] +
                                     [("embodied", EMBODIED_LABEL, PART_COLORS["embodied"], 0.0)]):
            bar = pg.BarGraphItem(x0=[0.0], y=[y], height=0.6, width=[0.0], brush=color, pen=pg.mkPen(None),
                                  name=label)
            self.plot_item.addItem(bar)
            self.segments[key] = bar
        self.ghost = pg.BarGraphItem(x0=[0.0, 0.0], y=[1.0, 0.0], height=0.72, width=[0.0, 0.0], brush=None,
                                     pen=pg.mkPen(self.fg, width=1.5, style=Qt.PenStyle.DashLine))
        self.ghost.setVisible(False)
        self.baseline_total = None
        self.plot_item.addItem(self.ghost)
        left = self.plot_item.getAxis("left")
        left.setTicks([[(1.0, "By phase"), (0.0, "By part")]])
        left.setStyle(tickLength=0)
        self.plot_item.setLabel("bottom", "CO2e (kg)")
        self.values: dict[str, float] = {}
        self.unit = "kg"
        self._xrange = StableRange()
        self.plot_item.setYRange(-0.45, 2.45, padding=0)

    def add_legend(self) -> None:
        if self.legend is not None:
            return
        self.legend = self.plot_item.addLegend(offset=(8, 4), labelTextColor=self.fg, colCount=3)
        self.plot_item.setYRange(-0.45, 2.75, padding=0)  # room for the third legend row
        for bar in self.segments.values():
            self.legend.addItem(bar, bar.name())

    def on_palette(self):
        if self.legend is not None:
            self.legend.setLabelTextColor(self.fg)

    def update_chart(self, est, unit: str, baseline_kg: float | None = None, embodied: bool = True) -> None:
        scale = MASS_UNITS[unit]
        if baseline_kg is None:
            self.baseline_total = None
            self.ghost.setVisible(False)
        else:
            self.baseline_total = baseline_kg / scale
            self.ghost.setOpts(width=[self.baseline_total, self.baseline_total])
            self.ghost.setVisible(True)
        values = {p: est.phases[p].emissions_kg / scale for p in PHASES}
        parts = est.parts_kg
        values.update({p: parts[p] / scale for p in PARTS})
        values["embodied"] = est.embodied_kg / scale if embodied else 0.0  # after the operational parts
        self.values = values
        for group in (PHASES, PARTS + ("embodied",)):
            x = 0.0
            for key in group:
                self.segments[key].setOpts(x0=[x], width=[values[key]])
                x += values[key]
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("bottom", f"CO2e ({unit})")
        total = max(sum(values[p] for p in PHASES) + values["embodied"], self.baseline_total or 0.0, 1e-12)
        limit, changed = self._xrange.fit(total * 1.03)
        if changed:
            self.plot_item.setXRange(0, limit, padding=0)
