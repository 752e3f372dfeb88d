"""The three live charts. Items are created once and updated with setOpts/setData."""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QLabel, QSizePolicy, QToolTip

from planner.core.catalog import REGION_GROUPS
from planner.core.estimate import PART_LABELS, PARTS, PHASE_LABELS, PHASES
from planner.core.units import MASS_UNITS, fmt, nice_ceiling
from planner.ui.style import (ACCENT, EMBODIED_LABEL, GROUP_COLORS, MUTED, MUTED_DARK, PART_COLORS, PHASE_COLORS,
                              bar_benchmarks, benchmark_label)


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


def legend_html(entries) -> str:
    """A legend as one wrapping line of text: a coloured square and a name per entry (static, outside the plot,
    so it is never cut and costs nothing per tick)."""
    return " &nbsp; ".join(f"<span style='color:{color}'>■</span>&nbsp;{escape(name)}" for name, color in entries)


def make_key(name: str) -> QLabel:
    key = QLabel()
    key.setObjectName(name)
    key.setWordWrap(True)
    key.setTextFormat(Qt.TextFormat.RichText)
    key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return key


def _dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class PlainAxis(pg.AxisItem):
    """Ticks as people write numbers (1,000 / 2.5 / 2,500,000, never 2.5e+06); no SI prefix, so a range change
    does not re-lay out the label's HTML."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph naming)
        if self.logMode:
            return super().tickStrings(values, scale, spacing)
        return [fmt(v * scale, 4) for v in values]


class Chart(pg.PlotWidget):
    """A PlotWidget that follows the application palette (light or dark), and says when it first painted."""

    firstPainted = Signal()

    def __init__(self, name: str, title: str, parent=None):
        super().__init__(parent=parent, enableMenu=False,  # no context menus: not built at all
                         axisItems={"left": PlainAxis("left"), "bottom": PlainAxis("bottom")})
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
        self.plot_item.titleLabel.setMinimumWidth(0)  # a long title never widens the plot past its view
        self.muted = QColor(MUTED_DARK if _dark(palette) else MUTED)
        self.fg = fg

    def paintEvent(self, event):  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not getattr(self, "_painted", False):
            self._painted = True
            self.firstPainted.emit()

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
        super().__init__("chart.benchmarks", "Against everyday benchmarks", parent)
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


class RegionsChart(Chart):
    """The plan's CO2e in every region of the filter, sorted, coloured by provider (or kind); the plan's region
    highlighted and named, the baseline's region marked, the cleanest and dirtiest named under the axis.

    One bar item per group, created once; a tick only moves their data. Clicking a bar emits
    ``regionClicked(id)``.
    """

    regionClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__("chart.regions", "The same plan in every region (click a bar to pick it)", parent)
        self.group_bars = {}
        for key, label in REGION_GROUPS.items():
            bar = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.8, pen=pg.mkPen(None), name=label,
                                  brush=self.muted if key == "country" else GROUP_COLORS[key])
            bar.setVisible(False)
            self.plot_item.addItem(bar)
            self.group_bars[key] = bar
        self.current = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.9, brush=ACCENT, pen=pg.mkPen(self.fg, width=1))
        self.current_label = pg.TextItem(anchor=(1.0, 1.0), color=self.fg)
        self.baseline_mark = None  # a triangle over the baseline's region, made when first needed (not at start-up)
        self.baseline_label = None
        for item in (self.current, self.current_label):
            self.plot_item.addItem(item)
        self.key = make_key("chart.regions.key")  # the legend: the groups in view, under the chart
        self._legend_groups: tuple = ()
        self.key_ready = False  # rich text costs a layout: filled after the first paint (show_key)
        self.plot_item.setLabel("left", "CO2e (kg)")
        self.plot_item.setLabel("bottom", "regions, cleanest to dirtiest")
        self.plot_item.getAxis("bottom").setTicks([[]])
        self.ids: tuple = ()
        self.names: tuple = ()
        self.groups: tuple = ()
        self.intensity: tuple = ()
        self.values = np.zeros(0)
        self.group_values: dict = {}
        self.current_index = -1
        self.baseline_index = -1
        self.unit = "kg"
        self._n = -1
        self._layout_key = None
        self._ends_key = None
        self._label_state = None
        self._base_state = None
        self._yrange = StableRange()
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)

    def show_key(self) -> None:
        self.key_ready = True
        self._sync_legend()

    def _sync_legend(self) -> None:
        """The key lists the groups in view (changes only with the filter)."""
        if not self.key_ready:
            return
        present = tuple(k for k in REGION_GROUPS if k in set(self.groups))
        if present == self._legend_groups:
            return
        self._legend_groups = present
        ends = (f" · cleanest <b>{escape(self.ids[0])}</b> ({fmt(self.intensity[0])} g/kWh), dirtiest "
                f"<b>{escape(self.ids[-1])}</b> ({fmt(self.intensity[-1])} g/kWh)" if self.ids else "")
        self.key.setText(legend_html([(REGION_GROUPS[k], self._group_color(k)) for k in present]
                                     + [("this plan's region", ACCENT)]) + ends)

    def _group_color(self, key: str) -> str:
        return self.muted.name() if key == "country" else GROUP_COLORS[key]

    def on_palette(self):
        for key, bar in self.group_bars.items():
            bar.setOpts(brush=self._group_color(key))
        self.current.setOpts(pen=pg.mkPen(self.fg, width=1))
        self.current_label.setColor(self.fg)
        if self.baseline_mark is not None:
            self.baseline_mark.setPen(pg.mkPen(self.fg, width=1.6))
            self.baseline_label.setColor(self.fg)
        self._legend_groups = ()
        self._sync_legend()

    def update_chart(self, sweep, current_id: str, unit: str, baseline=None) -> None:
        """``baseline``: (region id, CO2e kg) of the pinned baseline, or None."""
        values = np.asarray(sweep.emissions_kg) / MASS_UNITS[unit]
        n = len(values)
        self.values = values
        if sweep.ids is not self.ids:  # a new order: regroup the bars (not on every tick of most sliders)
            self.ids, self.names, self.groups, self.intensity = sweep.ids, sweep.names, sweep.groups, sweep.intensity
            groups = np.asarray(self.groups)
            self.group_index = {k: np.flatnonzero(groups == k) for k in REGION_GROUPS}
            self._layout_key = None
            self._sync_legend()
        for key, bar in self.group_bars.items():
            idx = self.group_index.get(key)
            if idx is None or not idx.size:
                if bar.isVisible():
                    bar.setVisible(False)
                continue
            bar.setOpts(x=idx.astype(float), height=values[idx])
            if not bar.isVisible():
                bar.setVisible(True)
        if n and (self.ids[0], self.ids[-1]) != self._ends_key:
            self._ends_key = (self.ids[0], self.ids[-1])
            self._legend_groups = ()
            self._sync_legend()
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("left", f"CO2e ({unit})")
        top = float(values.max()) if n else 1.0
        base_y = None
        if baseline is not None:
            base_y = baseline[1] / MASS_UNITS[unit]
            top = max(top, base_y)
        if n != self._n:
            self._n = n
            self.plot_item.setXRange(-1, max(n, 1), padding=0)
        limit, _ = self._yrange.fit(top * 1.3)  # headroom for the labels above the bars
        if limit != getattr(self, "_ylimit", None):
            self._ylimit = limit
            self.plot_item.setYRange(0, limit, padding=0)
        k = sweep.index(current_id)
        self.current_index = k
        if k >= 0:
            self.current.setOpts(x=[float(k)], height=[values[k]])
            self.current.setVisible(True)
            self._place(self.current_label, k, f"This plan: {current_id}\n{fmt(values[k])} {unit}", "_label_state")
        else:
            self.current.setVisible(False)
            self.current_label.setText("")
        b = -1 if baseline is None else sweep.index(baseline[0])
        self.baseline_index = b
        if b >= 0:
            if self.baseline_mark is None:
                self.baseline_mark = pg.ScatterPlotItem(size=11, symbol="t", brush=None,
                                                        pen=pg.mkPen(self.fg, width=1.6))
                self.baseline_label = pg.TextItem(anchor=(0.0, 1.0), color=self.fg)
                self.plot_item.addItem(self.baseline_mark)
                self.plot_item.addItem(self.baseline_label)
            self.baseline_mark.setData([float(b)], [base_y])
            self.baseline_mark.setVisible(True)
            self.baseline_label.setVisible(True)
            self._place(self.baseline_label, b, f"baseline: {baseline[0]}\n{fmt(base_y)} {unit}", "_base_state",
                        y=max(base_y, float(values[b])), below_plan=k)
        elif self.baseline_mark is not None and self.baseline_mark.isVisible():
            self.baseline_mark.setVisible(False)
            self.baseline_label.setVisible(False)

    def _place(self, label, k: int, text: str, state: str, y: float | None = None, below_plan: int = -1) -> None:
        """Put a label above bar ``k``, clear of the bars: extending left (the bars there are lower, the order is
        ascending) unless it would leave the plot, then right, above the tallest bar it spans."""
        n = len(self.values)
        vb = self.plot_item.vb
        px_per_bar = max(vb.width() / max(n + 1, 1), 1e-3)
        span = int(130 / px_per_bar) + 1  # the label's width in bars
        y = float(self.values[k]) if y is None else y
        if k - span >= 0 or k >= n - 1:
            anchor = (1.0, 1.0)
        else:
            anchor = (0.0, 1.0)
            y = max(y, float(self.values[min(k + span, n - 1)]))
        if below_plan >= 0 and abs(below_plan - k) <= span:  # two labels near each other: this one higher
            y = max(y, float(self.values[below_plan])) * 1.18
        key = (text, anchor, round(float(k), 3), round(y, 9))
        if getattr(self, state) == key:
            return
        setattr(self, state, key)
        if label.textItem.toPlainText() != text:
            label.setText(text)
        label.setAnchor(anchor)
        label.setPos(float(k), y)

    def describe(self) -> str:
        """The chart in words, for screen readers (the window sets it as accessible description)."""
        n = len(self.values)
        if not n:
            return "No regions in view."
        text = (f"{n} regions, CO2e in {self.unit}: cleanest {self.ids[0]} {fmt(self.values[0])}, "
                f"dirtiest {self.ids[-1]} {fmt(self.values[-1])}")
        if self.current_index >= 0:
            text += (f"; this plan's region {self.ids[self.current_index]} {fmt(self.values[self.current_index])}"
                     f", rank {self.current_index + 1} of {n}")
        return text + "."

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
            text = (f"#{k + 1} {self.ids[k]}: {self.names[k]} ({REGION_GROUPS[self.groups[k]]})\n"
                    f"{fmt(self.intensity[k])} g CO2e/kWh · {fmt(self.values[k])} {self.unit} CO2e")
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
        else:
            QToolTip.hideText()


class PhasesChart(Chart):
    """Where the footprint comes from: stacked bars by phase and by part."""

    def __init__(self, parent=None):
        super().__init__("chart.phases", "Where the footprint comes from", parent)
        self.key = make_key("chart.phases.key")  # the legend, under the chart (filled after the first paint)
        # two stacked bars, each one item with a brush per segment; embodied is its own segment at the end of
        # both, so both have the same length
        self.rows = {1.0: PHASES + ("embodied",), 0.0: PARTS + ("embodied_part",)}
        colors = {**PHASE_COLORS, **PART_COLORS, "embodied_part": PART_COLORS["embodied"]}
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
        left.setTicks([[(1.0, "By phase"), (0.0, "By part")]])
        left.setStyle(tickLength=0)
        self.plot_item.setLabel("bottom", "CO2e (kg)")
        self.values: dict[str, float] = {}
        self.unit = "kg"
        self._xrange = StableRange()
        self.plot_item.setYRange(-0.45, 1.45, padding=0)

    def show_key(self) -> None:
        self.key.setText(legend_html([(PHASE_LABELS[p], PHASE_COLORS[p]) for p in PHASES]
                                     + [(PART_LABELS[p], PART_COLORS[p]) for p in PARTS]
                                     + [(EMBODIED_LABEL + " (ends both bars)", PART_COLORS["embodied"])]))

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
        values["embodied"] = values["embodied_part"] = est.embodied_kg / scale if embodied else 0.0
        self.values = values
        for y, keys in self.rows.items():
            widths = np.array([values[k] for k in keys])
            self.bars[y].setOpts(x0=np.concatenate(([0.0], np.cumsum(widths)[:-1])), width=widths)
        if unit != self.unit:
            self.unit = unit
            self.plot_item.setLabel("bottom", f"CO2e ({unit})")
        total = max(sum(values[p] for p in PHASES) + values["embodied"], self.baseline_total or 0.0, 1e-12)
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
        emb = f"; embodied {fmt(v['embodied'])} at the end of both bars" if v["embodied"] else ""
        return f"CO2e in {self.unit} by phase: {phases}; by part: {parts}{emb}."

    def segment(self, key: str) -> tuple[float, float]:
        """(start, width) of one segment as drawn."""
        for y, keys in self.rows.items():
            if key in keys:
                k = keys.index(key)
                return float(self.bars[y].opts["x0"][k]), float(self.bars[y].opts["width"][k])
        raise KeyError(key)


class SensitivityChart(Chart):
    """Which assumption matters most: a tornado. For each uncertain input, a bar from the CO2e with that input
    at its 5th percentile to the CO2e at its 95th, the others as estimated; largest swing on top; a line at the
    estimate. Items are made once (one slot per possible input) and moved with setOpts."""

    SLOTS = 4  # power, PUE, grid intensity, utilization

    def __init__(self, parent=None):
        super().__init__("chart.sensitivity", "What drives the spread", parent)
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

    def on_palette(self):
        self.central.setPen(pg.mkPen(self.fg, width=1.2, style=Qt.PenStyle.DashLine))

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

    def describe(self) -> str:
        if not self.rows:
            return "No uncertain input moves the CO2e: every one is given exactly."
        return (f"CO2e in {self.unit} with one input at its 5th and 95th percentile: "
                + "; ".join(f"{t['label']} {fmt(t['low_emissions_kg'] / MASS_UNITS[self.unit])} to "
                            f"{fmt(t['high_emissions_kg'] / MASS_UNITS[self.unit])}" for t in self.rows) + ".")


def _symbol(kind: str, size: float) -> QPainterPath:
    """A marker path of ``size`` pixels centred on 0: circle, square, triangle or diamond."""
    h = size / 2
    path = QPainterPath()
    if kind == "o":
        path.addEllipse(QPointF(0, 0), h, h)
    elif kind == "s":
        path.addRect(-h * 0.9, -h * 0.9, size * 0.9, size * 0.9)
    else:
        pts = ([(0, -h), (h, h * 0.8), (-h, h * 0.8)] if kind == "t" else [(0, -h), (h, 0), (0, h), (-h, 0)])
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        path.closeSubpath()
    return path


class MapChart(Chart):
    """The plan's CO2e on a world map: countries and US states filled on a sequential scale (in the current
    unit, classes from 0 to a round limit), cloud regions and Canadian provinces as points, marked by provider;
    the plan's region outlined in the accent colour, the baseline's dashed. Shapes are made once; a tick only
    changes the brushes whose class changed. Clicking a shape or point emits ``regionClicked(id)``."""

    regionClicked = Signal(str)
    SYMBOLS = {"aws": "o", "gcp": "s", "azure": "t", "subnational": "d", "country": "d", "other": "d"}

    def __init__(self, catalog, parent=None):
        from planner.core.geo import SCALE, layout

        super().__init__("chart.map", "The same plan on a map (click a country or point to pick it)", parent)
        self.catalog = catalog
        self.lay = layout(catalog)
        self.plot_item.hideAxis("left")
        self.plot_item.hideAxis("bottom")
        self.plot_item.vb.setAspectLocked(True)
        self.plot_item.vb.setRange(xRange=(-170, 180), yRange=(-57, 84), padding=0)
        self.brushes = [QBrush(QColor(c)) for c in SCALE]
        self.no_data = QBrush(QColor(self.muted))
        self.no_data.setStyle(Qt.BrushStyle.Dense5Pattern)
        self._outline = QPen(QColor(0, 0, 0, 90), 0)
        self._outline.setCosmetic(True)
        self.paths = []
        self.items = []
        for shape in self.lay.shapes:
            path = QPainterPath()
            for ring in shape.rings:
                path.moveTo(ring[0], ring[1])
                for k in range(2, len(ring), 2):
                    path.lineTo(ring[k], ring[k + 1])
                path.closeSubpath()
            item = QGraphicsPathItem(path)
            item.setPen(self._outline)
            item.setBrush(self.no_data)
            item.setData(0, shape.id)
            item.setCacheMode(QGraphicsPathItem.CacheMode.DeviceCoordinateCache)  # a repaint blits, a recolour
            self.plot_item.addItem(item)                                        # redraws only that shape
            self.paths.append(path)
            self.items.append(item)
        self.shape_class = np.full(len(self.items), -2)
        # points: plain graphics items of a fixed size on screen (cheaper to repaint than a scatter plot)
        self._point_pen = QPen(self.fg, 0.8)
        self._point_pen.setCosmetic(True)
        self.point_items = []
        for (lon, lat), g in zip(self.lay.point_lonlat, self.lay.point_groups):
            item = QGraphicsPathItem(_symbol(self.SYMBOLS.get(g, "d"), 7.0))
            item.setFlag(QGraphicsPathItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setPos(float(lon), float(lat))
            item.setPen(self._point_pen)
            item.setBrush(self.brushes[0])
            item.setZValue(5)
            self.plot_item.addItem(item)
            self.point_items.append(item)
        self.point_class = np.full(len(self.lay.points), -2)
        accent = QPen(QColor(ACCENT), 2.6)
        accent.setCosmetic(True)
        self.plan_outline = QGraphicsPathItem()
        self.plan_outline.setPen(accent)
        self.plan_outline.setZValue(10)
        self.base_outline = QGraphicsPathItem()
        dashed = QPen(self.fg, 1.8, Qt.PenStyle.DashLine)
        dashed.setCosmetic(True)
        self.base_outline.setPen(dashed)
        self.base_outline.setZValue(9)
        self.plan_points = QGraphicsPathItem()  # rings round the plan's (and the baseline's) points
        self.plan_points.setPen(accent)
        self.plan_points.setZValue(11)
        self.base_points = QGraphicsPathItem()
        self.base_points.setPen(dashed)
        self.base_points.setZValue(10)
        for item in (self.plan_outline, self.base_outline, self.plan_points, self.base_points):
            self.plot_item.addItem(item)
        self.key = make_key("chart.map.key")
        self.values = np.zeros(0)
        self.unit = "kg"
        self.limit = None
        self._range = StableRange()
        self._marks = None
        self._key_state = None
        self.plan_shapes, self.plan_point_idx = [], []
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)

    def on_palette(self):
        self.no_data.setColor(QColor(self.muted))
        for item, c in zip(self.items, self.shape_class):
            if c < 0:
                item.setBrush(self.no_data)
        self._point_pen = QPen(self.fg, 0.8)
        self._point_pen.setCosmetic(True)
        for item in self.point_items:
            item.setPen(self._point_pen)
        dashed = QPen(self.fg, 1.8, Qt.PenStyle.DashLine)
        dashed.setCosmetic(True)
        self.base_outline.setPen(dashed)
        self.base_points.setPen(dashed)
        self._key_state = None

    def update_chart(self, values_kg, region_id: str, unit: str, baseline_region: str | None = None) -> None:
        """``values_kg``: the plan's CO2e in every region (``planner.core.geo.region_values``)."""
        from planner.core.geo import buckets

        scale = MASS_UNITS[unit]
        values = np.asarray(values_kg) / scale
        self.values = values
        shown = values[self.lay.shape_regions[self.lay.shape_regions >= 0]]
        top = max(float(shown.max()) if shown.size else 0.0,
                  float(values[self.lay.point_regions].max()) if len(self.lay.point_regions) else 0.0, 1e-12)
        limit, _ = self._range.fit(top)
        if unit != self.unit:
            self._range = StableRange()
            limit, _ = self._range.fit(top)
            self.unit = unit
        self.limit = limit
        # shapes: only the brushes whose class changed
        cls = np.where(self.lay.shape_regions >= 0,
                       buckets(values[np.maximum(self.lay.shape_regions, 0)], limit), -1)
        for k in np.flatnonzero(cls != self.shape_class):
            self.items[k].setBrush(self.brushes[cls[k]] if cls[k] >= 0 else self.no_data)
        self.shape_class = cls
        pcls = buckets(values[self.lay.point_regions], limit) if len(self.lay.point_regions) else self.point_class
        for k in np.flatnonzero(pcls != self.point_class):
            self.point_items[k].setBrush(self.brushes[pcls[k]])
        self.point_class = pcls
        marks = (region_id, baseline_region)
        if marks != self._marks:
            self._marks = marks
            self._mark(region_id, self.plan_outline, self.plan_points, "plan")
            self._mark(baseline_region, self.base_outline, self.base_points, "base")
        key = (unit, limit)
        if key != self._key_state:
            self._key_state = key
            self._set_key()

    def _mark(self, region_id, outline, points, which) -> None:
        from planner.core.geo import highlighted

        shapes, pts = ([], []) if region_id is None else highlighted(self.lay, self.catalog, region_id)
        path = QPainterPath()
        for k in shapes:
            path.addPath(self.paths[k])
        outline.setPath(path)
        rings = QPainterPath()  # in map units, sized from the view's pixel size so the ring sits round the point
        px = max(self.plot_item.vb.viewPixelSize()[0], 1e-6) if self.plot_item.vb.width() > 0 else 0.3
        for k in pts:
            lon, lat = self.lay.point_lonlat[k]
            rings.addEllipse(QPointF(float(lon), float(lat)), 8 * px, 8 * px)
        points.setPath(rings)
        if which == "plan":
            self.plan_shapes, self.plan_point_idx = shapes, pts

    def _set_key(self) -> None:
        from planner.core.geo import SCALE, class_edges

        edges = class_edges(self.limit)
        # swatches as filled boxes with a border: the lightest class is nearly white
        classes = " ".join(f"<span style='background-color:{c}; color:{c}; border:1px solid #888'>&nbsp;■&nbsp;</span>"
                           f"&nbsp;{fmt(edges[k])}–{fmt(edges[k + 1])}" for k, c in enumerate(SCALE))
        shapes = " · ● AWS ■ Google Cloud ▲ Azure ◆ Canadian province · accent outline: this plan's region"
        self.key.setText(f"{classes} {escape(self.unit)} CO2e{escape(shapes)} · hatched: no grid data")

    def region_at(self, scene_pos) -> str | None:
        """The region under a scene position: a point first, then the top shape."""
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        px = vb.viewPixelSize()
        tol = max(px[0], px[1]) * 5  # the markers are 7 px across
        if len(self.lay.points):
            d = np.hypot(self.lay.point_lonlat[:, 0] - p.x(), self.lay.point_lonlat[:, 1] - p.y())
            k = int(np.argmin(d))
            if d[k] <= tol:
                return self.lay.points[k]
        hit = None
        for k, path in enumerate(self.paths):
            if self.lay.shape_regions[k] >= 0 and path.contains(QPointF(p.x(), p.y())):
                hit = k  # states come after countries: the last hit is the smallest
        return None if hit is None else self.lay.shapes[hit].id

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        rid = self.region_at(event.scenePos())
        if rid:
            self.regionClicked.emit(rid)

    def _hovered(self, scene_pos) -> None:
        rid = self.region_at(scene_pos)
        if rid:
            r = self.catalog.regions[rid]
            k = self.catalog.region_arrays()["index"][rid]
            text = (f"{r.id}: {r.name}\n{fmt(r.carbon_intensity)} g CO2e/kWh · "
                    f"{fmt(self.values[k])} {self.unit} CO2e" if len(self.values) else r.name)
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
        else:
            QToolTip.hideText()

    def describe(self) -> str:
        if not len(self.values):
            return "The map has no values yet."
        arr = self.catalog.region_arrays()
        k = int(np.argmin(self.values))
        j = int(np.argmax(self.values))
        return (f"World map of this plan's CO2e in {self.unit} by region, classes up to {fmt(self.limit)}: lowest "
                f"{arr['ids'][k]} {fmt(self.values[k])}, highest {arr['ids'][j]} {fmt(self.values[j])}.")
