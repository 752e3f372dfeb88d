"""A plain, Qt-free state object that the window binds to (glue's approach).

``PlanState`` holds the current plan, validates every edit through the plan
model, gives the plan's results (``planner.core.results``, computed lazily) and
tells its listeners what changed: the set of changed field paths, or ``"*"``
for a whole new plan, plus ``"document"``, ``"history"``, ``"baseline"``,
``"released"`` and ``"region_filter"``. Widgets never compute anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.core.catalog import Catalog, default_catalog
from planner.core.errors import PlanError
from planner.core.estimate import Estimate, RegionSweep, region_mask
from planner.core.fields import SPECS
from planner.core.plan import Plan, check_references
from planner.core.results import REGION_FILTERS, Results, results_for

Changes = set[str]  # what changed: field paths, "*", "document", "history", … (named apart: PlanState.set shadows set)
Listener = Callable[["PlanState", Changes], None]
MAX_UNDO = 500  # undo steps kept; the oldest go first
__all__ = ["MAX_UNDO", "REGION_FILTERS", "PlanState"]


class PlanState:
    """The open plan as a document: the plan, its file, its undo history, a baseline."""

    def __init__(self, plan: Plan | None = None, catalog: Catalog | None = None, path: str | None = None):
        self.catalog = catalog or default_catalog()
        self._plan = plan or Plan.from_dict(self.catalog.presets["default"].plan, self.catalog)
        self.path = path
        self._saved: Plan | None = self._plan  # what the file (or the fresh document) holds
        self._undo: list[Plan] = []
        self._redo: list[Plan] = []
        self._group_start: Plan | None = None
        self.baseline: Plan | None = None
        self._listeners: list[Listener] = []
        self._results: Results | None = None
        self.region_filter = "cloud"
        self.released: list = []  # preset values the last edit released: (path, old value, origin)
        self._order_cache: dict[str, list[str]] = {}

    # -- plan
    @property
    def plan(self) -> Plan:
        return self._plan

    def set(self, path: str, value: Any) -> None:
        """Change one field; raises PlanError (naming it) and changes nothing if invalid."""
        if self._plan.get(path) == value and type(self._plan.get(path)) is type(value):
            return
        acc = self.catalog.accelerators.get(value) if path == "hardware.accelerator" else None
        if acc is not None and acc.peak_at(self._plan.hardware.precision) is None:  # a chip without the precision:
            # the default (BF16) every chip has; the hub says so
            self.set_many({path: value, "hardware.precision": SPECS["hardware.precision"].default})
            return
        self._replace(self._plan.with_value(path, value), {path})

    def set_many(self, values: dict[str, Any]) -> None:
        new = self._plan.with_values(values)
        if new != self._plan:
            self._replace(new, set(values))

    def replace(self, plan: Plan) -> None:
        """Swap in a whole plan as one undoable edit (a preset, an applied suggestion)."""
        if plan != self._plan:
            self._replace(plan, {"*"})

    # -- document
    def open_document(self, plan: Plan, path: str | None = None, modified: bool = False) -> None:
        """A new document: an opened file, File > New, or a restored autosave (``modified``)."""
        self._plan = plan
        self._saved = None if modified else plan
        self.path = path
        self._undo.clear()
        self._redo.clear()
        self._group_start = None
        self._results = None
        self._notify({"*", "document"})

    def mark_saved(self, path: str) -> None:
        self.path = path
        self._saved = self._plan
        self._notify({"document"})

    @property
    def modified(self) -> bool:
        return self._plan != self._saved

    # -- undo, with a slider drag as one step
    def begin_group(self) -> None:
        if self._group_start is None:
            self._group_start = self._plan

    def end_group(self) -> None:
        start, self._group_start = self._group_start, None
        if start is not None and start != self._plan and start.to_dict() | {"origins": None} == \
                self._plan.to_dict() | {"origins": None}:
            self._plan = start  # a drag back to where it began: the preset's labels stay, no step
        if start is not None and start != self._plan:
            self._push_undo(start)
            self._redo.clear()
            self._notify({"history"})

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) or (self._group_start is not None and self._group_start != self._plan)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        self.end_group()
        if self._undo:
            self._redo.append(self._plan)
            self._replace(self._undo.pop(), {"*"}, record=False)

    def _push_undo(self, plan: Plan) -> None:
        self._undo.append(plan)
        del self._undo[:-MAX_UNDO]

    def redo(self) -> None:
        self.end_group()
        if self._redo:
            self._push_undo(self._plan)
            self._replace(self._redo.pop(), {"*"}, record=False)

    # -- baseline for comparing scenarios
    def pin_baseline(self, plan: Plan | None = None) -> None:
        self.baseline = plan if plan is not None else self._plan
        self._notify({"baseline"})

    def clear_baseline(self) -> None:
        self.baseline = None
        self._notify({"baseline"})

    @property
    def baseline_results(self) -> Results | None:
        return None if self.baseline is None else results_for(self.baseline, self.catalog)

    @property
    def baseline_estimate(self) -> Estimate | None:
        results = self.baseline_results
        return None if results is None else results.estimate

    def _replace(self, plan: Plan, changed: Changes, record: bool = True) -> None:
        check_references(plan, self.catalog)  # every edit path: an unknown accelerator or region changes nothing
        if plan.name != self._plan.name:  # (a new plan's automatic name follows its edits: plan.follow_name)
            changed = changed | {"name"}
        if record and self._group_start is None:
            self._push_undo(self._plan)
            self._redo.clear()
        self.released = [r for r in plan.released_from(self._plan) if r[0] not in changed] if record else []
        if self.released:
            changed = changed | {"released"}
        self._plan = plan
        self._results = None
        self._notify(changed)

    # -- results (lazy)
    @property
    def results(self) -> Results:
        """The current plan's results (``planner.core.results``): computed when asked, kept per plan."""
        if self._results is None or self._results.plan is not self._plan:
            self._results = results_for(self._plan, self.catalog)
        return self._results

    @property
    def estimate(self) -> Estimate | None:
        return self.results.estimate

    @property
    def error(self) -> PlanError | None:
        return self.results.error

    def set_region_filter(self, key: str) -> None:
        if key not in REGION_FILTERS:
            raise ValueError(f"unknown region filter {key!r}")
        if key != self.region_filter:
            self.region_filter = key
            self._notify({"region_filter"})

    @property
    def sweep(self) -> RegionSweep | None:
        """The plan in every region of the current filter (its own region always shown), cleanest first."""
        return self.results.sweep(self.region_filter)

    def region_order(self) -> list[str]:
        """Regions of the current filter (plus the plan's), by grid intensity: the region slider's scale."""
        key = self.region_filter
        cached = self._order_cache.get(key)
        current = self._plan.site.region
        if cached is None:
            arr = self.catalog.region_arrays()
            mask = region_mask(self.catalog, **REGION_FILTERS[key][1])
            idx = [k for k, m in enumerate(mask) if m] if mask is not None else range(len(arr["ids"]))
            idx = sorted(idx, key=lambda k: (arr["intensity"][k], arr["ids"][k]))
            cached = self._order_cache[key] = [arr["ids"][k] for k in idx]
        if current in cached:
            return cached
        r0 = self.catalog.regions[current]
        out = list(cached)
        pos = next((k for k, rid in enumerate(out) if (self.catalog.regions[rid].carbon_intensity, rid)
                    > (r0.carbon_intensity, r0.id)), len(out))
        out.insert(pos, current)
        return out

    # -- listeners
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, changed: Changes) -> None:
        for listener in list(self._listeners):
            listener(self, changed)

