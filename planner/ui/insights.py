"""When the plan stops changing: its 90% intervals, tornado and advice (the heavy parts of its results), then
``hub.settled``.

The parts are computed once per plan (``planner.core.results`` keeps them) 120 ms after the last edit, and
never before the window's first paint (NumPy's random module is not on the start-up path). While a slider
moves, the cards' intervals follow the estimate: the last settled plan's interval scaled by the change of the
estimate (the spreads are multiplicative).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from planner.core.metrics import METRIC
from planner.ui.hub import VIEW_ONLY

SETTLE_MS = 120  # the ranking waits until a drag pauses


class Insights(QObject):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub, self.state = hub, hub.state
        self.settled_results = None  # the results last settled
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.settle)
        hub.planChanged.connect(lambda changed: bool(changed - VIEW_ONLY) and self._timer.start())
        hub.started.connect(self._timer.start)

    @property
    def is_settled(self) -> bool:
        return self.settled_results is self.state.results

    def settle(self) -> None:
        """Compute the heavy parts of the plan in view (once per plan), then say so."""
        if not self.hub.is_started:
            return  # the first paint starts the timer again
        results = self.state.results
        results.uncertainty  # noqa: B018 (computed and kept by the results)
        results.advice()
        self.settled_results = results
        self.hub.settled.emit()

    def interval(self, results, key: str) -> tuple[float, float] | None:
        """The 90% interval (p5, p95) of ``key`` for ``results``: exact once computed; while the plan changes,
        the last settled one scaled by the change of the estimate; None before the first."""
        if results.has("uncertainty"):
            return results.interval(key)
        last = self.settled_results
        if last is None or not last.has("uncertainty") or last.uncertainty is None or results.estimate is None:
            return None
        p = last.uncertainty.percentiles.get(key)
        old, new = METRIC[key].value(last), METRIC[key].value(results)
        if p is None or old is None or new is None:
            return None
        f = new / old if old else 0.0
        return p["p5"] * f, p["p95"] * f
