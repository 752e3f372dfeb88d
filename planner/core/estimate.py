"""The calculation: a plan and the catalog in, energy, CO2e and cost out.

Formulas (see ``docs/methodology.md``):

* hours per run ``H`` = ``run.hours``, else FLOPs / (count x peak FLOP/s x utilization),
  FLOPs = ``training_flops`` else 6 x (active) parameters x tokens; else, with a measured energy ``E``,
  the hours it implies, E x 1000 / (count x power W + host W);
* runs: training = final runs, tuning = tuning runs x fraction, NAS = multiplier (when on);
* accelerator-hours = count x H x runs;
* energy kWh = (accelerator-hours x power W + host W x H x runs) x PUE / 1000, or with a measured IT energy
  per run ``E`` (``run.energy_kwh``): E x runs x PUE;
* CO2e kg = energy x grid g/kWh / 1000; cost = accelerator-hours x $/h (low, high).

The low-high band multiplies the bounds of the uncertain inputs (power,
PUE, and utilization when hours are derived), so it is conservative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.core.calibration import Z90
from planner.core.catalog import Accelerator, Benchmark, Catalog, Region, default_catalog
from planner.core.errors import PlanError
from planner.core.fields import FIELDS, SPECS
from planner.core.model import co2e_kg, derived_hours, energy_hours, footprint, kg_per_it_kwh
from planner.core.plan import Plan
from planner.core.text import cite

# the --json inputs that state the value in use (resolved from the catalog when the plan leaves it empty)
_RESOLVED_KEYS = {"accelerator", "count", "region", "power_w", "host_power_w", "pue", "utilization",
                  "nas_multiplier", "market_matched_fraction", "carbon_intensity_g_per_kwh"}
# where the hours of a run come from (Inputs.hours_basis), as the inputs table words it
HOURS_GIVEN, HOURS_FROM_FLOPS, HOURS_FROM_ENERGY = "given", "derived from FLOPs", "implied by the measured energy"
PHASES = ("training", "tuning", "nas")
PHASE_LABELS = {"training": "Training", "tuning": "Tuning", "nas": "NAS"}
PARTS = ("accelerators", "host", "overhead")
PART_LABELS = {"accelerators": "Accelerators", "host": "Host", "overhead": "Overhead (PUE)"}


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """Every value the estimate used, where it came from, and its band."""
    accelerator: Accelerator
    region: Region
    count: int
    hours_per_run: float
    hours_low: float
    hours_high: float
    hours_derived: bool  # from FLOPs (utilization applies)
    hours_basis: str  # HOURS_GIVEN, HOURS_FROM_FLOPS or HOURS_FROM_ENERGY
    measured_it_kwh: float | None  # measured IT energy of one run (replaces hours x power)
    flops_per_run: float | None
    flops_source: str
    precision: str  # "bf16", "fp8" or "fp4"
    peak_flops: float  # one accelerator's dense peak at that precision
    utilization: float | None
    utilization_source: str
    power_w: float
    power_low: float
    power_high: float
    power_source: str
    # a pilot run's posterior (``narrow``): the log-normal spread of utilization and power it leaves, else None
    utilization_sigma: float | None = None
    power_sigma: float | None = None
    host_power_w: float
    host_source: str
    pue: float
    pue_low: float
    pue_high: float
    pue_source: str
    pue_from_user: bool
    carbon_intensity: float
    carbon_intensity_source: str
    carbon_intensity_basis: str
    grid_year: int  # the year of the grid intensity in use
    carbon_intensity_yearly: float  # the grid's yearly figure; ``carbon_intensity`` is the run's (its schedule's)
    schedule_note: str  # how the schedule set the run's intensity ("" when the plan has no schedule)
    schedule_zone: str | None  # the zone whose hourly data applies
    market_matched_fraction: float | None
    market_source: str
    residual_mix: Any  # the grid's residual mix (catalog.ResidualMix), or None where none is published
    market_basis: str  # how the market-based figure is made ("the unmatched share at …"; "" when there is none)
    price_low: float | None
    price_high: float | None
    price_source: str
    price_basis: str  # "spot to on-demand" and the like; "" when no price
    runs: dict  # phase -> equivalent full runs
    nas_multiplier: float
    nas_source: str

    @property
    def hours_given(self) -> bool:
        return self.hours_basis == HOURS_GIVEN

    @property
    def hours_from_energy(self) -> bool:
        """The hours are those a measured energy lasts at the power in use."""
        return self.hours_basis == HOURS_FROM_ENERGY


@dataclass(frozen=True)
class PhaseResult:
    runs: float
    accelerator_hours: float
    wall_hours: float
    energy_kwh: float
    emissions_kg: float
    flops: float | None
    cost_low: float | None
    cost_high: float | None


@dataclass(frozen=True)
class Estimate:
    plan: Plan
    inputs: Inputs
    accelerator_hours: float
    wall_hours: float
    energy_kwh: float
    emissions_kg: float
    it_energy_kwh: float  # before PUE; the region sweep scales this
    cost_low: float | None
    cost_high: float | None
    flops: float | None
    energy_range: tuple[float, float]
    emissions_range: tuple[float, float]
    accelerator_hours_range: tuple[float, float]  # differs only when hours are derived
    phases: dict  # phase -> PhaseResult
    parts_kwh: dict  # part -> kWh
    embodied_kg: float  # manufacturing share of the accelerators and their servers, amortized; NOT in emissions_kg
    embodied_source: str
    market_emissions_kg: float | None = None  # market-based, when the plan states a matched share
    embodied_parts: dict = field(default_factory=dict)  # "accelerators", "server" -> kg, adding up to embodied_kg

    @property
    def parts_kg(self) -> dict:
        return {k: co2e_kg(v, self.inputs.carbon_intensity) for k, v in self.parts_kwh.items()}

    def equivalents(self, catalog: Catalog | None = None) -> list[tuple[Benchmark, float]]:
        """The total CO2e in every everyday benchmark: (benchmark, how many)."""
        catalog = catalog or default_catalog()
        return [(b, self.emissions_kg / b.kg_co2e) for b in catalog.benchmarks]

    def to_dict(self) -> dict:
        """The result as plain JSON-ready data (the ``--json`` contract)."""
        i = self.inputs
        return {
            "plan": self.plan.name,
            "accelerator_hours": self.accelerator_hours,
            "wall_clock_hours": self.wall_hours,
            "hours_per_run": i.hours_per_run,
            "hours_derived": i.hours_derived,
            "hours_basis": i.hours_basis,
            "energy_kwh": self.energy_kwh,
            "emissions_kg": self.emissions_kg,
            "emissions_basis": "location-based: " + i.carbon_intensity_basis,
            "market_emissions_kg": self.market_emissions_kg,
            "cost_usd": None if self.cost_low is None else {"low": self.cost_low, "high": self.cost_high},
            "flops": self.flops,
            "phases": {p: {"runs": r.runs, "accelerator_hours": r.accelerator_hours, "energy_kwh": r.energy_kwh,
                           "emissions_kg": r.emissions_kg, "flops": r.flops,
                           "cost_usd": None if r.cost_low is None else {"low": r.cost_low, "high": r.cost_high}}
                       for p, r in self.phases.items()},
            "parts": {p: {"energy_kwh": kwh, "emissions_kg": kg}
                      for (p, kwh), kg in zip(self.parts_kwh.items(), self.parts_kg.values())},
            "embodied_kg": self.embodied_kg,
            "embodied_parts": dict(self.embodied_parts),
            "embodied_source": self.embodied_source,
            "range": {"energy_kwh": {"low": self.energy_range[0], "high": self.energy_range[1]},
                      "emissions_kg": {"low": self.emissions_range[0], "high": self.emissions_range[1]},
                      "accelerator_hours": {"low": self.accelerator_hours_range[0],
                                            "high": self.accelerator_hours_range[1]}},
            "inputs": {
                "accelerator": i.accelerator.id, "count": i.count, "region": i.region.id,
                "power_w": i.power_w, "power_source": i.power_source,
                "host_power_w": i.host_power_w, "pue": i.pue, "pue_source": i.pue_source,
                "carbon_intensity_g_per_kwh": i.carbon_intensity,
                "carbon_intensity_source": i.carbon_intensity_source,
                "carbon_intensity_basis": i.carbon_intensity_basis,
                "carbon_intensity_yearly_g_per_kwh": i.carbon_intensity_yearly,
                "carbon_intensity_schedule": i.schedule_note or "no start or flexibility: the yearly average",
                "market_matched_fraction": i.market_matched_fraction, "market_source": i.market_source,
                "market_basis": i.market_basis or None,
                "residual_mix": None if i.residual_mix is None else {
                    "code": i.residual_mix.code, "name": i.residual_mix.name,
                    "g_per_kwh": i.residual_mix.g_per_kwh, "basis": i.residual_mix.basis,
                    "year": i.residual_mix.year, "source": i.residual_mix.source},
                "utilization": i.utilization, "utilization_source": i.utilization_source,
                "flops_per_run": i.flops_per_run, "flops_source": i.flops_source,
                "peak_flops_per_accelerator": i.peak_flops,
                "price_usd_per_accelerator_hour": {"low": i.price_low, "high": i.price_high},
                "price_source": i.price_source, "price_basis": i.price_basis,
                "nas_multiplier": i.nas_multiplier, "nas_source": i.nas_source,
                # then every other field of the plan as it holds it (null: the catalog's value was used)
                **_plan_fields(self.plan),
            },
        }


def _plan_fields(plan: Plan) -> dict:
    """The plan's other fields under their keys ("tuning_runs"); a key a field before it (or a resolved input
    above) has taken is written with its section ("serving.parameters" beside the model's "parameters")."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        if f.section:
            out[f.path if f.key in out or f.key in _RESOLVED_KEYS else f.key] = plan.get(f.path)
    return out


def _flops_per_run(plan: Plan) -> tuple[float | None, str]:
    m = plan.model
    if m.training_flops is not None:
        return m.training_flops, "given (model.training_flops)"
    if m.active_parameters is not None and m.training_tokens is not None:  # mixture-of-experts: the active ones
        return 6.0 * m.active_parameters * m.training_tokens, "6 x active parameters x tokens (Kaplan et al. 2020)"
    if m.parameters is not None and m.training_tokens is not None:
        return 6.0 * m.parameters * m.training_tokens, "6 x parameters x tokens (Kaplan et al. 2020)"
    return None, "unknown (give model.training_flops, or parameters and tokens)"


def given(plan: Plan, path: str) -> str:
    """Where a value the plan pins came from: a preset (named), or the user."""
    origin = plan.origin(path)
    return f"from {origin}" if origin else f"given ({path})"


def power_spread(catalog: Catalog, acc: Accelerator) -> tuple[float, float]:
    """The 90% interval of an accelerator's power as factors on its central value (a log-normal whose median is
    it): a measured mean's band, else the measured shares of TDP around their median."""
    a = catalog.assumptions
    if acc.avg_power_w is not None:
        band = a["power_band_catalog"].value
        return 1 / (1 + band), 1 + band
    share = a["power_share_of_tdp"]
    return share.low / share.value, share.high / share.value


def narrow(central: float, spread: tuple[float, float], seen: float, noise: float) -> tuple[float, float]:
    """A log-normal prior (median ``central``, 90% of it within ``central`` x ``spread``) updated by one
    measurement ``seen`` whose log is off by ``noise`` (its sigma): the posterior's median and sigma. The
    precision-weighted mean of the logs (conjugate normal update); the posterior is narrower than either."""
    prior_sigma = math.log(spread[1] / spread[0]) / (2 * Z90)
    w_prior, w_seen = 1 / prior_sigma ** 2, 1 / noise ** 2
    mu = (w_prior * math.log(central) + w_seen * math.log(seen)) / (w_prior + w_seen)
    return math.exp(mu), (w_prior + w_seen) ** -0.5


def prior_utilization(plan: Plan, catalog: Catalog) -> float:
    """The utilization a plan that gives none is estimated at: the prior's median for its size and chip
    (``planner.core.calibration``)."""
    acc = catalog.accelerators.get(plan.hardware.accelerator)
    peak = (acc.peak_at(plan.hardware.precision) or acc.peak_flops) if acc is not None else 0.0
    m = plan.model
    size = m.active_parameters or m.parameters
    tokens = m.training_tokens or (m.training_flops / (6.0 * size) if m.training_flops and size else None)
    return catalog.utilization_prior.median(size, peak, tokens)


def resolve(plan: Plan, catalog: Catalog) -> Inputs:
    """Fill every null field from the catalog; raise PlanError naming the field when impossible."""
    hw, site, ex, pr = plan.hardware, plan.site, plan.experiment, plan.pricing
    acc = catalog.accelerators.get(hw.accelerator)
    if acc is None:
        raise PlanError("hardware.accelerator", f"unknown accelerator {hw.accelerator!r}")
    region = catalog.regions.get(site.region)
    if region is None:
        raise PlanError("site.region", f"unknown region {site.region!r}")
    a = catalog.assumptions
    peak = acc.peak_at(hw.precision)
    if peak is None:
        name = SPECS["hardware.precision"].choice_name
        raise PlanError("hardware.precision", f"{acc.id} ({acc.name}) has no {name(hw.precision)}: it trains in "
                                              f"{' or '.join(name(p) for p in acc.precisions)}")

    # power
    if hw.power_w is not None:
        power, power_src, band = hw.power_w, given(plan, "hardware.power_w"), a["power_band_user"].value
        power_lo, power_hi = power * (1 - band), power * (1 + band)
    else:  # the median of what the chip draws in training (a share of TDP where no mean is published)
        power, power_src, from_tdp = catalog.central_power(acc)
        share, band = a["power_share_of_tdp"], a["power_band_catalog"].value
        top = power / share.value  # (the TDP, where the power is its median share)
        power_lo, power_hi = ((top * share.low, top * share.high) if from_tdp
                              else (power * (1 - band), power * (1 + band)))
    power_sigma = None
    if hw.power_w is None and plan.pilot.power_w is not None:  # a pilot measured it: the prior, narrowed
        prior_w = power
        power, power_sigma = narrow(power, power_spread(catalog, acc), plan.pilot.power_w,
                                    a["pilot_power_noise"].value)
        power_lo, power_hi = (power * math.exp(-Z90 * power_sigma), power * math.exp(Z90 * power_sigma))
        power_src = (f"narrowed by the pilot's {plan.pilot.power_w:,.0f} W from {prior_w:,.0f} W ({power_src}); "
                     "docs/methodology.md, A pilot run")
    if hw.host_power_w is not None:
        host, host_src = hw.host_power_w, given(plan, "hardware.host_power_w")
    else:
        host, host_src = a["host_power_w"].value, f"{cite(a['host_power_w'].source, a['host_power_w'].year)}"

    # hours
    flops, flops_src = _flops_per_run(plan)
    if hw.utilization is not None:
        util, util_src = hw.utilization, given(plan, "hardware.utilization")
        b = a["utilization_band_user"].value
        util_lo, util_hi = util * (1 - b), min(1.0, util * (1 + b))
    else:  # the prior for this model size on this chip, from published runs
        prior = catalog.utilization_prior
        util = prior_utilization(plan, catalog)
        util_lo, util_hi = prior.interval(util)
        util_src = prior.source
        if hw.precision != "bf16":  # the prior's runs trained in BF16: at FP8 or FP4 the share of a higher peak
            at = SPECS["hardware.precision"].choice_name(hw.precision)  # may well be lower; said, not guessed
            util_src += (f"; fitted on BF16 runs and applied as is to the {at} peak, so hours fall with the peak "
                         "(give the utilization if you know the one reached at this precision)")
    util_sigma = None
    pl = plan.pilot
    if hw.utilization is None and plan.run.hours is None and flops is not None and pl.share and pl.hours:
        seen = min(1.0, flops * pl.share / (hw.count * peak * pl.hours * 3600.0))  # the utilization it reached
        prior_u = util
        util, util_sigma = narrow(util, catalog.utilization_prior.factor_bounds, seen,
                                  a["pilot_utilization_noise"].value)
        util = min(util, 1.0)
        util_lo, util_hi = util * math.exp(-Z90 * util_sigma), min(1.0, util * math.exp(Z90 * util_sigma))
        util_src = (f"narrowed by a pilot of {pl.share:.2%} of a run in {pl.hours:,.3g} h ({seen:.1%} of peak) from "
                    f"the prior's {prior_u:.1%} ({util_src}); docs/methodology.md, A pilot run")
    measured = plan.run.energy_kwh
    if plan.run.hours is not None:
        hours = hours_lo = hours_hi = plan.run.hours
        derived, basis = False, HOURS_GIVEN
    elif flops is not None:
        hours, hours_lo, hours_hi = (derived_hours(flops, hw.count, peak, u) for u in (util, util_hi, util_lo))
        derived, basis = True, HOURS_FROM_FLOPS
    elif measured is not None:  # the run lasted as long as its energy at this power takes
        hours, hours_lo, hours_hi = (energy_hours(measured, hw.count, p, host) for p in (power, power_hi, power_lo))
        derived, basis = False, HOURS_FROM_ENERGY
    else:
        raise PlanError("run.hours", "not given and not derivable: give run.hours, or model.training_flops, "
                                     "or model.parameters and model.training_tokens, or run.energy_kwh")

    # site
    if site.pue is not None:
        pue = pue_lo = pue_hi = site.pue
        pue_src, pue_user = given(plan, "site.pue"), True
    else:
        d = catalog.pue_for(region)
        pue = d.pue
        pb = a["pue_band_catalog"].value
        pue_lo, pue_hi = max(1.0, pue * (1 - pb)), pue * (1 + pb)
        pue_src, pue_user = f"{cite(d.source, d.year)}", False
    if site.carbon_intensity_g_per_kwh is not None:
        ci, ci_src = site.carbon_intensity_g_per_kwh, given(plan, "site.carbon_intensity_g_per_kwh")
        ci_basis = "as given" if plan.origin("site.carbon_intensity_g_per_kwh") is None else "the paper's own factor"
    elif site.grid_year is not None:
        series = catalog.grid_series(region)
        if not series:
            raise PlanError("site.grid_year", f"{region.id} has no yearly series: pick a country, a state or a cloud "
                                              "region, or clear the grid year")
        if site.grid_year not in series:
            raise PlanError("site.grid_year", f"no {site.grid_year} figure for {region.id} (zone {region.zone}): "
                                              f"the data holds {min(series)} to {max(series)}")
        ci = series[site.grid_year]
        ci_src = f"Electricity Maps yearly average {site.grid_year}, zone {region.zone} (ODbL 1.0, via co2.js)"
        ci_basis = region.basis or "location-based, life-cycle, yearly average"
    else:
        ci, ci_src = region.carbon_intensity, f"{cite(region.source, region.year)}"
        ci_basis = region.basis or "as in the region's source"
    grid_year = site.grid_year if site.grid_year is not None else region.year
    f = site.market_matched_fraction
    market_src = "not stated" if f is None else given(plan, "site.market_matched_fraction")
    residual = catalog.residual_mix(region)
    if f is None:  # no market-based figure asked for (a matched share of 0 asks for one)
        market_basis = ""
    elif residual is not None:
        market_basis = (f"the unmatched share at the residual mix, {residual.g_per_kwh:g} g/kWh "
                        f"({residual.name}, {residual.basis}; {f:.0%} matched; {cite(residual.source, residual.year)})")
    else:
        market_basis = ("no residual mix published for this grid, so the unmatched share at the "
                        f"location-based intensity ({f:.0%} matched; a lower bound)")

    # prices: the plan's own, else the catalog's for this accelerator at this region's provider
    lo = pr.usd_per_accelerator_hour_low
    hi = pr.usd_per_accelerator_hour_high
    cat = catalog.price_for(acc, region)
    cat_lo, cat_hi = (cat.low, cat.high) if cat is not None else (None, None)
    if lo is None and hi is None:
        lo, hi = cat_lo, cat_hi
        price_src = (cat.describe() if cat is not None
                     else "no price in the catalog for this accelerator; give pricing.*")
        price_basis = cat.basis if cat is not None else ""
    else:
        if lo is None:
            assert hi is not None  # (one of the two is given here)
            lo = cat_lo if cat_lo is not None and cat_lo <= hi else hi
        elif hi is None:
            hi = cat_hi if cat_hi is not None and cat_hi >= lo else lo
        paths = [p for p in ("pricing.usd_per_accelerator_hour_low", "pricing.usd_per_accelerator_hour_high")
                 if plan.get(p) is not None]
        price_src = "; ".join(dict.fromkeys(given(plan, p) for p in paths))
        price_basis = "low to high, as given" if lo != hi else "one price, as given"

    # runs
    if ex.nas_multiplier is not None:
        nas_mult, nas_src = ex.nas_multiplier, "given (experiment.nas_multiplier)"
    else:
        asm = a["nas_multiplier"]
        nas_mult, nas_src = asm.value, f"{cite(asm.source, asm.year)}"
    runs = {"training": float(ex.final_runs), "tuning": ex.tuning_runs * ex.tuning_run_fraction,
            "nas": nas_mult if ex.nas else 0.0}

    # when: the job's wall-clock hours (every run back to back from the start) on the grid's hourly shape
    ci_yearly, sched_note, sched_zone = ci, "", None
    sched = plan.schedule
    if (sched.start is not None or sched.flex_hours > 0) and site.carbon_intensity_g_per_kwh is not None:
        sched_note = "not used: the grid intensity is given, as the run's own"
    elif sched.start is not None or sched.flex_hours > 0:
        from planner.core.schedule import NO_PROFILE, run_factor

        profile = catalog.hourly_profile(region)
        run = run_factor(profile, sched.start, hours * sum(runs.values()), sched.flex_hours)
        ci, sched_zone = ci * run.factor, run.zone
        sched_note = run.note if profile is not None or not catalog.hourly_problem else \
            f"{NO_PROFILE} (hourly data unreadable: {catalog.hourly_problem})"

    return Inputs(
        accelerator=acc, region=region, count=hw.count,
        hours_per_run=hours, hours_low=hours_lo, hours_high=hours_hi, hours_derived=derived, hours_basis=basis,
        measured_it_kwh=measured,
        flops_per_run=flops, flops_source=flops_src, precision=hw.precision, peak_flops=peak,
        utilization=util if (derived or hw.utilization is not None) else None, utilization_source=util_src,
        power_w=power, power_low=power_lo, power_high=power_hi, power_source=power_src,
        utilization_sigma=util_sigma, power_sigma=power_sigma,
        host_power_w=host, host_source=host_src,
        pue=pue, pue_low=pue_lo, pue_high=pue_hi, pue_source=pue_src, pue_from_user=pue_user,
        carbon_intensity=ci, carbon_intensity_source=ci_src, carbon_intensity_basis=ci_basis, grid_year=grid_year,
        carbon_intensity_yearly=ci_yearly, schedule_note=sched_note, schedule_zone=sched_zone,
        market_matched_fraction=f, market_source=market_src, residual_mix=residual, market_basis=market_basis,
        price_low=lo, price_high=hi, price_source=price_src, price_basis=price_basis,
        runs=runs, nas_multiplier=nas_mult, nas_source=nas_src)


SERVER_ACCELERATORS = 8  # accelerators a server (or TPU host) holds, as the server records count them
EMBODIED_PART_LABELS = {"accelerators": "Embodied: accelerators", "server": "Embodied: servers"}


def server_assumption(acc: Accelerator, catalog: Catalog):
    """The record of the server an accelerator kind sits in, without its accelerators (kg CO2e per 8-accelerator
    server, with its 90% interval and source): a TPU host for Google's TPUs, an HGX/DGX-class server otherwise."""
    kind = "tpu" if acc.vendor.lower() == "google" else "gpu"
    return catalog.assumptions[f"server_embodied_kg_{kind}"]


def embodied_rates(acc: Accelerator, catalog: Catalog) -> dict[str, tuple[float, str]]:
    """kg CO2e of manufacturing per accelerator-hour, by part: the accelerator itself (its own figure, else the
    catalog's) and its share of the server it sits in, each amortized over the service life; with their sources."""
    a = catalog.assumptions
    per_acc = acc.embodied_kg_co2e
    if per_acc is None:
        per_acc = a["embodied_kg_per_accelerator"].value
        src = f"{cite(a['embodied_kg_per_accelerator'].source, a['embodied_kg_per_accelerator'].year)}"
    else:
        src = f"{cite(acc.source, acc.year)}"
    life = a["service_life_hours"]
    server = server_assumption(acc, catalog)
    return {"accelerators": (per_acc / life.value, f"{src}; service life: {cite(life.source, life.year)}"),
            "server": (server.value / SERVER_ACCELERATORS / life.value,
                       f"{server.value:,.0f} kg per {SERVER_ACCELERATORS}-accelerator server: "
                       f"{cite(server.source, server.year)}")}


def embodied_source(rates: dict[str, tuple[float, str]]) -> str:
    """Where each part of the embodied rate (``embodied_rates``) comes from, in one line."""
    return "; ".join(f"{EMBODIED_PART_LABELS[k].split(': ')[1]}: {src}" for k, (_, src) in rates.items())


def footprint_of(i: Inputs, runs: float, *, hours: float | None = None, power: float | None = None,
                 pue: float | None = None, per_hour: float = 0.0):
    """The model (``planner.core.model.footprint``) at the values in use, for ``runs`` runs; ``hours``, ``power``
    and ``pue`` stand in for the central ones (the ends of the conservative band)."""
    return footprint(count=i.count, hours=i.hours_per_run if hours is None else hours, runs=runs,
                     power=i.power_w if power is None else power, host=i.host_power_w,
                     pue=i.pue if pue is None else pue, intensity=i.carbon_intensity, embodied_per_hour=per_hour,
                     measured_it_kwh=i.measured_it_kwh)


@dataclass(frozen=True)
class Draw:
    """The model's outputs for the plan with its uncertain inputs moved (floats, or arrays of samples)."""
    plan: Plan
    inputs: Inputs
    energy_kwh: Any
    emissions_kg: Any
    cost_usd: Any  # None without a price
    embodied_kg: Any
    accelerator_hours: Any


class Draws:
    """The plan's model (``planner.core.model``) over factors, one per uncertain input (``power``,
    ``utilization``, ``pue``, ``grid``, ``start``, ``price``, ``embodied``, ``server``): each factor moves its input
    from the central value, and the one model gives what follows. The Monte Carlo draws arrays of factors; the outputs'
    dependencies (``planner.core.metrics.moves``) move one input at a time."""

    def __init__(self, est: Estimate, catalog: Catalog):
        self.plan, self.i = est.plan, (i := est.inputs)
        self.runs = sum(i.runs.values())
        self.price_mid = None if i.price_low is None or i.price_high is None else (i.price_low + i.price_high) / 2
        rates = embodied_rates(i.accelerator, catalog)
        self.per_hour, self.server_per_hour = rates["accelerators"][0], rates["server"][0]
        self.measured = i.measured_it_kwh

    def run(self, f: dict, n: int = 0) -> Draw:
        """The outputs at factors ``f`` (absent: 1), as arrays of ``n`` (0: floats)."""
        i, one = self.i, (np.ones(n) if n else 1.0)
        power = i.power_w * f.get("power", one)
        if i.hours_from_energy:  # the hours a measured energy lasts at this power
            hours = energy_hours(i.measured_it_kwh, i.count, power, i.host_power_w)
        elif i.hours_derived:  # the hours the FLOPs take at this utilization
            hours = derived_hours(i.flops_per_run, i.count, i.peak_flops, i.utilization * f.get("utilization", one))
        else:
            hours = i.hours_per_run * one
        fp = footprint(count=i.count, hours=hours, runs=self.runs, power=power, host=i.host_power_w,
                       pue=1.0 + (i.pue - 1.0) * f.get("pue", one),  # PUE = 1 + overhead x factor: never below 1
                       intensity=i.carbon_intensity * f.get("grid", one) * f.get("start", one),
                       embodied_per_hour=self.per_hour * f.get("embodied", one)
                       + self.server_per_hour * f.get("server", one), measured_it_kwh=self.measured)
        cost = None if self.price_mid is None else fp.cost(self.price_mid * f.get("price", one))
        return Draw(self.plan, i, fp.energy_kwh, fp.emissions_kg, cost, fp.embodied_kg, fp.accelerator_hours)


def market_kg(i: Inputs, energy_kwh: float, location_kg: float) -> float | None:
    """The market-based CO2e (GHG Protocol Scope 2), when the plan states a matched share (0 included): the matched
    share at zero, the rest at the grid's residual mix; where none is published, at the location-based intensity
    (a lower bound)."""
    if i.market_matched_fraction is None:
        return None
    unmatched = 1.0 - i.market_matched_fraction
    if i.residual_mix is not None:
        return co2e_kg(energy_kwh * unmatched, i.residual_mix.g_per_kwh)
    return location_kg * unmatched


def estimate(plan: Plan, catalog: Catalog | None = None) -> Estimate:
    """Estimate the plan's footprint. Raises PlanError naming the field on bad input."""
    catalog = catalog or default_catalog()
    i = resolve(plan, catalog)
    total_runs = i.runs["training"] + i.runs["tuning"] + i.runs["nas"]
    rates = embodied_rates(i.accelerator, catalog)  # kg an accelerator-hour: the accelerator's, its server's share
    whole = footprint_of(i, total_runs, per_hour=sum(rate for rate, _ in rates.values()))
    flops = i.flops_per_run

    def cost(fp, price):
        return None if price is None else fp.cost(price)

    phases = {}
    for p in PHASES:
        r = i.runs[p]
        fp = footprint_of(i, r)
        phases[p] = PhaseResult(r, fp.accelerator_hours, fp.wall_hours, fp.energy_kwh, fp.emissions_kg,
                                None if flops is None else flops * r, cost(fp, i.price_low), cost(fp, i.price_high))
    # the conservative band: every uncertain input at the end of its own band at once
    low = footprint_of(i, total_runs, hours=i.hours_low, power=i.power_low, pue=i.pue_low)
    high = footprint_of(i, total_runs, hours=i.hours_high, power=i.power_high, pue=i.pue_high)
    est = Estimate(
        plan=plan, inputs=i,
        accelerator_hours=whole.accelerator_hours, wall_hours=whole.wall_hours,
        energy_kwh=whole.energy_kwh, emissions_kg=whole.emissions_kg, it_energy_kwh=whole.it_kwh,
        cost_low=cost(whole, i.price_low), cost_high=cost(whole, i.price_high),
        flops=None if flops is None else flops * total_runs,
        energy_range=(low.energy_kwh, high.energy_kwh), emissions_range=(low.emissions_kg, high.emissions_kg),
        accelerator_hours_range=(low.accelerator_hours, high.accelerator_hours),
        phases=phases,
        parts_kwh={"accelerators": whole.accelerators_kwh, "host": whole.host_kwh,
                   "overhead": whole.it_kwh * (i.pue - 1.0)},
        embodied_kg=whole.embodied_kg, embodied_source=embodied_source(rates),
        embodied_parts={k: whole.accelerator_hours * rate for k, (rate, _) in rates.items()},
        market_emissions_kg=market_kg(i, whole.energy_kwh, whole.emissions_kg),
    )
    _check_finite(est)
    return est


def _check_finite(est: Estimate) -> None:
    """The last guard: the field bounds keep every result finite, and this proves it for each estimate."""
    values = (est.energy_kwh, est.emissions_kg, est.accelerator_hours, est.wall_hours, est.embodied_kg,
              *est.energy_range, *est.emissions_range, *est.accelerator_hours_range, est.inputs.hours_per_run,
              est.cost_low or 0.0, est.cost_high or 0.0, est.flops or 0.0, est.market_emissions_kg or 0.0)
    if not all(math.isfinite(v) for v in values):
        raise PlanError("plan", "the result is too large to compute; reduce the largest values")


# ------------------------------------------------------------ region sweep
@dataclass(frozen=True)
class RegionSweep:
    """The same plan in every region (of a filter), sorted from cleanest.

    Parallel tuples, rank order; ``index(id)`` gives a region's rank.
    """
    ids: tuple
    names: tuple
    providers: tuple
    intensity: tuple  # g/kWh
    pue: tuple
    emissions_kg: tuple
    energy_kwh: tuple
    groups: tuple = ()  # region_group() of each region

    def __len__(self) -> int:
        return len(self.ids)

    def index(self, region_id: str) -> int:
        """Rank (0 = cleanest) of a region, or -1 if it is not in this sweep."""
        try:
            return self.ids.index(region_id)
        except ValueError:
            return -1

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame({"rank": range(1, len(self.ids) + 1), "region": self.ids, "name": self.names,
                             "provider": self.providers, "carbon_intensity_g_per_kwh": self.intensity,
                             "pue": self.pue, "energy_kwh": self.energy_kwh, "emissions_kg": self.emissions_kg})


def region_mask(catalog: Catalog, providers=None, kinds=None) -> list | None:
    """Which regions (a list of booleans over ``catalog.region_arrays()``) match the
    given providers or kinds; None means every region."""
    if not providers and not kinds:
        return None
    arr = catalog.region_arrays()
    prov, kind = set(providers or ()), set(kinds or ())
    return [(p in prov) or (k in kind) for p, k in zip(arr["providers"], arr["kinds"])]


def sweep(est: Estimate, catalog: Catalog | None = None, mask: list | None = None) -> RegionSweep:
    """The plan's footprint in every region, ranked from lowest CO2e.

    One pass over per-region factors computed once (PUE x grid intensity): the
    energy before PUE does not depend on the region. Each region uses its
    provider's default PUE unless the plan sets one. A plan's own
    grid-intensity override, or its schedule (the run's hours on its grid),
    applies to the plan's own region only, so that entry agrees with the
    plan's estimate; the others are yearly averages.
    """
    catalog = catalog or default_catalog()
    arr = catalog.region_arrays(est.plan.site.grid_year)
    ci, pue, factor = arr["intensity"], arr["pue"], arr["factor"]
    it = est.it_energy_kwh
    own = arr["index"][est.inputs.region.id]
    idx = range(len(ci)) if mask is None else [k for k, m in enumerate(mask) if m]
    if est.inputs.pue_from_user:
        p_user = est.inputs.pue
        pues = {k: p_user for k in idx}
        kg = {k: it * kg_per_it_kwh(p_user, ci[k]) for k in idx}
    else:
        pues = {k: pue[k] for k in idx}
        kg = {k: it * factor[k] for k in idx}
    cis = {k: ci[k] for k in idx}
    if own in kg and (est.plan.site.carbon_intensity_g_per_kwh is not None or est.inputs.schedule_zone):
        cis[own] = est.inputs.carbon_intensity
        kg[own] = it * kg_per_it_kwh(pues[own], cis[own])
    order = sorted(kg, key=lambda k: (kg[k], pues[k] * cis[k]))  # equal CO2e (a plan of 0 kWh): cleaner first
    ids, names, provs, groups = arr["ids"], arr["names"], arr["providers"], arr["groups"]
    return RegionSweep(tuple(ids[k] for k in order), tuple(names[k] for k in order),
                       tuple(provs[k] for k in order), tuple(cis[k] for k in order),
                       tuple(pues[k] for k in order), tuple(kg[k] for k in order),
                       tuple(it * pues[k] for k in order),
                       tuple(groups[k] for k in order))
