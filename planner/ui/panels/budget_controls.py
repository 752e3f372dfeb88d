"""The editor's budget line and Fit button: whether the plan is within its budgets, what fits, and setting it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from planner.core.errors import PlanError
from planner.core.present import fit_note
from planner.core.solve import BUDGETS, changes, fit, plan_budgets
from planner.ui.widgets import info_label, plain_tip

SETTLE_MS = 150  # the line follows the plan once edits pause: a fit is a few dozen estimates (~5-10 ms)


class BudgetControls(QWidget):
    """Under the budget fields: the line (within or over each budget; what the largest ``budget.solve`` within them
    is, and which budget binds) and the Fit button, which sets that value as one undo step."""

    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub, self.state = hub, hub.state
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.info = info_label("budget.info", 3)
        lay.addWidget(self.info)
        row = QHBoxLayout()
        self.fit_button = QPushButton("Fit to budget")
        self.fit_button.setObjectName("budget.fit")
        self.fit_button.setToolTip("Set the field chosen in Fit to the largest value whose central estimate stays "
                                   "within every budget (undo restores it)")
        row.addWidget(self.fit_button)
        row.addStretch(1)
        lay.addLayout(row)
        self._shown: object = None
        self._timer = QTimer(self)  # (this widget as the timer's context: never after it is gone)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._show_fit)
        self.fit_button.clicked.connect(self.fit)

    def show_plan(self, plan) -> None:
        """The Fit button needs a budget; the line follows the plan once edits settle."""
        has = any(plan.get(b.path) is not None for b in BUDGETS)
        self.fit_button.setEnabled(has)
        if plan != self._shown:
            self._shown = plan
            self._timer.start()

    def _show_fit(self) -> None:
        text = fit_note(self.state.results)
        if self.info.text() != text:
            self.info.setText(text)
            self.info.setToolTip(plain_tip(text))

    def fit(self) -> None:
        """Set the fitted value (compute-optimal: the parameters and tokens together), as one undo step."""
        plan = self.state.plan
        try:
            found = fit(plan, self.state.catalog, plan_budgets(plan), plan.budget.solve)
        except PlanError as exc:
            self.hub.say(f"Cannot fit: {exc.message}", 8000)
            return
        self.state.set_many(changes(found.field, found.value))
        self.hub.say(found.text(), 8000)
