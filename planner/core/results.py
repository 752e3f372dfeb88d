"""One set of results per plan: the estimate, its water, the 90% intervals and the tornado, the region sweep, the
map's values and the advice, each computed when first asked and then kept.

The window, the PDF, the command line, the reporting paragraph and the exports all read a plan's figures from
its ``Results``, so nothing is computed twice: ``results_for(plan, catalog)`` returns the same object for the
same plan and catalog while it is among the last few used (undo, redo and a pinned baseline hit it). The heavy
parts (``uncertainty``, ``advice``) may be computed on another thread; each part is computed once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from planner.core.catalog import Catalog
from planner.core.errors import PlanError
from planner.core.estimate import Estimate, RegionSweep, estimate, region_mask, sweep
from planner.core.plan import Plan

# the region filters of the window's region slider and chart: key -> (label, region_mask arguments)
REGION_FILTERS = {
    "cloud": ("Cloud regions", {"kinds": ["cloud"]}),
    "aws": ("AWS", {"providers": ["aws"]}),
    "gcp": ("Google Cloud", {"providers": ["gcp"]}),
    "azure": ("Azure", {"providers": ["azure"]}),
    "site": ("Named sites", {"kinds": ["site"]}),
    "country": ("Countries", {"kinds": ["country"]}),
    "subnational": ("States and provinces", {"kinds": ["subnational"]}),
    "all": ("All regions", {}),
}
_MISSING = object()


def filter_mask(catalog: Catalog, key: str, region_id: str | None = None) -> list | None:
    """The regions of filter ``key`` (a list of booleans over ``catalog.region_arrays()``), with ``region_id``
    always among them; None means every region."""
    mask = region_mask(catalog, **REGION_FILTERS[key][1])
    if mask is not None and region_id is not None:
        mask[catalog.region_arrays()["index"][region_id]] = True
    return mask


class Results:
    """Everything computed for one plan on one catalog. Cheap parts (``estimate``, ``water``, a ``sweep``,
    ``region_values``) are computed on first use; heavy ones (``uncertainty``, ``advice``) too, and ``has``
    tells whether a part is ready without computing it."""

    def __init__(self, plan: Plan, catalog: Catalog):
        self.plan, self.catalog = plan, catalog
        self._parts: dict[Any, Any] = {}
        self._lock = threading.RLock()

    def _part(self, key, compute: Callable[[], Any]):
        value = self._parts.get(key, _MISSING)
        if value is _MISSING:
            with self._lock:
                value = self._parts.get(key, _MISSING)
                if value is _MISSING:
                    value = self._parts[key] = compute()
        return value

    def has(self, key: str) -> bool:
        """Is this part computed already (``"uncertainty"``, ``"advice"``, ``"water"``)?"""
        return key in self._parts

    # -- the estimate
    def _estimate(self) -> tuple[Estimate | None, PlanError | None]:
        def compute():
            try:
                return estimate(self.plan, self.catalog), None
            except PlanError as exc:
                return None, exc
        return self._part("estimate", compute)

    @property
    def estimate(self) -> Estimate | None:
        return self._estimate()[0]

    @property
    def error(self) -> PlanError | None:
        return self._estimate()[1]

    @property
    def ok(self) -> bool:
        return self.estimate is not None

    @property
    def inputs(self):
        est = self.estimate
        return None if est is None else est.inputs

    # -- beside it
    def _of_estimate(self, key, compute: Callable[[Estimate], Any]):
        """A part computed from the estimate (None when the plan cannot be estimated), kept under ``key``."""
        return self._part(key, lambda: None if self.estimate is None else compute(self.estimate))

    @property
    def water(self):
        from planner.core.water import water

        return self._of_estimate("water", lambda est: water(est, self.catalog))

    @property
    def uncertainty(self):
        """Percentiles and the tornado (a seeded 10,000-sample Monte Carlo; ~10 ms)."""
        def analyse(est):
            from planner.core.uncertainty import analyse

            return analyse(est, self.catalog)
        return self._of_estimate("uncertainty", analyse)

    @property
    def uncertain_inputs(self) -> set:
        """The inputs the plan leaves uncertain (``power``, ``pue``, ``grid``, ``utilization``, ``price``,
        ``embodied``): their distributions, known without sampling."""
        def names(est):
            from planner.core.uncertainty import uncertain_names

            return uncertain_names(est, self.catalog)
        return self._of_estimate("uncertain_inputs", names) or set()

    @property
    def moves(self) -> dict:
        """{figure: the uncertain inputs it moves with} for every declared figure with draws
        (``planner.core.metrics.moves``): each input moved on its own, without the Monte Carlo."""
        def compute(est):
            from planner.core.metrics import _moves

            return _moves(self)
        return self._of_estimate("moves", compute) or {}

    def interval(self, key: str) -> tuple[float, float] | None:
        """The 90% interval (p5, p95) of a declared figure with draws (``planner.core.metrics``: ``emissions_kg``,
        ``energy_kwh``, ``accelerator_hours``, …); None without an estimate or the figure."""
        u = self.uncertainty
        p = None if u is None else u.percentiles.get(key)
        return None if p is None else (p["p5"], p["p95"])

    def sweep(self, region_filter: str = "all") -> RegionSweep | None:
        """The plan in every region of a filter (its own region always among them), cleanest first."""
        return self._of_estimate(("sweep", region_filter), lambda est: sweep(
            est, self.catalog, filter_mask(self.catalog, region_filter, self.plan.site.region)))

    def _serving(self) -> tuple:
        def compute(est):
            from planner.core.serving import serving

            try:
                return serving(est, self.catalog), None
            except PlanError as exc:
                return None, exc
        return self._of_estimate("serving", compute) or (None, None)

    @property
    def serving(self):
        """The serving phase (``planner.core.serving.Serving``): None without an estimate, when the plan serves
        no requests, or when its serving cannot be derived (``serving_error`` says why)."""
        return self._serving()[0]

    @property
    def serving_error(self) -> PlanError | None:
        return self._serving()[1]

    def front(self):
        """The plans no other beats on CO2e, cost and wall-clock time, over every region, accelerator and
        precision (``planner.core.solve.Front``); None without an estimate or when nothing can be priced."""
        def compute(est):
            from planner.core.solve import pareto

            try:
                return pareto(self.plan, self.catalog)
            except PlanError:
                return None
        return self._of_estimate("front", compute)

    def when(self, today: date | None = None):
        """The year at a glance (``planner.core.schedule.YearAtAGlance``): the plan's CO2e for every start day,
        the best start and what flexibility saves; None without an estimate or hourly data for the plan's grid, or
        when the plan gives its grid intensity (the run's own: no hourly shape applies).
        Days are the start's calendar year, else the next twelve months from ``today`` (default: today, UTC)."""
        today = today or datetime.now(UTC).date()

        def compute(est):
            from planner.core.schedule import plan_year

            return plan_year(est, self.catalog, today)
        return self._of_estimate(("when", None if self.plan.schedule.start else today), compute)

    @property
    def region_values(self):
        """The plan's CO2e (kg) in every region of the catalog, in ``region_arrays()`` order (the map's values)."""
        from planner.core.geo import region_values

        return self._of_estimate("region_values", lambda est: region_values(est, self.catalog))

    def region_water(self) -> dict | None:
        from planner.core.water import region_water

        return self._of_estimate("region_water", lambda est: region_water(est, self.catalog))

    def advice(self, by: str = "emissions") -> list:
        """The changes that would cut the footprint most (``planner.core.advise``); empty when the plan cannot
        be estimated."""
        def compute():
            from planner.core.advise import advise

            if self.estimate is None:
                return []
            try:
                return advise(self.plan, self.catalog, by=by, year=self.when())
            except PlanError:  # pragma: no cover - the bounds keep every suggestion computable
                return []
        return self._part(("advice", by), compute)


_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_SIZE = 32


def results_for(plan: Plan, catalog: Catalog) -> Results:
    """The results of ``plan`` on ``catalog``: the same object as long as it is among the last few used."""
    key = (id(catalog), plan)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit.catalog is catalog:
            _CACHE.move_to_end(key)
            return hit
        results = _CACHE[key] = Results(plan, catalog)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return results
