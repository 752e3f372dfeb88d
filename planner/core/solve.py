"""From a budget to a plan: the largest value of a field that stays within every budget (``fit``), the
compute-optimal model for a budget (``fit`` of the virtual field ``compute-optimal``), and the plans no other
beats on CO2e, cost and wall-clock time at once (``pareto``).

A budget caps one figure of the plan's training: CO2e (location-based), energy, cloud cost (the high end of its
price range), wall-clock hours, accelerator-hours or water. Central fits compare the estimate's figures; a fit at
a confidence (95: the 95th percentile) compares the Monte Carlo's percentiles (water and wall-clock follow the
energy's and the accelerator-hours' percentiles: they scale with them). Every figure grows with the solved field,
so a bisection on it finds the largest value within every budget; the budget that stops it is the binding one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.core.catalog import Catalog
from planner.core.errors import PlanError
from planner.core.estimate import Estimate, estimate
from planner.core.fields import SPECS
from planner.core.model import kg_per_it_kwh
from planner.core.plan import Plan

COMPUTE_OPTIMAL = "compute-optimal"
TOKENS_PER_PARAMETER = 20.0  # Hoffmann et al. 2022 (Chinchilla): compute-optimal training uses ~20 tokens a parameter
CHINCHILLA_SOURCE = ("Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (Chinchilla): for a "
                     "compute budget C = 6 N D, the loss is lowest near D = 20 N tokens (parameters and tokens "
                     "scaled equally, exponents ~0.5)")


@dataclass(frozen=True)
class Budget:
    key: str  # ``--budget KEY=…``
    path: str  # the plan field that holds it
    label: str  # as it reads in a sentence ("the cloud cost budget")
    unit: str  # the unit the plan field holds
    figure: str  # what it caps: a declared metric's key (``planner.core.metrics``), or "wall_hours"
    units: dict  # suffixes a budget may be written in -> factor to ``unit``

    def show(self, x: float) -> str:
        """An amount of this budget as the cards word it ("200 t", "$2 M", "30 days")."""
        from planner.core.units import fmt, fmt_energy, fmt_hours, fmt_mass, fmt_money, fmt_volume

        if not math.isfinite(x):
            return "no price"
        return {"co2e": lambda v: fmt_mass(v, "auto"), "energy": fmt_energy, "cost": fmt_money,
                "hours": fmt_hours, "accelerator_hours": lambda v: f"{fmt(v)} accelerator-hours",
                "water": fmt_volume}[self.key](x)


BUDGETS: tuple[Budget, ...] = (
    Budget("co2e", "budget.co2e_kg", "CO2e", "kg", "emissions_kg",
           {"": 1.0, "kg": 1.0, "t": 1000.0, "g": 0.001, "kt": 1e6}),
    Budget("energy", "budget.energy_kwh", "energy", "kWh", "energy_kwh",
           {"": 1.0, "kwh": 1.0, "mwh": 1000.0, "gwh": 1e6}),
    Budget("cost", "budget.cost_usd", "cloud cost", "USD", "cost_usd",
           {"": 1.0, "$": 1.0, "usd": 1.0, "k": 1e3, "k$": 1e3, "m": 1e6, "m$": 1e6}),
    Budget("hours", "budget.wall_hours", "wall-clock time", "h", "wall_hours",
           {"": 1.0, "h": 1.0, "d": 24.0, "w": 168.0, "mo": 730.5}),
    Budget("accelerator_hours", "budget.accelerator_hours", "accelerator-hours", "h", "accelerator_hours",
           {"": 1.0, "h": 1.0, "k": 1e3, "m": 1e6}),
    Budget("water", "budget.water_l", "water", "L", "water_l", {"": 1.0, "l": 1.0, "kl": 1e3, "m3": 1e3}),
)
BY_KEY = {b.key: b for b in BUDGETS}
_NUMBER = re.compile(r"^\s*\$?\s*([0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)\s*([a-z$0-9]*)\s*$", re.IGNORECASE)


def parse_budgets(text: str) -> dict[str, float]:
    """``co2e=20t,cost=250k,hours=30d`` -> {"co2e": 20000.0, "cost": 250000.0, "hours": 720.0} (each in its
    budget's unit). Raises PlanError naming the budget that cannot be read. A decimal comma is refused: the comma
    separates budgets."""
    out: dict[str, float] = {}
    for part in (p for p in text.split(",") if p.strip()):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep and _NUMBER.match(part):
            raise PlanError("budget", f"{text.strip()!r}: write decimals with a dot (2.5t); a comma separates "
                                      "budgets (co2e=20t,cost=250k)")
        if not sep or key not in BY_KEY:
            raise PlanError("budget", f"{part.strip()!r}: write KEY=VALUE with KEY one of "
                                      f"{', '.join(BY_KEY)} (e.g. co2e=20t,cost=250k)")
        b = BY_KEY[key]
        m = _NUMBER.match(value)
        factor = b.units.get(m.group(2).lower()) if m else None
        if m is None or factor is None:
            raise PlanError(b.path, f"{value.strip()!r} cannot be read as the {b.label} budget (a number with a "
                                    f"dot for decimals, in {', '.join(u for u in b.units if u) or b.unit})")
        amount = float(m.group(1)) * factor
        if not amount > 0 or not math.isfinite(amount):
            raise PlanError(b.path, f"{value.strip()!r}: a budget must be a positive number")
        out[key] = amount
    return out


def budget_line(est: Estimate, catalog: Catalog, budgets: dict[str, float]) -> str:
    """Whether the plan is within its budgets, each figure beside its budget: "Within budget: CO2e 150 t of
    200 t · cloud cost $1.5 M of $2 M" ("" without budgets)."""
    if not budgets:
        return ""
    got = central_figures(est, catalog)
    over = [k for k in budgets if got[k] > budgets[k]]
    parts = [f"{BY_KEY[k].label} {BY_KEY[k].show(got[k])} of {BY_KEY[k].show(v)}"
             + (" (over)" if k in over else "") for k, v in budgets.items()]
    return ("Over budget: " if over else "Within budget: ") + " · ".join(parts)


def budget_text(results) -> str:
    """Whether a plan's ``Results`` are within the budgets the plan holds ("" when it holds none): the summary's
    line, the inputs table's row and the PDF's."""
    return budget_line(results.estimate, results.catalog, plan_budgets(results.plan))


def plan_budgets(plan: Plan) -> dict[str, float]:
    """The budgets a plan holds (its ``budget.*`` fields), by key."""
    return {b.key: float(v) for b in BUDGETS if (v := plan.get(b.path)) is not None}


# ------------------------------------------------------------------ the figures a budget caps
def central_figures(est: Estimate, catalog: Catalog) -> dict[str, float]:
    """Each budget's figure in a plan's estimate (cost: the high end; None-free: a figure the plan cannot price
    is infinite, so a cost budget refuses it)."""
    from planner.core.water import water

    out = {"co2e": est.emissions_kg, "energy": est.energy_kwh,
           "cost": math.inf if est.cost_high is None else est.cost_high,
           "hours": est.wall_hours, "accelerator_hours": est.accelerator_hours}
    out["water"] = water(est, catalog).total_l
    return out


# a figure at a percentile follows the one it scales with: water the energy, wall-clock the accelerator-hours,
# and the cost (the high end of the price range, as budgets count it) the accelerator-hours at that price (the
# Monte Carlo's cost draws the price across its range, below the high end). By figure (``Budget.figure``): the
# portfolio's sums follow the same.
FOLLOWS = {"water_l": "energy_kwh", "wall_hours": "accelerator_hours", "cost_usd": "accelerator_hours"}


def figures(est: Estimate, catalog: Catalog, keys, confidence: float | None) -> dict[str, float]:
    """The figures of ``keys`` at the centre, or at the ``confidence`` percentile of the Monte Carlo."""
    central = central_figures(est, catalog)
    if confidence is None:
        return {k: central[k] for k in keys}
    from planner.core.uncertainty import analyse

    draws = analyse(est, catalog).percentiles
    q = f"p{confidence:g}" if f"p{confidence:g}" in ("p5", "p50", "p95") else None
    by_figure = {BY_KEY[k].figure: v for k, v in central.items()}
    out = {}
    for k in keys:
        figure = BY_KEY[k].figure
        follows = FOLLOWS.get(figure)
        pct = draws.get(follows or figure)
        if pct is None or q is None:
            out[k] = central[k]
        elif follows:  # (it scales with the figure it follows)
            base = by_figure[follows]
            out[k] = central[k] * (pct[q] / base if base > 0 else 1.0)
        else:
            out[k] = pct[q]
    return out


# ------------------------------------------------------------------ fit
@dataclass(frozen=True)
class Fit:
    field: str
    value: float
    binding: str | None  # the budget that stops it (None: the field's maximum is within every budget)
    budgets: dict  # key -> limit
    figures: dict  # key -> the fitted plan's figure (at the confidence)
    confidence: float | None
    plan: Plan
    estimate: Estimate
    parameters: float | None = None  # compute-optimal: the model's size
    tokens: float | None = None  # compute-optimal: its training tokens

    @property
    def binding_label(self) -> str:
        return "none (the field's maximum fits)" if self.binding is None else BY_KEY[self.binding].label

    def text(self) -> str:
        """One line: what fits, and which budget binds."""
        from planner.core.units import fmt_exact

        at = "central estimate" if self.confidence is None else f"{self.confidence:g}th percentile"
        what = (f"{fmt_exact(self.parameters, 3)} parameters on {fmt_exact(self.tokens, 3)} tokens (compute-optimal, "
                f"{TOKENS_PER_PARAMETER:g} tokens a parameter)" if self.field == COMPUTE_OPTIMAL
                else f"{SPECS[self.field].label.lower()} up to {fmt_exact(self.value, 3)}{_unit(self.field)}")
        b = None if self.binding is None else BY_KEY[self.binding]
        limit = "" if b is None else (f"; the {b.label} budget binds ({b.show(self.figures[b.key])} of "
                                      f"{b.show(self.budgets[b.key])})")
        return f"Fits: {what} ({at}){limit}."

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "binding": self.binding, "budgets": dict(self.budgets),
                "figures": dict(self.figures), "confidence": self.confidence,
                "parameters": self.parameters, "tokens": self.tokens,
                "plan": self.plan.to_dict(), "estimate": self.estimate.to_dict()}


def _unit(path: str) -> str:
    spec = SPECS[path]
    return "" if not spec.unit or spec.percent else f" {spec.unit}"


def solvable(path: str) -> bool:
    """Can ``fit`` solve this field? Any numeric plan field (or ``compute-optimal``); whether the footprint grows
    with it is checked on the plan."""
    return path == COMPUTE_OPTIMAL or (path in SPECS and SPECS[path].numeric and SPECS[path].section is not None
                                       and not path.startswith("budget."))


def changes(path: str, value: float) -> dict[str, Any]:
    """The plan fields a fitted value sets (compute-optimal: a dense model of that size on 20 tokens a
    parameter, its hours derived)."""
    if path == COMPUTE_OPTIMAL:
        return {"model.parameters": value, "model.training_tokens": TOKENS_PER_PARAMETER * value,
                "model.active_parameters": None, "model.training_flops": None, "run.hours": None}
    return {path: int(value) if _whole(path) else value}


def _with(plan: Plan, path: str, value: float) -> Plan:
    return plan.with_values(changes(path, value))


def _whole(path: str) -> bool:
    """A field of whole numbers (an integer, or a count its slider steps through in whole numbers)."""
    spec = SPECS[path]
    return spec.kind == "integer" or (spec.scale is not None and spec.scale.integer)


def _bounds(path: str, plan: Plan | None = None) -> tuple[float, float, bool, bool]:
    """(lowest, highest, integer, log scale) of a field's search (a mixture-of-experts' total parameters no fewer
    than its active ones, and its active ones no more than its total)."""
    if path == COMPUTE_OPTIMAL:
        spec = SPECS["model.parameters"]
        return 1e3, spec.maximum / TOKENS_PER_PARAMETER if spec.maximum else 1e13, False, True
    spec = SPECS[path]
    lo = spec.minimum if spec.minimum is not None else 0.0
    if spec.exclusive_minimum is not None:
        lo = max(lo, spec.exclusive_minimum * (1 + 1e-9) or 1e-12)
    hi = spec.maximum if spec.maximum is not None else 1e15
    if plan is not None and path == "model.parameters" and plan.model.active_parameters is not None:
        lo = max(lo, plan.model.active_parameters)
    if plan is not None and path == "model.active_parameters" and plan.model.parameters is not None:
        hi = min(hi, plan.model.parameters)
    integer = _whole(path)
    return lo, hi, integer, (lo > 0 and hi / lo > 100)


def fit(plan: Plan, catalog: Catalog, budgets: dict[str, float], path: str,
        confidence: float | None = None) -> Fit:
    """The largest value of ``path`` whose figures (central, or at ``confidence``) stay within every budget.
    Raises PlanError naming the field or budget when there is none, or the footprint does not grow with it."""
    if not budgets:
        raise PlanError("budget", "no budget given: --budget co2e=20t (or budget.* fields in the plan)")
    if not solvable(path):
        raise PlanError(path, "not a numeric plan field that can be solved for (e.g. model.training_tokens, "
                              "model.parameters, experiment.tuning_runs, hardware.count, run.hours, "
                              f"or {COMPUTE_OPTIMAL})")
    if confidence is not None and confidence not in (50, 95):
        raise PlanError("confidence", f"{confidence:g}: give 50 or 95")
    keys = list(budgets)

    def ratio(value: float) -> tuple[float, str, Estimate, dict]:
        est = estimate(_with(plan, path, value), catalog)
        got = figures(est, catalog, keys, confidence)
        worst = max(keys, key=lambda k: got[k] / budgets[k])
        return got[worst] / budgets[worst], worst, est, got

    lo, hi, integer, log = _bounds(path, plan)
    try:
        r_lo, key_lo, _, got_lo = ratio(lo)
        r_hi, _, est_hi, got_hi = ratio(hi)
    except PlanError as exc:
        raise PlanError(exc.field, f"{exc.message} (solving {path})") from exc
    if "cost" in keys and math.isinf(got_lo["cost"]):
        raise PlanError("budget.cost_usd", "the plan has no price for its accelerator in its region: give "
                                           "pricing.usd_per_accelerator_hour_low/high, or drop the cost budget")
    if not r_hi > r_lo * (1 + 1e-9):
        raise PlanError(path, f"the footprint does not grow with {path} in this plan: no budget limits it")
    if r_lo > 1.0:
        b = BY_KEY[key_lo]
        raise PlanError(b.path, f"no value of {path} meets the {b.label} budget of "
                                f"{b.show(budgets[key_lo])}: at its lowest ({lo:g}) the plan needs "
                                f"{b.show(got_lo[key_lo])}")
    if r_hi <= 1.0:
        return _result(plan, catalog, path, hi, None, budgets, got_hi, confidence, est_hi)
    # bisection: lo within every budget, hi not
    for _ in range(200):
        if integer:
            if hi - lo <= 1:
                break
            mid = float(math.floor((lo + hi) / 2))
        else:
            if hi <= lo * (1 + 1e-6) if lo > 0 else hi - lo <= 1e-12:
                break
            mid = math.sqrt(lo * hi) if log and lo > 0 else (lo + hi) / 2
        if ratio(mid)[0] <= 1.0:
            lo = mid
        else:
            hi = mid
    if not integer and lo > 0:  # a value a person writes: 4 significant figures, down (within 0.1%)
        step = 10.0 ** (math.floor(math.log10(lo)) - 3)
        lo = max(math.floor(lo / step) * step, _bounds(path, plan)[0])
    _, binding, est, got = ratio(lo)
    return _result(plan, catalog, path, lo, binding, budgets, got, confidence, est)


def _result(plan, catalog, path, value, binding, budgets, got, confidence, est) -> Fit:
    fitted = _with(plan, path, value)
    if path == COMPUTE_OPTIMAL:
        return Fit(path, value, binding, budgets, got, confidence, fitted, est, value, TOKENS_PER_PARAMETER * value)
    return Fit(path, fitted.get(path), binding, budgets, got, confidence, fitted, est)


# ------------------------------------------------------------------ the Pareto front
OVER = ("regions", "accelerators", "precision", "start")
DEFAULT_OVER = ("regions", "accelerators", "precision")


@dataclass(frozen=True)
class Point:
    label: str
    region: str
    accelerator: str
    precision: str
    start: str | None
    emissions_kg: float
    cost_usd: float
    wall_clock_hours: float
    plan: Plan

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "region": self.region, "accelerator": self.accelerator,
                "precision": self.precision, "start": self.start, "emissions_kg": self.emissions_kg,
                "cost_usd": self.cost_usd, "wall_clock_hours": self.wall_clock_hours, "plan": self.plan.to_dict()}


@dataclass(frozen=True)
class Front:
    points: tuple[Point, ...]  # the non-dominated ones, cleanest first
    considered: int  # how many combinations were priced
    over: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"over": list(self.over), "considered": self.considered,
                "points": [p.to_dict() for p in self.points]}


def non_dominated(values: np.ndarray) -> np.ndarray:
    """A mask of the rows no other row beats: lower or equal on every column and lower on one (ties: the first
    of equal rows kept)."""
    n = len(values)
    keep = np.ones(n, dtype=bool)
    order = np.lexsort(values.T[::-1])  # by the first column, then the next
    best: list[int] = []
    for k in order:
        v = values[k]
        if best:
            kept = values[best]
            if np.any(np.all(kept <= v, axis=1)):  # (an equal row before it counts as beating it)
                keep[k] = False
                continue
        best.append(k)
    return keep


def combination(plan: Plan, accelerator: str, precision: str, region: str) -> Plan:
    """The plan on another accelerator, precision or region. What the user gave for the plan's own chip (its power,
    host power, price) or its own site (the grid intensity) does not carry to another: the catalog's applies."""
    values: dict[str, Any] = {"hardware.accelerator": accelerator, "hardware.precision": precision,
                              "site.region": region}
    if accelerator != plan.hardware.accelerator:
        values.update({"hardware.power_w": None, "hardware.host_power_w": None})
    if (accelerator, region) != (plan.hardware.accelerator, plan.site.region):
        values.update({"pricing.usd_per_accelerator_hour_low": None, "pricing.usd_per_accelerator_hour_high": None})
    if region != plan.site.region:
        values["site.carbon_intensity_g_per_kwh"] = None
    return plan.with_values(values)


def _points(p: Plan, catalog: Catalog, label: str, starts: bool) -> list[Point]:
    """A combination as points: its plan, and (``starts``) the same plan at its grid's cleanest start."""
    est = estimate(p, catalog)
    if est.cost_high is None:
        return []
    out = [Point(label, p.site.region, p.hardware.accelerator, p.hardware.precision, p.schedule.start,
                 est.emissions_kg, est.cost_high, est.wall_hours, p)]
    if starts:
        from datetime import UTC, datetime

        from planner.core.schedule import plan_year, start_text

        year = plan_year(est, catalog, datetime.now(UTC).date())
        if year is not None and start_text(year.best_start) != p.schedule.start:
            q = p.with_value("schedule.start", start_text(year.best_start))
            best = estimate(q, catalog)
            out.append(Point(f"{label} · start {q.schedule.start}", q.site.region, q.hardware.accelerator,
                             q.hardware.precision, q.schedule.start, best.emissions_kg,
                             best.cost_high or out[0].cost_usd, best.wall_hours, q))
    return out


def pareto(plan: Plan, catalog: Catalog, over: tuple[str, ...] = DEFAULT_OVER) -> Front:
    """Every combination of the plan over ``over`` (regions, accelerators, precision), priced, and the ones no
    other beats on all of CO2e, cost and wall-clock time. The regions are the cloud's (each with the accelerators
    its provider rents) and the plan's own (with every accelerator that has a price); a plan that gives its hours
    or energy per run keeps its accelerator (they are its chip's). Each combination is ``combination``'s plan (the
    user's own chip and site figures stay with the chip and site), and each point the estimate of its own plan,
    so ``planner estimate`` on it gives the same figures. With ``start``, each point is also
    tried at its grid's cleanest start of the year (regions with hourly data), and the front taken again."""
    bad = [o for o in over if o not in OVER]
    if bad:
        raise PlanError("over", f"{bad[0]!r}: choose from {', '.join(OVER)}")
    arr = catalog.region_arrays(plan.site.grid_year)
    own_region, own_acc, own_prec = plan.site.region, plan.hardware.accelerator, plan.hardware.precision
    region_ids = ([r for r in arr["ids"] if catalog.regions[r].kind == "cloud" or r == own_region]
                  if "regions" in over else [own_region])
    chips = "accelerators" in over and plan.run.hours is None and plan.run.energy_kwh is None
    accs = sorted(catalog.accelerators) if chips else [own_acc]  # (given hours or energy belong to its chip)
    precisions = ("bf16", "fp8", "fp4") if "precision" in over and chips else (own_prec,)
    regions = [catalog.regions[r] for r in region_ids]
    index = arr["index"]
    rows: list[tuple[int, str, str, float, float, float]] = []  # (region index, acc, precision, kg, usd, hours)
    for acc_id in accs:
        acc = catalog.accelerators[acc_id]
        for prec in precisions:
            if acc.peak_at(prec) is None:
                continue
            try:  # in the plan's own region: its own site figures apply
                est = estimate(combination(plan, acc_id, prec, own_region), catalog)
            except PlanError:
                continue
            it = est.it_energy_kwh
            for region in regions:
                if region.provider and not catalog.offers(region.provider, acc):
                    continue
                price = catalog.price_for(acc, region)
                if region.id == own_region:
                    if est.cost_high is not None:
                        rows.append((index[region.id], acc_id, prec, est.emissions_kg, est.cost_high,
                                     est.wall_hours))
                    continue
                if price is None:
                    continue
                k = index[region.id]
                kg = it * (kg_per_it_kwh(est.inputs.pue, arr["intensity"][k]) if est.inputs.pue_from_user
                           else arr["factor"][k])  # (as the region sweep prices it)
                rows.append((k, acc_id, prec, kg, est.accelerator_hours * price.high, est.wall_hours))
    if not rows:
        raise PlanError("over", "no combination can be priced (no accelerator with a price in these regions)")
    values = np.array([[r[3], r[4], r[5]] for r in rows])
    keep = non_dominated(values)
    ids = arr["ids"]
    exact = []
    for r, kept in zip(rows, keep):  # each front point as its own plan's estimate (so it reproduces)
        if not kept:
            continue
        p = combination(plan, r[1], r[2], ids[r[0]])
        label = f"{r[1]} · {ids[r[0]]} · {SPECS['hardware.precision'].choice_name(r[2])}"
        exact += _points(p, catalog, label, "start" in over)
    front = non_dominated(np.array([[p.emissions_kg, p.cost_usd, p.wall_clock_hours] for p in exact]))
    points = sorted((p for p, k in zip(exact, front) if k), key=lambda p: (p.emissions_kg, p.cost_usd))
    return Front(tuple(points), len(rows), tuple(over))
