"""The portfolio's PDF: one or two pages, every figure from ``planner.core.portfolio``.

The totals with their 90% intervals, CO2e by month (by year for a portfolio over more than three years) stacked by
region with the unscheduled plans beside, the years against their budgets, the regions and accelerators, and the
plans, largest CO2e first (the first ``TOP_PLANS``: the rest are counted). QtGui only, like the plan's PDF
(``planner.ui.report``), whose page helper, checks and atomic write it uses: no display needed.
"""

from __future__ import annotations

import math
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPageSize

from planner import __version__
from planner.core.portfolio import (
    BUDGET_FIGURES,
    GROUP_TITLES,
    KEYS,
    SUMMED,
    UNSCHEDULED,
    BudgetCheck,
    Portfolio,
    notes,
    show,
    total_words,
    without_text,
)
from planner.core.solve import BY_KEY
from planner.core.units import MASS_UNITS, fmt, fmt_mass, fmt_percent_of, nice_axis, resolve_mass_unit
from planner.ui import style
from planner.ui.report import (
    INK,
    MUTED,
    SOFT,
    _chart_title,
    _fitted_font,
    _flow_key,
    _Page,
    _value_axis,
    _whole_pdf,
    paint_pdf,
)

TOP_PLANS = 20  # the plans listed by name; the rest are counted
TOP_GROUPS = 8  # regions and accelerators listed; the rest are counted
TOP_ROWS = 10  # years listed, in the figures and against the budgets
STACKED = 5  # regions stacked by colour; the rest are "other"
STACK_COLORS = [QColor(c) for c in (style.LINE, style.GROUP_COLORS["aws"], style.BEST,
                                    style.GROUP_COLORS["subnational"], style.GROUP_COLORS["gcp"])]
OTHER = QColor(style.GROUP_COLORS["other"])
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHART_H = 62.0


# ------------------------------------------------------------------ the parts
def draw_cards(pg: _Page, pf: Portfolio) -> None:
    """The totals as the plan's PDF draws its cards: the figure, and under it its 90% interval."""
    words = total_words(pf)
    cw = pg.width / len(words)
    pg.ensure(18)
    for k, (title, value, band) in enumerate(words):
        cx = k * cw
        pg.p.fillRect(pg.rect(cx + 0.6, pg.y, cw - 1.2, 16.5), QColor("#f3f5f8"))
        _fitted_font(pg, title, cw - 5, 7.5, 5.5)
        pg.text(cx + 2.5, cw - 5, title, SOFT, flags=Qt.TextFlag.TextSingleLine, y=pg.y + 1.2)
        size = _fitted_font(pg, value, cw - 5, 13.0, 7.0)
        pg.text(cx + 2.5, cw - 5, value, INK, flags=Qt.TextFlag.TextSingleLine, y=pg.y + 4.6 + (13 - size) * 0.18)
        size = 6.5  # the interval in two lines at most, in the card
        pg.font(size)
        while size > 5.0 and pg.text_height(band, cw - 5) > 5.6:
            size -= 0.5
            pg.font(size)
        pg.text(cx + 2.5, cw - 5, band, SOFT, y=pg.y + 11.0)
    pg.y += 19


def _bar_labels(periods: list[str], period: str) -> list[tuple[str, str]]:
    """Under each bar: (its label, the year under it where a year starts); a month is "Mar", a year "2026"."""
    if period == "year":
        return [(p, "") for p in periods]
    return [(MONTH_NAMES[int(p[5:]) - 1], p[:4] if k == 0 or p[5:] == "01" else "") for k, p in enumerate(periods)]


def draw_by_month(pg: _Page, pf: Portfolio, x: float, y: float, w: float, h: float) -> None:
    """CO2e by month (UTC) or year, stacked by region (the largest ``STACKED``, then the rest); the plans without
    a start in a bar of their own after a gap, hatched."""
    p = pg.p
    period = pf.chart_period()
    periods, stacks = pf.stacks("emissions_kg", period, by="region", top=STACKED)
    columns = [k for k, g in enumerate(periods) if g != UNSCHEDULED] + \
        ([len(periods)] if periods and periods[-1] == UNSCHEDULED else [])  # a slot's gap before the unscheduled
    heights = [sum(row[k] for _, row in stacks) for k in range(len(periods))]
    unit = resolve_mass_unit("auto", max(heights, default=0.0))
    scale = MASS_UNITS[unit]
    y += _chart_title(pg, x, y, w, f"CO2e by {period} (UTC), by region; a plan spread over its {period}s by its hours")
    limit, step = nice_axis(max(heights, default=1.0) / scale * 1.05)
    axis_w, key_h, label_h = 16.0, 4.0, 7.0
    px, pw = x + axis_w, w - axis_w - 1
    top, ph = y + 1, h - 5.5 - label_h - key_h - 2
    slot = pw / max(columns[-1] + 1 if columns else 1, 1)
    bar = min(slot * 0.76, 14.0)
    colors = {g: (STACK_COLORS[k] if g != "other" else OTHER) for k, (g, _) in enumerate(stacks)}
    for k, col in enumerate(columns):
        bx, base = px + col * slot + (slot - bar) / 2, 0.0
        for g, row in stacks:
            v = row[k] / scale
            p.fillRect(pg.rect(bx, top + ph - ph * (base + v) / limit, bar, ph * v / limit), colors[g])
            base += v
        if periods[k] == UNSCHEDULED:
            p.fillRect(pg.rect(bx, top + ph - ph * base / limit, bar, ph * base / limit),
                       QBrush(INK, Qt.BrushStyle.BDiagPattern))
    _value_axis(pg, x, px, pw, top, ph, limit, step, axis_w, unit)
    pg.font(6)
    labels = _bar_labels([g for g in periods if g != UNSCHEDULED], period) + [("no start", "")] * (
        len(columns) - len([g for g in periods if g != UNSCHEDULED]))
    every = max(1, math.ceil(len(labels) * 9.0 / pw))  # a label ~9 mm wide: every n-th bar's
    p.setPen(SOFT)
    for k, (col, (label, year)) in enumerate(zip(columns, labels)):
        cx = px + col * slot + slot / 2
        if k % every == 0 or label == "no start":
            p.drawText(pg.rect(cx - 6, top + ph + 0.6, 12, 3.2), int(Qt.AlignmentFlag.AlignHCenter), label)
        if year:
            p.drawText(pg.rect(cx - 6, top + ph + 3.4, 12, 3.2), int(Qt.AlignmentFlag.AlignHCenter), year)
    pg.font(6.5)
    entries = [(g, colors[g]) for g, _ in stacks] + \
        [("hatched: no start", MUTED)] * (bool(periods) and periods[-1] == UNSCHEDULED)
    _flow_key(pg, entries, px, top + ph + label_h, pw)


def _figure_cells(figures, keys=KEYS) -> list[str]:
    return [show(k, None if figures.get(k) is None else figures[k].shown) for k in keys]


def _more(n: int, what: str) -> str:
    return f"… and {fmt(n)} more {what}" if n > 0 else ""


def _widths(pg: _Page, first: float, rest: int) -> list[float]:
    return [pg.width * first, pg.width * 0.07] + [pg.width * (0.93 - first) / rest] * rest


def draw_years(pg: _Page, pf: Portfolio, budgets: dict[str, float] | None) -> None:
    """Each calendar year's figures (the unscheduled plans last), and each yearly budget against them."""
    pg.heading("By year and against budgets" if budgets else "By year", keep_with=16)
    counts = pf.plan_counts("year")
    groups = list(pf.groups("year").items())
    rows = [[g, fmt(counts[g]), *_figure_cells(figs)] for g, figs in _capped(groups)]
    heads = [m.short or m.label for m in SUMMED]
    pg.table(rows, _widths(pg, 0.15, len(KEYS)), size=7, pad=0.9, header=["Year", "Plans", *heads])
    if len(groups) > len(rows):
        pg.paragraph(_more(len(groups) - len(rows), "years (planner portfolio --json lists them)"), size=7,
                     color=SOFT, space=1.5)
    if not budgets:
        return
    by_period: dict[str, list[str]] = {}
    for c in pf.budget_checks(budgets):
        by_period.setdefault(c.period, []).append(_verdict(c))
    heads = [f"{BY_KEY[b].label[:1].upper()}{BY_KEY[b].label[1:]} ≤ {show(BUDGET_FIGURES[b], v)}"
             for b, v in budgets.items()]
    rows = [[period, *cells] for period, cells in _capped(list(by_period.items()))]
    pg.table(rows, [pg.width * 0.15] + [pg.width * 0.85 / len(budgets)] * len(budgets), size=7, pad=0.9,
             header=["Yearly budget", *heads])
    if len(by_period) > len(rows):
        pg.paragraph(_more(len(by_period) - len(rows), "years (planner portfolio --json lists them)"), size=7,
                     color=SOFT, space=1.5)
    pg.paragraph("Each calendar year's total against each budget, at its central figure and at its 95th percentile "
                 "(p95); the unscheduled plans as if run in one year.", size=6.5, color=SOFT, space=2)


def _capped(periods: list) -> list:
    """The first ``TOP_ROWS`` years, and the unscheduled plans' row always."""
    return periods[:TOP_ROWS] + [p for p in periods[TOP_ROWS:] if p[0] == UNSCHEDULED]


def _verdict(c: BudgetCheck) -> str:
    """"over", "within", or "within (p95 over)"; and the plans the figure leaves out."""
    if c.over is None:
        return "no price"
    text = "over" if c.over else "within (p95 over)" if c.over_p95 else "within"
    return text + (f"; {without_text(c.key, c.figure.without)}" if c.figure.without else "")


def draw_groups(pg: _Page, pf: Portfolio) -> None:
    """The regions and the accelerators, side by side, largest CO2e first."""
    keys = ("emissions_kg", "energy_kwh")
    sides = []
    for name in ("region", "accelerator"):
        counts = pf.plan_counts(name)
        groups = list(pf.groups(name).items())
        rows = [[g, fmt(counts[g]), *_figure_cells(figs, keys)] for g, figs in groups[:TOP_GROUPS]]
        if len(groups) > TOP_GROUPS:
            rows.append([_more(len(groups) - TOP_GROUPS, f"{name}s"), "", "", ""])
        sides.append(rows)
    depth = max(len(rows) for rows in sides)
    left, right = (rows + [[""] * 4] * (depth - len(rows)) for rows in sides)
    rows = [a + b for a, b in zip(left, right)]
    pg.heading(f"{GROUP_TITLES['region']} and {GROUP_TITLES['accelerator'].lower()}", keep_with=4.2 * depth + 6)
    w = pg.width
    pg.table(rows, [w * 0.2, w * 0.06, w * 0.12, w * 0.12, w * 0.2, w * 0.06, w * 0.12, w * 0.12], size=7, pad=0.9,
             header=["Region", "Plans", "CO2e", "Energy", "Accelerator", "Plans", "CO2e", "Energy"], label_cols=(0, 4))


def _name(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def draw_plans(pg: _Page, pf: Portfolio) -> None:
    """The plans, largest CO2e first: the first ``TOP_PLANS``, then how many more and their share of the CO2e."""
    ranked = pf.ranked()
    shown = ranked[:TOP_PLANS]
    title = "The plans, largest CO2e first" + (f" (the first {len(shown)} of {len(ranked)})"
                                                if len(ranked) > len(shown) else "")
    pg.heading(title, keep_with=20)
    heads = [m.short or m.label for m in SUMMED]
    rows = [[_name(e.name, 48), e.start[:10] if e.start else "no start", *_figure_cells(e.figures)] for e in shown]
    w = pg.width
    pg.table(rows, [w * 0.3, w * 0.1] + [w * 0.6 / len(KEYS)] * len(KEYS), size=6.5, pad=0.8,
             header=["Plan", "Start", *heads])
    rest = ranked[len(shown):]
    if rest:
        kg = sum(e.value("emissions_kg") or 0.0 for e in rest)
        share = fmt_percent_of(kg, pf.total["emissions_kg"].value)
        pg.paragraph(f"{_more(len(rest), 'plans')}: {fmt_mass(kg, 'auto')} of CO2e, {share} of the total "
                     "(planner portfolio --json lists every plan with its 90% intervals).", size=7, color=SOFT,
                     space=2)


def draw_problems(pg: _Page, pf: Portfolio, most: int = 5) -> None:
    if not pf.problems:
        return
    pg.heading(f"Left out: {fmt(len(pf.problems))} file{'' if len(pf.problems) == 1 else 's'} could not be read",
               keep_with=8)
    lines = [_name(str(problem), 160) for problem in pf.problems[:most]]
    if len(pf.problems) > most:
        lines.append(_more(len(pf.problems) - most, "(planner portfolio --json lists them under problems)"))
    pg.paragraph("\n".join(lines), size=7, color=SOFT, space=2)


def _draw(pg: _Page, pf: Portfolio, budgets: dict[str, float] | None) -> int:
    today = date.today().isoformat()
    plans = f"{fmt(len(pf))} plan{'' if len(pf) == 1 else 's'}"
    pg.footer = f"Portfolio summary · {plans} · {today}"
    pg.paragraph(f"Portfolio summary: {plans}", size=17, bold=True, space=0.8)
    left = f" · {fmt(len(pf.problems))} left out" if pf.problems else ""
    pg.paragraph(f"{today} · Footprint Planner {__version__} · {plans}{left} · training only, location-based CO2e",
                 size=8.5, color=SOFT, space=3)
    draw_cards(pg, pf)
    missing = [without_text(k, f.without) for k, f in pf.total.items() if f.without]
    pg.paragraph(" ".join(notes() + [f"{m.capitalize()}." for m in missing]), size=6.5, color=SOFT, space=2.5)
    pg.ensure(CHART_H)
    draw_by_month(pg, pf, 0, pg.y, pg.width, CHART_H)
    pg.y += CHART_H + 2
    draw_years(pg, pf, budgets)
    draw_groups(pg, pf)
    draw_plans(pg, pf)
    draw_problems(pg, pf)
    pg.paragraph(f"Totals: each figure the sum of the plans' own. 90% intervals: {pf.method}; never the sum of the "
                 "plans' intervals. A plan's figures are spread over the months (UTC) its "
                 "wall-clock covers, by its hours in each; plans without a start are counted apart. Training only "
                 "(serving is not in it); CO2e location-based, operational (embodied not in it). docs/methodology.md, "
                 "A portfolio of plans.", size=6.5, color=SOFT, space=1)
    pg.finish_page()
    return pg.pages


# ------------------------------------------------------------------ the document
def render_portfolio_pdf(pf: Portfolio, path: str | Path, budgets: dict[str, float] | None = None,
                         page_size: QPageSize | None = None) -> int:
    """Draw the portfolio's summary into ``path`` (overwritten); returns the page count."""
    if not len(pf):
        raise ValueError("the portfolio has no plan")
    return paint_pdf(path, f"Portfolio summary: {len(pf)} plans", lambda page: _draw(page, pf, budgets), page_size)


def write_portfolio_report(pf: Portfolio, path: str | Path, budgets: dict[str, float] | None = None,
                           page_size: QPageSize | None = None) -> int:
    """Write the PDF atomically, as the plan's PDF is written (``planner.ui.report.write_report``): an existing
    file is replaced only by a whole new one."""
    from planner.core.fileio import replacing

    folder = Path(path).parent
    if str(folder) and not folder.is_dir():
        raise FileNotFoundError(2, "no such folder", str(folder))
    with replacing(path, suffix=".part", check=_whole_pdf) as tmp:
        pages = render_portfolio_pdf(pf, tmp, budgets, page_size)
    return pages


def write_portfolio_report_headless(pf: Portfolio, output: str | Path,
                                    budgets: dict[str, float] | None = None) -> int:
    """``planner portfolio -o``: no display, no set-up; selects the offscreen platform itself."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["planner"])  # noqa: F841 (fonts need it)
    return write_portfolio_report(pf, output, budgets)

