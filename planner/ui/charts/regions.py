"""The plan's CO2e in every region of the filter, ranked and coloured by provider."""

from __future__ import annotations

from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QToolTip

from planner.core.catalog import REGION_GROUPS
from planner.core.present import CHART_TITLES, region_ends
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart, legend_html, make_key, pattern_brush
from planner.ui.style import ACCENT, GROUP_COLORS, GROUP_PATTERNS, PATTERN_GLYPHS
from planner.ui.widgets import plain_tip


class RegionsChart(Chart):
    """The plan's CO2e in every region of the filter, sorted, coloured by provider (or kind); the plan's region
    highlighted and named, a pinned baseline's CO2e as a dashed level, the lowest and highest named in the key.

    One bar item per group, created once; a tick only moves their data. Clicking a bar emits
    ``regionClicked(id)``.
    """

    regionClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__("chart.regions", CHART_TITLES["regions"] + " (click a bar to pick it)", parent)
        self.group_bars = {}
        for key, label in REGION_GROUPS.items():
            bar = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.8, pen=pg.mkPen(None), name=label,
                                  brush=self._group_brush(key))
            bar.setVisible(False)
            self.plot_item.addItem(bar)
            self.group_bars[key] = bar
        self.current = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.9, brush=ACCENT, pen=pg.mkPen(self.fg, width=1))
        self.current_label = pg.TextItem(anchor=(1.0, 1.0), color=self.fg)
        self.baseline_line = None  # the baseline's CO2e, dashed across the chart; made when first needed
        self.baseline_value = None
        self.baseline_region = None
        for item in (self.current, self.current_label):
            self.plot_item.addItem(item)
        self.key = make_key("chart.regions.key")  # the legend: the groups in view, under the chart
        self._legend_groups: tuple = ()
        self.key_ready = False  # rich text costs a layout: filled after the first paint (show_key)
        self.plot_item.setLabel("left", "CO2e (kg)")
        self.plot_item.setLabel("bottom", "regions by this plan's CO2e there, lowest to highest")
        self.plot_item.getAxis("bottom").setTicks([[]])
        self.ids: tuple = ()
        self.names: tuple = ()
        self.groups: tuple = ()
        self.intensity: tuple = ()
        self.sweep = None
        self.values = np.zeros(0)
        self.current_index = -1
        self.unit = "kg"
        self._n = -1
        self._ends_key = None
        self._label_state = None
        self._widths = None
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
        base = None if self.baseline_value is None else (self.baseline_region, fmt(self.baseline_value), self.unit)
        if (present, base) == self._legend_groups:
            return
        self._legend_groups = (present, base)
        ends = region_ends(self.sweep, lambda name: f"<b>{escape(name)}</b>") if self.ids else ""
        line = (f" · dashed: the baseline, {escape(base[1])} {escape(base[2])} in {escape(base[0])}"
                if base is not None else "")
        self.key.setText(legend_html([(REGION_GROUPS[k], self._group_color(k), PATTERN_GLYPHS[GROUP_PATTERNS[k]])
                                      for k in present] + [("this plan's region", ACCENT)])
                         + (f" · {ends}" if ends else "") + line)

    def _group_color(self, key: str) -> str:
        return self.muted.name() if key == "country" else GROUP_COLORS[key]

    def _group_brush(self, key: str):
        """A group's bars: its colour, and its pattern (a cue beside the colour)."""
        return pattern_brush(self._group_color(key), GROUP_PATTERNS[key])

    def on_palette(self):
        for key, bar in self.group_bars.items():
            bar.setOpts(brush=self._group_brush(key))
        self.current.setOpts(pen=pg.mkPen(self.fg, width=1))
        self.current_label.setColor(self.fg)
        if self.baseline_line is not None:
            self.baseline_line.setPen(pg.mkPen(self.fg, width=1.4, style=Qt.PenStyle.DashLine))
        self._legend_groups = ()
        self._sync_legend()

    def update_chart(self, sweep, current_id: str, unit: str, baseline=None) -> None:
        """``baseline``: (region id, CO2e kg) of the pinned baseline, or None."""
        values = np.asarray(sweep.emissions_kg) / MASS_UNITS[unit]
        n = len(values)
        self.values = values
        if sweep.ids is not self.ids:  # a new order: regroup the bars (not on every tick of most sliders)
            self.ids, self.names, self.groups, self.intensity = sweep.ids, sweep.names, sweep.groups, sweep.intensity
            self.sweep = sweep
            groups = np.asarray(self.groups)
            self.group_index = {k: np.flatnonzero(groups == k) for k in REGION_GROUPS}
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
        self._fit_widths()
        self.fit_y(top * 1.3)  # headroom for the labels above the bars
        k = sweep.index(current_id)
        self.current_index = k
        if k >= 0:
            self.current.setOpts(x=[float(k)], height=[values[k]])
            self.current.setVisible(True)
            self._place(self.current_label, k, f"This plan: {current_id}\n{fmt(values[k])} {unit}")
        else:
            self.current.setVisible(False)
            self.current_label.setText("")
        # the baseline: its own CO2e (in its own region) as a level across every region, named in the key
        self.baseline_value, self.baseline_region = (None, None) if baseline is None else (base_y, baseline[0])
        if baseline is not None:
            if self.baseline_line is None:
                self.baseline_line = pg.InfiniteLine(angle=0, movable=False,
                                                     pen=pg.mkPen(self.fg, width=1.4, style=Qt.PenStyle.DashLine))
                self.plot_item.addItem(self.baseline_line)
            self.baseline_line.setValue(base_y)
            self.baseline_line.setVisible(True)
        elif self.baseline_line is not None and self.baseline_line.isVisible():
            self.baseline_line.setVisible(False)
        self._sync_legend()

    def _fit_widths(self) -> None:
        """Bars that read at any density: with a gap between them while each has a few pixels, touching (no
        stripes of background between 1-px bars) when many share the width; the plan's bar at least 3 px."""
        vb = self.plot_item.vb
        if vb is None:  # the chart is closing
            return
        px = max(vb.width() / max(len(self.values) + 1, 1), 1e-3)
        widths = (0.8 if px >= 4 else 1.0, max(0.9, 3.0 / px))
        if widths == self._widths:
            return
        self._widths = widths
        for bar in self.group_bars.values():
            bar.setOpts(width=widths[0])
        self.current.setOpts(width=widths[1])

    def resizeEvent(self, event):  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        if getattr(self, "_ready", False):
            self._fit_widths()

    def _place(self, label, k: int, text: str) -> None:
        """Put a label above bar ``k``, clear of the bars: extending left (the bars there are lower, the order is
        ascending) unless it would leave the plot, then right, above the tallest bar it spans."""
        n = len(self.values)
        vb = self.plot_item.vb
        px_per_bar = max(vb.width() / max(n + 1, 1), 1e-3)
        span = int(130 / px_per_bar) + 1  # the label's width in bars
        y = float(self.values[k])
        if k - span >= 0 or k >= n - 1:
            anchor = (1.0, 1.0)
        else:
            anchor = (0.0, 1.0)
            y = max(y, float(self.values[min(k + span, n - 1)]))
        key = (text, anchor, round(float(k), 3), round(y, 9))
        if self._label_state == key:
            return
        self._label_state = key
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
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), plain_tip(text), self)
        else:
            QToolTip.hideText()
