"""After training: the model served for months. Energy, CO2e, water and cost of serving, the day serving's
CO2e overtakes training's (the break-even), and training's share per request.

Energy per request is IT energy (the accelerators, before PUE), given (``serving.energy_wh_per_request``) or
derived: a generated token costs 2 x the served model's active parameters FLOPs (Kaplan et al. 2020), run at the
serving utilization of the accelerator's dense BF16 peak, drawing its serving power (a share of TDP):

    Wh per request = 2 x active parameters x tokens / (peak x utilization) x power / 3600

Fleet size drops out: twice the accelerators serve each request in half the time. Idle capacity is not modelled
apart (the utilization prior, measured on serving systems, is the average). The site's PUE and the grid apply as
for training; serving runs all year, so its grid is the yearly average (no schedule). Sources and the comparison
with published measurements: docs/methodology.md, "Serving".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from planner.core.catalog import Accelerator, Catalog, Region
from planner.core.errors import PlanError
from planner.core.estimate import embodied_rates
from planner.core.fields import SPECS
from planner.core.model import co2e_kg
from planner.core.text import cite

if TYPE_CHECKING:
    from planner.core.estimate import Estimate

DAYS_PER_MONTH = 365.25 / 12
HORIZON_YEARS = 1000  # a break-even later than this is said in words ("not within 1,000 years"), never a number
SAMPLES, SEED = 10_000, 20190605


@dataclass(frozen=True)
class Serving:
    """A plan's serving phase and what it costs, over the deployment."""
    requests_per_day: float
    months: float
    accelerator: Accelerator
    region: Region
    per_request_wh: float  # IT energy of one request
    per_request_basis: str
    tokens: float | None  # derived only
    parameters: float | None
    utilization: float | None
    power_w: float
    pue: float
    carbon_intensity: float
    energy_kwh: float  # over the deployment, with PUE
    emissions_kg: float
    water_l: float
    accelerator_hours: float
    cost_low: float | None
    cost_high: float | None
    embodied_parts: dict  # "accelerators", "server" -> kg CO2e of manufacturing, its share (not in emissions_kg)
    training_kg: float  # final + tuning + NAS
    sources: tuple  # (what, source) of each value taken from the catalog
    est: Estimate = field(repr=False, compare=False)  # the training estimate, and the catalog, the interval needs
    catalog: Catalog = field(repr=False, compare=False)

    @cached_property
    def interval(self) -> tuple[float, float]:
        """(p5, p95) of the serving CO2e: computed when first read (a Monte Carlo; the editor's placeholders, read
        on every slider tick, need none of it)."""
        return _interval(self)

    @property
    def embodied_kg(self) -> float:
        """The serving hardware's manufacturing, by the share of its life the deployment uses."""
        return sum(self.embodied_parts.values())

    @property
    def days(self) -> float:
        return self.months * DAYS_PER_MONTH

    @property
    def requests(self) -> float:
        return self.requests_per_day * self.days

    @property
    def daily_kg(self) -> float:
        return self.emissions_kg / self.days

    @property
    def break_even_days(self) -> float | None:
        """The day cumulative serving CO2e equals training's; None when serving never overtakes training within
        ``HORIZON_YEARS`` (it emits nothing, or too little: ``break_even_note`` says which)."""
        if self.daily_kg <= 0:
            return None
        days = self.training_kg / self.daily_kg
        return days if days <= HORIZON_YEARS * 365.25 else None

    @property
    def break_even_note(self) -> str:
        """Why there is no break-even ("" when there is one)."""
        if self.break_even_days is not None:
            return ""
        return "serving emits nothing" if self.daily_kg <= 0 else f"not within {HORIZON_YEARS:,} years"

    @property
    def training_kg_per_1000_requests(self) -> float | None:
        """Training's CO2e over every 1,000 requests served; None when there are none to speak of (the share
        would not be a finite number)."""
        share = self.training_kg / self.requests * 1000.0 if self.requests > 0 else math.inf
        return share if math.isfinite(share) else None

    def per_month(self) -> dict:
        m = self.months
        return {"energy_kwh": self.energy_kwh / m, "emissions_kg": self.emissions_kg / m, "water_l": self.water_l / m,
                "cost_usd": None if self.cost_low is None or self.cost_high is None
                else {"low": self.cost_low / m, "high": self.cost_high / m}}

    def to_dict(self) -> dict:
        return {
            "requests_per_day": self.requests_per_day, "months": self.months, "requests": self.requests,
            "accelerator": self.accelerator.id, "region": self.region.id,
            "per_request_wh": self.per_request_wh, "per_request_basis": self.per_request_basis,
            "tokens_per_request": self.tokens, "parameters": self.parameters, "utilization": self.utilization,
            "power_w": self.power_w, "pue": self.pue, "carbon_intensity_g_per_kwh": self.carbon_intensity,
            "energy_kwh": self.energy_kwh, "emissions_kg": self.emissions_kg, "water_l": self.water_l,
            "cost_usd": None if self.cost_low is None else {"low": self.cost_low, "high": self.cost_high},
            "accelerator_hours": self.accelerator_hours,
            "embodied_kg": self.embodied_kg, "embodied_parts": dict(self.embodied_parts),
            "per_month": self.per_month(),
            "percentiles": {"emissions_kg": {"p5": self.interval[0], "p95": self.interval[1]}},
            "training_emissions_kg": self.training_kg,
            "break_even_days": self.break_even_days,
            "break_even_note": self.break_even_note or None,
            "training_kg_per_1000_requests": self.training_kg_per_1000_requests,
            "sources": dict(self.sources),
        }


def serving(est, catalog: Catalog) -> Serving | None:
    """The plan's serving phase (None when the plan serves no requests). Raises PlanError naming the field when
    the energy per request can be neither read nor derived."""
    from planner.core.water import grid_water, site_wue

    plan, i = est.plan, est.inputs
    sv = plan.serving
    if sv.requests_per_day is None:
        return None
    a = catalog.assumptions
    acc = catalog.accelerators[sv.accelerator or plan.hardware.accelerator]
    region = catalog.regions[sv.region or plan.site.region]
    same_site = region.id == i.region.id
    sources = []
    # the site: the training site's figures where it serves there, else the catalog's for the serving region
    if same_site:
        pue, ci = i.pue, i.carbon_intensity_yearly
    else:
        d = catalog.pue_for(region)
        pue = d.pue
        ci = catalog.grid_series(region).get(plan.site.grid_year, region.carbon_intensity) \
            if plan.site.grid_year is not None else region.carbon_intensity
        sources += [("Serving PUE", cite(d.source, d.year)), ("Serving grid", cite(region.source, region.year))]
    share = a["serving_power_share_of_tdp"]
    power = serving_power(acc, catalog)
    tokens = params = util = None
    if sv.energy_wh_per_request is not None:
        wh, basis = sv.energy_wh_per_request, "given (serving.energy_wh_per_request)"
        hours_per_request = wh / power
    else:
        params = sv.parameters or plan.model.active_parameters or plan.model.parameters
        if params is None:
            raise PlanError("serving.parameters", "not given and not derivable: give the served model's parameters "
                                                  "(or the model's), or the energy per request")
        tokens = sv.tokens_per_request or a["serving_tokens_per_request"].value
        u = prior(plan, catalog)
        util = sv.utilization if sv.utilization is not None else u.value
        hours_per_request = request_hours(acc, params, tokens, util)
        wh = hours_per_request * power
        basis = "2 x active parameters x tokens / (dense BF16 peak x utilization) x serving power"
        sources += [("Serving power", f"{share.value:.0%} of TDP: {cite(share.source, share.year)}")]
        if sv.utilization is None:
            sources.append(("Serving utilization", cite(u.source, u.year)))
        if sv.tokens_per_request is None:
            t = a["serving_tokens_per_request"]
            sources.append(("Tokens per request", cite(t.source, t.year)))
    if sv.energy_wh_per_request is None and sv.boundary != "accelerators":  # a derived figure, on the boundary
        edge = a[f"serving_boundary_{sv.boundary}"]  # chosen: the host and idle capacity beside the accelerators
        wh *= edge.value
        basis += f"; × {edge.value:g} for the {SPECS['serving.boundary'].choice_name(sv.boundary).lower()} boundary"
        sources.append(("Serving boundary", cite(edge.source, edge.year)))
    requests = sv.requests_per_day * sv.months * DAYS_PER_MONTH
    it_kwh = wh * requests / 1000.0
    energy = it_kwh * pue
    kg = co2e_kg(energy, ci)
    wue, _ = site_wue(region) if plan.site.wue_l_per_kwh is None or not same_site else (plan.site.wue_l_per_kwh, "")
    ewif, _ = grid_water(region, ci) if plan.site.offsite_water_l_per_kwh is None or not same_site else \
        (plan.site.offsite_water_l_per_kwh, "")
    water_l = it_kwh * wue + energy * ewif
    acc_hours = hours_per_request * requests
    price = catalog.price_for(acc, region)
    lo = None if price is None else acc_hours * price.low
    hi = None if price is None else acc_hours * price.high
    if not all(math.isfinite(v) for v in (energy, kg, water_l, acc_hours)):
        raise PlanError("serving.requests_per_day", "the serving result is too large to compute; reduce the largest "
                                                    "values")
    embodied = {k: acc_hours * rate for k, (rate, _) in embodied_rates(acc, catalog).items()}
    return Serving(sv.requests_per_day, sv.months, acc, region, wh, basis, tokens, params, util, power, pue, ci,
                   energy, kg, water_l, acc_hours, lo, hi, embodied, est.emissions_kg, tuple(sources), est, catalog)


def serving_power(acc: Accelerator, catalog: Catalog) -> float:
    """What an accelerator draws while serving: a share of its TDP (a chip the catalog gives no TDP: of its
    power)."""
    return (acc.tdp_w or acc.default_power_w) * catalog.assumptions["serving_power_share_of_tdp"].value


def request_hours(acc: Accelerator, parameters: float, tokens: float, utilization: float) -> float:
    """Accelerator-hours of one request: 2 x active parameters FLOPs per token, at the utilization of the dense
    BF16 peak."""
    return 2.0 * parameters * tokens / (acc.peak_flops * utilization) / 3600.0


def utilization_prior(catalog: Catalog, moe: bool):
    """The serving utilization prior: a mixture-of-experts model's, or a dense one's."""
    return catalog.assumptions["serving_utilization_moe" if moe else "serving_utilization_dense"]


def prior(plan, catalog: Catalog):
    """The serving utilization prior for the served model: mixture-of-experts (the model has fewer active than
    total parameters and no smaller served model is named) or dense."""
    m = plan.model
    return utilization_prior(catalog, plan.serving.parameters is None and m.active_parameters is not None
                             and m.parameters is not None and m.active_parameters < m.parameters)


def _interval(result: Serving) -> tuple[float, float]:
    """The 90% interval of the serving CO2e: a seeded Monte Carlo over what the plan leaves uncertain (the
    utilization and power of a derived energy; the site's PUE and grid as for training)."""
    from planner.core.uncertainty import Distribution, distributions

    est, catalog = result.est, result.catalog
    plan = est.plan
    a = catalog.assumptions
    rng = np.random.default_rng(SEED)
    factor = np.ones(SAMPLES)
    derived = plan.serving.energy_wh_per_request is None
    if derived and plan.serving.utilization is None:
        u = prior(plan, catalog)
        factor /= Distribution("utilization", "lognormal", u.low / u.value, u.high / u.value, "", "").sample(rng,
                                                                                                           SAMPLES)
    if derived:
        s = a["serving_power_share_of_tdp"]
        factor *= Distribution("power", "lognormal", s.low / s.value, s.high / s.value, "", "").sample(rng, SAMPLES)
    same_site = result.region.id == est.inputs.region.id
    training = distributions(est, catalog) if same_site else {}
    over = result.pue - 1.0
    if over > 0 and not (same_site and plan.site.pue is not None):  # PUE = 1 + overhead x factor, as training's
        asm = a["pue_overhead_factor"]
        f = Distribution("pue", "lognormal", asm.low, asm.high, "", "").sample(rng, SAMPLES)
        factor *= (1.0 + over * f) / result.pue
    if "grid" in training:  # the training site's grid: its spread over the years
        factor *= training["grid"].sample(rng, SAMPLES)
    elif not same_site:
        asm = a["grid_year_spread"]
        factor *= Distribution("grid", "lognormal", asm.low, asm.high, "", "").sample(rng, SAMPLES)
    p5, p95 = np.percentile(result.emissions_kg * factor, [5, 95])
    return float(p5), float(p95)


# ------------------------------------------------------------------ against published measurements
MEASUREMENT_SPEC = {"model": "text", "total_parameters": "float", "active_parameters": "float", "accelerator": "text",
                    "count": "float", "tokens_per_request": "float", "wh_per_request": "float", "boundary": "text",
                    "setup": "text", "year": "int", "source": "text"}


def measurements(catalog: Catalog) -> list[dict]:
    """``resources/serving_measurements.csv``: published energy per request of served models, each row checked
    (its accelerator known, its numbers positive)."""
    from planner.core.catalog import _float, _int, _text, read_table
    from planner.core.resources import resources_dir

    parse = {"text": _text, "float": _float, "int": _int}

    def check(r: dict):
        if r["accelerator"] not in catalog.accelerators:
            return f"accelerator: unknown accelerator {r['accelerator']!r}"
        for col in ("total_parameters", "active_parameters", "count", "tokens_per_request", "wh_per_request"):
            if r[col] <= 0:
                return f"{col}: must be positive"
        return None

    return read_table(resources_dir() / "serving_measurements.csv",
                      {col: (parse[kind], col != "setup") for col, kind in MEASUREMENT_SPEC.items()}, check)


def derived_wh(catalog: Catalog, active: float, total: float, accelerator: str, tokens: float) -> float:
    """The planner's own energy per request for a served model, from its priors (as a plan with nothing given)."""
    acc = catalog.accelerators[accelerator]
    u = utilization_prior(catalog, active < total).value
    return request_hours(acc, active, tokens, u) * serving_power(acc, catalog)


def markdown(catalog: Catalog) -> str:
    """The comparison as ``docs/methodology.md`` prints it: each measurement, the planner's derived figure for the
    same model, tokens and chip, and their ratio."""
    rows = measurements(catalog)
    ratios = []
    lines = ["| model | active / total parameters | chip × count | tokens | measured Wh | derived Wh | "
             "measured ÷ derived | setup |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        d = derived_wh(catalog, r["active_parameters"], r["total_parameters"], r["accelerator"],
                       r["tokens_per_request"])
        ratios.append(r["wh_per_request"] / d)
        size = f"{r['active_parameters'] / 1e9:g}B" + ("" if r["active_parameters"] == r["total_parameters"]
                                                       else f" / {r['total_parameters'] / 1e9:g}B")
        lines.append(f"| {r['model']} | {size} | {r['accelerator']} × {r['count']:g} | {r['tokens_per_request']:,.0f} "
                     f"| {r['wh_per_request']:.3g} | {d:.3g} | {ratios[-1]:.2f} | {r['setup']} |")
    from statistics import median

    return ("\n".join(lines) + f"\n\nMeasured ÷ derived: {min(ratios):.2f} to {max(ratios):.2f}, median "
            f"{median(ratios):.2f} ({len(ratios)} rows).\n")
