"""A lab's portfolio in the window (File → Open portfolio…): the totals with their 90% intervals, CO2e by month
stacked by region, and every plan in a table sortable by column; double-click opens a plan, Export PDF writes the
portfolio summary. A thin view over ``planner.core.portfolio``: every figure and word comes from there.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.portfolio import KEYS, SUMMED, UNSCHEDULED, Portfolio, read_portfolio, show, total_words
from planner.core.units import MASS_UNITS, fmt_start, resolve_mass_unit
from planner.ui import dialogs
from planner.ui.charts.base import Chart
from planner.ui.style import MUTED
from planner.ui.widgets import plain_tip

STACK_COLORS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")  # top regions, then "other"
SORT = Qt.ItemDataRole.UserRole + 1  # a cell's number, for sorting by value (not by its words)
PATH = Qt.ItemDataRole.UserRole + 2  # a row's plan file
COLUMNS = ("Plan", "Region", "Accelerator", "Start (UTC)", *(m.short or m.label for m in SUMMED))


class MonthsChart(Chart):
    """CO2e by month (or year past ``MONTHS_AT_MOST``, as the PDF), stacked by region: the top regions and "other";
    the plans without a start as the last bar. Bars are made once per shape and moved with setOpts."""

    def __init__(self, parent=None):
        super().__init__("chart.portfolio", "CO2e by month, stacked by region", parent)
        self.bars: list[pg.BarGraphItem] = []
        self.unit = "kg"
        self.periods: list[str] = []
        self.legend = QLabel()
        self.legend.setObjectName("chart.portfolio.key")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # (coloured keys; every name escaped)

    def update_chart(self, pf: Portfolio) -> None:
        period = pf.chart_period()
        periods, rows = pf.stacks(period=period)
        self.periods = periods
        top = float(sum(r for _, r in rows).max()) if rows and len(periods) else 0.0
        self.unit = resolve_mass_unit("auto", top)
        scale = MASS_UNITS[self.unit]
        while len(self.bars) < len(rows):
            bar = pg.BarGraphItem(x=[], height=[], width=0.8)
            self.plot_item.addItem(bar)
            self.bars.append(bar)
        base = np.zeros(len(periods))
        x = np.arange(len(periods), dtype=float)
        colors = [MUTED if name == "other" else STACK_COLORS[k % len(STACK_COLORS)] for k, (name, _) in enumerate(rows)]
        for k, bar in enumerate(self.bars):
            if k >= len(rows):
                bar.setOpts(x=[], height=[])
                continue
            name, values = rows[k]
            color = colors[k]
            bar.setOpts(x=x, y0=base / scale, height=values / scale, width=0.8, brush=color,
                        pen=pg.mkPen(self.fg, width=0.3))
            base = base + values
        step = max(1, len(periods) // 12)
        self.plot_item.getAxis("bottom").setTicks(
            [[(float(i), "no start" if p == UNSCHEDULED else p) for i, p in enumerate(periods) if i % step == 0
              or p == UNSCHEDULED]])
        self.plot_item.setLabel("left", f"CO2e ({self.unit})")
        self.plot_item.setXRange(-0.6, max(len(periods), 1) - 0.4, padding=0)
        self.fit_y(max(top / scale, 1e-9) * 1.08)
        self.legend.setText("&nbsp;&nbsp; ".join(f'<span style="color:{c}">■</span>&nbsp;{html.escape(name)}'
                                                  for c, (name, _) in zip(colors, rows)))
        self.setAccessibleDescription(
            f"CO2e by {period}: " + "; ".join(f"{p}: {show('emissions_kg', float(sum(r[i] for _, r in rows)))}"
                                              for i, p in enumerate(periods)))


class PortfolioDialog(QDialog):
    """The portfolio of plan files and folders: totals, the chart by month, the plans table."""

    openPlan = Signal(str)  # a plan's file, double-clicked

    def __init__(self, hub, paths: list[str], folder: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("dialog.portfolio")
        self.setWindowTitle("Portfolio")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1100, 720)
        self.hub, self.catalog, self.folder = hub, hub.state.catalog, folder
        self.paths: list[str] = []
        self.portfolio: Portfolio | None = None
        self.totals = QLabel()
        self.totals.setObjectName("dialog.portfolio.totals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.totals.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("dialog.portfolio.problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.chart = MonthsChart()
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.sorted = QSortFilterProxyModel(self)
        self.sorted.setSourceModel(self.model)
        self.sorted.setSortRole(SORT)
        self.table = QTableView()
        self.table.setObjectName("dialog.portfolio.table")
        self.table.setAccessibleName("The portfolio's plans")
        self.table.setModel(self.sorted)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self._open)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        chart_box = QWidget()
        col = QVBoxLayout(chart_box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.chart, 1)
        col.addWidget(self.chart.legend)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chart_box)
        split.addWidget(self.table)
        split.setSizes([300, 320])
        buttons = QHBoxLayout()
        for name, text, slot in (("add_files", "Add plans…", self.add_files), ("add_folder", "Add folder…",
                                                                                 self.add_folder),
                                 ("export_pdf", "Export PDF…", self.export_pdf)):
            b = QPushButton(text)
            b.setObjectName(f"dialog.portfolio.{name}")
            b.clicked.connect(lambda _=False, slot=slot: slot())
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.totals)
        lay.addWidget(self.problems)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)
        self.add(paths)

    # ------------------------------------------------------------ what it holds
    def add(self, paths: list[str]) -> None:
        """Add plan files or folders and sum again (a file named twice counts once)."""
        self.paths += [p for p in paths if p not in self.paths]
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            self.portfolio = read_portfolio(self.paths, self.catalog)
        finally:
            self.unsetCursor()
        self.fill()

    def add_files(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Add plans to the portfolio", self.folder or str(Path.home()),
                                                    dialogs.PLAN_FILTER)
        if paths:
            self.add(list(paths))

    def add_folder(self, folder: str | None = None) -> None:
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Add a folder of plans", self.folder or str(Path.home()))
        if folder:
            self.add([folder])

    def fill(self) -> None:
        pf = self.portfolio
        if pf is None:
            return
        n = len(pf)
        self.totals.setText(f"{n} plan{'' if n == 1 else 's'}: " + " · ".join(
            f"{label} {value} ({band})" for label, value, band in total_words(pf)))
        self.problems.setVisible(bool(pf.problems))
        self.problems.setText(f"{len(pf.problems)} file(s) left out: " + "; ".join(str(p) for p in pf.problems[:5])
                              + (" …" if len(pf.problems) > 5 else ""))
        self.problems.setToolTip(plain_tip("\n".join(str(p) for p in pf.problems)))
        self.model.removeRows(0, self.model.rowCount())
        for e in pf.entries:
            cells = [(e.name, e.name.lower()), (e.region, e.region), (e.accelerator, e.accelerator),
                     (fmt_start(e.start) if e.start else "no start", e.start or "~")]
            for k in KEYS:
                v = e.value(k)
                cells.append((show(k, v), -1.0 if v is None else v))
            row = []
            for text, key in cells:
                item = QStandardItem(text)
                item.setData(key, SORT)
                item.setData(e.file, PATH)
                item.setToolTip(plain_tip(f"{e.file}\nDouble-click to open the plan"))
                if isinstance(key, float):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row.append(item)
            self.model.appendRow(row)
        self.table.sortByColumn(COLUMNS.index(SUMMED[0].short or SUMMED[0].label), Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self.chart.update_chart(pf)

    def _open(self, index) -> None:
        path = index.data(PATH)
        if path:
            self.openPlan.emit(path)

    def export_pdf(self, path: str | None = None) -> None:
        """Write the portfolio summary (one or two pages) atomically; a failure is said, naming the file."""
        from planner.ui.portfolio_report import write_portfolio_report

        if self.portfolio is None or not len(self.portfolio):
            dialogs.warn(self, "Nothing to export", "The portfolio holds no plan that could be estimated.")
            return
        if path is None:
            start = str(Path(self.folder or Path.home()) / "portfolio.pdf")
            path, _ = QFileDialog.getSaveFileName(self, "Export the portfolio as PDF", start, "PDF files (*.pdf)")
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            pages = write_portfolio_report(self.portfolio, path)
        except OSError as exc:
            from planner.core.fileio import describe_os_error

            dialogs.warn(self, "Could not export the portfolio", f"{path}: {describe_os_error(exc)}")
            return
        self.hub.say(f"Wrote {path} ({pages} page{'' if pages == 1 else 's'})", 6000)

