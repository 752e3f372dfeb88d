"""After training: the model served for months. Energy, CO2e, water and cost of serving, the day serving's
CO2e overtakes training's (the break-even), and training's share per request.

Energy per request is IT energy (the accelerators, before PUE), given (``serving.energy_wh_per_request``) or
derived from the serving law (``planner.core.throughput``, fitted on the ML.ENERGY Leaderboard's measured
serving): the accelerator-seconds a generated token takes, from the weights' bytes streamed per decoding step
over the batch and the active parameters' FLOPs, at the power the chip draws at that batch:

    Wh per request = tokens x accelerator-seconds per token x power / 3600

A mixture-of-experts model pays for all its weights and computes with its active parameters, on the same footing
as a dense one. Fleet size drops out: twice the accelerators serve each request in half the time. A given
``serving.utilization`` replaces the law (2 x active parameters FLOPs per token at that share of the dense BF16
peak, at 75% of TDP). The site's PUE and the grid apply as for training; serving runs all year, so its grid is
the yearly average (no schedule). Sources and the comparison with published measurements: docs/methodology.md,
"Serving".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from planner.core.catalog import Accelerator, Catalog, Region
from planner.core.errors import CatalogError, PlanError
from planner.core.estimate import embodied_rates
from planner.core.fields import SPECS
from planner.core.model import co2e_kg
from planner.core.text import cite
from planner.core.throughput import Z90
from planner.core.units import fmt

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
    parameters: float | None  # the served model's active parameters (derived only)
    utilization: float | None  # given, or what the law implies (derived only)
    batch: float | None  # the batch the law used (derived from the law only)
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
    tokens = params = util = batch = None
    if sv.energy_wh_per_request is not None:
        wh, basis = sv.energy_wh_per_request, "given (serving.energy_wh_per_request)"
        power = serving_power(acc, catalog)
        hours_per_request = wh / power
    else:
        params, total = served_parameters(plan)
        tokens = sv.tokens_per_request or a["serving_tokens_per_request"].value
        if sv.tokens_per_request is None:
            t = a["serving_tokens_per_request"]
            sources.append(("Tokens per request", cite(t.source, t.year)))
        if sv.utilization is not None:  # given: the FLOPs at that share of the peak, at the serving power
            util, power = sv.utilization, serving_power(acc, catalog)
            hours_per_request = request_hours(acc, params, tokens, util)
            share = a["serving_power_share_of_tdp"]
            basis = "2 x active parameters x tokens / (dense BF16 peak x utilization, given) x serving power"
            sources.append(("Serving power", f"{share.value:.0%} of TDP: {cite(share.source, share.year)}"))
        else:
            law = _law(catalog)
            batch = sv.batch or a["serving_batch"].value
            seconds = law.seconds_per_token(params, total, sv.precision, acc.peak_flops, batch)
            power = law.power_share(batch) * (acc.tdp_w or acc.default_power_w)
            hours_per_request = seconds * tokens / 3600.0
            util = 2.0 * params / (acc.peak_flops * seconds)
            basis = (f"tokens x accelerator-seconds per token x power, from the serving law ({fmt(batch)} requests "
                     f"a batch, {SPECS['serving.precision'].choice_name(sv.precision)} weights)")
            sources.append(("Serving law", LAW_SOURCE))
            if sv.batch is None:
                b = a["serving_batch"]
                sources.append(("Serving batch", cite(b.source, b.year)))
        wh = hours_per_request * power
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
    return Serving(sv.requests_per_day, sv.months, acc, region, wh, basis, tokens, params, util, batch, power, pue, ci,
                   energy, kg, water_l, acc_hours, lo, hi, embodied, est.emissions_kg, tuple(sources), est, catalog)


def serving_power(acc: Accelerator, catalog: Catalog) -> float:
    """What an accelerator draws while serving: a share of its TDP (a chip the catalog gives no TDP: of its
    power)."""
    return (acc.tdp_w or acc.default_power_w) * catalog.assumptions["serving_power_share_of_tdp"].value


def request_hours(acc: Accelerator, parameters: float, tokens: float, utilization: float) -> float:
    """Accelerator-hours of one request: 2 x active parameters FLOPs per token, at the utilization of the dense
    BF16 peak."""
    return 2.0 * parameters * tokens / (acc.peak_flops * utilization) / 3600.0


LAW_SOURCE = ("fitted on the ML.ENERGY Leaderboard v3's measured serving (github.com/ml-energy/leaderboard, 2025; "
              "resources/serving_runs.csv; docs/methodology.md, Serving)")


def _law(catalog: Catalog):
    """The catalog's serving law, or the PlanError a user can act on (its file named)."""
    try:
        return catalog.serving_law
    except CatalogError as exc:
        raise PlanError("serving.energy_wh_per_request", f"cannot be derived ({exc}); give it") from exc


def served_parameters(plan) -> tuple[float, float]:
    """(active, total) parameters of the served model: a smaller dense model the plan names (serving.parameters),
    or the trained one (a mixture-of-experts by its active and total parameters). Raises PlanError when neither
    is known."""
    given = plan.serving.parameters
    if given is not None:
        return given, given
    m = plan.model
    total = m.parameters or m.active_parameters
    if total is None:
        raise PlanError("serving.parameters", "not given and not derivable: give the served model's parameters "
                                              "(or the model's), or the energy per request")
    active = m.active_parameters if m.active_parameters is not None and m.active_parameters <= total else total
    return active, total


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
    if derived and plan.serving.utilization is None:  # the law's spread, and the batch's when not given
        law = catalog.serving_law
        factor *= np.exp(rng.standard_normal(SAMPLES) * law.sigma)
        if plan.serving.batch is None:
            b = a["serving_batch"]
            ratio = Distribution("batch", "lognormal", b.low / b.value, b.high / b.value, "", "").sample(rng, SAMPLES)
            factor *= ratio ** law.batch_exponent
    elif derived:  # a given utilization: the serving power's spread
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
                    "count": "float", "tokens_per_request": "float", "batch": "float", "weight_precision": "text",
                    "wh_per_request": "float", "boundary": "text",
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
        if r["weight_precision"] not in ("bf16", "fp8", "fp4"):
            return f"weight_precision: {r['weight_precision']!r} is not bf16, fp8 or fp4"
        for col in ("total_parameters", "active_parameters", "count", "tokens_per_request", "batch", "wh_per_request"):
            if r[col] <= 0:
                return f"{col}: must be positive"
        return None

    return read_table(resources_dir() / "serving_measurements.csv",
                      {col: (parse[kind], col != "setup") for col, kind in MEASUREMENT_SPEC.items()}, check)


def derived_wh(catalog: Catalog, r: dict) -> float:
    """The planner's own energy per request for a measured row's model, chip, tokens, batch and weights (as a
    plan that gives those and nothing else)."""
    acc = catalog.accelerators[r["accelerator"]]
    law = catalog.serving_law
    seconds = law.seconds_per_token(r["active_parameters"], r["total_parameters"], r["weight_precision"],
                                    acc.peak_flops, r["batch"])
    return seconds * r["tokens_per_request"] * law.power_share(r["batch"]) * acc.tdp_w / 3600.0


def widths(catalog: Catalog) -> tuple[float, float]:
    """The 90% interval of the law's energy per request, as p95 ÷ p5: with the batch given, and with it left to
    the planner's assumption (both before the site's PUE and grid)."""
    law, b = catalog.serving_law, catalog.assumptions["serving_batch"]
    batch_sigma = math.log(b.high / b.low) / (2 * Z90) * abs(law.batch_exponent)
    return math.exp(2 * Z90 * law.sigma), math.exp(2 * Z90 * math.hypot(law.sigma, batch_sigma))


def markdown(catalog: Catalog) -> str:
    """The serving law as ``docs/methodology.md`` prints it: the fit, how it does on models it has not seen, and
    each published per-request figure beside the planner's for the same model, tokens, batch and chip."""
    from statistics import median

    law = catalog.serving_law
    a, p = law.seconds, law.power
    factor, per_model = law.held_out
    known, unknown = widths(catalog)
    runs = len(law.runs)
    inside = round(sum(share * sum(r.model == m for r in law.runs) for m, (_, share) in per_model.items()))
    ratios = sorted(ratio for ratio, _ in per_model.values())
    worst = ", ".join(f"{m} {ratio:.2f}×" for m, (ratio, _) in sorted(per_model.items(), key=lambda kv: kv[1][0])
                      if not 0.6 <= ratio <= 1.5)
    lines = [
        f"    log(accelerator-seconds per token) = {a[0]:.3f} {a[1]:+.3f} log(2 × active / peak) "
        f"{a[2]:+.3f} log(weight bytes / peak) {a[3]:+.3f} log(batch)",
        f"    log(power / TDP) = {p[0]:.3f} {p[1]:+.3f} log(batch)",
        f"    energy per token: log-normal, σ = {law.residual_sigma:.3f} × {factor:.2f} = {law.sigma:.3f}",
        "",
        f"Fitted on {runs} configurations of {len(per_model)} models. Fitted without each model in turn (as a "
        f"plan made before that model was measured), the energy per token is a median **{median(ratios):.2f}×** "
        f"the measured one across the models ({ratios[0]:.2f}–{ratios[-1]:.2f}×"
        + (f"; beyond 0.6–1.5×: {worst}" if worst else "") + f"), and the 90% interval holds **{inside} of "
        f"{runs}** measurements ({inside / runs:.0%}; the spread is widened × {factor:.2f} until it holds 90%). "
        f"Its width (p95 ÷ p5) is **{known:.1f}×** with the batch given and **{unknown:.1f}×** with the batch left "
        "to the planner (64–256), before the site's PUE and grid.",
        "",
        "| model | active / total parameters | chip × count | tokens | batch, weights | measured Wh | derived Wh | "
        "measured ÷ derived | in the 90% interval | setup |", "|---|---|---|---|---|---|---|---|---|---|"]
    held = 0
    rows = measurements(catalog)
    for r in rows:
        d = derived_wh(catalog, r)
        ratio = r["wh_per_request"] / d
        ok = abs(math.log(ratio)) <= Z90 * law.sigma
        held += ok
        size = f"{r['active_parameters'] / 1e9:g}B" + ("" if r["active_parameters"] == r["total_parameters"]
                                                       else f" / {r['total_parameters'] / 1e9:g}B")
        lines.append(f"| {r['model']} | {size} | {r['accelerator']} × {r['count']:g} | {r['tokens_per_request']:,.0f} "
                     f"| {r['batch']:g}, {r['weight_precision'].upper()} | {r['wh_per_request']:.3g} | {d:.3g} | "
                     f"{ratio:.2f} | {'yes' if ok else 'no'} | {r['setup']} |")
    return "\n".join(lines) + f"\n\nThe interval holds {held} of the {len(rows)} published figures.\n"
