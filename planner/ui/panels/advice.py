"""What would cut it most: the ranked suggestions for the plan in view, each applied by one click (undoable).

The ranking is computed when the plan settles (``planner.ui.insights``); while the plan changes the list is
greyed, so no ranking of another plan can be applied.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from planner.core.present import PROJECT_HEADING, advice_effect, advice_heading, advice_tooltip, advice_unit
from planner.ui.hub import VIEW_ONLY
from planner.ui.widgets import AdviceList, info_label, plain_tip, styled


def styled_item(item: QListWidgetItem) -> None:
    """A heading row of the list: bold, no background of its own."""
    font = item.font()
    font.setBold(True)
    item.setFont(font)


class AdvicePanel(QWidget):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub, self.state = hub, hub.state
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        title = QLabel("What would cut it most")
        styled(title, 0, bold=True)
        self.basis = info_label("advice.basis")  # what it ranks by, when more than the CO2e card (a served plan)
        self.basis.hide()
        self.list = AdviceList()
        self.list.setObjectName("advice")
        self.list.setAccessibleName("Suggestions that would cut the footprint, largest first")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap the items when the width changes
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.setToolTip("Click a suggestion, or select it and press Enter or Space, to apply it; Ctrl+Z "
                             "undoes it")
        self.apply = QPushButton("Apply")
        self.apply.setObjectName("advice.apply")
        self.apply.setToolTip("Apply the selected suggestion to the plan (undoable)")
        col.addWidget(title)
        col.addWidget(self.basis)
        col.addWidget(self.list, 1)
        col.addWidget(self.apply)
        self.suggestions: list = []
        self.stale = True  # greyed until the first ranking
        self.list.setEnabled(False)
        # one click applies (undoable); Enter or Space on the selected one, or the Apply button, for the keyboard
        self.rows = []
        self.list.itemClicked.connect(lambda item: self.apply_suggestion(self._index(self.list.row(item))))
        self.apply.clicked.connect(lambda: self.apply_suggestion(self._index(self.list.currentRow())))
        self.list.applyRequested.connect(lambda row: self.apply_suggestion(self._index(row)))
        hub.planChanged.connect(self._plan_changed)
        hub.viewChanged.connect(lambda what: what == "unit" and not self.stale and self.show_advice())
        hub.settled.connect(self.show_advice)

    def _plan_changed(self, changed: set) -> None:
        if changed - VIEW_ONLY and not self.stale:  # never show a ranking for another plan: grey it until redone
            self.stale = True
            self.list.setEnabled(False)
            self.apply.setEnabled(False)

    def show_advice(self) -> None:
        results = self.state.results
        self.suggestions = results.advice()
        self.rows: list[int] = []  # the list's row of each suggestion (a heading row sits before the project's)
        u = advice_unit(results, self.hub.unit)
        served = results.ok and results.serving is not None
        self.basis.setVisible(served)
        if served:
            self.basis.setText(f"Ranked by {advice_heading(results, self.hub.unit)}")
        self.list.clear()
        for k, s in enumerate(self.suggestions):
            if s.changes_project and (k == 0 or not self.suggestions[k - 1].changes_project):
                head = QListWidgetItem(f"{PROJECT_HEADING}:")
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: read, not selectable, never applied
                styled_item(head)
                self.list.addItem(head)
            item = QListWidgetItem(f"{advice_effect(s, u)}\n{s.change}")
            item.setToolTip(plain_tip(advice_tooltip(s, u)))
            self.rows.append(self.list.count())
            self.list.addItem(item)
        self.apply.setEnabled(bool(self.suggestions))
        self.list.fit_items()
        self.list.setEnabled(True)
        self.stale = False
        if self.suggestions:
            self.list.setCurrentRow(self.rows[0])

    def _index(self, row: int) -> int:
        """The suggestion shown at a row of the list (-1 for a heading)."""
        return self.rows.index(row) if row in self.rows else -1

    def apply_suggestion(self, row: int) -> None:
        if not self.stale and 0 <= row < len(self.suggestions):
            s = self.suggestions[row]
            self.state.replace(s.plan)  # one undoable step
            self.hub.say(f"Applied: {s.change} (Ctrl+Z to undo)", 8000)
