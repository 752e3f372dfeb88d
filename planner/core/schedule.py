"""When a job runs: the grid's hourly shape over a typical year, the intensity over a run's hours, and the year
at a glance (the plan's CO2e for every start day, the best start, what flexibility saves).

A zone with hourly data (``resources/grid_hourly.csv``, Electricity Maps 2023, ODbL) has a *profile*: 8,760
hourly intensities from 1 January 00:00 UTC. A start maps to the same month, day and hour of that typical year
(29 February to 28 February) and wraps at the year's end. The profile gives the *shape*; the catalog gives the
*level*: a run's intensity is the catalog's yearly figure (for the plan's grid and year) times the profile's mean
over the run's hours divided by the profile's yearly mean, so a plan without a start keeps the yearly figure.

All runs of a plan (NAS, tuning, the final runs) run back to back from the start, as one block of the plan's
wall-clock hours: every hour of it draws the same power, so their order does not change the CO2e.

Flexibility: with ``flex_hours`` F the job's H hours run in the cleanest time between its start and start + H + F
(pausing and resuming from checkpoints), a lower bound on what a scheduler would reach. Hours and flexibility may
be fractional: the window's last hour counts for its fraction, and so does the run's last hour (a run of 0.5 h
runs for half an hour). So CO2e never falls as a run grows and never rises with more flexibility.

A start not fixed: the run's mean intensity averaged over a start at every hour of the year (8,760 starts). With
no flexibility that is exactly the yearly mean; with flexibility every start is computed exactly (``Cheapest``:
the cleanest H hours of all 8,760 windows at once, in a few milliseconds whatever their length).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from planner.core.model import co2e_kg
from planner.core.units import fmt_hours

HOURS = 8760  # a typical (non-leap) year
FLEX_STEPS = (24.0, 72.0, 168.0)  # the flexibility the year at a glance prices: a day, three days, a week
CREDIT = ("Hourly grid intensity: contains data from Electricity Maps (https://www.electricitymaps.com), "
          "licensed under the ODbL v1.0")
NO_PROFILE = "no hourly data for this grid: the yearly average applies"
GIVEN_INTENSITY = "the plan gives its grid intensity, taken as the run's own: no hourly shape applies"
EVERY_START = np.arange(HOURS)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CACHED_SWEEPS = 8  # (hours, flexibility) pairs whose every-start means a profile keeps


class Cheapest:
    """The cheapest ``need`` hours of many windows of a typical year at once (the cleanest hours a flexible run
    uses), exactly, in O(log of the distinct values) vector steps whatever the windows' length.

    A window from start ``s`` of ``w`` hours holds ``q`` = w // 8,760 copies of every hour of the year, the next
    ``n`` whole hours from ``s`` once more, and the hour after them for the fraction ``c`` of it that is left. The
    ``need`` cheapest of that multiset is a descent of a wavelet matrix over the two-year value sequence (the
    whole hours), with the year's histogram (the ``q`` copies) and the fractional hour added at each node.
    """

    def __init__(self, values: np.ndarray):
        self.uniq, rank = np.unique(values, return_inverse=True)
        self.values = values
        d = len(self.uniq)
        self.levels = max(1, math.ceil(math.log2(d))) if d > 1 else 1
        # the year's histogram by rank: how many hours (and their sum) have a rank below j
        count = np.bincount(rank, minlength=d)
        self.year_count = np.concatenate(([0], np.cumsum(count))).astype(float)
        self.year_sum = np.concatenate(([0.0], np.cumsum(count * self.uniq)))
        self.rank = rank
        cur = np.concatenate((rank, rank))
        vals = self.uniq[cur]
        self.zeros_before, self.zero_sums, self.zeros = [], [], []
        for level in range(self.levels):
            bit = (cur >> (self.levels - 1 - level)) & 1
            zero = bit == 0
            self.zeros_before.append(np.concatenate(([0], np.cumsum(zero))))
            self.zero_sums.append(np.concatenate(([0.0], np.cumsum(np.where(zero, vals, 0.0)))))
            self.zeros.append(int(zero.sum()))
            order = np.concatenate((np.flatnonzero(zero), np.flatnonzero(~zero)))  # stable: zeros, then ones
            cur, vals = cur[order], vals[order]

    def cost(self, starts: np.ndarray, need: float, window: float) -> np.ndarray:
        """The sum of the cheapest ``need`` hours (fractions count in part) of the ``window`` hours from each
        start (``need`` <= ``window``)."""
        starts = np.asarray(starts, dtype=np.int64) % HOURS
        q, rest = divmod(window, HOURS)
        n = int(rest)
        c = rest - n  # the share of the hour after the whole ones
        k = len(starts)
        d = len(self.uniq)
        part_rank = self.rank[(starts + n) % HOURS] if c > 0 else np.full(k, -1)
        part_value = self.uniq[np.maximum(part_rank, 0)]
        left, right = starts.copy(), starts + n
        lo = np.zeros(k, dtype=np.int64)
        need_left = np.full(k, float(min(need, window)))
        acc = np.zeros(k)
        for level in range(self.levels):
            half = 1 << (self.levels - 1 - level)
            before, sums = self.zeros_before[level], self.zero_sums[level]
            l0, r0 = before[left], before[right]
            mid = lo + half
            top = np.minimum(mid, d)
            lo_c = np.minimum(lo, d)
            part_in = (part_rank >= lo) & (part_rank < mid)
            cap = q * (self.year_count[top] - self.year_count[lo_c]) + (r0 - l0) + c * part_in
            low_sum = q * (self.year_sum[top] - self.year_sum[lo_c]) + (sums[right] - sums[left]) \
                + c * part_value * part_in
            zero = need_left <= cap
            acc = np.where(zero, acc, acc + low_sum)
            need_left = np.where(zero, need_left, need_left - cap)
            left = np.where(zero, l0, self.zeros[level] + left - l0)
            right = np.where(zero, r0, self.zeros[level] + right - r0)
            lo = np.where(zero, lo, mid)
        return acc + np.maximum(need_left, 0.0) * self.uniq[np.minimum(lo, d - 1)]


@dataclass
class Profile:
    """One zone's hourly intensity over a typical year (g CO2e/kWh, UTC hours from 1 January 00:00)."""
    zone: str
    year: int
    values: np.ndarray
    source: str
    _cum: np.ndarray | None = field(default=None, repr=False)
    _cheapest: Cheapest | None = field(default=None, repr=False)
    _sweeps: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @property
    def mean(self) -> float:
        return float(self.values.mean())

    @property
    def cum(self) -> np.ndarray:
        """Cumulative sums over two years (a window that wraps needs no modulo): cum[k] = sum of hours < k."""
        if self._cum is None:
            self._cum = np.concatenate(([0.0], np.cumsum(np.concatenate((self.values, self.values)))))
        return self._cum

    def window_mean(self, starts, hours: float) -> np.ndarray:
        """The mean intensity over ``hours`` (fractional: the last hour in part) from each start hour."""
        starts = np.asarray(starts, dtype=np.int64) % HOURS
        if hours <= 0:
            return self.values[starts].astype(float)
        years, rest = divmod(hours, HOURS)
        whole = int(rest)
        frac = rest - whole
        cum = self.cum
        total = years * cum[HOURS] + cum[starts + whole] - cum[starts] + frac * self.values[(starts + whole) % HOURS]
        return total / hours

    def flexible_mean(self, starts, hours: float, flex: float) -> np.ndarray:
        """The mean intensity of ``hours`` run in the cleanest time of the window from each start to start +
        hours + flex (each hour of the grid counts for the part of it the window holds)."""
        if flex <= 0 or hours <= 0:
            return self.window_mean(starts, hours)
        if self._cheapest is None:
            self._cheapest = Cheapest(self.values)
        return self._cheapest.cost(starts, hours, hours + flex) / hours

    def every_start(self, hours: float, flex: float) -> np.ndarray:
        """The run's mean intensity for a start at each hour of the year (kept for the last few runs asked)."""
        key = (float(hours), float(flex))
        out = self._sweeps.get(key)
        if out is None:
            out = self._sweeps[key] = self.flexible_mean(EVERY_START, hours, flex)
            while len(self._sweeps) > CACHED_SWEEPS:
                self._sweeps.popitem(last=False)
        else:
            self._sweeps.move_to_end(key)
        return out


def expected_mean(profile: Profile, hours: float, flex: float) -> float:
    """The run's mean intensity for a start not fixed, averaged over a start at every hour of the year: the
    yearly mean without flexibility (every hour is in as many windows), else each start computed."""
    if flex <= 0 or hours <= 0:
        return profile.mean
    return float(profile.every_start(hours, flex).mean())


# ------------------------------------------------------------------ starts
def parse_start(text: str) -> datetime:
    """A plan's ``schedule.start`` (``2026-03-01T09:00Z``) as a naive UTC datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ")


def hour_of_year(when: datetime) -> int:
    """The hour of the typical year a start maps to (29 February as 28 February)."""
    day = when.timetuple().tm_yday - 1
    if when.month > 2 and _leap(when.year):
        day -= 1
    elif when.month == 2 and when.day == 29:
        day -= 1
    return day * 24 + when.hour


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def day_date(year: int, day: int, hour: int = 0) -> datetime:
    """Day ``day`` (0-364) of the typical year, in calendar ``year`` (a leap year's 29 February is skipped)."""
    when = datetime(year, 1, 1) + timedelta(days=day, hours=hour)
    if _leap(year) and (when.month, when.day) >= (2, 29) and day >= 59:
        when += timedelta(days=1)
    return when


def day_words(when: datetime, hour: bool = False) -> str:
    """"4 March 2026" (with ``hour``: "4 March 2026, 09:00 UTC")."""
    text = f"{when.day} {MONTHS[when.month - 1]} {when.year}"  # English like every other word (never the locale's)
    return f"{text}, {when:%H:%M} UTC" if hour else text


def start_text(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%MZ")


# ------------------------------------------------------------------ the run's intensity
@dataclass(frozen=True)
class RunIntensity:
    """What a plan's schedule does to its grid intensity: the factor on the yearly figure and how it was had."""
    factor: float
    note: str  # "" when nothing is scheduled
    zone: str | None  # the profile's zone, when one applies


def run_factor(profile: Profile | None, start: str | None, wall_hours: float, flex: float) -> RunIntensity:
    """The factor on the yearly intensity for a job of ``wall_hours`` from ``start`` (None: not fixed) with
    ``flex`` hours of flexibility."""
    if start is None and flex <= 0:
        return RunIntensity(1.0, "", None)
    if profile is None:
        return RunIntensity(1.0, NO_PROFILE, None)
    mean = profile.mean
    if start is None:  # not fixed: the expected intensity over the year's starts
        f = expected_mean(profile, wall_hours, flex) / mean
        return RunIntensity(f, f"any start, {_flex_words(flex)}: ×{f:.2f} the yearly average; hourly data "
                               f"{profile.zone} {profile.year}", profile.zone)
    s = hour_of_year(parse_start(start))
    f = float(profile.flexible_mean([s], wall_hours, flex)[0]) / mean
    how = f"over its {fmt_hours(wall_hours)}" + (f", {_flex_words(flex)}" if flex > 0 else "")
    return RunIntensity(f, f"{how}: ×{f:.2f} the yearly average; hourly data {profile.zone} {profile.year}",
                        profile.zone)


def _flex_words(flex: float) -> str:
    return f"{fmt_hours(flex)} flexible"


# ------------------------------------------------------------------ the year at a glance
@dataclass(frozen=True)
class YearAtAGlance:
    """The plan's CO2e for a start on each of 365 days at one hour of day (the plan's start hour, 00:00 UTC when
    not fixed), by hour of day (on the plan's start day, else the best day), the best start and what flexibility
    saves. The days are the start's calendar year when a start is fixed, else the next twelve months from today
    (a best start is never in the past)."""
    zone: str
    profile_year: int
    dates: tuple  # the 365 starts (datetime, UTC) ``by_day`` prices, in order
    start_hour: int  # the hour of day of every start in ``by_day``
    by_day: np.ndarray  # kg CO2e for a start on each day (365)
    by_hour: np.ndarray  # kg CO2e for a start at each hour (24) of ``hour_day``
    hour_day: int
    yearly_kg: float  # the plan without a start (the yearly average)
    plan_kg: float  # the plan as scheduled
    chosen_day: int | None  # the plan's start day, when fixed
    best_day: int
    flex_kg: dict  # flexible hours -> kg CO2e at the plan's start (any start: expected over starts)
    source: str

    @property
    def best_kg(self) -> float:
        return float(self.by_day[self.best_day])

    @property
    def best_start(self) -> datetime:
        return self.dates[self.best_day]

    def start_of(self, day: int) -> datetime:
        return self.dates[day]

    def saving(self, flex: float) -> float:
        """kg CO2e ``flex`` hours of flexibility save against none, at the plan's start."""
        return self.flex_kg[0.0] - self.flex_kg[flex]

    def month_ticks(self) -> list[tuple[int, str]]:
        """Where each month begins among the days (day, "Mar"); the first January after the first day says its
        year ("Jan 2027")."""
        ticks = []
        for k, when in enumerate(self.dates):
            if when.day == 1:
                name = MONTHS[when.month - 1][:3]
                ticks.append((k, f"{name} {when.year}" if when.month == 1 and k > 0 else name))
        return ticks

    def to_dict(self) -> dict:
        return {
            "zone": self.zone, "profile_year": self.profile_year,
            "first_day": self.dates[0].strftime("%Y-%m-%d"), "start_hour_utc": self.start_hour,
            "best_start": start_text(self.best_start), "best_emissions_kg": self.best_kg,
            "plan_emissions_kg": self.plan_kg, "yearly_average_emissions_kg": self.yearly_kg,
            "best_saving_kg": self.plan_kg - self.best_kg,
            "by_day": [{"start": start_text(self.start_of(d)), "emissions_kg": float(kg)}
                       for d, kg in enumerate(self.by_day)],
            "by_hour": [{"hour_utc": h, "emissions_kg": float(kg)} for h, kg in enumerate(self.by_hour)],
            "by_hour_day": start_text(self.dates[self.hour_day].replace(hour=0)),
            "flexibility": [{"flex_hours": f, "emissions_kg": kg, "saving_kg": self.saving(f)}
                            for f, kg in sorted(self.flex_kg.items()) if f > 0],
            "source": self.source, "credit": CREDIT,
        }


def start_days(start: str | None, today: date) -> tuple:
    """The 365 starts the year at a glance prices: every day of the start's calendar year at its hour (a leap
    year's 29 February skipped), or, with no start fixed, at 00:00 UTC on the next 365 days from ``today``."""
    if start is not None:
        when = parse_start(start)
        return tuple(day_date(when.year, d, when.hour) for d in range(365))
    first = datetime(today.year, today.month, today.day)
    return tuple(first + timedelta(days=d) for d in range(365))


def year_at_a_glance(profile: Profile, start: str | None, wall_hours: float, flex: float, kg_per_mean: float,
                     today: date) -> YearAtAGlance:
    """The plan's CO2e by start day and hour, its best start and the saving of flexibility. ``kg_per_mean``:
    the plan's CO2e at the profile's yearly mean (the unscheduled figure); CO2e scales with the run's mean."""
    scale = kg_per_mean / profile.mean
    when = parse_start(start) if start is not None else None
    dates = start_days(start, today)
    hour = dates[0].hour
    chosen = hour_of_year(when) // 24 if when is not None else None
    by_day = profile.flexible_mean([hour_of_year(d) for d in dates], wall_hours, flex) * scale
    best = int(np.argmin(by_day))
    hour_day = chosen if chosen is not None else best
    first_hour = hour_of_year(dates[hour_day].replace(hour=0))
    by_hour = profile.flexible_mean(first_hour + np.arange(24), wall_hours, flex) * scale

    def mean_at(f: float) -> float:  # at the plan's start, or expected over the year's starts
        if when is not None:
            return float(profile.flexible_mean([hour_of_year(when)], wall_hours, f)[0])
        return expected_mean(profile, wall_hours, f)

    means = {f: mean_at(f) for f in (0.0, *FLEX_STEPS)}
    plan_m = means[flex] if flex in means else mean_at(flex)
    return YearAtAGlance(profile.zone, profile.year, dates, hour, by_day, by_hour, hour_day, kg_per_mean,
                         plan_m * scale, chosen, best, {f: m * scale for f, m in means.items()}, profile.source)


def start_spread(profile: Profile, wall_hours: float, flex: float) -> np.ndarray:
    """The run's mean intensity for starts over the whole year, as factors on their mean (the "start date"
    input of the uncertainty analysis), a start at every hour of the year."""
    means = profile.window_mean(EVERY_START, wall_hours) if flex <= 0 else profile.every_start(wall_hours, flex)
    return means / means.mean()


def plan_year(est, catalog, today: date) -> YearAtAGlance | None:
    """An estimated plan's year at a glance: None without hourly data for its grid (``catalog.hourly_profile``),
    or when the plan gives its grid intensity (the run's own: no hourly shape applies). Days are the start's
    calendar year, else the next twelve months from ``today``."""
    i, plan = est.inputs, est.plan
    profile = catalog.hourly_profile(i.region)
    if profile is None or plan.site.carbon_intensity_g_per_kwh is not None:
        return None
    return year_at_a_glance(profile, plan.schedule.start, est.wall_hours, plan.schedule.flex_hours,
                            co2e_kg(est.energy_kwh, i.carbon_intensity_yearly), today)
