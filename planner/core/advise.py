"""What would cut this footprint most: candidate changes, each estimated by the core, ranked.

Every suggestion carries the changed plan, so applying one is just replacing
the plan (undoable in the window).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np

from planner.core.catalog import PROVIDER_NAMES, Catalog, default_catalog
from planner.core.errors import PlanError
from planner.core.estimate import estimate, prior_utilization, region_mask, sweep
from planner.core.model import derived_hours, flops_of, footprint
from planner.core.plan import Plan
from planner.core.schedule import FLEX_STEPS, YearAtAGlance, day_words, parse_start, plan_year, start_text
from planner.core.text import cite
from planner.core.units import fmt, fmt_rate


@dataclass(frozen=True)
class Suggestion:
    kind: str
    change: str
    emissions_kg_saved: float
    percent_saved: float
    cost_usd_delta: float | None  # on-demand cost after minus before (negative = cheaper)
    wall_clock_hours_delta: float
    emissions_kg_after: float
    plan: Plan
    source: str
    water_l_saved: float = 0.0

    @property
    def changes_project(self) -> bool:
        """It changes what the project does (fine-tune instead of pre-train, serve a distilled model), not how the
        same work is done: listed after every suggestion that does the same work for less."""
        return self.kind in PROJECT_CHANGES

    def to_dict(self) -> dict:
        return {"kind": self.kind, "change": self.change, "changes_project": self.changes_project,
                "emissions_kg_saved": self.emissions_kg_saved,
                "water_l_saved": self.water_l_saved,
                "percent_saved": self.percent_saved, "cost_usd_delta": self.cost_usd_delta,
                "wall_clock_hours_delta": self.wall_clock_hours_delta,
                "emissions_kg_after": self.emissions_kg_after, "source": self.source, "plan": self.plan.to_dict()}


PROJECT_CHANGES = ("fine_tune", "serving_distilled")
MAX_BATCH = 1024  # the batch advice stops doubling at (the ML.ENERGY measurements gain little beyond it)


def advise(plan: Plan, catalog: Catalog | None = None, by: str = "emissions", *,
           year: YearAtAGlance | None | Literal["compute"] = "compute") -> list[Suggestion]:
    """Changes that lower CO2e (and spot capacity, which lowers cost), most CO2e saved first; with
    ``by="water"``, the changes that lower the water consumed, most water saved first. Changes that do the same
    work for less come first; those that change the project (``changes_project``) after them. A plan that serves
    its model is ranked by training plus serving, its life's CO2e. ``year``: the plan's year at a glance where
    it is known already (``Results.when``), else computed here for the next twelve months from today."""
    from planner.core.water import region_water, water

    if by not in ("emissions", "water"):
        raise ValueError(f"unknown ranking {by!r} (use emissions or water)")
    catalog = catalog or default_catalog()
    base = estimate(plan, catalog)
    base_water = water(base, catalog).total_l
    base_kg = _lifetime_kg(base, catalog)  # training, and serving when the plan serves the model
    out: list[Suggestion] = []
    a = catalog.assumptions

    def candidate(values: dict) -> Plan | None:
        """The changed plan, or None where the change would leave a field's bounds."""
        try:
            return plan.with_values(values)
        except PlanError:
            return None

    def add(kind: str, change: str, new: Plan | None, source: str) -> None:
        if new is None or new == plan:
            return
        try:
            e = estimate(new, catalog)
        except PlanError:
            return
        after = _lifetime_kg(e, catalog)
        saved = base_kg - after
        water_saved = base_water - water(e, catalog).total_l
        cost = None if e.cost_high is None or base.cost_high is None else e.cost_high - base.cost_high
        gain = saved if by == "emissions" else water_saved
        scale = base_kg if by == "emissions" else base_water
        if gain <= 1e-9 * max(scale, 1) and not (cost is not None and cost < 0 and kind == "spot"):
            return
        pct = 100.0 * gain / scale if scale else 0.0
        out.append(Suggestion(kind, change, saved, pct, cost, e.wall_hours - base.wall_hours, after,
                              new, source, water_saved))

    # where it runs
    region = base.inputs.region
    moved = {"site.carbon_intensity_g_per_kwh": None}
    if region.provider:
        same = sweep(base, catalog, region_mask(catalog, providers=[region.provider]))
        best = same.ids[0]
        add("region_same_provider", f"Run in {best}, the cleanest {region.provider.upper()} region "
            f"({fmt(same.intensity[0])} g/kWh)", candidate({"site.region": best, **moved}),
            catalog.regions[best].source)
    same_grid = catalog.regions[same.ids[0]].grid_key if region.provider else None
    clouds = sweep(base, catalog, region_mask(catalog, kinds=["cloud"]))
    best = clouds.ids[0]
    if catalog.regions[best].grid_key != same_grid:  # the same grid is never suggested twice
        add("region_any_provider", f"Run in {best}, the cleanest cloud region of any provider "
            f"({fmt(clouds.intensity[0])} g/kWh)", candidate({"site.region": best, **moved}),
            catalog.regions[best].source)

    if region.kind == "site":  # a plan at a named site (an HPC centre, a campus): the cleanest such site
        sites = sweep(base, catalog, region_mask(catalog, kinds=["site"]))
        if sites.ids[0] != region.id:
            best = catalog.regions[sites.ids[0]]
            add("region_site", f"Run at {best.id}, the cleanest named site ({fmt(sites.intensity[0])} g/kWh, "
                f"PUE {sites.pue[0]:.2f})", candidate({"site.region": best.id, **moved}), best.facility_source)

    if by == "water":  # where it would consume least water: the provider's, and any cloud's
        litres = region_water(base, catalog)
        for kind, label, pool in (
                ("region_water_same", f"{region.provider.upper()} region",
                 [r for r in catalog.regions.values() if region.provider and r.provider == region.provider]),
                ("region_water_any", "cloud region of any provider",
                 [r for r in catalog.regions.values() if r.kind == "cloud"])):
            if pool:
                best_w = min(pool, key=lambda r: litres[r.id])
                add(kind, f"Run in {best_w.id}, the {label} using least water",
                    candidate({"site.region": best_w.id, **moved}), best_w.source)

    # how much is run
    ex = plan.experiment
    if ex.tuning_runs >= 2:
        half = float(int(ex.tuning_runs // 2))
        add("fewer_tuning_runs", f"Halve the tuning runs ({fmt(ex.tuning_runs)} → {fmt(half)})",
            candidate({"experiment.tuning_runs": half}), "Planner suggestion")
    if ex.tuning_runs > 0:
        f = a["early_stop_fraction"]
        add("early_stopping", f"Stop unpromising tuning runs early (average length × {fmt(f.value)})",
            candidate({"experiment.tuning_run_fraction": ex.tuning_run_fraction * f.value}),
            f"{cite(f.source, f.year)}")
    if ex.nas:  # without the search a model is still trained: at least one final run
        once = "" if ex.final_runs >= 1 else ", and train it once"
        add("nas_off", f"Skip the architecture search: start from a published architecture{once}",
            candidate({"experiment.nas": False, "experiment.final_runs": max(float(ex.final_runs), 1.0)}),
            "Strubell et al. 2019, Table 3")
        proxy = a["nas_multiplier_proxy"]
        if base.inputs.nas_multiplier > proxy.value:
            add("nas_proxy", f"Search on a small proxy task (× {fmt(proxy.value)} runs instead of "
                f"× {fmt(base.inputs.nas_multiplier)})", candidate({"experiment.nas_multiplier": proxy.value}),
                f"{cite(proxy.source, proxy.year)}")
    ft = a["fine_tune_fraction"]
    if not ex.fine_tune:  # a plan that already fine-tunes gets no "fine-tune instead"
        add("fine_tune", f"Fine-tune a published pre-trained model instead of training from scratch "
            f"({fmt(ft.value * 100)}% of a full run)",
            candidate({"run.hours": base.inputs.hours_per_run * ft.value, "experiment.fine_tune": True,
                       "model.training_flops": None if base.inputs.flops_per_run is None
                       else base.inputs.flops_per_run * ft.value}),
            f"{cite(ft.source, ft.year)}")

    # which hardware, for the same FLOPs
    i = base.inputs
    flops = i.flops_per_run
    util = plan.hardware.utilization or i.utilization or prior_utilization(plan, catalog)
    if flops is None:  # hours given: the FLOPs they stand for at the assumed utilization
        flops = flops_of(i.hours_per_run, i.count, i.peak_flops, util)
    best_plan, best_kg, best_id = None, base.emissions_kg, None
    provider = i.region.provider  # in a cloud region: only what its provider offers
    # For the same FLOPs, count and site, rank every card at once by the model's energy on it (one array pass,
    # however many a user catalog holds), then estimate the best few exactly.
    host = plan.hardware.host_power_w if plan.provenance("hardware.host_power_w") == "user" else \
        a["host_power_w"].value
    accs = catalog.accelerators
    ids = [acc.id for acc in accs.values() if acc.id != i.accelerator.id and acc.peak_at(i.precision) is not None
           and not (provider and not catalog.offers(provider, acc))]  # cards with the plan's precision
    peaks = np.array([accs[aid].peak_at(i.precision) for aid in ids])
    powers = np.array([catalog.central_power(accs[aid])[0] for aid in ids])
    energy = footprint(count=i.count, hours=derived_hours(flops, i.count, peaks, util), runs=1.0, power=powers,
                       host=host, pue=1.0, intensity=1.0).energy_kwh
    cost = dict(zip(ids, np.atleast_1d(energy).tolist()))
    params = plan.model.parameters  # the whole model's training state must fit the cards' memory, fully sharded
    per_param = a["training_bytes_per_parameter"].value

    def fits(aid: str) -> bool:
        mem = accs[aid].memory_gb
        return params is None or mem is None or params * per_param <= i.count * mem * 1e9

    ids = [aid for aid in ids if fits(aid)]
    for aid in sorted(ids, key=cost.__getitem__)[:3]:
        cand = candidate({"hardware.accelerator": aid, "hardware.power_w": None, "run.hours": None,
                          "model.training_flops": flops,
                          "hardware.utilization": plan.hardware.utilization,  # else the prior for that chip
                          "pricing.usd_per_accelerator_hour_low": None,
                          "pricing.usd_per_accelerator_hour_high": None})
        if cand is None:
            continue
        try:
            kg = estimate(cand, catalog).emissions_kg
        except PlanError:
            continue
        if kg < best_kg:
            best_plan, best_kg, best_id = cand, kg, aid
    if best_plan is not None and best_id is not None:
        acc = catalog.accelerators[best_id]
        peak = acc.peak_at(i.precision) or acc.peak_flops  # (every candidate has the plan's precision)
        where = f", offered by {PROVIDER_NAMES.get(provider, provider.upper())}" if provider else ""
        power = f"{fmt(catalog.central_power(acc)[0])} W" + (
            ", the planner's estimate: no published power" if acc.power_estimated else "")
        add("accelerator", f"Use {best_id} for the same FLOPs ({fmt(peak / 1e12)} TFLOP/s at "
            f"{power}, {i.count:,} of them{where})", best_plan,
            f"{cite(acc.source, acc.year)}" + (f"; power: {acc.avg_power_source}" if acc.power_estimated else ""))

    # when it runs: the cleanest start of the year, and a little flexibility (grids with hourly data)
    if year == "compute":
        year = plan_year(base, catalog, datetime.now(UTC).date())
    if year is not None:
        _when(plan, year, base, candidate, add)
    # how it is served: a smaller model, a cleaner region, bigger batches
    if by == "emissions":
        _serving(plan, catalog, base, candidate, add)

    # what it costs
    if i.price_low is not None and i.price_high is not None and i.price_low < i.price_high:
        add("spot", f"Use spot or pre-emptible capacity ({fmt_rate(i.price_low, i.price_low)}/h instead of "
            f"{fmt_rate(i.price_high, i.price_high)}/h)",
            candidate({"pricing.usd_per_accelerator_hour_low": i.price_low,
                              "pricing.usd_per_accelerator_hour_high": i.price_low}), i.price_source)

    key = (lambda s: -s.emissions_kg_saved) if by == "emissions" else (lambda s: -s.water_l_saved)
    out.sort(key=lambda s: (s.changes_project, key(s), s.cost_usd_delta if s.cost_usd_delta is not None else 0.0))
    seen, unique = set(), []
    for s in out:  # one suggestion per resulting plan (a region can be best for CO2e and for water)
        if s.plan not in seen:
            seen.add(s.plan)
            unique.append(s)
    return unique


def _when(plan: Plan, year: YearAtAGlance, base, candidate, add) -> None:
    sched, wall = plan.schedule, base.wall_hours
    best = year.best_start
    if year.best_kg < year.plan_kg * 0.99:
        finish = best + timedelta(hours=wall)
        if sched.start is not None:
            was = parse_start(sched.start) + timedelta(hours=wall)
            when = f"finishes {day_words(finish)} instead of {day_words(was)}"
        else:
            when = f"finishes {day_words(finish)}"
        span = "the next twelve months" if sched.start is None else str(year.dates[0].year)
        add("start", f"Start on {day_words(best, hour=True)}, the cleanest start of {span} on {year.zone}'s "
            f"hourly grid ({when})", candidate({"schedule.start": start_text(best)}), year.source)
    # more flexibility than the plan allows: the step that saves most per hour of delay
    options = [((year.plan_kg - year.flex_kg[f]) / (f - sched.flex_hours), f) for f in FLEX_STEPS
               if f > sched.flex_hours and year.plan_kg - year.flex_kg[f] > 0.01 * year.plan_kg]
    if options:
        _, f = max(options)
        days = f / 24
        add("flexibility", f"Allow {days:g} day{'s' if days != 1 else ''} of flexibility: pause in the dirtiest hours "
            f"and resume from a checkpoint (finishes up to {days:g} day{'s' if days != 1 else ''} later)",
            candidate({"schedule.flex_hours": f}), year.source)


def _lifetime_kg(est, catalog: Catalog) -> float:
    """The CO2e a plan is ranked by: training's, plus serving's when the plan serves the model."""
    from planner.core.serving import serving

    try:
        sv = serving(est, catalog)
    except PlanError:
        sv = None
    return est.emissions_kg + (sv.emissions_kg if sv is not None else 0.0)


def _serving(plan: Plan, catalog: Catalog, base, candidate, add) -> None:
    from planner.core.present import break_even_text
    from planner.core.serving import served_parameters, serving

    try:
        sv = serving(base, catalog)
    except PlanError:
        return
    if sv is None:
        return

    def effect(values: dict) -> str:  # the break-even after the change, in words
        new = candidate(values)
        try:
            after = None if new is None else serving(estimate(new, catalog), catalog)
        except PlanError:
            return ""
        return "" if after is None else f"; {break_even_text(after)}"

    a = catalog.assumptions
    derived = plan.serving.energy_wh_per_request is None
    values: dict[str, object]
    if derived and sv.parameters is not None:  # (a mixture-of-experts distilled by its total parameters: the
        keep = a["serving_distilled_fraction"]  # weights streamed; it is kept only where it saves)
        values = {"serving.parameters": served_parameters(plan)[1] * keep.value}
        add("serving_distilled", f"Serve a distilled model with {1 - keep.value:.0%} fewer parameters"
            f"{effect(values)}", candidate(values), f"{cite(keep.source, keep.year)}")
    if derived and sv.batch is not None and sv.batch < MAX_BATCH:
        fuller = min(MAX_BATCH, 2 * sv.batch)
        values = {"serving.batch": fuller}
        add("serving_batching", f"Batch more requests per replica (batch {fmt(sv.batch)} → {fmt(fuller)})"
            f"{effect(values)}", candidate(values),
            "ML.ENERGY Leaderboard v3.0 (2025): Llama-3.1-70B on 4 H100 uses 3.76 J per token at batch 8, 0.37 at "
            "batch 1,024")
    clouds = sweep(base, catalog, region_mask(catalog, kinds=["cloud"]))
    best = catalog.regions[clouds.ids[0]]
    if best.grid_key != sv.region.grid_key:
        values = {"serving.region": best.id}
        add("serving_region", f"Serve from {best.id}, the cleanest cloud region ({fmt(clouds.intensity[0])} g/kWh)"
            f"{effect(values)}", candidate(values), best.source)
