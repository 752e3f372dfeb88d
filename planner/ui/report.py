"""The PDF summary: one to two pages, vector charts, every source named.

Only QtGui is used (QPdfWriter and QPainter), so ``planner report`` needs no
display, no widgets and no pyqtgraph. Every number comes from the core
(estimate, sweep, summary), the same functions the window shows.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPainterPath, QPdfWriter, QPen

from planner import __version__
from planner.core import present
from planner.core.catalog import REGION_GROUPS, Catalog, default_catalog
from planner.core.estimate import EMBODIED_PART_LABELS, PART_LABELS, PARTS, PHASE_LABELS, PHASES, Estimate
from planner.core.plan import Plan
from planner.core.results import REGION_FILTERS, Results, results_for
from planner.core.state import PlanState
from planner.core.summary import input_rows, reporting_paragraph, sources
from planner.core.text import cite
from planner.core.uncertainty import INPUT_LABELS
from planner.core.units import MASS_UNITS, fmt, fmt_hours, fmt_mass, fmt_mass_beside, fmt_money, nice_axis, nice_ceiling
from planner.ui import style

ACCENT = QColor(style.ACCENT)
MUTED = QColor(style.MUTED)
INK = QColor("#1d1f23")
SOFT = QColor("#5b6270")
RULE = QColor("#d5d9df")
FOOTER_MM = 7.0  # the band at the foot of every page: plan, file, date, page number
PHASE_COLORS = {k: QColor(v) for k, v in style.PHASE_COLORS.items()}
PART_COLORS = {k: QColor(v) for k, v in style.PART_COLORS.items()}
LETTER_COUNTRIES = {QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
                    QLocale.Country.Chile, QLocale.Country.Colombia, QLocale.Country.Venezuela,
                    QLocale.Country.Philippines, QLocale.Country.Guatemala, QLocale.Country.CostaRica}
CHART_TITLES = present.CHART_TITLES


def page_size_for_locale(locale: QLocale | None = None) -> QPageSize:
    """Letter where it is the custom (US, Canada, …), A4 elsewhere."""
    locale = locale or QLocale.system()
    letter = locale.territory() in LETTER_COUNTRIES
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


@dataclass
class ReportData:
    """Everything the PDF shows: a plan's results (computed once, shared with the window), the region sweep in
    view, and the view's unit and embodied choice."""
    results: Results
    sweep: object
    unit: str = "auto"
    source_path: str | None = None  # the plan's file, named in every page's footer
    embodied: bool = True  # the embodied CO2e in the CO2e card's band, as the window's View menu says
    region_filter: str = "cloud"  # which regions the sweep ranks (the window's Show filter), said under the chart

    def __post_init__(self):  # every mass in one unit: the headline's (automatic) or the chosen one
        self.chosen_unit = self.unit  # "auto" lets a side figure far smaller than the headline take its own
        self.unit = present.unit_of(self.results, self.unit)

    @property
    def plan(self) -> Plan:
        return self.results.plan

    @property
    def est(self) -> Estimate:
        return self.results.estimate

    @property
    def catalog(self) -> Catalog:
        return self.results.catalog

    @property
    def uncertainty(self):
        return self.results.uncertainty

    @property
    def water(self):
        return self.results.water

    @classmethod
    def from_state(cls, state: PlanState, unit: str = "auto", embodied: bool = True) -> ReportData:
        return cls(state.results, state.sweep, unit, state.path, embodied, state.region_filter)


class _Page:
    """A cursor over the pages of a QPdfWriter, in millimetres."""

    def __init__(self, writer: QPdfWriter, painter: QPainter):
        self.writer, self.p = writer, painter
        self.dpmm = writer.resolution() / 25.4
        rect = writer.pageLayout().paintRect(QPageLayout.Unit.Millimeter)
        self.width, self.height = rect.width(), rect.height() - FOOTER_MM  # the footer's band stays free
        self.y = 0.0
        self.pages = 1
        self.footer = ""  # left part of every page's footer: the plan file and the date

    def finish_page(self) -> None:
        """Draw this page's footer: the plan file and date on the left, the page number on the right."""
        keep = self.p.font()  # a page break can come between a font being set and its text drawn
        self.font(7)
        y = self.height + FOOTER_MM - 4
        self.p.setPen(QPen(RULE, self.mm(0.2)))
        self.p.drawLine(QPointF(0, self.mm(y - 0.8)), QPointF(self.mm(self.width), self.mm(y - 0.8)))
        footer = self.p.fontMetrics().elidedText(self.footer, Qt.TextElideMode.ElideMiddle,
                                                 int(self.mm(self.width * 0.8)))  # a long name: "…" in it
        self.text(0, self.width * 0.8, footer, SOFT, flags=Qt.TextFlag.TextSingleLine, y=y)
        self.text(self.width * 0.8, self.width * 0.2, f"Page {self.pages}", SOFT,
                  flags=Qt.TextFlag.TextSingleLine | Qt.AlignmentFlag.AlignRight, y=y)
        self.p.setFont(keep)

    def mm(self, v: float) -> float:
        return v * self.dpmm

    def rect(self, x, y, w, h) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))

    def ensure(self, height: float) -> None:
        if self.y + height > self.height and self.y > 0:
            self.finish_page()
            self.writer.newPage()
            self.pages += 1
            self.y = 0.0

    def font(self, size: float, bold: bool = False, italic: bool = False) -> QFont:
        f = QFont("DejaVu Sans")
        f.setStyleHint(QFont.StyleHint.SansSerif)
        f.setPointSizeF(size)
        f.setBold(bold)
        f.setItalic(italic)
        self.p.setFont(f)
        return f

    def text_height(self, text: str, width: float, flags=Qt.TextFlag.TextWordWrap) -> float:
        r = self.p.boundingRect(QRectF(0, 0, self.mm(width), 1e6), int(flags), text)
        return r.height() / self.dpmm

    def text(self, x, width, text, color=INK, flags=Qt.TextFlag.TextWordWrap, y=None) -> float:
        h = self.text_height(text, width, flags)
        self.p.setPen(color)
        top = self.y if y is None else y
        self.p.drawText(self.rect(x, top, width, h + 0.5), int(flags), text)
        return h

    def paragraph(self, text, size=9.0, color=INK, bold=False, space=1.6, italic=False) -> None:
        self.font(size, bold, italic)
        h = self.text_height(text, self.width)
        self.ensure(h)
        self.text(0, self.width, text, color)
        self.y += h + space

    def flow(self, text: str, size: float = 9.0, color=INK, space: float = 1.6, bold: bool = False,
             max_pages: int | None = None, more: str = "") -> bool:
        """Text of any length, line by line: wrapped at words (a word wider than the page, anywhere), and
        continued on the next page when this one is full (never drawn over the footer). With ``max_pages``, it
        stops at the end of that many pages and says ``more`` there instead. True if all of it was drawn."""
        from PySide6.QtGui import QTextLayout, QTextOption

        font = self.font(size, bold)
        line_h = self.p.fontMetrics().lineSpacing() / self.dpmm
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.p.setPen(color)
        first_page = self.pages
        for para in text.split("\n"):
            layout = QTextLayout(para, font, self.p.device())
            layout.setTextOption(option)
            layout.beginLayout()
            lines = []
            while (line := layout.createLine()).isValid():
                line.setLineWidth(self.mm(self.width))
                lines.append(line)
            layout.endLayout()
            for line in lines or [None]:
                h = (line.height() if line is not None else self.p.fontMetrics().lineSpacing()) / self.dpmm
                if max_pages is not None and self.pages - first_page + 1 >= max_pages \
                        and self.y + h + line_h > self.height:  # the last page allowed is full: say the rest is
                    self.font(size, italic=True)  # elsewhere, on its last line
                    self.text(0, self.width, more, SOFT, flags=Qt.TextFlag.TextSingleLine)
                    self.y += line_h + space
                    return False
                self.ensure(h)
                if line is not None:
                    self.p.setFont(font)
                    self.p.setPen(color)
                    line.draw(self.p, QPointF(0, self.mm(self.y) - line.y()))
                self.y += h
        self.y += space
        return True

    def heading(self, text: str, keep_with: float = 20) -> None:
        self.font(11.5, bold=True)
        h = self.text_height(text, self.width)
        self.ensure(h + keep_with)
        self.y += 1.5
        self.text(0, self.width, text, INK)
        self.y += h + 0.8
        self.p.setPen(QPen(RULE, self.mm(0.3)))
        self.p.drawLine(QPointF(0, self.mm(self.y)), QPointF(self.mm(self.width), self.mm(self.y)))
        self.y += 1.6

    def table(self, rows, widths, size=8.5, header=None, zebra=True, label_cols=(0,), pad=1.4) -> None:
        """Rows of cells; long cells wrap; rows never split across pages; ``pad``: the space in a row (mm)."""
        x_of = [sum(widths[:k]) for k in range(len(widths))]
        all_rows = ([header] if header else []) + list(rows)
        for r, row in enumerate(all_rows):
            is_head = header is not None and r == 0
            heights = []
            for k, (c, w) in enumerate(zip(row, widths)):
                self.font(size, bold=is_head or k in label_cols)
                heights.append(self.text_height(str(c), w - 2))
            h = max(heights) + pad
            self.ensure(h)
            if zebra and not is_head and r % 2 == (1 if header else 0):
                self.p.fillRect(self.rect(0, self.y, sum(widths), h), QColor("#f3f5f8"))
            for k, (c, w) in enumerate(zip(row, widths)):
                bold = is_head or k in label_cols
                self.font(size, bold=bold)
                self.text(x_of[k] + 1, w - 2, str(c), INK if bold else SOFT, y=self.y + pad / 2)
            self.y += h
        self.y += 2.0


# ------------------------------------------------------------------ charts
def _compact(v: float) -> str:
    """Axis labels for decades: 10, 100, 1k, 10k, 1M, 1G."""
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return f"{v / div:g}{suffix}"
    return f"{v:g}"


def _fitted_font(pg: _Page, text: str, width: float, size: float, smallest: float) -> float:
    """Set the largest bold size from ``size`` down to ``smallest`` (half points) at which ``text`` fits
    ``width`` mm on one line; returns it."""
    pg.font(size, bold=True)
    while size > smallest and pg.p.fontMetrics().horizontalAdvance(text) > pg.mm(width):
        size -= 0.5
        pg.font(size, bold=True)
    return size


def _chart_title(pg: _Page, x, y, w, title) -> float:
    pg.font(9.5, bold=True)
    pg.text(x, w, title, INK, Qt.AlignmentFlag.AlignHCenter, y=y)
    return 5.5


def draw_benchmarks(pg: _Page, data: ReportData, x, y, w, h) -> None:
    p, u = pg.p, data.unit
    y += _chart_title(pg, x, y, w, CHART_TITLES["benchmarks"] + " (log scale)")
    labels = present.benchmark_labels(data.catalog)
    values = present.benchmark_values(data.est.emissions_kg, data.catalog, u)
    positive = [v for v in values if v > 0]
    lo = math.floor(math.log10(min(positive))) if positive else 0
    hi = math.ceil(math.log10(max(positive))) if positive else 1
    hi = max(hi, lo + 1)
    label_w, value_w = 44.0, 16.0
    bar_x, bar_w = x + label_w, w - label_w - value_w
    row_h = (h - 11) / len(values)
    pg.font(7.5)
    for k, (lab, v) in enumerate(zip(labels, values)):
        ry = y + k * row_h
        p.setPen(INK)
        p.drawText(pg.rect(x, ry, label_w - 2, row_h),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), lab)
        frac = 0.0 if v <= 0 else (math.log10(max(v, 10 ** lo)) - lo) / (hi - lo)
        p.fillRect(pg.rect(bar_x, ry + row_h * 0.18, bar_w * frac, row_h * 0.64), ACCENT if k == 0 else MUTED)
        p.setPen(INK)
        p.drawText(pg.rect(bar_x + bar_w * frac + 1, ry, value_w + 14, row_h),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), fmt(v))
    # axis: decades
    axis_y = y + len(values) * row_h + 0.5
    p.setPen(QPen(SOFT, pg.mm(0.2)))
    p.drawLine(QPointF(pg.mm(bar_x), pg.mm(axis_y)), QPointF(pg.mm(bar_x + bar_w), pg.mm(axis_y)))
    pg.font(6.5)
    step = max(1, math.ceil((hi - lo) / 4))
    for e in range(lo, hi + 1, step):
        tx = bar_x + bar_w * (e - lo) / (hi - lo)
        p.drawLine(QPointF(pg.mm(tx), pg.mm(axis_y)), QPointF(pg.mm(tx), pg.mm(axis_y + 1)))
        p.drawText(pg.rect(tx - 8, axis_y + 1, 16, 4), int(Qt.AlignmentFlag.AlignHCenter), _compact(10.0 ** e))
    p.drawText(pg.rect(bar_x, axis_y + 5, bar_w, 4), int(Qt.AlignmentFlag.AlignHCenter), f"CO2e ({u})")


def draw_phases(pg: _Page, data: ReportData, x, y, w, h) -> None:
    p, u = pg.p, data.unit
    y += _chart_title(pg, x, y, w, CHART_TITLES["phases"])
    # embodied ends both bars, as in the window, so both have one length
    values = present.breakdown(data.est, u, data.embodied)
    phases, parts = ({k: values[k] for k in keys} for keys in present.BREAKDOWN_ROWS.values())
    total = max(sum(phases.values()), sum(parts.values()), 1e-12)
    limit, step = nice_axis(total)
    label_w = 20.0
    bar_x, bar_w = x + label_w, w - label_w - 4
    # legend
    pg.font(7)
    lx, ly = bar_x, y
    for key, label, color in ([(k, PHASE_LABELS[k], PHASE_COLORS[k]) for k in PHASES] +
                              [(k, PART_LABELS[k], PART_COLORS[k]) for k in PARTS] +
                              [(k, EMBODIED_PART_LABELS[part], PART_COLORS[k])
                               for k, part in (("embodied", "accelerators"), ("embodied_server", "server"))]):
        p.fillRect(pg.rect(lx, ly + 0.8, 2.6, 2.6), color)
        p.setPen(INK)
        p.drawText(pg.rect(lx + 3.4, ly, 30, 4), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   label)
        lx += bar_w * (0.58 if key == "embodied" else 1 / 3)  # the embodied pair: the longer label wider
        if key in ("nas", "overhead"):
            lx, ly = bar_x, ly + 4.2
    top = y + 14
    row_h = (h - 14 - 5.5 - 10) / 2
    colors_of = {**PHASE_COLORS, **PART_COLORS, **{k: PART_COLORS[v] for k, v in present.SEGMENT_COLOR_KEY.items()}}
    for r, (label, group) in enumerate(zip(present.BREAKDOWN_ROWS, (phases, parts))):
        ry = top + r * row_h
        pg.font(7.5, bold=True)
        p.setPen(INK)
        p.drawText(pg.rect(x, ry, label_w - 2, row_h), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                   label)
        cx = bar_x
        for key, v in group.items():
            seg = bar_w * v / limit
            p.fillRect(pg.rect(cx, ry + row_h * 0.2, seg, row_h * 0.6), colors_of[key])
            cx += seg
    axis_y = top + 2 * row_h + 0.5
    p.setPen(QPen(SOFT, pg.mm(0.2)))
    p.drawLine(QPointF(pg.mm(bar_x), pg.mm(axis_y)), QPointF(pg.mm(bar_x + bar_w), pg.mm(axis_y)))
    pg.font(6.5)
    ticks = round(limit / step)
    for k in range(ticks + 1):
        v = step * k
        tx = bar_x + bar_w * k / ticks
        p.drawLine(QPointF(pg.mm(tx), pg.mm(axis_y)), QPointF(pg.mm(tx), pg.mm(axis_y + 1)))
        p.drawText(pg.rect(tx - 8, axis_y + 1, 16, 4), int(Qt.AlignmentFlag.AlignHCenter), fmt(v))
    p.drawText(pg.rect(bar_x, axis_y + 5, bar_w, 4), int(Qt.AlignmentFlag.AlignHCenter), f"CO2e ({u})")


def draw_regions(pg: _Page, data: ReportData, x, y, w, h) -> None:
    p, u = pg.p, data.unit
    sw = data.sweep
    y += _chart_title(pg, x, y, w, CHART_TITLES["regions"])
    values = [v / MASS_UNITS[u] for v in sw.emissions_kg]
    n = len(values)
    limit, step = nice_axis(max(values) * 1.12 if n else 1.0)
    axis_w = 16.0
    px, pw = x + axis_w, w - axis_w
    label_h = 4.5  # over the plot: the plan's region and its CO2e, never over the bars
    pg.font(5.5)  # under the axis: which regions it ranks and its ends, in words (wrapped, never cut), the key
    shown = REGION_FILTERS[data.region_filter][0].lower()  # the window's Show filter, said
    ends = f"Ranked: {shown}, {len(sw)} of them; {present.region_ends(sw)}" if n else ""
    ends_h = pg.text_height(ends, w) if n else 0.0
    top, ph = y + 1 + label_h, h - label_h - 10.5 - ends_h
    current = sw.index(data.plan.site.region)
    slot = pw / max(n, 1)
    colors = {g: QColor(style.GROUP_COLORS[g]) for g in REGION_GROUPS}  # by provider, as in the window
    for k, v in enumerate(values):
        bh = ph * v / limit
        p.fillRect(pg.rect(px + k * slot + slot * 0.1, top + ph - bh, slot * 0.8, bh),
                   ACCENT if k == current else colors[sw.groups[k]])
    _value_axis(pg, x, px, pw, top, ph, limit, step, axis_w, u)
    if n:
        pg.font(5.5)
        p.setPen(SOFT)
        p.drawText(pg.rect(x, top + ph + 1, w, ends_h + 0.3),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), ends)
        in_view = [g for g in REGION_GROUPS if g in set(sw.groups)]
        _flow_key(pg, [(REGION_GROUPS[g], colors[g]) for g in in_view] + [("this plan", ACCENT)],
                  x, top + ph + 1.6 + ends_h, w)
    if current >= 0:  # named above the plot, a thin line down to its bar
        pg.font(7, bold=True)
        p.setPen(INK)
        cx = px + current * slot + slot / 2
        label = f"{sw.ids[current]}: {fmt(values[current])} {u}"
        lw = min(pw, p.fontMetrics().horizontalAdvance(label) / pg.dpmm + 2)
        lx = min(max(cx - lw / 2, px), px + pw - lw)
        p.drawText(pg.rect(lx, top - label_h, lw, 4), int(Qt.AlignmentFlag.AlignHCenter), label)
        p.setPen(QPen(INK, pg.mm(0.15), Qt.PenStyle.DotLine))
        bar_top = top + ph - ph * values[current] / limit
        p.drawLine(QPointF(pg.mm(cx), pg.mm(top - 0.6)), QPointF(pg.mm(cx), pg.mm(bar_top)))


def _flow_key(pg: _Page, entries, x, y, w) -> float:
    """A chart's key, each entry a swatch and its whole name, flowing onto a second line when the first is full
    (never "Countr", "State o" cut to a fixed cell). Returns the height used, in mm."""
    p, row_h, gap = pg.p, 3.4, 2.5
    cx, cy = x, y
    for label, color in entries:
        need = 3.0 + p.fontMetrics().horizontalAdvance(label) / pg.dpmm
        if cx > x and cx + need > x + w:
            cx, cy = x, cy + row_h
        p.fillRect(pg.rect(cx, cy + 0.6, 2.2, 2.2), color)
        p.setPen(SOFT)
        p.drawText(pg.rect(cx + 3.0, cy, need, row_h), int(Qt.AlignmentFlag.AlignLeft), label)
        cx += need + gap
    return cy + row_h - y


def draw_map(pg: _Page, data: ReportData, x, y, w, h) -> None:
    """The plan on a world map, as vectors: countries and US states filled by its CO2e there, cloud regions
    and Canadian provinces as points, the plan's region outlined (as the window's map)."""
    from planner.core import geo

    p, u = pg.p, data.unit
    y += _chart_title(pg, x, y, w, CHART_TITLES["map"])
    try:
        lay = geo.layout(data.catalog)
    except Exception as exc:  # a damaged installation: say so in place of the map
        pg.font(7)
        pg.text(x, w, f"(map not available: {exc})", SOFT, y=y + 4)
        return
    values = data.results.region_values / MASS_UNITS[u]
    drawn = np.concatenate([values[lay.shape_regions[lay.shape_regions >= 0]], values[lay.point_regions]])
    limit = nice_ceiling(float(drawn.max()) if drawn.size else 1.0)
    narrow = w < 75  # a third of the row (beside the When chart): the key's words wrap beside a shorter bar
    key_h = 10.5 if narrow else 8.0
    mh = h - 5.5 - key_h
    scale = min(w / 350.0, mh / 141.0)  # lon -170..180, lat -57..84
    ox = x + (w - 350.0 * scale) / 2

    def pt(lon, lat):
        return QPointF(pg.mm(ox + (lon + 170.0) * scale), pg.mm(y + (84.0 - lat) * scale))

    colors = [QColor(c) for c in geo.SCALE]
    cls = geo.buckets(values[np.maximum(lay.shape_regions, 0)], limit)
    p.setPen(QPen(QColor(0, 0, 0, 110), pg.mm(0.05)))
    shape_paths = []
    for shape, region, c in zip(lay.shapes, lay.shape_regions, cls):
        path = QPainterPath()
        for ring in shape.rings:
            path.moveTo(pt(ring[0], ring[1]))
            for k in range(2, len(ring), 2):
                path.lineTo(pt(ring[k], ring[k + 1]))
            path.closeSubpath()
        p.setBrush(colors[c] if region >= 0 else QColor("#e4e6ea"))
        p.drawPath(path)
        shape_paths.append(path)
    pcls = geo.buckets(values[lay.point_regions], limit)
    r = pg.mm(0.55)
    p.setPen(QPen(INK, pg.mm(0.08)))
    for (lon, lat), g, c in zip(lay.point_lonlat, lay.point_groups, pcls):
        p.setBrush(colors[c])
        q = pt(lon, lat)
        if g == "aws":
            p.drawEllipse(q, r, r)
        elif g == "gcp":
            p.drawRect(QRectF(q.x() - r, q.y() - r, 2 * r, 2 * r))
        elif g == "site":  # a five-pointed star, as the window's map
            p.drawPolygon([QPointF(q.x() + (1.4 if k % 2 == 0 else 0.6) * r * math.sin(k * math.pi / 5),
                                   q.y() - (1.4 if k % 2 == 0 else 0.6) * r * math.cos(k * math.pi / 5))
                           for k in range(10)])
        elif g == "azure":
            p.drawPolygon([QPointF(q.x(), q.y() - r), QPointF(q.x() + r, q.y() + r), QPointF(q.x() - r, q.y() + r)])
        else:  # a Canadian province (and any other place drawn as a point): a diamond, as the window's map
            p.drawPolygon([QPointF(q.x(), q.y() - r), QPointF(q.x() + r, q.y()), QPointF(q.x(), q.y() + r),
                           QPointF(q.x() - r, q.y())])
    shapes, pts = geo.highlighted(lay, data.catalog, data.est.inputs.region.id)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(ACCENT, pg.mm(0.5)))
    for k in shapes:
        p.drawPath(shape_paths[k])
    for k in pts:
        p.drawEllipse(pt(*lay.point_lonlat[k]), r * 2.2, r * 2.2)
    # the key: the classes as one bar with its ends and middle labelled, then the markers
    ky = y + 141.0 * scale + 1.0
    bar_w = w * (0.36 if narrow else 0.45)
    bw = bar_w / len(colors)
    for k, c in enumerate(colors):
        p.fillRect(pg.rect(x + k * bw, ky, bw, 2.2), c)
    pg.font(5.5)
    p.setPen(SOFT)
    for v, frac, align in ((0.0, 0.0, Qt.AlignmentFlag.AlignLeft), (limit / 2, 0.5, Qt.AlignmentFlag.AlignHCenter),
                           (limit, 1.0, Qt.AlignmentFlag.AlignRight)):
        p.drawText(pg.rect(x + bar_w * frac - 10 * frac, ky + 2.3, 10, 3.4), int(align), fmt(v))  # 10 mm labels
    lines = (f"{u} CO2e · ● AWS ■ Google ▲ Azure", "◆ Canadian province ★ named site",
             "outlined: this plan's region · grey: no data")
    if narrow:
        p.drawText(pg.rect(x + bar_w + 2, ky - 0.5, w - bar_w - 2, key_h + 0.5),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), " · ".join(lines))
        return
    for k, line in enumerate(lines):
        p.drawText(pg.rect(x + bar_w + 2, ky - 0.5 + 2.9 * k, w - bar_w - 2, 3.4), int(Qt.AlignmentFlag.AlignLeft),
                   line)


def _value_axis(pg: _Page, x, px, pw, top, ph, limit, step, axis_w, unit: str, marks: bool = True) -> None:
    """A chart's frame: the bottom and left axes, the value ticks (``marks``: with tick marks) and the label."""
    p = pg.p
    p.setPen(QPen(SOFT, pg.mm(0.2)))
    p.drawLine(QPointF(pg.mm(px), pg.mm(top + ph)), QPointF(pg.mm(px + pw), pg.mm(top + ph)))
    p.drawLine(QPointF(pg.mm(px), pg.mm(top)), QPointF(pg.mm(px), pg.mm(top + ph)))
    pg.font(6.5)
    ticks = round(limit / step)
    for k in range(ticks + 1):
        ty = top + ph - ph * k / ticks
        if marks:
            p.drawLine(QPointF(pg.mm(px - 1), pg.mm(ty)), QPointF(pg.mm(px), pg.mm(ty)))
        p.drawText(pg.rect(x, ty - 2, axis_w - 2, 4), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                   fmt(step * k))
    if unit:
        p.save()
        p.translate(pg.mm(x + 1), pg.mm(top + ph / 2))
        p.rotate(-90)
        p.drawText(QRectF(pg.mm(-20), pg.mm(-1), pg.mm(40), pg.mm(4)), int(Qt.AlignmentFlag.AlignHCenter),
                   f"CO2e ({unit})")
        p.restore()


def draw_when(pg: _Page, data: ReportData, year, x, y, w, h) -> None:
    """The plan's CO2e for a start on every day of the year (as the window's When tab): the line, the yearly
    average dashed, the plan's start (accent) and the best start (green); the year in words and the data's
    credit under it."""
    p, u = pg.p, data.unit
    y += _chart_title(pg, x, y, w, "On every start day (UTC)")
    scale = MASS_UNITS[u]
    values = year.by_day / scale
    limit, step = nice_axis(max(float(values.max()), year.yearly_kg / scale, year.plan_kg / scale) * 1.08)
    axis_w = 16.0
    px, pw = x + axis_w, w - axis_w - 2
    top, ph = y + 1, h - 5.5 - 17  # under the axis: the months, then the year in words and the data's credit

    def at(day: float, v: float) -> QPointF:
        return QPointF(pg.mm(px + pw * day / 364), pg.mm(top + ph - ph * v / limit))

    _value_axis(pg, x, px, pw, top, ph, limit, step, axis_w, u)
    for day, name in year.month_ticks()[::2]:  # every other month: the labels fit a third of the page
        p.drawText(pg.rect(px + pw * day / 364 - 8, top + ph + 0.6, 16, 3.4), int(Qt.AlignmentFlag.AlignHCenter),
                   name)
    avg = QPen(INK, pg.mm(0.25))
    avg.setStyle(Qt.PenStyle.DashLine)
    p.setPen(avg)
    p.drawLine(at(0, year.yearly_kg / scale), at(364, year.yearly_kg / scale))
    line = QPainterPath(at(0, float(values[0])))
    for day in range(1, len(values)):
        line.lineTo(at(day, float(values[day])))
    p.setPen(QPen(QColor(style.LINE), pg.mm(0.35)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(line)
    marks = [(year.best_day, float(values[year.best_day]), QColor(style.BEST))]
    if year.chosen_day is not None:
        marks.append((year.chosen_day, year.plan_kg / scale, ACCENT))
    p.setPen(QPen(INK, pg.mm(0.2)))
    for day, v, color in marks:
        p.setBrush(color)
        p.drawEllipse(at(day, v), pg.mm(1.1), pg.mm(1.1))
    p.setBrush(Qt.BrushStyle.NoBrush)
    from planner.core.schedule import CREDIT

    best, flex = present.when_glance(data.results, year, u)
    marks = "green: the best start" + ("; red: this plan's start" if year.chosen_day is not None else "")
    pg.font(5.5)
    ty = top + ph + 4.2
    for text, color in ((f"{best} · {marks}", INK), (flex, INK),
                        (f"{CREDIT} (hourly {year.zone} {year.profile_year}).", SOFT)):
        p.setPen(color)
        height = pg.text_height(text, w)
        p.drawText(pg.rect(x, ty, w, height + 0.5), int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), text)
        ty += height + 0.3


def draw_lifetime(pg: _Page, data: ReportData, sv, x, y, w, h) -> None:
    """Cumulative CO2e over the model's life (as the window's Lifetime tab): training at day 0, then serving; serving
    alone dashed, training's level dotted, the break-even marked."""
    p, u = pg.p, data.unit
    scale = MASS_UNITS[u]
    t, s, days = data.est.emissions_kg / scale, sv.emissions_kg / scale, sv.days
    limit, step = nice_axis((t + s) * 1.08)
    axis_w = 16.0
    px, pw = x + axis_w, w - axis_w - 2
    top, ph = y + 1, h - 6

    def at(day: float, v: float) -> QPointF:
        return QPointF(pg.mm(px + pw * day / days), pg.mm(top + ph - ph * v / limit))

    _value_axis(pg, x, px, pw, top, ph, limit, step, axis_w, "", marks=False)
    dstep = nice_axis(days)[1]
    d = 0.0
    while d <= days * 1.0001:
        p.drawText(pg.rect(px + pw * d / days - 8, top + ph + 0.6, 16, 3.4), int(Qt.AlignmentFlag.AlignHCenter),
                   fmt(d))
        d += dstep
    p.drawText(pg.rect(px + pw - 40, top + ph + 3.2, 40, 3.4), int(Qt.AlignmentFlag.AlignRight),
               f"days; CO2e in {u}")
    dotted = QPen(QColor(style.PHASE_COLORS["training"]), pg.mm(0.3))
    dotted.setStyle(Qt.PenStyle.DotLine)
    p.setPen(dotted)
    p.drawLine(at(0, t), at(days, t))
    dashed = QPen(QColor(style.PHASE_COLORS["tuning"]), pg.mm(0.35))
    dashed.setStyle(Qt.PenStyle.DashLine)
    p.setPen(dashed)
    p.drawLine(at(0, 0), at(days, s))
    p.setPen(QPen(QColor(style.LINE), pg.mm(0.5)))
    p.drawLine(at(0, 0), at(0, t))
    p.drawLine(at(0, t), at(days, t + s))
    be = sv.break_even_days
    if be is not None and be <= days:
        p.setPen(QPen(INK, pg.mm(0.2)))
        p.setBrush(ACCENT)
        p.drawEllipse(at(be, t), pg.mm(1.1), pg.mm(1.1))
        p.setBrush(Qt.BrushStyle.NoBrush)


def draw_tornado(pg: _Page, data: ReportData, rows, x, y, w, h) -> None:
    """CO2e with each uncertain input at its 5th and 95th percentile, the others as estimated; a dashed line at
    the estimate; largest swing on top (as the window's tornado)."""
    p, u = pg.p, data.unit
    scale = MASS_UNITS[u]
    central = data.est.emissions_kg / scale
    top_value = max([central] + [t["high_emissions_kg"] / scale for t in rows])
    limit, step = nice_axis(top_value)
    label_w = 42.0
    bx, bw = x + label_w, w - label_w - 18
    row_h = (h - 9) / len(rows)
    low_c, high_c = QColor(style.PHASE_COLORS["training"]), QColor(style.PHASE_COLORS["tuning"])
    pg.font(7.5)
    for k, t in enumerate(rows):
        ry = y + k * row_h
        lo, hi = t["low_emissions_kg"] / scale, t["high_emissions_kg"] / scale
        p.setPen(INK)
        p.drawText(pg.rect(x, ry, label_w - 2, row_h), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                   t["label"])
        p.fillRect(pg.rect(bx + bw * lo / limit, ry + row_h * 0.2, bw * (central - lo) / limit, row_h * 0.6), low_c)
        p.fillRect(pg.rect(bx + bw * central / limit, ry + row_h * 0.2, bw * (hi - central) / limit, row_h * 0.6),
                   high_c)
        p.setPen(SOFT)
        p.drawText(pg.rect(bx + bw * hi / limit + 1, ry, 30, row_h),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{fmt(lo)} – {fmt(hi)}")
    axis_y = y + len(rows) * row_h + 0.5
    cx = bx + bw * central / limit
    p.setPen(QPen(INK, pg.mm(0.25), Qt.PenStyle.DashLine))
    p.drawLine(QPointF(pg.mm(cx), pg.mm(y)), QPointF(pg.mm(cx), pg.mm(axis_y)))
    p.setPen(QPen(SOFT, pg.mm(0.2)))
    p.drawLine(QPointF(pg.mm(bx), pg.mm(axis_y)), QPointF(pg.mm(bx + bw), pg.mm(axis_y)))
    pg.font(6.5)
    ticks = round(limit / step)
    for k in range(ticks + 1):
        tx = bx + bw * k / ticks
        p.drawLine(QPointF(pg.mm(tx), pg.mm(axis_y)), QPointF(pg.mm(tx), pg.mm(axis_y + 1)))
        p.drawText(pg.rect(tx - 8, axis_y + 1, 16, 4), int(Qt.AlignmentFlag.AlignHCenter), fmt(step * k))
    p.drawText(pg.rect(bx, axis_y + 4.5, bw, 4), int(Qt.AlignmentFlag.AlignHCenter),
               f"CO2e ({u}) with one input at its 5th and 95th percentile; dashed: the estimate")


# ------------------------------------------------------------------ document
@dataclass(frozen=True)
class PdfChart:
    """A chart of the window (its name in ``planner.ui.panels.charts.CHARTS``) on the PDF's first page: the row it
    sits in, beside the others of that row, its height (mm), how it is drawn, and whether this plan has it."""
    name: str
    row: int
    height: float
    draw: Callable[[_Page, ReportData, float, float, float, float], None]
    shown: Callable[[ReportData], bool] = lambda data: True


ROW_GAP = 5.0
PDF_CHARTS: tuple[PdfChart, ...] = (
    PdfChart("benchmarks", 0, 58.0, draw_benchmarks),
    PdfChart("phases", 0, 58.0, draw_phases),
    PdfChart("regions", 1, 48.0, draw_regions),
    PdfChart("map", 1, 48.0, draw_map),
    PdfChart("when", 1, 48.0, lambda pg, data, x, y, w, h: draw_when(pg, data, data.results.when(), x, y, w, h),
             shown=lambda data: data.results.when() is not None),  # a grid with hourly data: when, beside where
)
# the window's charts the PDF draws in a section of their own, with their words: "Which assumption matters most"
# (draw_tornado) and "The model's life" (draw_lifetime)
def draw_tradeoffs(pg: _Page, data: ReportData) -> None:
    """The plan against its budgets, what fits, and the plans no other beats (as the window's Trade-offs tab), as a
    table: drawn when the plan holds budgets (a compute request's page)."""
    pg.heading("Budgets and trade-offs", keep_with=30)
    pg.paragraph(present.fit_note(data.results), size=8.5, space=2)
    front = data.results.front()
    if front is None or not front.points:
        return
    text, _ = present.tradeoffs_key(data.results, data.unit)
    pg.paragraph(text.split("; colour")[0] + ".", size=7.5, color=SOFT, space=1.5)
    w = pg.width
    rows = [(p.label, fmt_mass(p.emissions_kg, data.unit), fmt_money(p.cost_usd),
             fmt_hours(p.wall_clock_hours)) for p in front.points[:8]]
    pg.table(rows, [w * 0.46, w * 0.18, w * 0.18, w * 0.18], size=7, pad=0.9,
             header=("Plan (accelerator · region · precision)", "CO2e", "Cloud cost", "Wall-clock"))


# (the Trade-offs tab's section: drawn only for a plan with budgets)
PDF_SECTIONS = {"sensitivity": draw_tornado, "lifetime": draw_lifetime, "tradeoffs": draw_tradeoffs}


def paint_pdf(path: str | Path, title: str, draw, page_size: QPageSize | None = None) -> int:
    """A PDF at ``path`` (overwritten), A4 or Letter by locale, its pages drawn by ``draw(page)``, which returns
    the page count (the plan's report and the portfolio's)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(600)
    writer.setTitle(title)
    writer.setCreator(f"Footprint Planner {__version__}")
    writer.setPageLayout(QPageLayout(page_size or page_size_for_locale(), QPageLayout.Orientation.Portrait,
                                     QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        return draw(_Page(writer, painter))
    finally:
        painter.end()


def render_pdf(data: ReportData, path: str | Path, page_size: QPageSize | None = None) -> int:
    """Draw the report into ``path`` (which is overwritten); returns the page count."""
    if data.est is None:
        raise ValueError("the plan cannot be estimated")
    return paint_pdf(path, f"Footprint summary: {data.plan.name}", lambda page: _draw(page, data), page_size)


NOTES_PAGES = 2  # the notes take at most this many pages; the rest is in the plan file


def notes_text(notes: str) -> str:
    """The notes as the PDF prints them: a run of blank lines as one (4,998 line breaks made 74 pages)."""
    import re

    return re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", notes)


def _draw(pg: _Page, data: ReportData) -> int:
    est, u, cat = data.est, data.unit, data.catalog
    i = est.inputs
    where = Path(data.source_path).name if data.source_path else "unsaved plan"
    pg.footer = f"{data.plan.name} · {where} · {date.today().isoformat()}"
    # title
    pg.flow(f"Footprint summary: {data.plan.name}", size=17, bold=True, space=0.8)  # a long name wraps, whole
    pg.paragraph(f"{date.today().isoformat()} · Footprint Planner {__version__} · "
                 f"{i.accelerator.id} × {i.count:,} · {i.region.id}", size=8.5, color=SOFT, space=3)

    # headline results: the window's cards, word for word
    cards = present.cards(data.results, data.chosen_unit, embodied=data.embodied, place="pdf")
    cw = pg.width / len(cards)
    pg.ensure(18)
    for k, card in enumerate(cards):
        cx = k * cw
        pg.p.fillRect(pg.rect(cx + 0.6, pg.y, cw - 1.2, 16.5), QColor("#f3f5f8"))
        _fitted_font(pg, card.title, cw - 5, 7.5, 5.5)  # one line: a wrapped title would run into the figure
        pg.text(cx + 2.5, cw - 5, card.title, SOFT, flags=Qt.TextFlag.TextSingleLine, y=pg.y + 1.2)
        size = _fitted_font(pg, card.value, cw - 5, 13.0, 7.0)
        pg.text(cx + 2.5, cw - 5, card.value, INK, flags=Qt.TextFlag.TextSingleLine,
                y=pg.y + 4.6 + (13 - size) * 0.18)
        size = 6.5  # the band in two lines at most, in the card: smaller type before it would overflow
        pg.font(size)
        while size > 5.0 and pg.text_height(card.band, cw - 5) > 5.6:
            size -= 0.5
            pg.font(size)
        pg.text(cx + 2.5, cw - 5, card.band, SOFT, y=pg.y + 11.0)
    pg.y += 19
    text, water, phase_text = present.comparison(data.results, u)
    pg.paragraph(f"{text} · {water}   ({phase_text})", size=10, bold=True, space=3)

    # the charts of PDF_CHARTS, row by row, each row's charts side by side
    chart_rows = [[c for c in PDF_CHARTS if c.row == r and c.shown(data)] for r in sorted({c.row for c in PDF_CHARTS})]
    chart_rows = [row for row in chart_rows if row]
    pg.ensure(sum(max(c.height for c in row) for row in chart_rows) + ROW_GAP * (len(chart_rows) - 1))
    for n, row in enumerate(chart_rows):
        gap = 6.0 if len(row) < 3 else 4.0
        w = (pg.width - gap * (len(row) - 1)) / len(row)
        for k, chart in enumerate(row):
            chart.draw(pg, data, k * (w + gap), pg.y, w, chart.height)
        pg.y += max(c.height for c in row) + (ROW_GAP if n < len(chart_rows) - 1 else 2.0)

    # inputs and equivalents
    pg.heading("The plan's inputs")
    rows = input_rows(data.results)
    half_rows = (len(rows) + 1) // 2
    left, right = rows[:half_rows], rows[half_rows:]
    merged = [(a[0], a[1], b[0] if b else "", b[1] if b else "") for a, b in
              zip(left, right + [None] * (len(left) - len(right)))]
    w = pg.width
    pg.table(merged, [w * 0.2, w * 0.3, w * 0.2, w * 0.3], label_cols=(0, 2))
    if data.plan.notes:
        pg.heading("Notes", keep_with=10)
        pg.flow(notes_text(data.plan.notes), size=9, space=2, max_pages=NOTES_PAGES,
                more=f"… the notes continue in the plan file ({where})." if data.source_path
                else "… the notes continue in the plan (save it to a file to keep them).")

    pg.heading("In everyday terms")
    shown = {b.id for b in present.bar_benchmarks(cat.benchmarks)}  # as the chart: per-km figures are too small
    eq = [(b, n) for b, n in est.equivalents(cat) if b.id in shown]
    cells = [(f"{b.name} ({fmt_mass_beside(b.kg_co2e, u, data.chosen_unit)} each)", present.how_many(n))
             for b, n in eq]  # (11 kg each, never 1.10e-5 kt)
    half = (len(cells) + 1) // 2  # two columns: each benchmark, its CO2e, and how many of it this plan is
    pairs = [(*a, *(b or ("", ""))) for a, b in zip(cells[:half], cells[half:] + [None] * (2 * half - len(cells)))]
    pg.table(pairs, [w * 0.41, w * 0.09, w * 0.41, w * 0.09], size=7, pad=0.9, label_cols=(0, 2))
    cited = "; ".join(dict.fromkeys(cite(b.source, b.year) for b, _ in eq))
    pg.paragraph(f"Sources: {cited}.", size=6.5, color=SOFT, space=2)

    pg.heading("Assumptions and sources")
    pg.table(sources(data.results), [w * 0.16, w * 0.24, w * 0.6], size=6.5, pad=1.0,
             header=("Input", "Value", "Source"))
    pg.paragraph("Energy = (accelerator-hours × power + host power × hours) × PUE; CO2e = energy × grid intensity "
                 "(operational); cost = accelerator-hours × price; 90%: 5th–95th percentile of a Monte Carlo over "
                 "the uncertain inputs. After Strubell et al. (2019) and Patterson et al. (2021).",
                 size=7.5, color=SOFT, space=3)

    rows = [t for t in data.uncertainty.tornado if t["swing_kg"] > 0]
    pg.heading("Which assumption matters most", keep_with=12 + 5 * len(rows))
    if rows:
        PDF_SECTIONS["sensitivity"](pg, data, rows, 0, pg.y, pg.width, 4.4 * len(rows) + 9)
        pg.y += 4.4 * len(rows) + 10
    spreads = "; ".join(f"{INPUT_LABELS[k]}: {d.describe}" for k, d in data.uncertainty.distributions.items()
                        if k not in ("price", "embodied", "server"))
    pg.paragraph(data.uncertainty.reading(lambda kg: fmt_mass(kg, u)) + (f" Spreads: {spreads}." if spreads else ""),
                 size=7, color=SOFT, space=2.5)

    sv = data.results.serving
    if sv is not None:  # after training: the model's life
        pg.heading("The model's life: training, then serving", keep_with=50)
        pg.ensure(42)
        PDF_SECTIONS["lifetime"](pg, data, sv, 0, pg.y, pg.width * 0.55, 40)
        lines = present.serving_lines(data.results, u)
        pg.font(7.5)
        ty = pg.y
        for line in lines:
            hgt = pg.text_height(line, pg.width * 0.42)
            pg.text(pg.width * 0.58, pg.width * 0.42, line, INK, y=ty)
            ty += hgt + 1
        pg.y = max(pg.y + 42, ty + 2)

    if present.budget_text(data.results):
        PDF_SECTIONS["tradeoffs"](pg, data)

    pg.heading("For your paper or compute request", keep_with=25)
    pg.paragraph(reporting_paragraph(data.results), size=9, space=2)
    pg.finish_page()
    return pg.pages


def write_report(data: ReportData, path: str | Path, page_size: QPageSize | None = None) -> int:
    """Write the PDF atomically: into a temporary file beside ``path``, then renamed over it.

    An existing file is replaced only once the new one is complete; on any
    failure it is left as it was and no temporary file remains. Raises OSError
    naming the path when the folder is not writable.
    """
    from planner.core.fileio import replacing

    folder = Path(path).parent
    if str(folder) and not folder.is_dir():
        raise FileNotFoundError(2, "no such folder", str(folder))
    with replacing(path, suffix=".part", check=_whole_pdf) as tmp:
        pages = render_pdf(data, tmp, page_size)
    return pages


def _whole_pdf(tmp: str) -> None:
    """A PDF ends with its end-of-file mark; Qt's writer says nothing when the disk fills up, so look."""
    import errno

    with open(tmp, "rb") as f:
        f.seek(max(os.path.getsize(tmp) - 1024, 0))
        if b"%%EOF" not in f.read():
            raise OSError(errno.ENOSPC, "the PDF could not be written whole (is the disk full?)")


def write_report_headless(plan: Plan, output: str | Path, catalog: Catalog | None = None,
                          source_path: str | None = None) -> int:
    """``planner report``: no display, no set-up; selects the offscreen platform itself."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["planner"])  # noqa: F841 (fonts need it)
    results = results_for(plan, catalog or default_catalog())
    if results.error is not None:
        raise results.error
    return write_report(ReportData(results, results.sweep("cloud"), source_path=source_path), output)
