"""Results as people read them: the card texts, the everyday comparison, the data each chart draws, the lines
beside the editor and the text summaries of the command line.

One wording everywhere: the window's cards, the PDF's cards and ``planner estimate`` all print ``cards()``;
the window's charts and the PDF's draw ``benchmark_values()`` and ``breakdown()``; the advice list and
``planner advise`` say ``advice_effect()``. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner.core.estimate import EMBODIED_PART_LABELS, PART_LABELS, PARTS, PHASE_LABELS, PHASES
from planner.core.fields import SPECS
from planner.core.metrics import NO_PRICE, Card, CardView, life_kg, unit_of
from planner.core.metrics import cards as metric_cards
from planner.core.solve import budget_text, non_dominated
from planner.core.text import cite
from planner.core.units import (
    MASS_UNITS,
    NB,
    best_equivalent,
    fmt,
    fmt_energy,
    fmt_hours,
    fmt_mass,
    fmt_mass_beside,
    fmt_money,
    fmt_percent_of,
    fmt_rate,
    fmt_share,
    fmt_signed,
    fmt_start,
    fmt_usd,
    fmt_volume,
    resolve_mass_unit,
    water_equivalent,
)

CHART_TITLES = {"benchmarks": "Against everyday benchmarks", "phases": "Where the footprint comes from",
                "regions": "The same plan in every region", "map": "The same plan on a map",
                "sensitivity": "What drives the spread", "when": "The same plan on every start day",
                "lifetime": "Training, then serving (days)",
                "tradeoffs": "CO2e against cost: the plans nothing beats"}
NO_SERVING = "Give requests per day under Serving to see when serving overtakes training"


def cards(results, unit: str = "auto", *, baseline=None, embodied: bool = True,
          interval: Callable[[str], tuple | None] | None = None, water: bool = True, place: str = "card") -> list[Card]:
    """The result cards of a plan that can be estimated, one per metric shown in ``place`` (``planner.core.metrics``:
    "card", the window's; "pdf"; "summary").

    ``unit``: the mass unit ("auto": by the total); ``baseline``: a pinned plan's Results, for the Δ lines;
    ``embodied``: add the embodied CO2e to the CO2e card's band; ``interval(key)``: the 90% interval to show
    (default: the results' own, computed if needed; None shows "90%: …"); ``water``: False while the water is
    not computed yet (the window's first paint).
    """
    view = CardView(unit_of(results, unit), unit, baseline, embodied, interval, water)
    return metric_cards(results, view, place)


def comparison(results, unit: str = "auto", water: bool = True) -> tuple[str, str, str]:
    """The everyday comparison under the cards: (the CO2e's, the water's or "", the CO2e by phase)."""
    est = results.estimate
    u = unit_of(results, unit)
    text, _, _ = best_equivalent(est, results.catalog)
    w = results.water if water else None
    phases = ", ".join(f"{PHASE_LABELS[p]} {fmt_mass(r.emissions_kg, u)}" for p, r in est.phases.items() if r.runs)
    return text, "" if w is None else water_equivalent(w.total_l), phases


def comparison_tooltip(results, unit: str = "auto") -> str:
    _, _, phases = comparison(results, unit, water=False)
    est = results.estimate
    return f"By phase: {phases}\n" + "\n".join(f"{fmt(n)} × {b.name}" for b, n in est.equivalents(results.catalog))


# ------------------------------------------------------------------ chart data
def bar_benchmarks(benchmarks) -> list:
    """The benchmarks that make a bar: per-km figures are far too small to see beside a plan."""
    return [b for b in benchmarks if b.kg_co2e >= 1]


def benchmark_label(benchmark) -> str:
    return benchmark.short_name[0].upper() + benchmark.short_name[1:]


def benchmark_labels(catalog) -> list[str]:
    return ["This plan"] + [benchmark_label(b) for b in bar_benchmarks(catalog.benchmarks)]


def benchmark_values(emissions_kg: float, catalog, unit: str) -> list[float]:
    """The plan's CO2e, then each everyday benchmark's, in ``unit`` (the order of ``benchmark_labels``)."""
    scale = MASS_UNITS[unit]
    return [emissions_kg / scale] + [b.kg_co2e / scale for b in bar_benchmarks(catalog.benchmarks)]


# the embodied CO2e ends both bars, by part (the accelerators, their servers): "embodied" and "embodied_server" in
# the phase bar, the same two again ("…_part") in the part bar, so both bars have one length
BREAKDOWN_ROWS = {"By phase": PHASES + ("embodied", "embodied_server"),
                  "By part": PARTS + ("embodied_part", "embodied_server_part")}
SEGMENT_COLOR_KEY = {"embodied_part": "embodied", "embodied_server_part": "embodied_server"}


def breakdown(est, unit: str, embodied: bool = True) -> dict[str, float]:
    """Where the footprint comes from, in ``unit``: each phase and each part, and the embodied CO2e of the
    accelerators and of their servers that ends both bars (0 when hidden), so both bars have one length."""
    scale = MASS_UNITS[unit]
    values = {p: est.phases[p].emissions_kg / scale for p in PHASES}
    values.update({p: kg / scale for p, kg in est.parts_kg.items()})
    parts = est.embodied_parts
    values["embodied"] = values["embodied_part"] = parts["accelerators"] / scale if embodied else 0.0
    values["embodied_server"] = values["embodied_server_part"] = parts["server"] / scale if embodied else 0.0
    return values


def embodied_split(parts: dict, show: Callable[[float], str]) -> str:
    """The embodied CO2e by part, as the summary, the sources and the serving's line say it: "accelerators 27 kg,
    servers 90 kg"."""
    return f"accelerators {show(parts['accelerators'])}, servers {show(parts['server'])}"


def breakdown_legend() -> list[tuple[str, str]]:
    """(label, colour key) of every segment, as the key under the chart lists them."""
    return ([(PHASE_LABELS[p], p) for p in PHASES] + [(PART_LABELS[p], p) for p in PARTS]
            + [(f"{EMBODIED_PART_LABELS['accelerators']} (ends both bars)", "embodied"),
               (EMBODIED_PART_LABELS["server"], "embodied_server")])


def region_ends(sweep, mark: Callable[[str], str] = str) -> str:
    """The regions of lowest and highest CO2e in view, by name, with what the rank multiplies (the grid's g/kWh
    and the site's PUE: a cleaner grid can rank lower behind a less efficient site), for the region chart's key;
    ``mark``: how a name is set off, e.g. in bold."""
    if not sweep.ids:
        return ""

    def one(k: int) -> str:
        return (f"{mark(sweep.names[k] or sweep.ids[k])} ({fmt(sweep.intensity[k])}{NB}g/kWh × PUE "
                f"{sweep.pue[k]:.2f})")
    return f"lowest CO2e {one(0)}, highest {one(-1)}"


def how_many(n: float) -> str:
    """How many of an everyday thing: ``2.54×``, ``1/20,200`` (not 4.94e-5 ×)."""
    if n and n < 0.01:
        return f"1/{fmt(1 / n)}"
    return f"{fmt(n)}{NB}×"


# ------------------------------------------------------------------ beside the editor
def accelerator_info(acc, catalog, inputs, plan=None) -> str:
    """One line on the accelerator: the power and price the estimate uses (the cost card's), each once; when the
    plan gives its own power, that one is said to be in use, beside the catalog's."""
    if acc.avg_power_w is not None:
        power = (f"{fmt(acc.avg_power_w)} W {'estimated mean' if acc.tdp_w is None else 'measured mean'}"
                 + (f" of TDP {fmt(acc.tdp_w)} W" if acc.tdp_w else ""))
    else:  # the median share of TDP measured in training (docs/methodology.md, Power in training)
        watts, _, _ = catalog.central_power(acc)
        power = f"{fmt(watts)} W ({watts / acc.tdp_w:.0%} of TDP {fmt(acc.tdp_w)} W)"
    if plan is not None and plan.hardware.power_w is not None:
        from planner.core.plan import pin_note

        note = pin_note(plan, "hardware.power_w").strip(" ()")
        power = f"in use {fmt(plan.hardware.power_w)} W ({note}); catalog {power}"
    memory = f" · {fmt(acc.memory_gb)} GB" if acc.memory_gb else ""
    peak = f"{fmt(acc.peak_flops / 1e12)} TFLOP/s {acc.flops_precision}, {acc.peak_basis}"
    precision = plan.hardware.precision if plan is not None else "bf16"
    if precision != "bf16" and acc.peak_at(precision) is not None:  # the peak the plan trains at
        peak = f"{fmt(acc.peak_at(precision) / 1e12)} TFLOP/s {precision.upper()} dense (in use)"
    text = f"{power} · {peak}{memory}"
    if inputs is None:
        return text
    if inputs.price_low is None:
        return text + " · " + NO_PRICE
    return text + f" · {fmt_rate(inputs.price_low, inputs.price_high)}/h ({inputs.price_basis})"


def accelerator_tooltip(acc, catalog, price=None) -> str:
    if price is None:  # no region in view (the picker's list): the general, provider-free row
        price = catalog.price_for(acc, catalog.regions["world"])
    price_text = (f"{fmt_usd(price.low, price.high)} per hour ({price.describe()})"
                  if price is not None else "no price in the catalog")
    tdp = f"{fmt(acc.tdp_w)} W" if acc.tdp_w else "not published"
    user = " [your entry]" if acc.user else ""
    return (f"{acc.name}{user}\nTDP: {tdp}\nPower in training: {catalog.central_power(acc)[1]}\n"
            f"Peak: {fmt(acc.peak_flops / 1e12)} TFLOP/s {acc.flops_precision}, {acc.peak_basis}\n"
            f"Price: {price_text}\nSource: {cite(acc.source, acc.year)}")


def accelerator_item(acc) -> str:
    return f"{acc.id} — {acc.name}" + (" (yours)" if acc.user else "")


def region_item(region) -> str:
    return f"{region.id} — {region.name} · {fmt(region.carbon_intensity)} g/kWh" + (" (yours)" if region.user else "")


def region_tooltip(region, catalog) -> str:
    pue = catalog.pue_for(region)
    user = " [your entry]" if region.user else ""
    own = (f"\nProvider's own figure (information, not ranked): {fmt(region.provider_intensity)} g CO2e/kWh, "
           f"CFE {region.provider_cfe:.0%} ({region.provider_source})" if region.provider_intensity is not None else "")
    return (f"{region.name}{user}\nGrid: {fmt(region.carbon_intensity)} g CO2e/kWh ({region.basis or 'as published'}, "
            f"{region.year})\nSource: {region.source}\n{'PUE' if region.pue is not None else 'Default PUE'}: "
            f"{pue.pue:.2f} ({pue.source}){own}")


def region_info(region, catalog) -> str:
    pue = catalog.pue_for(region)
    own = (f" · {region.provider.upper()}'s own figure {fmt(region.provider_intensity)} g (operational; "
           "information only)" if region.provider_intensity is not None else "")
    zone = f" · grid zone {region.zone}" if region.zone and region.zone != region.id else ""
    return (f"{fmt(region.carbon_intensity)} g CO2e/kWh ({region.basis or 'as published'}, {region.year}){zone}"
            f" · {'its own' if region.pue is not None else 'default'} PUE {pue.pue:.2f}{own}")


def run_mode_note(derived: bool, inputs) -> str:
    measured = "" if inputs is None or inputs.measured_it_kwh is None else (
        f" Energy: the measured {fmt_energy(inputs.measured_it_kwh)} per run (hours × power not used).")
    if inputs is not None and inputs.hours_from_energy:
        return (f"In use: hours implied by the measured energy ÷ (accelerators × power + host) = "
                f"{fmt(inputs.hours_per_run)} h per run (for cost and wall-clock).{measured}")
    if derived:
        bf16 = inputs is None or inputs.precision == "bf16" or "fitted on BF16" not in inputs.utilization_source
        prior = "" if bf16 else f" The utilization is the BF16 prior's, at the {inputs.precision.upper()} peak."
        return ("In use: hours derived from FLOPs ÷ (accelerators × peak FLOP/s × utilization)"
                + (f" = {fmt(inputs.hours_per_run)} h per run." if inputs is not None else ".") + prior + measured)
    return "In use: hours per run as given. Model size and tokens only report FLOPs." + measured


def error_text(error) -> str:
    """A plan's error as a banner says it: the field by its label, as the editor names it ("Grid year: no 2019
    figure …", not "site.grid_year: …")."""
    from planner.core.fields import SPECS

    spec = SPECS.get(error.field)
    return f"{spec.label}: {error.message}" if spec is not None else str(error)


def released_note(released) -> str:
    """The status line when an edit released a preset's values: what, and from which preset."""
    from planner.core.fields import SPECS
    from planner.core.plan import origin_name

    labels = list(dict.fromkeys(SPECS[path].label.lower().replace("price low", "prices").replace("price high", "prices")
                                for path, _, _ in released))
    preset = origin_name(released[0][2]).removeprefix("preset ")
    return (f"Released {', '.join(labels)} of preset {preset}: catalog values for the new choice apply "
            "(Ctrl+Z undoes)")


def precision_note(acc, dropped: str) -> str:
    """Said when a new accelerator lacks the plan's precision, so the plan trains in BF16 on it."""
    from planner.core.fields import SPECS

    spec = SPECS["hardware.precision"]
    return (f"{acc.id} has no {spec.choice_name(dropped)}: the plan now trains in {spec.choice_name(spec.default)} "
            "(Ctrl+Z undoes)")


def baseline_note(baseline) -> str:
    """Said when another plan is loaded while a baseline is pinned: it stays, and how to drop it."""
    if baseline is None:
        return ""
    return f" The baseline “{baseline.name}” stays pinned for comparison (Edit → Clear baseline)."


# ------------------------------------------------------------------ advice
def advice_unit(results, unit: str = "auto") -> str:
    """The mass unit of the advice: the chosen one, or the total it ranks by's (automatic)."""
    return resolve_mass_unit(unit, life_kg(results))


def advice_heading(results, unit: str = "auto") -> str:
    """What the advice ranks by, as ``planner advise`` heads it and the window says over its list: the plan's
    CO2e, or for a served plan its life's (training + serving), each part said."""
    u = advice_unit(results, unit)
    sv = results.serving
    if sv is None:
        return f"{fmt_mass(results.estimate.emissions_kg, u)} CO2e"
    return (f"{fmt_mass(life_kg(results), u)} CO2e over the model's life: training "
            f"{fmt_mass_beside(results.estimate.emissions_kg, u, unit)} + {fmt(sv.months)} months of serving "
            f"{fmt_mass_beside(sv.emissions_kg, u, unit)}")


PROJECT_HEADING = "Changing the project"  # the suggestions listed after those that do the same work for less


def advice_effect(s, unit: str) -> str:
    """What a suggestion saves and costs, and how it moves the wall-clock time, in one line (the window's list and
    ``planner advise``)."""
    from planner.core.units import fmt_hours

    head = (f"−{fmt_mass(s.emissions_kg_saved, unit)} ({fmt(s.percent_saved)}%)" if s.emissions_kg_saved > 0
            else "same CO2e")
    cost = ("" if s.cost_usd_delta is None or abs(s.cost_usd_delta) < 0.5 else
            f" · cost {fmt_signed(s.cost_usd_delta, '$')}")
    dh = s.wall_clock_hours_delta
    hours = "" if abs(dh) < 1e-6 else f" · wall-clock {'+' if dh > 0 else '−'}{fmt_hours(abs(dh))}"
    return head + cost + hours


def advice_tooltip(s, unit: str) -> str:
    return (f"{s.change}\nCO2e after: {fmt_mass(s.emissions_kg_after, unit)}\n"
            f"Wall-clock: {fmt_signed(s.wall_clock_hours_delta, 'h')}\nSource: {s.source}")


# ------------------------------------------------------------------ the command line's summaries
def tradeoffs_key(results, unit: str) -> tuple[str, str]:
    """The lines under the Trade-offs chart and their tooltip: how many plans are on the front, and where this
    plan stands."""
    front = results.front()
    if front is None or not front.points:
        return ("No plan can be priced over the regions and accelerators.", "")
    est = results.estimate
    beaten = est.cost_high is not None and not non_dominated(np.array(  # (this plan first: a tie keeps it)
        [(est.emissions_kg, est.cost_high, est.wall_hours),
         *((p.emissions_kg, p.cost_usd, p.wall_clock_hours) for p in front.points)]))[0]
    cleanest = front.points[0]
    text = (f"{len(front.points)} plans no other beats on CO2e, cost and wall-clock time, of {front.considered:,} "
            f"over every region, accelerator and precision; colour: wall-clock (green shortest). This plan: "
            f"{fmt_mass(est.emissions_kg, unit)}, "
            + ("no price" if est.cost_high is None else fmt_money(est.cost_high))
            + f", {fmt_hours(est.wall_hours)}"
            + (" — another plan beats it on all three." if beaten else "."))
    tip = (f"Cleanest on the front: {cleanest.label}, {fmt_mass(cleanest.emissions_kg, unit)}, "
           f"{fmt_money(cleanest.cost_usd)}, {fmt_hours(cleanest.wall_clock_hours)}. Hover over a point for its "
           "plan; click to apply it (Undo restores).")
    return text, tip


def fit_note(results) -> str:
    """The editor's line under the budgets: whether the plan is within them, and what the Fit button would set
    (the largest value of ``budget.solve`` whose central estimate stays within every budget)."""
    from planner.core.errors import PlanError
    from planner.core.solve import fit, plan_budgets

    budgets = plan_budgets(results.plan)
    if not budgets:
        return "No budget: give one (CO2e, energy, cost, time, accelerator-hours or water) to see what fits."
    if results.estimate is None:
        return ""
    try:
        found = fit(results.plan, results.catalog, budgets, results.plan.budget.solve)
    except PlanError as exc:
        return f"{budget_text(results)}. Cannot fit: {exc.message}."
    return f"{budget_text(results)}. {found.text()}"


def summary_text(results, unit: str = "auto") -> str:
    """The readable summary ``planner estimate`` prints: the plan in three lines, then every card as the window
    and the PDF show it (title, figure, band), then the CO2e by phase and the everyday comparison."""
    est = results.estimate
    u = unit_of(results, unit)
    i, ex = est.inputs, est.plan.experiment
    power = (f"measured {fmt_energy(i.measured_it_kwh)} per run" if i.measured_it_kwh is not None
             else f"{fmt(i.power_w)} W per accelerator")
    lines = [
        est.plan.name,
        f"  {i.accelerator.id} × {i.count}, {fmt(i.hours_per_run)} h per run ({i.hours_basis}), {power}",
        f"  Region {i.region.id} ({i.region.name}): {fmt(i.carbon_intensity_yearly)} g CO2e/kWh "
        f"({i.carbon_intensity_basis}), PUE {i.pue:.2f}",
        f"  Runs: {fmt(ex.final_runs)} final, {fmt(ex.tuning_runs)} tuning × {fmt_share(ex.tuning_run_fraction)} "
        "of a run, "
        f"NAS {'on (× ' + fmt(i.nas_multiplier) + ')' if ex.nas else 'off'}",
    ]
    if i.schedule_note:
        lines.append(f"  {schedule_line(results)}")
    budgets = budget_text(results)
    if budgets:
        lines.append(f"  {budgets}")
    lines += [""]
    shown = cards(results, unit, place="summary")
    width = max(len(c.title) for c in shown)
    for card in shown:
        lines.append(f"  {card.title:<{width}}  {card.value:>14}" + (f"   ({card.band})" if card.band else ""))
    text, water, phases = comparison(results, u)
    lines += ["", f"  By phase: {phases}",
              f"  Embodied (manufacturing, not in the total): {fmt_mass(est.embodied_kg, u)}: "
              f"{embodied_split(est.embodied_parts, lambda kg: fmt_mass(kg, u))}",
              f"  {text} · {water}"]
    serving = serving_lines(results, u)
    if serving:
        lines += [""] + [f"  {line}" for line in serving]
    return "\n".join(lines)


def sensitivity_text(results, uncertainty=None, unit: str = "auto") -> str:
    """The readable form of ``planner sensitivity``: the 90% intervals, then the tornado, largest swing first."""
    est = results.estimate
    result = uncertainty or results.uncertainty
    unit = unit_of(results, unit)
    pc = result.percentiles
    e, c = pc["emissions_kg"], pc["energy_kwh"]
    lines = [f"{est.plan.name}: how sure, and which assumption matters most", f"  {result.method}", "",
             f"  {'':<18}{'estimate':>14}{'p5':>14}{'p50':>14}{'p95':>14}",
             f"  {'CO2e':<18}{fmt_mass(est.emissions_kg, unit):>14}{fmt_mass(e['p5'], unit):>14}"
             f"{fmt_mass(e['p50'], unit):>14}{fmt_mass(e['p95'], unit):>14}",
             f"  {'Energy':<18}{fmt_energy(est.energy_kwh):>14}{fmt_energy(c['p5']):>14}"
             f"{fmt_energy(c['p50']):>14}{fmt_energy(c['p95']):>14}"]
    if pc["cost_usd"] is not None:
        m = pc["cost_usd"]
        lines.append(f"  {'Cost':<18}{fmt_usd(est.cost_low, est.cost_high):>14}{fmt_usd(m['p5'], m['p5']):>14}"
                     f"{fmt_usd(m['p50'], m['p50']):>14}{fmt_usd(m['p95'], m['p95']):>14}")
    lines += ["", "  CO2e with one input at its p5 and p95, the others as estimated (largest swing first):"]
    for t in result.tornado:
        lines.append(f"  {t['label']:<30}{fmt_mass(t['low_emissions_kg'], unit):>12} – "
                     f"{fmt_mass(t['high_emissions_kg'], unit):<12} swing {fmt_mass(t['swing_kg'], unit)}")
    if not result.tornado:
        lines.append("  (none: every input that moves the CO2e is given exactly)")
    lines += ["", "  " + result.reading(lambda kg: fmt_mass(kg, unit))]
    return "\n".join(lines)


# ------------------------------------------------------------------ when it runs
def schedule_words(plan) -> str:
    """What a plan's schedule rests on, for a text or an export: "from 2026-03-01 09:00 UTC, with 168 h of
    flexibility", "any start, averaged over every start hour of the year, with 24 h of flexibility"."""
    from planner.core.units import fmt_hours

    sched = plan.schedule
    start = (f"from {fmt_start(sched.start)}" if sched.start is not None
             else "any start, averaged over every start hour of the year")
    flex = f", with {fmt_hours(sched.flex_hours)} of flexibility" if sched.flex_hours > 0 else ", no flexibility"
    return start + flex


def grid_words(inputs, plan) -> str:
    """The grid intensity as every view names it: the yearly figure with its basis, and the run's own beside it
    when a schedule shapes it by the hour (never the run's called the yearly average)."""
    yearly = f"{fmt(inputs.carbon_intensity_yearly)} g CO2e/kWh ({inputs.carbon_intensity_basis})"
    if not inputs.schedule_zone:
        return yearly
    return f"{yearly}; {fmt(inputs.carbon_intensity)} g CO2e/kWh over the run's hours ({schedule_words(plan)})"


def grid_short(inputs) -> str:
    """The intensity the plan's CO2e rests on, in a few words: "342 g/kWh", "89.1 g/kWh over the run's hours"."""
    return f"{fmt(inputs.carbon_intensity)} g/kWh" + (" over the run's hours" if inputs.schedule_zone else "")


def schedule_line(results) -> str:
    """The plan's schedule and what it does to the grid intensity, in one line."""
    i, sched = results.inputs, results.plan.schedule
    start = "any start" if sched.start is None else fmt_start(sched.start)
    if i.schedule_zone is None:
        return f"Schedule: {start}; {i.schedule_note}"
    return (f"Schedule: {start}; {fmt(i.carbon_intensity)} g CO2e/kWh over the run's hours, "
            f"{fmt(i.carbon_intensity_yearly)} for the year: {i.schedule_note}")


# ------------------------------------------------------------------ serving
def break_even_text(sv) -> str:
    """The break-even in words: "serving overtakes training after 41 days"."""
    from planner.core.serving import HORIZON_YEARS
    from planner.core.units import fmt_hours

    days = sv.break_even_days
    if days is None:
        if sv.daily_kg <= 0:
            return "serving emits nothing, so it never overtakes training"
        return f"serving does not overtake training within the deployment ({fmt(sv.months)} months), nor " \
               f"within {HORIZON_YEARS:,} years"
    when = fmt_hours(days * 24)
    if days <= sv.days:
        return f"serving overtakes training after {when}"
    return f"serving does not overtake training within the deployment ({fmt(sv.months)} months; it would after {when})"


def serving_lines(results, unit: str = "auto") -> list[str]:
    """The serving phase in words (the summary, the Lifetime tab, the PDF): what is served and what it costs, the
    break-even, and training's CO2e per 1,000 requests."""
    sv = results.serving
    if sv is None:
        err = results.serving_error
        return [f"Serving: {error_text(err)}"] if err is not None else []
    u = unit_of(results, unit)
    cost = "" if sv.cost_low is None else f", {fmt_usd(sv.cost_low, sv.cost_high)}"
    per = ("given" if results.plan.serving.energy_wh_per_request is not None
           else f"derived: {fmt(sv.tokens)} tokens, {fmt(sv.parameters)} active parameters, "
                + (f"{fmt_share(sv.utilization)} utilization (given)" if sv.batch is None else
                   f"batch {fmt(sv.batch)}, {SPECS['serving.precision'].choice_name(results.plan.serving.precision)} "
                   f"weights, by the serving law"))
    lines = [f"Serving: {fmt(sv.requests_per_day)} requests a day for {fmt(sv.months)} months on {sv.accelerator.id} "
             f"in {sv.region.id}, {fmt(sv.per_request_wh)} Wh per request ({per}): {fmt_mass(sv.emissions_kg, u)} "
             f"CO2e (90%: {fmt_mass(sv.interval[0], u)} – {fmt_mass(sv.interval[1], u)}), "
             f"{fmt_energy(sv.energy_kwh)}, {fmt_volume(sv.water_l)}{cost}; embodied (not in the total) "
             f"{fmt_mass_beside(sv.embodied_kg, u, unit)}: "
             f"{embodied_split(sv.embodied_parts, lambda kg: fmt_mass_beside(kg, u, unit))}.",
             f"Training {fmt_mass(sv.training_kg, u)}; {break_even_text(sv)}."]
    if sv.training_kg_per_1000_requests is not None:
        per = sv.training_kg_per_1000_requests
        lines.append(f"Training's CO2e per 1,000 requests over the deployment: "
                     f"{fmt_mass(per, resolve_mass_unit('auto', per))}; serving's: "
                     f"{fmt_mass(sv.emissions_kg / sv.requests * 1000, resolve_mass_unit('auto', per))}.")
    return lines


def lifetime_key(results, unit: str = "auto") -> tuple[str, str]:
    """The Lifetime tab's two lines under its chart, and their tooltip: every line of ``serving_lines``."""
    lines = serving_lines(results, unit)
    sv = results.serving
    if sv is None:
        return (lines[0] if lines else NO_SERVING), "\n".join(lines) or NO_SERVING
    u = unit_of(results, unit)
    text = break_even_text(sv)
    return (f"Training {fmt_mass(sv.training_kg, u)} · serving {fmt_mass(sv.emissions_kg, u)} over {fmt(sv.months)} "
            f"months ({fmt(sv.per_request_wh)} Wh per request)\n{text[:1].upper()}{text[1:]} · dashed: serving "
            "alone · dotted: training", "\n".join(lines))


def serving_note(results) -> str:
    """The editor's line under the serving: the break-even in words, or why serving cannot be estimated."""
    sv = results.serving
    if sv is None:
        err = results.serving_error
        return f"{err.message[:1].upper()}{err.message[1:]}." if err is not None else \
            "Not served: give requests per day to plan the model's use after training."
    text = break_even_text(sv)
    return f"{fmt(sv.per_request_wh)} Wh per request: {text[:1].upper()}{text[1:]}."


def schedule_note(results) -> str:
    """The editor's line under the schedule: what it does to the run's grid intensity, in a few words."""
    i = results.inputs
    if not i.schedule_note:
        return (f"Any start: the yearly average, {fmt(i.carbon_intensity)} g/kWh. Set a start (or click a day in "
                "the When tab) to use the grid's hours.")
    if i.schedule_zone is None:
        return i.schedule_note[:1].upper() + i.schedule_note[1:] + "."
    return (f"{fmt(i.carbon_intensity)} g/kWh over the run's hours against {fmt(i.carbon_intensity_yearly)} "
            f"for the year: {i.schedule_note}.")


def when_lines(results, unit: str = "auto") -> list[str]:
    """The year at a glance in words, as the When tab, ``planner when`` and the PDF print it: the best start and
    its saving, the plan's own start, what flexibility saves, and the data's credit."""
    from planner.core.schedule import CREDIT, day_words

    u = unit_of(results, unit)
    year = results.when()
    if year is None:
        return [no_year_text(results)]

    def kg(x: float) -> str:
        return fmt_mass(x, u)

    def pct(saved: float) -> str:  # "−1.76 kg (less than 1%)", never "−0.00176 kt (−0%)"
        return f"−{fmt_mass_beside(saved, u, unit)} ({_less(saved, year.plan_kg)})"

    sched = results.plan.schedule
    now = ("starting " + day_words(year.start_of(year.chosen_day), hour=True) if year.chosen_day is not None
           else "with no start fixed (the year's average start)")
    saved = year.plan_kg - year.best_kg
    span = " in the next twelve months" if year.chosen_day is None else f" in {year.dates[0].year}"
    lines = [f"Best start{span}: {day_words(year.best_start, hour=True)}: {kg(year.best_kg)}"
             + (f", {pct(saved)} against this plan" if saved > 0.005 * year.plan_kg else ", this plan's own start")
             + ".",
             f"This plan, {now}: {kg(year.plan_kg)}; at the yearly average intensity: {kg(year.yearly_kg)}."]
    steps = [f"{f / 24:g} day{'s' if f != 24 else ''} {pct(year.saving(f))}"
             for f in sorted(year.flex_kg) if f > 0]
    where = "from the plan's start" if year.chosen_day is not None else "averaged over the year's starts"
    lines.append(f"Flexibility (pausing in the dirtiest hours, {where}): " + ", ".join(steps)
                 + (f"; the plan allows {fmt(sched.flex_hours)} h." if sched.flex_hours > 0 else "."))
    lines.append(f"Hourly shape: {year.zone} {year.profile_year}, scaled to the yearly figure in use. {CREDIT}.")
    return lines


def _less(saved: float, total: float) -> str:
    """A saving as a share of a total: "−12%", "less than 1%", "none"."""
    if saved <= 0 or total <= 0:
        return "none"
    share = fmt_percent_of(saved, total)
    return share if share.startswith("less") else f"−{share}"


def no_year_note(results) -> str:
    """Why a plan has no year at a glance, in a few words (``planner when --json``'s note)."""
    from planner.core.schedule import GIVEN_INTENSITY, NO_PROFILE

    return GIVEN_INTENSITY if results.plan.site.carbon_intensity_g_per_kwh is not None else NO_PROFILE


def no_year_text(results) -> str:
    """Why a plan has no year at a glance, and what to do, as the When tab and ``planner when`` say it."""
    if results.plan.site.carbon_intensity_g_per_kwh is not None:
        return ("The plan gives its grid intensity, taken as the run's own: the start does not change it; clear "
                "Grid intensity to plan when to run.")
    region = results.inputs.region
    return (f"{region.id} (grid {region.zone or region.id}): {no_year_note(results)}; hourly data covers 20 grids "
            "(Great Britain, Germany, Spain, Norway, Quebec, Ontario, California, PJM, New York, Texas, …).")


def when_glance(results, year, unit: str = "auto") -> tuple[str, str]:
    """The year at a glance in two short lines, as the When tab and the PDF put them under the chart: the best
    start against this plan (the yearly average beside it), and what 1, 3 and 7 days of flexibility save."""
    from planner.core.schedule import day_words

    u = unit_of(results, unit)

    def pct(kg: float) -> str:
        return _less(kg, year.plan_kg)

    saved = year.plan_kg - year.best_kg
    best = (f"Best start {day_words(year.best_start, hour=True)}: {fmt_mass(year.best_kg, u)}"
            + (f" ({pct(saved)})" if saved > 0.005 * year.plan_kg else " (this plan's)"))
    steps = ", ".join(f"{f / 24:g} d {pct(year.saving(f))}" for f in sorted(year.flex_kg) if f > 0)
    return f"{best} · dashed: the yearly average, {fmt_mass(year.yearly_kg, u)}", f"Flexibility: {steps}"


def when_key(results, unit: str = "auto") -> tuple[str, str]:
    """The When tab's two lines under its chart (``when_glance``, with the data's credit), and their tooltip:
    every line of ``when_lines``."""
    lines = when_lines(results, unit)
    year = results.when()
    if year is None:
        return lines[0], "\n".join(lines)
    best, flex = when_glance(results, year, unit)
    return f"{best}\n{flex} · hourly data: Electricity Maps {year.profile_year} (ODbL)", "\n".join(lines)


def when_text(results, unit: str = "auto") -> str:
    """The readable form of ``planner when``."""
    est = results.estimate
    lines = [f"{est.plan.name}: when to run it ({est.inputs.region.id})"]
    return "\n".join(lines + [f"  {line}" for line in when_lines(results, unit)])


def narrowing_lines(before, after, unit: str = "auto") -> list[str]:
    """What a pilot run did to a plan (``planner measured --narrow``, the measured-runs dialog): the utilization and
    the power before and after, and the CO2e's 90% interval before and after."""
    u = unit_of(before, unit)
    b, a = before.inputs, after.inputs
    lines = [f"{after.plan.name}: narrowed by a pilot of {fmt_share(after.plan.pilot.share)} of a run "
             f"({fmt(after.plan.pilot.hours)} h)"]
    if b.utilization is not None and a.utilization is not None and a.utilization_sigma is not None:
        lines.append(f"  Utilization {fmt_share(b.utilization)} → {fmt_share(a.utilization)} of peak "
                     f"(90%: {fmt_share(b.utilization * b.hours_per_run / b.hours_high)}–"
                     f"{fmt_share(b.utilization * b.hours_per_run / b.hours_low)} → "
                     f"{fmt_share(a.utilization * a.hours_per_run / a.hours_high)}–"
                     f"{fmt_share(a.utilization * a.hours_per_run / a.hours_low)})")
    elif after.plan.pilot.hours is not None:
        lines.append("  Utilization: not narrowed (the plan gives its hours or its utilization, or has no FLOPs)")
    if a.power_sigma is not None:
        lines.append(f"  Power {fmt(b.power_w)} W → {fmt(a.power_w)} W per accelerator (90%: {fmt(b.power_low)}–"
                     f"{fmt(b.power_high)} → {fmt(a.power_low)}–{fmt(a.power_high)} W)")
    lo0, hi0 = before.interval("emissions_kg") or (0.0, 0.0)
    lo1, hi1 = after.interval("emissions_kg") or (0.0, 0.0)
    lines.append(f"  CO2e {fmt_mass(before.estimate.emissions_kg, u)} → {fmt_mass(after.estimate.emissions_kg, u)} "
                 f"(90%: {fmt_mass(lo0, u)} – {fmt_mass(hi0, u)}, ×{fmt(hi0 / lo0 if lo0 else 0)} wide → "
                 f"{fmt_mass(lo1, u)} – {fmt_mass(hi1, u)}, ×{fmt(hi1 / lo1 if lo1 else 0)} wide)")
    return lines
