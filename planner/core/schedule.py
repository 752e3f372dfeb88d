"""When a job runs: the grid's hourly shape over a typical year, the intensity over a run's hours, and the year
at a glance (the plan's CO2e for every start day, the best start, what flexibility saves).

A zone with hourly data (``resources/grid_hourly.csv``, Electricity Maps 2023, ODbL) has a *profile*: 8,760
hourly intensities from 1 January 00:00 UTC. A start maps to the same month, day and hour of that typical year
(29 February to 28 February) and wraps at the year's end. The profile gives the *shape*; the catalog gives the
*level*: a run's intensity is the catalog's yearly figure (for the plan's grid and year) times the profile's mean
over the run's hours divided by the profile's yearly mean, so a plan without a start keeps the yearly figure.

All runs of a plan (NAS, tuning, the final runs) run back to back from the start, as one block of the plan's
wall-clock hours: every hour of it draws the same power, so their order does not change the CO2e.

Flexibility: with ``flex_hours`` F the job runs in the cleanest of the hours from its start to start + H + F
(pausing hourly and resuming from a checkpoint), a lower bound on what a scheduler would reach.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from planner.core.errors import CatalogError
from planner.core.units import fmt_hours

HOURS = 8760  # a typical (non-leap) year
FLEX_STEPS = (24.0, 72.0, 168.0)  # the flexibility the year at a glance prices: a day, three days, a week
CREDIT = ("Hourly grid intensity: contains data from Electricity Maps (https://www.electricitymaps.com), "
          "licensed under the ODbL v1.0")
NO_PROFILE = "no hourly data for this grid: the yearly average applies"
# a start not fixed, with flexibility: its expected CO2e over starts every 169 hours (every hour of the day about
# twice, every week of the year once): 52 starts, fewer for long windows (see ``sample_starts``)
SAMPLE_STARTS = np.arange(0, HOURS, 169)
MAX_CELLS = 250_000  # start x hour cells one flexible sweep may sort; beyond, starts are sampled, the days between
# interpolated


@dataclass
class Profile:
    """One zone's hourly intensity over a typical year (g CO2e/kWh, UTC hours from 1 January 00:00)."""
    zone: str
    year: int
    values: np.ndarray
    source: str
    _cum: np.ndarray | None = field(default=None, repr=False)
    _order: np.ndarray | None = field(default=None, repr=False)

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
        """The mean intensity of ``hours`` run in the cleanest hours of the window from each start to start +
        hours + flex (whole hours; the last hour run in part is the cleanest left)."""
        starts = np.asarray(starts, dtype=np.int64) % HOURS
        if flex <= 0 or hours <= 0:
            return self.window_mean(starts, hours)
        slots = slots_of(hours, flex)
        k = int(math.floor(hours))
        frac = hours - k
        if slots > HOURS:
            return np.array([self._counts_mean(int(s), hours, slots) for s in starts])
        out = np.empty(len(starts))
        step = max(1, MAX_CELLS // slots)
        span = np.arange(slots)
        for a in range(0, len(starts), step):  # a block of starts at a time: memory stays bounded
            window = self.values[(starts[a:a + step, None] + span[None, :]) % HOURS]
            if k < slots:
                part = np.partition(window, k, axis=1)
                out[a:a + step] = part[:, :k].sum(axis=1) + frac * part[:, k]
            else:
                out[a:a + step] = window.sum(axis=1)
        return out / hours

    def _counts_mean(self, start: int, hours: float, slots: int) -> float:
        """The cleanest ``hours`` of a window longer than a year: each hour of the year is in it ``years`` or
        ``years + 1`` times; fill the cleanest first."""
        years, rest = divmod(slots, HOURS)
        counts = np.full(HOURS, float(years))
        counts[(start + np.arange(rest)) % HOURS] += 1.0
        if self._order is None:
            self._order = np.argsort(self.values, kind="stable")
        order = self._order
        c, v = counts[order], self.values[order]
        filled = np.cumsum(c)
        j = int(np.searchsorted(filled, hours))
        j = min(j, HOURS - 1)
        before = filled[j - 1] if j else 0.0
        return float(((c[:j] * v[:j]).sum() + (hours - before) * v[j]) / hours)


def slots_of(hours: float, flex: float) -> int:
    """The whole hours of a flexible window: start to start + hours + flex (at least the run's own)."""
    return max(int(math.floor(hours + flex)), int(math.ceil(hours)))


def sample_starts(hours: float, flex: float) -> np.ndarray:
    """The starts a start not fixed is averaged over: every 169th hour (52), fewer (at least 12, spread over
    the year) when the window is so long that sorting 52 of them would cost more than ``MAX_CELLS`` cells; a
    long window's mean hardly depends on its start."""
    n = min(len(SAMPLE_STARTS), max(12, MAX_CELLS // min(slots_of(hours, flex), HOURS)))
    if slots_of(hours, flex) > HOURS:
        n = 12
    return SAMPLE_STARTS[np.linspace(0, len(SAMPLE_STARTS) - 1, n).round().astype(int)]


def expected_mean(profile: Profile, hours: float, flex: float) -> float:
    """The run's mean intensity for a start not fixed: the yearly mean without flexibility (every hour is in as
    many windows), else the average over ``sample_starts``."""
    if flex <= 0 or hours <= 0:
        return profile.mean
    return float(profile.flexible_mean(sample_starts(hours, flex), hours, flex).mean())


def read_profiles(path: Path | None) -> dict[str, Profile]:
    """``grid_hourly.csv``: {zone: Profile}, every row checked; none without the file. A damaged row raises
    CatalogError naming the file, row and column."""
    from planner.core.catalog import scan_hourly

    return {zone: parse_profile(path, row) for zone, row in scan_hourly(path).items()}


def parse_profile(path: Path | None, row) -> Profile:
    """A zone's profile from its row: exactly 8,760 numbers of 0 to 5,000 g/kWh, or CatalogError naming the row."""
    try:
        values = np.array(row.values.split(), dtype=float)
    except ValueError:
        raise CatalogError(path, "must be numbers separated by spaces", row.rowno, "values_g_per_kwh") from None
    if values.size != HOURS:
        raise CatalogError(path, f"must hold {HOURS:,} hourly values, got {values.size:,}", row.rowno,
                           "values_g_per_kwh")
    if not np.all(np.isfinite(values)) or values.min() < 0 or values.max() > 5000 or values.max() <= 0:
        raise CatalogError(path, "every value must be a number of 0 to 5,000 g/kWh, and not all 0", row.rowno,
                           "values_g_per_kwh")
    return Profile(row.zone, row.year, values, row.source)


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
    text = f"{when.day} {when:%B %Y}"
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
    """The plan's CO2e for every start day of the year (at the plan's start hour, 00:00 UTC when not fixed), by
    hour of day (on the plan's start day, else the best day), the best start and what flexibility saves."""
    zone: str
    profile_year: int
    year: int  # the calendar year the days are dated in
    start_hour: int  # the hour of day of every start in ``by_day``
    by_day: np.ndarray  # kg CO2e for a start on each day (365)
    by_hour: np.ndarray  # kg CO2e for a start at each hour (24) of ``hour_day``
    hour_day: int
    yearly_kg: float  # the plan without a start (the yearly average)
    plan_kg: float  # the plan as scheduled
    chosen_day: int | None  # the plan's start day, when fixed
    best_day: int
    flex_kg: dict  # flexible hours -> kg CO2e at the plan's start (any start: expected over starts)
    sampled: int  # 1: every day computed; k: every k-th day, the days between interpolated
    source: str

    @property
    def best_kg(self) -> float:
        return float(self.by_day[self.best_day])

    @property
    def best_start(self) -> datetime:
        return day_date(self.year, self.best_day, self.start_hour)

    def start_of(self, day: int) -> datetime:
        return day_date(self.year, day, self.start_hour)

    def saving(self, flex: float) -> float:
        """kg CO2e ``flex`` hours of flexibility save against none, at the plan's start."""
        return self.flex_kg[0.0] - self.flex_kg[flex]

    def to_dict(self) -> dict:
        return {
            "zone": self.zone, "profile_year": self.profile_year, "year": self.year,
            "start_hour_utc": self.start_hour,
            "best_start": start_text(self.best_start), "best_emissions_kg": self.best_kg,
            "plan_emissions_kg": self.plan_kg, "yearly_average_emissions_kg": self.yearly_kg,
            "best_saving_kg": self.plan_kg - self.best_kg,
            "by_day": [{"start": start_text(self.start_of(d)), "emissions_kg": float(kg)}
                       for d, kg in enumerate(self.by_day)],
            "by_hour": [{"hour_utc": h, "emissions_kg": float(kg)} for h, kg in enumerate(self.by_hour)],
            "by_hour_day": start_text(day_date(self.year, self.hour_day)),
            "flexibility": [{"flex_hours": f, "emissions_kg": kg, "saving_kg": self.saving(f)}
                            for f, kg in sorted(self.flex_kg.items()) if f > 0],
            "days_interpolated_every": self.sampled,
            "source": self.source, "credit": CREDIT,
        }


def year_at_a_glance(profile: Profile, start: str | None, wall_hours: float, flex: float, kg_per_mean: float,
                     calendar_year: int) -> YearAtAGlance:
    """The plan's CO2e by start day and hour, its best start and the saving of flexibility. ``kg_per_mean``:
    the plan's CO2e at the profile's yearly mean (the unscheduled figure); CO2e scales with the run's mean."""
    scale = kg_per_mean / profile.mean
    when = parse_start(start) if start is not None else None
    hour = when.hour if when is not None else 0
    year = when.year if when is not None else calendar_year
    chosen = hour_of_year(when) // 24 if when is not None else None
    days = np.arange(365)
    slots = slots_of(wall_hours, flex)
    step = 1 if flex <= 0 else max(1, math.ceil(365 * min(slots, HOURS) / MAX_CELLS))
    if slots > HOURS and flex > 0:
        step = 30  # a window over a year: its start hardly matters
    sample = days[::step]
    means = profile.flexible_mean(sample * 24 + hour, wall_hours, flex)
    if step > 1:  # the days between: interpolated (the year wraps)
        means = np.interp(days, np.append(sample, 365), np.append(means, means[0]))
    by_day = means * scale
    best = int(np.argmin(by_day))
    hour_day = chosen if chosen is not None else best
    by_hour = profile.flexible_mean(hour_day * 24 + np.arange(24), wall_hours, flex) * scale

    def mean_at(f: float) -> float:  # at the plan's start, or expected over the year's starts
        if when is not None:
            return float(profile.flexible_mean([hour_of_year(when)], wall_hours, f)[0])
        return expected_mean(profile, wall_hours, f)

    means = {f: mean_at(f) for f in (0.0, *FLEX_STEPS)}
    plan_m = means[flex] if flex in means else mean_at(flex)
    return YearAtAGlance(profile.zone, profile.year, year, hour, by_day, by_hour, hour_day, kg_per_mean,
                         plan_m * scale, chosen, best, {f: m * scale for f, m in means.items()}, step, profile.source)


def start_spread(profile: Profile, wall_hours: float, flex: float) -> np.ndarray:
    """The run's mean intensity for starts over the whole year, as factors on their mean (the "start date"
    input of the uncertainty analysis): every hour of the year without flexibility, else ``sample_starts``."""
    if flex <= 0:
        means = profile.window_mean(np.arange(HOURS), wall_hours)
    else:
        means = profile.flexible_mean(sample_starts(wall_hours, flex), wall_hours, flex)
    return means / means.mean()
