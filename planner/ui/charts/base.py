"""What every chart shares: a PlotWidget that follows the palette and says when it first painted, plain axis
ticks, an axis range that moves only when the data leave it, and the key (legend) under a chart."""

from __future__ import annotations

from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPalette, QPen, QTransform
from PySide6.QtWidgets import QLabel, QSizePolicy

from planner.core.units import fmt, nice_ceiling
from planner.ui.style import MUTED, MUTED_DARK
from planner.ui.widgets import is_dark, plain_tip


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
    """A legend as one wrapping line of text: a coloured square (or the entry's own glyph: its bars' pattern) and a
    name per entry (static, outside the plot, so it is never cut and costs nothing per tick)."""
    return " &nbsp; ".join(f"<span style='color:{color}'>{glyph}</span>&nbsp;{escape(name).replace(' ', '&nbsp;')}"
                           for name, color, glyph in ((*e, "■")[:3] for e in entries))  # never wraps in a name


def pattern_brush(color, pattern: str, scale: float = 1.0) -> QBrush:
    """A bar's fill: its colour, and for every pattern but "solid" lines of a darker shade over it (a cue beside
    the colour: ``style.GROUP_PATTERNS``). ``scale`` sizes the pattern (a PDF's dots are far smaller)."""
    color = QColor(color)
    if pattern == "solid":
        return QBrush(color)
    size, mid = 8, 4
    tile = QImage(size, size, QImage.Format.Format_ARGB32)
    tile.fill(color)
    ink = color.darker(150)
    painter = QPainter(tile)
    painter.setPen(QPen(ink, 1.0))
    lines = {"diagonal": [(0, size, size, 0), (-size, size, size, -size), (0, 2 * size, 2 * size, 0)],
             "cross": [(0, mid, size, mid), (mid, 0, mid, size)], "horizontal": [(0, mid, size, mid)],
             "vertical": [(mid, 0, mid, size)]}
    for x0, y0, x1, y1 in lines.get(pattern, []):
        painter.drawLine(QPointF(x0, y0), QPointF(x1, y1))
    if pattern == "dots":
        painter.fillRect(mid - 1, mid - 1, 2, 2, ink)
    painter.end()
    brush = QBrush(tile)
    if scale != 1.0:
        brush.setTransform(QTransform.fromScale(scale, scale))
    return brush


def make_key(name: str) -> QLabel:
    key = QLabel()
    key.setObjectName(name)
    key.setWordWrap(True)
    key.setTextFormat(Qt.TextFormat.RichText)
    key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return key


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
        self._yrange, self._ylimit = StableRange(), None  # the value axis (fit_y)
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
        self.muted = QColor(MUTED_DARK if is_dark(palette) else MUTED)
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

    def fit_y(self, top: float) -> None:
        """The value axis from 0 to a round limit above ``top`` that moves only when the data leave it (no axis
        regenerated on every tick)."""
        limit, _ = self._yrange.fit(top)
        if limit != self._ylimit:
            self._ylimit = limit
            self.plot_item.setYRange(0, limit, padding=0)

    def show_key_text(self, key: tuple[str, str]) -> str:
        """The lines under the chart and their tooltip (``self.key`` a plain-text label); returns the lines."""
        text, tip = key
        if self.key.text() != text:
            self.key.setText(text)
            self.key.setToolTip(plain_tip(tip))
        return text

    def show_data(self, shown: bool, items, note) -> None:
        """The data items, or (nothing to show) no axes either and ``note`` in the middle, saying why."""
        for item in items:
            item.setVisible(shown)
        note.setVisible(not shown)
        for side in ("left", "bottom"):
            if self.plot_item.getAxis(side).isVisible() != shown:
                self.plot_item.showAxis(side, shown)
