"""Several plans side by side: the current one, the pinned baseline, and any plan files added."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from planner.core.errors import PlannerError
from planner.core.plan import Plan, load_plan
from planner.core.summary import compare_rows
from planner.ui import dialogs


class CompareDialog(QDialog):
    """Several plans side by side: the current one, the baseline, and any plan files added."""

    def __init__(self, hub, folder: str = "", parent=None):
        """``hub``: the window's hub (its state and unit); ``folder``: where Add starts."""
        super().__init__(parent)
        self.setObjectName("dialog.compare")
        self.setWindowTitle("Compare plans")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 420)
        self.hub, self.state, self.folder = hub, hub.state, folder
        self.extra: list[tuple[str, Plan]] = []
        self.table = QTableWidget()
        self.table.setObjectName("dialog.compare.table")
        self.table.setAccessibleName("Plans compared")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        add = QPushButton("Add plan files…")
        add.setObjectName("dialog.compare.add")
        add.clicked.connect(lambda: self.add_files())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        row.addWidget(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(row)
        hub.planChanged.connect(self.fill)
        hub.viewChanged.connect(self.fill)
        self.fill()

    def plans(self) -> list[tuple[str, Plan]]:
        st = self.state
        out = [(f"Current: {st.plan.name}", st.plan)]
        if st.baseline is not None:
            out.append((f"Baseline: {st.baseline.name}", st.baseline))
        return out + self.extra

    def add_files(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Add plans to compare", self.folder or str(Path.home()),
                                                    dialogs.PLAN_FILTER)
        problems = []
        for p in paths:
            try:
                self.extra.append((Path(p).name, load_plan(p, self.state.catalog)))
            except PlannerError as exc:
                problems.append(str(exc))
        if problems:
            dialogs.warn(self, "Some plans could not be added", "\n".join(problems))
        self.fill()

    def fill(self, *_) -> None:
        plans = self.plans()
        reference = 1 if self.state.baseline is not None else 0  # Δ = plan − baseline, as on the cards
        header, rows = compare_rows([p for _, p in plans], self.state.catalog, self.hub.unit, reference)
        self.table.setColumnCount(len(plans))
        self.table.setRowCount(len(rows))
        # a long plan name wraps in its header instead of widening its column past its figures
        self.table.setHorizontalHeaderLabels([textwrap.fill(name, 24) for name, _ in plans])
        self.table.setVerticalHeaderLabels([label for label, _ in rows])
        for r, (_, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._fit_width()

    def showEvent(self, event):  # noqa: N802 (Qt naming)
        super().showEvent(event)
        self._fit_width()  # the headers' widths are known once shown

    def _fit_width(self) -> None:
        """Wide enough for every column (the baseline's was cut with two plans added), within the screen."""
        table = self.table
        need = (table.verticalHeader().width() + sum(table.columnWidth(c) for c in range(table.columnCount()))
                + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width() + 4)
        margins = self.layout().contentsMargins()
        screen = self.screen().availableGeometry().width() if self.screen() is not None else 1600
        width = min(need + margins.left() + margins.right(), int(screen * 0.95))
        if width > self.width():
            self.resize(width, self.height())
