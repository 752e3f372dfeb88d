"""How sure the estimate is, and which assumption matters most.

Each uncertain input the plan does not give has a documented distribution
(``docs/methodology.md``, "Uncertainty"); a value the plan gives (the user's,
or a paper's pinned by a preset) is taken as exact. A seeded Monte Carlo over
those distributions, vectorized with NumPy, gives the 5th, 50th and 95th
percentiles of energy, CO2e, cost and embodied CO2e; a tornado sets one input
at a time to its 5th and 95th percentile, the others at the estimate's values,
and ranks the inputs by how far that moves the CO2e.

All distributions are multiplicative around the value the estimate uses, so
the central estimate is the model at every factor's central value.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from planner.core.calibration import Z90
from planner.core.catalog import Catalog, default_catalog
from planner.core.estimate import Draws, Estimate, estimate, power_spread, server_assumption
from planner.core.metrics import METRICS, percentiles
from planner.core.plan import Plan
from planner.core.text import cite

Z95 = 1.6448536269514722  # the standard normal's 95th percentile
DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 20190605  # fixed: the same plan always gives the same interval
INPUT_LABELS = {"power": "Power per accelerator", "pue": "PUE", "grid": "Grid intensity",
                "utilization": "Utilization (MFU)", "price": "Price per accelerator-hour",
                "embodied": "Embodied CO2e per accelerator", "server": "Embodied CO2e per server",
                "start": "Start date"}


@dataclass(frozen=True)
class Distribution:
    """A factor on the estimate's value of one input: ``lognormal`` (90% of samples in [a, b], median 1),
    ``triangular`` (a, ``mode``, b), ``uniform`` (a, b) or ``empirical`` (drawn from ``values``, whose 5th and 95th
    percentiles are a and b); ``source`` says where the shape and range come from."""
    input: str
    kind: str
    a: float
    b: float
    describe: str
    source: str
    values: np.ndarray | None = field(default=None, compare=False, repr=False)
    mode: float = 1.0  # a triangular's mode (``median_one`` places it so that the median is 1)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.kind == "empirical":
            assert self.values is not None  # (an empirical spread is made with its values)
            return rng.choice(self.values, n)
        if self.kind == "lognormal":
            mu, sigma = self._mu_sigma()
            return np.exp(rng.normal(mu, sigma, n))
        if self.kind == "triangular":
            if self.a == self.b:
                return np.ones(n)
            return rng.triangular(self.a, self.mode, self.b, n)
        return rng.uniform(self.a, self.b, n)

    def ppf(self, q: float) -> float:
        """The factor's ``q`` quantile."""
        if self.kind == "empirical":
            assert self.values is not None
            return float(np.quantile(self.values, q))
        if self.kind == "lognormal":
            mu, sigma = self._mu_sigma()
            return math.exp(mu + sigma * _norm_ppf(q))
        if self.kind == "triangular":
            a, c, b = self.a, self.mode, self.b
            if a == b:
                return 1.0
            cut = (c - a) / (b - a)
            return a + math.sqrt(q * (b - a) * (c - a)) if q < cut else b - math.sqrt((1 - q) * (b - a) * (b - c))
        return self.a + q * (self.b - self.a)

    def _mu_sigma(self) -> tuple[float, float]:
        la, lb = math.log(self.a), math.log(self.b)
        return (la + lb) / 2, (lb - la) / (2 * Z95)

    def to_dict(self) -> dict:
        return {"input": self.input, "shape": self.kind, "low_factor": self.a, "high_factor": self.b,
                "describe": self.describe, "source": self.source}


def median_one(input_: str, a: float, b: float, describe: str, source: str) -> Distribution:
    """Factors from ``a`` to ``b`` whose median is 1, so the estimate (the input at factor 1) sits at the middle of
    its spread: a triangular with its mode placed for that; where 1 lies too near an end for any triangular (the
    newest year the lowest a grid has had), a log-normal as wide in log terms on both sides."""
    span = b - a
    if span > 0 and a + (1 - 2 ** -0.5) * span <= 1.0 <= a + 2 ** -0.5 * span:
        c = b - 2 * (b - 1.0) ** 2 / span  # the median right of the mode: (b - 1)^2 = (b - a)(b - c) / 2
        if (c - a) / span > 0.5:  # else left of it: (1 - a)^2 = (b - a)(c - a) / 2
            c = a + 2 * (1.0 - a) ** 2 / span
        return Distribution(input_, "triangular", a, b, describe, source, mode=min(max(c, a), b))
    r = max(b, 1.0 / a if a > 0 else b, 1.0 + 1e-9)
    return Distribution(input_, "lognormal", 1.0 / r, r, describe, source)


def _lower_first(text: str) -> str:
    """"Grid intensity" -> "grid intensity", but "PUE" stays."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _norm_ppf(q: float) -> float:
    """The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9)."""
    a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
         -3.066479806614716e+01, 2.506628277459239e+00)
    b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
         -1.328068155288572e+01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
         4.374664141464968e+00, 2.938163982698783e+00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
    if q <= 0.0 or q >= 1.0:
        raise ValueError("q must be in (0, 1)")
    if q < 0.02425:
        t = math.sqrt(-2 * math.log(q))
        return (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / \
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1)
    if q > 1 - 0.02425:
        return -_norm_ppf(1 - q)
    r = q - 0.5
    t = r * r
    return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / \
        (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1)


def distributions(est: Estimate, catalog: Catalog | None = None) -> dict[str, Distribution]:
    """The uncertain inputs of this estimate, each with its distribution. Inputs the plan gives are exact
    and absent; utilization is absent unless hours are derived from FLOPs."""
    return {k: d for k, d in _distributions(est, catalog or default_catalog(), False).items() if d is not None}


def uncertain_names(est: Estimate, catalog: Catalog) -> set[str]:
    """The names of the uncertain inputs, known without reading a grid's hours (start-up needs only the names)."""
    return set(_distributions(est, catalog, True))


def _distributions(est: Estimate, catalog: Catalog, names_only: bool) -> dict[str, Distribution | None]:
    """``distributions``; with ``names_only`` the start date's entry is None (whether the grid has hourly data is
    known without reading its hours)."""
    a = catalog.assumptions
    plan, i = est.plan, est.inputs
    out: dict[str, Distribution | None] = {}
    # a measured energy leaves power only the hours it implies (and so cost), never the energy
    if plan.hardware.power_w is None and (i.measured_it_kwh is None or i.hours_from_energy):
        if i.power_sigma is not None:  # a pilot measured it: the posterior
            lo, hi = math.exp(-Z90 * i.power_sigma), math.exp(Z90 * i.power_sigma)
            out["power"] = Distribution("power", "lognormal", lo, hi,
                                        f"narrowed by the pilot: {i.power_w * lo:,.0f}–{i.power_w * hi:,.0f} W (90%)",
                                        i.power_source)
        elif i.accelerator.avg_power_w is not None:
            lo, hi = power_spread(catalog, i.accelerator)
            out["power"] = Distribution("power", "lognormal", lo, hi, f"measured mean × {lo:.2f}–{hi:.2f} (90%)",
                                        a["power_band_catalog"].source)
        else:  # the central power is the median share of TDP: the factor's median is 1
            asm = a["power_share_of_tdp"]
            lo, hi = power_spread(catalog, i.accelerator)
            out["power"] = Distribution("power", "lognormal", lo, hi,
                                        f"{asm.low:.0%}–{asm.high:.0%} of TDP (90%; the estimate uses the median, "
                                        f"{asm.value:.0%})", f"{cite(asm.source, asm.year)}")
    unknown_site = plan.site.pue is None and catalog.pue_for(i.region).provider == "default"
    if unknown_site and i.pue > 1.0:  # a site the plan does not name: anything real sites report
        asm = a["pue_unknown_site"]
        over = i.pue - 1.0
        lo, hi = min(asm.low, i.pue), max(asm.high, i.pue)
        out["pue"] = median_one("pue", (lo - 1.0) / over, (hi - 1.0) / over,
                                f"PUE {lo:.2f}–{hi:.2f}, median {i.pue:.2f} (triangular: real sites)",
                                f"{cite(asm.source, asm.year)}")
    elif plan.site.pue is None:
        asm = a["pue_overhead_factor"]
        over = i.pue - 1.0
        if over > 0:  # PUE = 1 + overhead x factor: never below 1
            out["pue"] = Distribution("pue", "lognormal", asm.low, asm.high,
                                      f"overhead (PUE − 1) × {asm.low:g}–{asm.high:g} (90%): PUE "
                                      f"{1 + over * asm.low:.2f}–{1 + over * asm.high:.2f}",
                                      f"{cite(asm.source, asm.year)}")
    # a reference region is a paper's own factor, exact like a given value
    if plan.site.carbon_intensity_g_per_kwh is None and i.carbon_intensity > 0 and i.region.kind != "reference":
        r, c = i.region, i.carbon_intensity_yearly  # the year's spread, on the year's figure (a schedule's shape
        # scales it, and is its own input)
        series = catalog.grid_series(r) if plan.site.grid_year is not None else {}
        near = [series[y] for y in (i.grid_year - 1, i.grid_year, i.grid_year + 1) if y in series]
        if len(near) > 1 and max(near) > min(near):  # a year chosen: the spread of the years around it
            out["grid"] = median_one("grid", min(near) / c, max(near) / c,
                                     f"the zone's yearly averages around {i.grid_year}, {min(near):g}–{max(near):g} "
                                     f"g/kWh (median at {i.grid_year}'s {c:g})", i.carbon_intensity_source)
        elif r.years_low is not None and r.years_high is not None and r.years_high > r.years_low:
            lo, hi = min(r.years_low, c) / c, max(r.years_high, c) / c
            out["grid"] = median_one("grid", lo, hi, f"the zone's yearly averages {r.years_low:g}–{r.years_high:g} "
                                     f"g/kWh (median at the newest year's {c:g})", r.source)
        else:
            asm = a["grid_year_spread"]
            out["grid"] = Distribution("grid", "lognormal", asm.low, asm.high,
                                       f"× {asm.low:g}–{asm.high:g} (90%; no yearly series for this region)",
                                       f"{cite(asm.source, asm.year)}")
    if i.hours_derived and plan.hardware.utilization is None:
        prior = catalog.utilization_prior
        lo, hi = prior.factor_bounds
        if i.utilization_sigma is not None:  # a pilot ran: the posterior
            lo, hi = math.exp(-Z90 * i.utilization_sigma), math.exp(Z90 * i.utilization_sigma)
        u = i.utilization
        assert u is not None  # (hours derived from FLOPs have one)
        out["utilization"] = Distribution("utilization", "lognormal", lo, hi,
                                          f"median {u:.0%} of peak, {u * lo:.0%}–{u * hi:.0%} (90%, log-normal)",
                                          prior.source if i.utilization_sigma is None else i.utilization_source)
    p_lo, p_hi = i.price_low, i.price_high
    if p_lo is not None and p_hi is not None and p_hi > p_lo and p_lo / 2 + p_hi / 2 > 0:  # (0 to 5e-324: none)
        mid = p_lo / 2 + p_hi / 2
        out["price"] = Distribution("price", "uniform", p_lo / mid, p_hi / mid, f"uniform from {i.price_basis}",
                                    i.price_source)
    asm = a["embodied_factor"]
    out["embodied"] = Distribution("embodied", "lognormal", asm.low, asm.high,
                                   f"× {asm.low:g}–{asm.high:g} (90%)", f"{cite(asm.source, asm.year)}")
    srv = server_assumption(i.accelerator, catalog)
    out["server"] = median_one("server", srv.low / srv.value, srv.high / srv.value,
                               f"{srv.low:,.0f}–{srv.high:,.0f} kg a server (90%)", f"{cite(srv.source, srv.year)}")
    if plan.schedule.start is None and plan.site.carbon_intensity_g_per_kwh is None and i.carbon_intensity > 0 \
            and i.region.kind != "reference":
        if names_only and catalog.has_hourly(i.region):
            out["start"] = None
        profile = None if names_only else catalog.hourly_profile(i.region)  # a start not fixed: when it runs
        if profile is not None:
            from planner.core.schedule import start_spread

            spread = start_spread(profile, est.wall_hours, plan.schedule.flex_hours)
            lo, hi = (float(q) for q in np.quantile(spread, [0.05, 0.95]))
            if hi > lo:
                out["start"] = Distribution("start", "empirical", lo, hi,
                                            f"the run's hours on {profile.zone}'s {profile.year} hourly grid, every "
                                            f"start of the year: × {lo:.2f}–{hi:.2f} (90%)", profile.source,
                                            values=spread)
    return out


@dataclass(frozen=True)
class Uncertainty:
    """Percentiles (p5, p50, p95) of each result, the tornado, and how it was computed."""
    percentiles: dict  # every metric with draws (planner.core.metrics) -> {p5, p50, p95}, or None
    tornado: list[dict[str, Any]]  # [{"input", "label", "low_emissions_kg", "high_emissions_kg", "swing_kg"}]
    distributions: dict
    samples: int
    seed: int
    central_emissions_kg: float
    central_energy_kwh: float
    central_accelerator_hours: float
    narrowed: dict | None  # the CO2e interval with the top tornado input fixed: {"input", "p5", "p95"}

    @property
    def method(self) -> str:
        return (f"Monte Carlo, {self.samples:,} samples (seed {self.seed}) over "
                + (", ".join(_lower_first(INPUT_LABELS[k]) for k in self.distributions) or "no uncertain inputs")
                + "; inputs the plan gives are exact")

    def reading(self, fmt_mass=None) -> str:
        """One line under the tornado: what drives the spread and what measuring it would buy."""
        if not self.tornado or self.tornado[0]["swing_kg"] <= 0:
            return "No uncertain input moves the CO2e: every one is given exactly."
        show = fmt_mass or (lambda kg: f"{kg:,.0f} kg")
        top = self.tornado[0]
        label = _lower_first(top["label"])
        text = f"Most of the spread comes from {label}"
        now = f"{show(self.percentiles['emissions_kg']['p5'])}–{show(self.percentiles['emissions_kg']['p95'])}"
        if self.narrowed is not None:
            lo, hi = self.narrowed["p5"], self.narrowed["p95"]
            if hi - lo <= 1e-9 * max(abs(hi), 1.0):
                text += f"; measuring it would pin the CO2e at {show(lo)} (90% interval now {now})"
            else:
                text += f"; measuring it would narrow the 90% interval to {show(lo)}–{show(hi)} (now {now})"
        return text + "."

    def to_dict(self) -> dict:
        return {"method": self.method, "samples": self.samples, "seed": self.seed,
                "percentiles": self.percentiles,
                "tornado": [{k: t[k] for k in ("input", "label", "low_emissions_kg", "high_emissions_kg",
                                                  "swing_kg")} for t in self.tornado],
                "narrowed": self.narrowed, "reading": self.reading(),
                "distributions": [d.to_dict() for d in self.distributions.values()]}


def _pct(x: np.ndarray) -> dict:
    p5, p50, p95 = np.percentile(x, [5, 50, 95])
    return {"p5": float(p5), "p50": float(p50), "p95": float(p95)}


def analyse(plan_or_est: Plan | Estimate, catalog: Catalog | None = None, samples: int = DEFAULT_SAMPLES,
            seed: int | None = DEFAULT_SEED) -> Uncertainty:
    """Percentiles and tornado for a plan (or its estimate). Deterministic for a given seed."""
    catalog = catalog or default_catalog()
    est = plan_or_est if isinstance(plan_or_est, Estimate) else estimate(plan_or_est, catalog)
    dists = distributions(est, catalog)
    model = Draws(est, catalog)
    seed = DEFAULT_SEED if seed is None else seed
    rng = np.random.default_rng(seed)
    factors = {k: d.sample(rng, samples) for k, d in dists.items()}  # one stream, in a fixed input order
    pct = percentiles(model.run(factors, samples), samples)  # every declared figure with draws
    central = est.emissions_kg
    tornado: list[dict[str, Any]] = []
    for k, d in dists.items():
        if k in ("price", "embodied", "server") or (k in ("power", "utilization") and model.measured is not None):
            continue  # they do not move the operational CO2e
        lo = float(model.run({k: d.ppf(0.05)}).emissions_kg)
        hi = float(model.run({k: d.ppf(0.95)}).emissions_kg)
        tornado.append({"input": k, "label": INPUT_LABELS[k], "low_emissions_kg": min(lo, hi),
                        "high_emissions_kg": max(lo, hi), "swing_kg": abs(hi - lo)})
    tornado.sort(key=lambda t: -t["swing_kg"])
    narrowed = None
    if tornado and tornado[0]["swing_kg"] > 0:
        top = tornado[0]["input"]
        rest = {k: v for k, v in factors.items() if k != top}
        narrowed_kg = model.run(rest, samples).emissions_kg
        p = _pct(narrowed_kg)
        narrowed = {"input": top, "p5": p["p5"], "p95": p["p95"]}
    return Uncertainty(pct, tornado, dists, samples, seed, central, est.energy_kwh, est.accelerator_hours, narrowed)


def _plan_key(est: Estimate) -> str:
    """The plan itself, the same in every run (Python's own hash of a string is not)."""
    return f"{zlib.crc32(json.dumps(est.plan.to_dict(), sort_keys=True, default=str).encode()):08x}"


# what each uncertain input's spread is about (``sample_metrics``): the plans that share it move together, the others
# are drawn apart. A spread not listed is one of the planner's assumptions (the power's share of TDP, the PUE's
# overhead factor, the utilization prior, the embodied factors): if it is off, it is off for every plan.
INPUT_SCOPES: dict[str, Callable[[Estimate], str]] = {
    "grid": lambda est: est.inputs.region.grid_key,  # the zone's own years (every region drawing from it)
    "price": lambda est: f"{est.inputs.region.provider} {est.inputs.accelerator.id}",  # a price list's row
    "start": _plan_key,  # when the plan runs: its own
}
PER_PLAN = frozenset({"start"})  # the spreads that are each plan's own


def input_rng(name: str, seed: int, scope: str = "") -> np.random.Generator:
    """The random stream of uncertain input ``name`` (``power``, ``grid``, …) about ``scope`` (a region, a plan;
    ``INPUT_SCOPES``) at ``seed``: the same for every plan that shares it."""
    return np.random.default_rng([seed, zlib.crc32(f"{name} {scope}".encode())])


def sample_metrics(est: Estimate, catalog: Catalog, samples: int = DEFAULT_SAMPLES,
                   seed: int = DEFAULT_SEED, own: str = "") -> dict[str, np.ndarray]:
    """The Monte Carlo's draws of every declared figure with draws (``planner.core.metrics``: ``emissions_kg``,
    ``energy_kwh``, ``cost_usd``, …), each an array of ``samples``; a figure the plan does not have (no price) is
    absent. The same distributions and model as ``analyse``, but each uncertain input drawn from the stream of what
    its spread is about (``INPUT_SCOPES``): plans that share an assumption (every plan the utilization prior, the
    plans in one zone its grid's years) take the same quantile of it at each sample, and the others draw it apart.
    So the draws of a portfolio's plans, added sample by sample, give the interval of its total."""
    factors = {k: _input_draws(d, samples, seed, _scope(k, est, own)) for k, d in distributions(est, catalog).items()}
    draw = Draws(est, catalog).run(factors, samples)
    out = {}
    for m in METRICS:
        x = None if m.sample is None else m.sample(draw)
        if x is not None:
            out[m.key] = np.broadcast_to(np.asarray(x, dtype=float), (samples,))
    return out


def _scope(name: str, est: Estimate, own: str) -> str:
    """What input ``name``'s spread is about for this plan; a plan's own spread (its start) also by ``own`` (its
    file in a portfolio: two copies of one plan are two runs, each starting when it will)."""
    scope = INPUT_SCOPES[name](est) if name in INPUT_SCOPES else ""
    return f"{scope} {own}" if name in PER_PLAN and own else scope


def _input_draws(d: Distribution, samples: int, seed: int, scope: str) -> np.ndarray:
    """An input's factors from its stream (``input_rng``): the same distribution about the same thing gives the same
    draws, so they are drawn once (an empirical one each time: its values are no part of its equality)."""
    if d.kind == "empirical":
        return d.sample(input_rng(d.input, seed, scope), samples)
    return _shared_draws(d, samples, seed, scope)


@lru_cache(maxsize=256)
def _shared_draws(d: Distribution, samples: int, seed: int, scope: str) -> np.ndarray:
    x = d.sample(input_rng(d.input, seed, scope), samples)
    x.setflags(write=False)  # shared between plans
    return x
