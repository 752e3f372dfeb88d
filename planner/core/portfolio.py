"""A lab's portfolio of plans: each plan's figures with their 90% intervals, the totals, and the totals by month,
year, region and accelerator, against yearly budgets. ``planner portfolio``, its PDF and the window's Portfolio
view read it. No Qt.

* The figures are those of a plan's cards that add across plans (``SUMMED``, from ``planner.core.metrics``: CO2e,
  energy, cloud cost, accelerator-hours, water), each plan's central figure its own estimate's.
* Their draws come from ``uncertainty.sample_metrics``, every plan at one seed and sample count, each uncertain
  input from the stream of what its spread is about (the planner's assumptions for every plan, a zone's years for
  the plans there, a plan's start for itself): a total's 90% interval is the 5th to 95th percentile of the plans'
  draws added sample by sample, never the sum of their intervals.
* A plan's figures are spread over the calendar months (UTC) its wall-clock covers, in proportion to its hours in
  each; a plan without a start is ``UNSCHEDULED``, a bucket of its own, so the months add up to the total.

docs/methodology.md, "A portfolio of plans".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import numpy as np

from planner.core.catalog import Catalog
from planner.core.errors import PlanError, PlanFileError, PlannerError
from planner.core.estimate import Estimate
from planner.core.metrics import KINDS, METRIC, in_place, interval_text
from planner.core.plan import Plan, load_plan_or_preset
from planner.core.results import Results
from planner.core.schedule import parse_start
from planner.core.solve import BUDGETS, BY_KEY, Budget
from planner.core.solve import FOLLOWS as BUDGET_FOLLOWS
from planner.core.uncertainty import DEFAULT_SEED, sample_metrics
from planner.core.units import fmt_hours, resolve_mass_unit

PORTFOLIO_SAMPLES = 2_000  # draws a plan: 500 plans in ~0.5 s; a total's 90% ends within 1% of 10,000 samples'
UNSCHEDULED = "unscheduled"  # the bucket of the plans without a start, beside the months and years
MONTHS_AT_MOST = 36  # a longer portfolio is charted by year
SUMMED = tuple(m for m in in_place("card") if m.adds)  # the figures on a plan's cards that add across plans
KEYS = tuple(m.key for m in SUMMED)
# a summed figure moves with the one it scales with, as ``planner fit --confidence`` takes it (``solve.FOLLOWS``):
# water, which the Monte Carlo does not draw, with the energy; the cost (the high end of the price range, as
# budgets count it) with the accelerator-hours at that price, so its interval holds its figure
FOLLOWS = {k: v for k, v in BUDGET_FOLLOWS.items() if k in KEYS}
# the budgets a portfolio is held to, by the summed figure each caps (wall-clock hours do not add across plans)
BUDGET_FIGURES = {b.key: b.figure for b in BUDGETS if b.figure in KEYS}


# ------------------------------------------------------------------ figures
@dataclass(frozen=True)
class Figure:
    """A figure of a plan or a sum of plans: its central value, the 5th and 95th percentiles of its draws, and
    how many of the plans summed lack it (no price: left out of the value and the draws)."""
    value: float
    p5: float
    p95: float
    without: int = 0
    of: int = 0  # how many plans are summed (0: not counted)

    @property
    def shown(self) -> float | None:
        """The value, or None when every plan summed lacks the figure (no price anywhere: not "$0")."""
        return None if self.of and self.without >= self.of else self.value

    def to_dict(self) -> dict:
        out = {"value": self.shown, "p5": self.p5, "p95": self.p95}
        if self.without:
            out["plans_without"] = self.without
        return out


def show(key: str, x: float | None) -> str:
    """A summed figure as the cards write it, masses in their own size's unit ("552 t", "1.29 GWh", "$4.6 M")."""
    if x is None:
        return "no price" if key == "cost_usd" else "–"
    return KINDS[METRIC[key].kind].show(x, resolve_mass_unit("auto", x), 3)


def interval(key: str, fig: Figure) -> str:
    """Its 90% interval as the cards word it: "90%: 420 – 700 t", or "exact (inputs given)"."""
    kind = KINDS[METRIC[key].kind]
    return interval_text(fig.p5, fig.p95, lambda lo, hi: kind.span(lo, hi, resolve_mass_unit("auto", hi)))


COST_NOTE = "Cloud cost: the high end of each plan's price range, as budgets count it."


def notes() -> list[str]:
    """What the totals are where it is not plain: the cost's figure, the intervals that follow another's draws."""
    follows = [f"{METRIC[k].label}: its 90% interval follows the {METRIC[base].label.lower()}'s draws (it scales "
               "with it)." for k, base in FOLLOWS.items() if k in KEYS]
    return ([COST_NOTE] if "cost_usd" in KEYS else []) + follows


def without_text(key: str, n: int) -> str:
    """What a sum leaves out: "1 plan without a price, not counted"."""
    if not n:
        return ""
    what = "a price" if key == "cost_usd" else METRIC[key].label.lower()
    return f"{n} plan{'' if n == 1 else 's'} without {what}, not counted"


# ------------------------------------------------------------------ months
def month_shares(start: datetime, hours: float) -> dict[str, float]:
    """The share of a run of ``hours`` from ``start`` (UTC) in each calendar month it covers, by "YYYY-MM" (they
    add up to 1); a run of no length is all in its start's month. PlanError when it would end after 9999."""
    try:
        end = start + timedelta(hours=hours) if hours > 0 else start
        shares: dict[str, float] = {}
        t, length = start, end - start
        while t < end:
            stop = min(datetime(t.year + t.month // 12, t.month % 12 + 1, 1), end)
            shares[f"{t:%Y-%m}"] = (stop - t) / length
            t = stop
    except (OverflowError, ValueError):
        raise PlanError("schedule.start", f"its wall-clock time ({fmt_hours(hours)}) from this start ends after "
                                          "the year 9999: no calendar month holds it") from None
    return shares or {f"{start:%Y-%m}": 1.0}


def _years(months: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for month, share in months.items():
        out[month[:4]] = out.get(month[:4], 0.0) + share
    return out


# ------------------------------------------------------------------ the plans
@dataclass(frozen=True)
class Entry:
    """One plan of the portfolio: the file it came from, its results, the share of its figures in each month
    ({} when it has no start) and its figures (None: the plan has no such figure, e.g. no price)."""
    file: str
    results: Results
    months: dict[str, float]
    figures: dict[str, Figure | None]

    @property
    def plan(self) -> Plan:
        return self.results.plan

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def start(self) -> str | None:
        return self.plan.schedule.start

    @property
    def estimate(self) -> Estimate:
        est = self.results.estimate
        assert est is not None  # (a plan is in a portfolio only when it can be estimated)
        return est

    @property
    def region(self) -> str:
        return self.estimate.inputs.region.id

    @property
    def accelerator(self) -> str:
        return self.estimate.inputs.accelerator.id

    def value(self, key: str) -> float | None:
        fig = self.figures[key]
        return None if fig is None else fig.value

    def to_dict(self) -> dict:
        return {"file": self.file, "name": self.name, "region": self.region, "accelerator": self.accelerator,
                "start": self.start, "wall_clock_hours": self.estimate.wall_hours, "months": self.months,
                **{k: None if f is None else f.to_dict() for k, f in self.figures.items()}}


@dataclass(frozen=True)
class Problem:
    """A file left out of the portfolio, and why."""
    file: str
    message: str

    @classmethod
    def of(cls, file: str, exc: PlannerError) -> Problem:
        if isinstance(exc, PlanFileError):
            return cls(exc.path, f"{exc.field}: {exc.message}" if exc.field else exc.message)
        if isinstance(exc, PlanError):
            return cls(file, f"{exc.field}: {exc.message}")
        return cls(file, str(exc))

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "message": self.message}


# how each grouping places a plan: {group: the share of its figures there}
GROUPINGS: dict[str, Callable[[Entry], dict[str, float]]] = {
    "month": lambda e: e.months or {UNSCHEDULED: 1.0},
    "year": lambda e: _years(e.months) or {UNSCHEDULED: 1.0},
    "region": lambda e: {e.region: 1.0},
    "accelerator": lambda e: {e.accelerator: 1.0},
}
CALENDAR = ("month", "year")  # groupings in time order, the unscheduled bucket last; the others by CO2e


# ------------------------------------------------------------------ budgets
@dataclass(frozen=True)
class BudgetCheck:
    """A yearly budget against one calendar year's total (or the unscheduled plans', as if run in one year)."""
    period: str  # "2026", or UNSCHEDULED
    budget: Budget
    limit: float  # in the budget's unit
    figure: Figure

    @property
    def key(self) -> str:
        return BUDGET_FIGURES[self.budget.key]

    @property
    def over(self) -> bool | None:
        """Over the budget (None: no plan of the year has the figure, no price)."""
        return None if self.figure.shown is None else self.figure.value > self.limit

    @property
    def over_p95(self) -> bool | None:
        return None if self.figure.shown is None else self.figure.p95 > self.limit

    def text(self) -> str:
        """"CO2e 150 t of 200 t: within (95th percentile 190 t: within)"."""
        b, f = self.budget, self.figure
        if f.shown is None:
            return f"{b.label}: no plan of it has a price, nothing to check against {b.show(self.limit)}"
        verdict = "over" if self.over else "within"
        p95 = "over" if self.over_p95 else "within"
        left = f"; {without_text(self.key, f.without)}" if f.without else ""
        return (f"{b.label} {b.show(f.value)} of {b.show(self.limit)}: {verdict} "
                f"(95th percentile {b.show(f.p95)}: {p95}{left})")

    def to_dict(self) -> dict:
        return {"period": self.period, "budget": self.budget.key, "limit": self.limit, "figure": self.key,
                **self.figure.to_dict(), "over": self.over, "over_at_p95": self.over_p95}


def check_budgets(budgets: dict[str, float]) -> dict[str, Budget]:
    """The budgets a portfolio can be held to, by key; PlanError naming one that does not add across plans."""
    for key in budgets:
        if key not in BUDGET_FIGURES:
            raise PlanError("budget", f"{key}: {BY_KEY[key].label} does not add across plans (a portfolio's "
                                      f"budgets: {', '.join(BUDGET_FIGURES)})")
    return {key: BY_KEY[key] for key in budgets}


# ------------------------------------------------------------------ the portfolio
class Drawn(NamedTuple):
    """A plan ready to be summed: its file, results, month shares ({}: no start) and draws (``sample_metrics``)."""
    file: str
    results: Results
    months: dict[str, float]
    draws: dict[str, np.ndarray]


class Portfolio:
    """Plans summed: ``entries`` (each plan with its figures), ``problems`` (files left out), ``total`` and
    ``groups(name)`` (by month, year, region or accelerator: each group's figures), ``budget_checks``. The draws
    are kept as one array a figure (plans × samples), so a group's interval is its plans' draws added."""

    def __init__(self, plans: Sequence[Drawn], problems: Iterable[Problem] = (), samples: int = PORTFOLIO_SAMPLES,
                 seed: int = DEFAULT_SEED):
        self.samples, self.seed = samples, seed
        self.problems = tuple(problems)
        central = {k: [METRIC[k].value(p.results) for p in plans] for k in KEYS}
        self._missing = {k: np.array([x is None for x in xs], dtype=bool) for k, xs in central.items()}
        self._values = {k: np.array([x or 0.0 for x in xs], dtype=float) for k, xs in central.items()}
        self._draws = {k: _draw_matrix(k, self._values, [p.draws for p in plans], samples) for k in KEYS}
        for k in KEYS:
            self._draws[k][self._missing[k]] = 0.0
        own = {k: np.percentile(self._draws[k], [5, 95], axis=1) if plans else np.zeros((2, 0)) for k in KEYS}
        self.entries = tuple(
            Entry(p.file, p.results, p.months,
                  {k: None if self._missing[k][j] else
                   Figure(float(self._values[k][j]), float(own[k][0, j]), float(own[k][1, j])) for k in KEYS})
            for j, p in enumerate(plans))
        self.total = self._sums(np.ones((1, len(plans))))[0]
        self._groups: dict[str, dict[str, dict[str, Figure]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def _sums(self, weights: np.ndarray) -> list[dict[str, Figure]]:
        """Each row of ``weights`` (groups × plans: the share of each plan in the group): its figures, its draws
        the plans' added sample by sample."""
        counts = weights > 0
        out: list[dict[str, Figure]] = [{} for _ in weights]
        for k in KEYS:
            values, without = weights @ self._values[k], counts @ self._missing[k]
            lo, hi = np.percentile(weights @ self._draws[k], [5, 95], axis=1) if weights.shape[1] \
                else np.zeros((2, len(weights)))
            plans = counts.sum(axis=1)
            for g, figures in enumerate(out):
                figures[k] = Figure(float(values[g]), float(lo[g]), float(hi[g]), int(without[g]), int(plans[g]))
        return out

    def groups(self, name: str) -> dict[str, dict[str, Figure]]:
        """The figures of each group of grouping ``name`` (``GROUPINGS``): months and years in time order with
        the unscheduled plans last; regions and accelerators by CO2e, largest first."""
        if name not in self._groups:
            placed = [GROUPINGS[name](e) for e in self.entries]
            keys = sorted({g for p in placed for g in p}, key=lambda g: (g == UNSCHEDULED, g))
            index = {g: i for i, g in enumerate(keys)}
            weights = np.zeros((len(keys), len(placed)))
            for j, p in enumerate(placed):
                for g, share in p.items():
                    weights[index[g], j] = share
            figures = dict(zip(keys, self._sums(weights)))
            if name not in CALENDAR:
                figures = dict(sorted(figures.items(), key=lambda kv: -kv[1]["emissions_kg"].value))
            self._groups[name] = figures
        return self._groups[name]

    def plan_counts(self, name: str) -> dict[str, int]:
        """How many plans each group of grouping ``name`` holds (a plan spanning two months counts in both)."""
        counts: dict[str, int] = {}
        for e in self.entries:
            for g in GROUPINGS[name](e):
                counts[g] = counts.get(g, 0) + 1
        return counts

    def ranked(self, key: str = "emissions_kg") -> list[Entry]:
        """The plans, the largest ``key`` first (a plan without it last)."""
        return sorted(self.entries, key=lambda e: -(e.value(key) or 0.0))

    def budget_checks(self, budgets: dict[str, float]) -> list[BudgetCheck]:
        """Each yearly budget against each calendar year's total, then against the unscheduled plans' (when there
        are any); PlanError for a budget that does not add across plans (wall-clock hours)."""
        kinds = check_budgets(budgets)
        return [BudgetCheck(year, kinds[b], limit, figures[BUDGET_FIGURES[b]])
                for year, figures in self.groups("year").items() for b, limit in budgets.items()]

    def chart_period(self) -> str:
        """What a chart of the portfolio over time stacks by: "month", or "year" when its plans span more than
        ``MONTHS_AT_MOST`` months (the window's chart and the PDF's)."""
        months = [g for g in self.groups("month") if g != UNSCHEDULED]
        if not months:
            return "month"
        first, last = (int(m[:4]) * 12 + int(m[5:]) for m in (months[0], months[-1]))
        return "month" if last - first + 1 <= MONTHS_AT_MOST else "year"

    def stacks(self, key: str = "emissions_kg", period: str = "month", by: str = "region", top: int = 5,
               unscheduled: bool = True) -> tuple[list[str], list[tuple[str, np.ndarray]]]:
        """A stacked chart's data: every month (or year) from the first to the last, then (``unscheduled``, when a
        plan has no start) ``UNSCHEDULED``; and for each of the ``top`` groups of ``by`` (then "other", when
        there are more) its central ``key`` in each."""
        periods = _calendar(self.groups(period), period)
        if unscheduled and UNSCHEDULED in self.groups(period):
            periods.append(UNSCHEDULED)
        index = {p: k for k, p in enumerate(periods)}
        groups = list(self.groups(by))
        names = groups[:top] + (["other"] if len(groups) > top else [])
        rows = {g: np.zeros(len(periods)) for g in names}
        for e in self.entries:
            v = e.value(key)
            if v is None:
                continue
            g = next(iter(GROUPINGS[by](e)))
            for p, share in GROUPINGS[period](e).items():
                if p in index:
                    rows[g if g in rows else "other"][index[p]] += v * share
        return periods, list(rows.items())

    @property
    def method(self) -> str:
        return (f"Monte Carlo, {self.samples:,} samples a plan (seed {self.seed}); the plans that share an "
                "assumption move together (every plan the planner's own, the plans in one zone its grid's years), "
                "the others are drawn apart; a sum's 90% interval is the 5th-95th percentile of its plans' draws "
                "added sample by sample")

    def to_dict(self, budgets: dict[str, float] | None = None) -> dict:
        def group(name: str) -> dict:
            counts = self.plan_counts(name)
            return {g: {"plans": counts[g], **{k: f.to_dict() for k, f in figs.items()}}
                    for g, figs in self.groups(name).items()}

        out = {"method": self.method, "samples": self.samples, "seed": self.seed,
               "plans": [e.to_dict() for e in self.entries],
               "total": {"plans": len(self), **{k: f.to_dict() for k, f in self.total.items()}},
               **{f"by_{name}": group(name) for name in GROUPINGS}}
        if budgets:
            out["budgets"] = [c.to_dict() for c in self.budget_checks(budgets)]
        out["problems"] = [p.to_dict() for p in self.problems]
        return out


def _draw_matrix(key: str, values: dict[str, np.ndarray], draws: list[dict[str, np.ndarray]],
                 samples: int) -> np.ndarray:
    """The draws of ``key``, plans × samples: those of the figure it follows scaled to its value (``FOLLOWS``),
    else its own, else its value in every sample."""
    out = np.empty((len(draws), samples))
    base = FOLLOWS.get(key)
    for j, d in enumerate(draws):
        if base in d and values[base][j] > 0:
            out[j] = d[base] * (values[key][j] / values[base][j])
        elif key in d:
            out[j] = d[key]
        else:
            out[j] = values[key][j]
    return out


def _calendar(groups: dict, period: str) -> list[str]:
    """Every month ("YYYY-MM") or year from the first of ``groups`` to the last, none left out."""
    keys = [g for g in groups if g != UNSCHEDULED]
    if not keys:
        return []
    if period == "year":
        return [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    first, last = (int(k[:4]) * 12 + int(k[5:]) - 1 for k in (keys[0], keys[-1]))
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]


# ------------------------------------------------------------------ reading
def plan_files(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[Problem]]:
    """The plan files named: a file (or a preset's id) as it is, a folder's every ``*.json`` (not its
    sub-folders, by name); a file named twice counts once. A folder that holds none is a problem."""
    files: list[str] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            files.append(str(p))
            continue
        try:
            found = sorted((q for q in path.iterdir() if q.suffix.lower() == ".json" and q.is_file()),
                           key=lambda q: q.name)
        except OSError as exc:
            problems.append(Problem(str(p), f"cannot read the folder ({exc.strerror or exc})"))
            continue
        if not found:
            problems.append(Problem(str(p), "a folder with no *.json file in it"))
        files.extend(str(q) for q in found)
    seen: set[str] = set()
    unique = []
    for f in files:  # the first name of each file
        if (real := os.path.realpath(f)) not in seen:
            seen.add(real)
            unique.append(f)
    return unique, problems


def _drawn(file: str, plan: Plan, catalog: Catalog, samples: int, seed: int) -> Drawn:
    """A plan ready to be summed; PlanFileError naming the file (and field) when it cannot be."""
    results = Results(plan, catalog)
    est = results.estimate
    try:
        if est is None:
            raise results.error or PlanError("plan", "cannot be estimated")
        start = plan.schedule.start
        months = {} if start is None else month_shares(parse_start(start), est.wall_hours)
    except PlanError as exc:
        raise PlanFileError(file, exc.message, exc.field) from None
    return Drawn(file, results, months, sample_metrics(est, catalog, samples, seed, own=file))


def portfolio_of(plans: Iterable[tuple[str, Plan]], catalog: Catalog, samples: int = PORTFOLIO_SAMPLES,
                 seed: int = DEFAULT_SEED, problems: Iterable[Problem] = ()) -> Portfolio:
    """The portfolio of plans in memory, each with the file (or label) it is named by; a plan that cannot be
    estimated is a problem, left out."""
    problems = list(problems)
    parts = []
    for file, plan in plans:
        try:
            parts.append(_drawn(file, plan, catalog, samples, seed))
        except PlannerError as exc:
            problems.append(Problem.of(file, exc))
    return Portfolio(parts, problems, samples, seed)


def read_portfolio(paths: Iterable[str | os.PathLike], catalog: Catalog, samples: int = PORTFOLIO_SAMPLES,
                   seed: int = DEFAULT_SEED) -> Portfolio:
    """The portfolio of plan files and folders (``plan_files``): a file that cannot be read or estimated is a
    problem naming it, left out; the rest are summed."""
    files, problems = plan_files(paths)
    plans = []
    for file in files:
        try:
            plans.append((file, load_plan_or_preset(file, catalog)[0]))
        except PlannerError as exc:
            problems.append(Problem.of(file, exc))
    return portfolio_of(plans, catalog, samples, seed, problems)


# ------------------------------------------------------------------ text
NAME_WIDTH = 36


def _row(label: str, figures: Mapping[str, Figure | None], count: str = "") -> list[str]:
    return [label, count, *(show(k, None if (f := figures.get(k)) is None else f.shown) for k in KEYS)]


def _table(header: Sequence[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[c])) for r in [list(header), *rows]) for c in range(len(header))]
    widths[0] = min(widths[0], NAME_WIDTH)

    def line(cells) -> str:
        first = cells[0] if len(cells[0]) <= widths[0] else cells[0][: widths[0] - 1] + "…"
        return "  ".join([f"{first:<{widths[0]}}", *(f"{c:>{w}}" for c, w in zip(cells[1:], widths[1:]))]).rstrip()
    return [line(header), *(line(r) for r in rows)]


GROUP_TITLES = {"month": "By month (UTC; each plan spread over its months by its hours in each)",
                "region": "By region", "accelerator": "By accelerator"}


def portfolio_lines(pf: Portfolio, budgets: dict[str, float] | None = None) -> list[str]:
    """``planner portfolio``'s text: the plans, the total with its 90% intervals, by month, region and
    accelerator, and each yearly budget."""
    heads = [m.short or m.label for m in SUMMED]
    left = f"; {len(pf.problems)} left out (named above)" if pf.problems else ""
    lines = [f"Portfolio of {len(pf)} plan{'' if len(pf) == 1 else 's'}{left}; largest CO2e first", ""]
    lines += _table(["Plan", "", *heads], [_row(e.name, e.figures) for e in pf.ranked()])
    lines += ["", f"Total, {len(pf)} plan{'' if len(pf) == 1 else 's'} (90%: of the plans' draws added, "
                  f"{pf.samples:,} samples a plan):"]
    width = max(len(m.label) for m in SUMMED)
    for m in SUMMED:
        f = pf.total[m.key]
        note = f"; {without_text(m.key, f.without)}" if f.without else ""
        lines.append(f"  {m.label:<{width}}  {show(m.key, f.shown):>12}   {interval(m.key, f)}{note}")
    lines += [f"  {note}" for note in notes()]
    for name, title in GROUP_TITLES.items():
        counts = pf.plan_counts(name)
        rows = [_row(g, figs, str(counts[g])) for g, figs in pf.groups(name).items()]
        lines += ["", f"{title}:", *_table([name.capitalize(), "Plans", *heads], rows)]
    if budgets:
        lines += ["", "Yearly budgets (each calendar year's total; the unscheduled plans as if in one year):"]
        lines += [f"  {c.period}: {c.text()}" for c in pf.budget_checks(budgets)]
    return lines


def total_words(pf: Portfolio) -> list[tuple[str, str, str]]:
    """Each summed figure's total as the PDF's cards word it: (label, value, its 90% interval and what it
    leaves out)."""
    out = []
    for m in SUMMED:
        f = pf.total[m.key]
        note = f" · {without_text(m.key, f.without)}" if f.without else ""
        out.append((m.label, show(m.key, f.shown), interval(m.key, f) + note))
    return out

