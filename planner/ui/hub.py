"""The window's one signal hub (after novelWriter's): the panels, the document and the dialogs talk through it,
never to each other.

The hub owns nothing but wiring and the view's options. The plan and its results live in the core's
``PlanState``; the hub turns the state's notifications into a Qt signal, so a panel connects to the changes it
shows and nothing else:

* ``planChanged(set)``: the changed field paths (``{"hardware.count"}``), or ``"*"`` for a whole new plan, and
  ``"document"``, ``"history"``, ``"baseline"``, ``"released"``, ``"region_filter"``;
* ``viewChanged(str)``: ``"unit"``, ``"log"`` or ``"embodied"`` (the view, not the plan);
* ``settled()``: the plan stopped changing and its heavy results (intervals, advice) are ready;
* ``started()``: the window's first paint is done; what it did not need may be built now;
* ``status(text, ms)``, ``editRefused(path, message)``: what the status bar and a field say.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from planner.core.errors import PlanError
from planner.core.present import precision_note
from planner.core.state import PlanState
from planner.core.units import MASS_CHOICES

# changes that alter nothing worth autosaving or re-ranking: the view, the document, the history
VIEW_ONLY = {"startup", "baseline", "history", "region_filter", "document"}


class Hub(QObject):
    planChanged = Signal(object)  # set[str]
    viewChanged = Signal(str)
    settled = Signal()
    started = Signal()
    status = Signal(str, int)
    editRefused = Signal(str, str)  # path, message

    def __init__(self, state: PlanState, parent=None):
        super().__init__(parent)
        self.state = state
        self.catalog = state.catalog
        self.unit = "auto"  # "auto", "kg", "t", "lb"
        self.log_axis = True  # the benchmarks span five orders of magnitude
        self.show_embodied = True
        self.is_started = False
        state.subscribe(self._state_changed)

    def _state_changed(self, state, changed: set) -> None:
        self.planChanged.emit(changed)

    def detach(self) -> None:
        """The window closes: stop listening to the state (which may outlive it)."""
        self.state.unsubscribe(self._state_changed)

    # -- edits from any panel
    def edit(self, path: str, value) -> bool:
        """Set one plan field; a refusal goes to the field (``editRefused``) or the status bar."""
        before = self.state.plan.hardware.precision
        try:
            self.state.set(path, value)
        except PlanError as exc:
            self.editRefused.emit(exc.field if exc.field else path, exc.message)
            return False
        if self.state.plan.hardware.precision != before and path != "hardware.precision":
            self.say(precision_note(self.catalog.accelerators[self.state.plan.hardware.accelerator], before), 8000)
        return True

    def say(self, text: str, ms: int = 6000) -> None:
        self.status.emit(text, ms)

    # -- the view's options
    def set_unit(self, unit: str) -> None:
        if unit in MASS_CHOICES and unit != self.unit:
            self.unit = unit
            self.viewChanged.emit("unit")

    def set_log_axis(self, on: bool) -> None:
        if bool(on) != self.log_axis:
            self.log_axis = bool(on)
            self.viewChanged.emit("log")

    def set_show_embodied(self, on: bool) -> None:
        if bool(on) != self.show_embodied:
            self.show_embodied = bool(on)
            self.viewChanged.emit("embodied")

    def start(self) -> None:
        """The first paint is done: deferred work may run now (once)."""
        if not self.is_started:
            self.is_started = True
            self.started.emit()
