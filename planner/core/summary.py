"""Words about a plan's results: its inputs as a table, the sources used, a reporting paragraph, plans side
by side.

Shared by the window (Sources, Copy reporting paragraph, Compare plans), the PDF report and the command line,
so all say the same thing. Each takes a plan's ``Results`` (``planner.core.results``), so the Monte Carlo and
the water are computed once however many of them are shown.
"""

from __future__ import annotations

from planner.core.catalog import Catalog, default_catalog
from planner.core.estimate import given
from planner.core.fields import FIELDS, in_editor_order
from planner.core.present import embodied_split, grid_short, grid_words, schedule_words
from planner.core.readings import table_text
from planner.core.text import cite, markdown_text
from planner.core.units import fmt, fmt_exact, fmt_flops, fmt_mass, fmt_rate, fmt_sci, fmt_share, fmt_usd


def input_rows(results) -> list[tuple[str, str]]:
    """The plan's inputs as (label, value) rows, in the editor's order, from the field specs: a row per field
    that has one (a field shown in another's row, such as the tuning run length, joins it); a field whose row
    appears only when given (the water figures, the market-matched share) only then."""
    rows = []
    plan = results.plan
    for spec in in_editor_order():
        if not spec.table or (spec.table_when_given and not any(
                _given(plan, s) for s in FIELDS if s.path == spec.path or s.table_with == spec.path)):
            continue  # (a row shown when given: when any field in it is)
        if spec.only_with and results.plan.get(spec.only_with) is None:
            continue  # (the serving's rows, when nothing is served)
        rows.append((spec.table, table_text(spec.path, results)))
    return rows


def _given(plan, spec) -> bool:
    """Does the plan give this field? (A field with a default, such as the flexibility, is given when it is not
    the default.)"""
    value = plan.get(spec.path)
    return value is not None and (spec.nullable or value != spec.default)


def sources(results) -> list[tuple[str, str, str]]:
    """Every value the estimate took from the catalog or an assumption: (what, value, source)."""
    catalog, est = results.catalog, results.estimate
    i = est.inputs
    acc = i.accelerator
    out = [
        ("Peak FLOP/s", f"{fmt(i.peak_flops / 1e12)} TFLOP/s "
         + (acc.flops_precision if i.precision == "bf16" else i.precision.upper()),
         cite(acc.source, acc.year) if i.precision == "bf16" else acc.precision_source),
        ("Power per accelerator", f"{fmt(i.power_w)} W", i.power_source),
        ("Host power", f"{fmt(i.host_power_w)} W", i.host_source),
        *([("Measured IT energy", f"{fmt(i.measured_it_kwh)} kWh per run; replaces hours × power",
            given(est.plan, "run.energy_kwh"))] if i.measured_it_kwh is not None else []),
        ("Grid intensity", f"{fmt(i.carbon_intensity_yearly)} g CO2e/kWh ({i.carbon_intensity_basis})",
         i.carbon_intensity_source),
        *([("Run's grid intensity", f"{fmt(i.carbon_intensity)} g CO2e/kWh over the run's hours ({i.schedule_note})",
            results.when().source + " (ODbL), shaped by hour and scaled to the yearly figure")]
          if i.schedule_zone and results.when() is not None else []),
        ("PUE", f"{i.pue:.2f}", i.pue_source),
        ("Price", "–" if i.price_low is None else fmt_rate(i.price_low, i.price_high) + " per accelerator-hour",
         i.price_source),
    ]
    if i.market_matched_fraction is not None:
        out.append(("Market-matched share", f"{fmt_share(i.market_matched_fraction)} (the unmatched share at the "
                                            + ("residual mix" if i.residual_mix is not None else
                                               "location-based intensity: no residual mix for this grid")
                                            + "; see docs/methodology.md)", i.market_source))
    if i.residual_mix is not None and i.market_matched_fraction is not None:
        r = i.residual_mix
        out.append(("Residual mix", f"{fmt(r.g_per_kwh)} g/kWh ({r.name}, {r.basis}, {r.year})", r.source))
    if i.hours_derived:
        out.append(("Utilization", fmt_share(i.utilization), i.utilization_source))
        out.append(("FLOPs per run", fmt_flops(i.flops_per_run), i.flops_source))
    if est.plan.experiment.nas:
        out.append(("NAS multiplier", f"{fmt(i.nas_multiplier)} full runs", i.nas_source))
    out.append(("Embodied (manufacturing)", f"{fmt_mass(est.embodied_kg)} CO2e "
                f"({embodied_split(est.embodied_parts, fmt_mass)}), not in the operational total", est.embodied_source))
    a = catalog.assumptions
    band = (f"power ±{a['power_band_catalog'].value:.0%} (catalog) or ±{a['power_band_user'].value:.0%} (given); "
            f"PUE ±{a['pue_band_catalog'].value:.0%} (catalog)")
    if i.hours_derived:
        lo, hi = catalog.utilization_prior.interval(i.utilization)
        band += "; utilization " + (f"{lo:.0%}–{hi:.0%}" if est.plan.hardware.utilization is None
                                    else f"±{a['utilization_band_user'].value:.0%}")
    w = results.water
    out.append(("Water", f"on site {fmt(w.wue)} L/kWh of IT energy; grid {fmt(w.offsite_l_per_kwh)} L/kWh",
                f"{w.wue_source}; grid: {w.offsite_source}"))
    u = results.uncertainty
    out.append(("90% interval", f"{u.samples:,}-sample Monte Carlo (seed {u.seed}); given values exact",
                "Each input's spread and its source: docs/methodology.md (Uncertainty) and planner sensitivity. "
                f"Conservative bounds (--json range): {band}"))
    return out


def reporting_paragraph(results) -> str:
    """A short paragraph ready to paste into a paper or compute request, with 90% intervals and water."""
    from planner.core.units import fmt_energy, fmt_volume, resolve_mass_unit, to_unit

    est, uncertainty, water = results.estimate, results.uncertainty, results.water
    pe, pk = uncertainty.percentiles["emissions_kg"], uncertainty.percentiles["energy_kwh"]
    unit = resolve_mass_unit("auto", est.emissions_kg)
    i = est.inputs
    ex = est.plan.experiment
    kind = "fine-tuning" if ex.fine_tune else "training"
    runs = [f"{fmt_exact(ex.final_runs)} final {kind} run{'s' if ex.final_runs != 1 else ''}"]
    if ex.tuning_runs:
        runs.append(f"{fmt_exact(ex.tuning_runs)} tuning runs of {fmt_share(ex.tuning_run_fraction)} length")
    if ex.nas:
        runs.append(f"a neural architecture search costing {fmt(i.nas_multiplier)} full runs")
    text = (
        f"The planned experiments ({', '.join(runs)}) use {i.count:,} {i.accelerator.name} accelerators for "
        f"{fmt(i.hours_per_run)} hours per run, {fmt(est.accelerator_hours)} accelerator-hours in total"
    )
    if est.flops is not None:
        text += f" ({fmt_sci(est.flops)} FLOPs)"
    text += (
        f". At {fmt(i.power_w)} W per accelerator and a PUE of {i.pue:.2f}, this is an estimated "
        f"{fmt_energy(est.energy_kwh)} ({fmt_energy(pk['p5'])}–{fmt_energy(pk['p95'])}) and "
        f"{fmt_mass(est.emissions_kg, unit)} CO2e ({fmt(to_unit(pe['p5'], unit))}–{fmt(to_unit(pe['p95'], unit))} "
        f"{unit}; 90% intervals by Monte Carlo over the uncertain inputs), "
        f"location-based, in {i.region.name} ({i.region.id}, {fmt(i.carbon_intensity_yearly)} g CO2e/kWh, "
        f"{i.carbon_intensity_basis}"
        + (f"; {fmt(i.carbon_intensity)} g CO2e/kWh over the run's hours, {schedule_words(est.plan)}"
           + (", pausing in the dirtiest hours" if est.plan.schedule.flex_hours > 0 else "")
           + ", from Electricity Maps' hourly data" if i.schedule_zone else "")
        + ")"
    )
    if est.market_emissions_kg is not None:
        matched = f"{fmt_share(i.market_matched_fraction)} of the electricity matched by contractual instruments"
        priced = ("the rest at the grid's residual mix" if i.residual_mix is not None
                  else "the rest at the location-based intensity")
        text += f"; market-based, with {matched} and {priced}, {fmt_mass(est.market_emissions_kg, unit)} CO2e"
    text += (f"; it would consume about {fmt_volume(water.total_l)} of water ({fmt_volume(water.onsite_l)} on site "
             f"for cooling, {fmt_volume(water.offsite_l)} off site to generate the electricity)")
    if est.cost_low is not None:
        text += f", at a cloud cost of {fmt_usd(est.cost_low, est.cost_high)}"
    text += ". Estimated with Footprint Planner following Strubell et al. (2019) and Patterson et al. (2021)."
    return text


def compare_rows(plans, catalog: Catalog | None = None, unit: str = "auto",
                 reference: int = 0) -> tuple[list[str], list[tuple]]:
    """Several plans side by side: (plan names, [(metric, [cell per plan]), ...]).

    ``plans[reference]`` is the reference (the window passes its baseline): every other plan also shows
    its difference to it, as plan − reference, the sign the window's cards use. Every mass is in one
    unit (automatic: the reference's).
    """
    from planner.core.metrics import KINDS, in_place
    from planner.core.results import results_for
    from planner.core.units import resolve_mass_unit

    catalog = catalog or default_catalog()
    every = [results_for(plan, catalog) for plan in plans]
    ref = every[reference] if 0 <= reference < len(every) else None
    ref = ref if ref is not None and ref.ok else None
    unit = resolve_mass_unit(unit, ref.estimate.emissions_kg if ref is not None and ref.estimate is not None else 0.0)

    def figure(r, m) -> str:  # a declared figure, with its difference to the reference
        if not r.ok:
            return "cannot estimate"
        text = m.words(r, unit)
        now, then = m.value(r), None if ref is None or r is ref else m.value(ref)
        if now is not None and then is not None:
            text += f" · Δ {KINDS[m.kind].delta(now, then, unit)}"
        return text

    def given(r, text_of) -> str:  # an input, as it is
        return text_of(r) if r.ok else "cannot estimate"

    served = any(r.ok and r.serving is not None for r in every)
    rows = [(m.served_label if served and m.served_label else m.label, [figure(r, m) for r in every])
            for m in in_place("compare") if m.applies is None or any(r.ok and m.applies(r) for r in every)]
    inputs = [
        ("Accelerator", lambda r: f"{r.inputs.accelerator.id} × {r.inputs.count:,}"),
        ("Hours per run", lambda r: fmt(r.inputs.hours_per_run)),
        ("Region", lambda r: f"{r.inputs.region.id} ({grid_short(r.inputs)})"),
        ("Runs (final + tuning + NAS)",
         lambda r: " + ".join(fmt(r.inputs.runs[p]) for p in ("training", "tuning", "nas"))),
    ]
    rows += [(label, [given(r, text_of) for r in every]) for label, text_of in inputs]
    return [p.name for p in plans], rows


REPORT_FORMATS = ("plain", "markdown", "latex")
_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "×": r"$\times$", "–": "--", "—": "---", "≈": r"$\approx$", "±": r"$\pm$"}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


def reporting_text(results, style: str = "plain") -> str:
    """The reporting paragraph with its sources, as plain text, Markdown or LaTeX (ready to paste)."""
    if style not in REPORT_FORMATS:
        raise ValueError(f"unknown format {style!r} (use {', '.join(REPORT_FORMATS)})")
    est = results.estimate
    paragraph = reporting_paragraph(results)
    used = [(what, src) for what, _, src in sources(results) if not src.startswith("given")]
    if style == "plain":
        return paragraph + "\n\nSources: " + "; ".join(f"{w}: {s}" for w, s in used) + "\n"
    if style == "markdown":  # every text escaped: names and sources from files are shown, never run
        head = markdown_text(fmt_mass(est.emissions_kg, "auto"))
        return (markdown_text(paragraph).replace(head, f"**{head}**", 1)
                + "\n\nSources:\n" + "".join(f"- {markdown_text(f'{w}: {s}')}\n" for w, s in used))
    body = latex_escape(paragraph).replace("CO2e", r"CO$_2$e")
    items = "".join(f"  \\item {latex_escape(w)}: {latex_escape(s)}\n" for w, s in used)
    return (f"% Compute and carbon footprint (Footprint Planner)\n{body}\n"
            f"\\begin{{itemize}}\n{items}\\end{{itemize}}\n")


def eu_ai_act(results) -> str:
    """The items of the EU AI Act's technical documentation for general-purpose AI models (Annex XI, section 2
    (d) and (e)) that the plan can fill, as Markdown; what it cannot know is marked as such. Every value is
    escaped (``markdown_text``): a name or source from a file is shown as written, never as a link, an image or
    HTML."""
    from planner.core.units import fmt_energy, fmt_hours

    est = results.estimate
    i, ex = est.inputs, est.plan.experiment
    pe = results.uncertainty.percentiles
    unknown = "_not known to the planner: to be completed by the provider_"

    def item(label: str, value: str = "", markup: str = "") -> str:
        """"- **label:** value": the value (plain text) escaped, then any Markdown of ours (``markup``)."""
        return f"- **{label}:** {markup}{markdown_text(value)}"

    method = ("measured IT energy per run, given (run.energy_kwh), × runs × PUE" if i.measured_it_kwh is not None
              else "accelerator-hours × average power per accelerator (+ host power) × PUE; hours "
                   f"{i.hours_basis}; power {fmt(i.power_w)} W ({i.power_source})")
    lines = [
        "# " + markdown_text(f"{est.plan.name}: training compute and energy (EU AI Act, Annex XI, section 2(d)-(e))"),
        "",
        "Prepared with Footprint Planner before training: every figure below is an **estimate** from the plan, "
        "not a measurement, unless marked as given.",
        "",
        "## 2(d) Computational resources used to train the model",
        "",
        item("Training compute", f"{fmt_sci(est.flops)} FLOP ({i.flops_source}; final, tuning and search runs)")
        if est.flops is not None else
        item("Training compute", " (the plan gives hours, not model size and tokens)", unknown),
        item("Training time", f"{fmt_hours(est.wall_hours)} wall-clock ({fmt(i.hours_per_run)} h per run, "
                              f"{i.hours_basis}); {fmt(est.accelerator_hours)} accelerator-hours (90% interval "
                              f"{fmt(pe['accelerator_hours']['p5'])}–{fmt(pe['accelerator_hours']['p95'])})"),
        item("Runs", f"{fmt_exact(ex.final_runs)} final, {fmt_exact(ex.tuning_runs)} tuning × "
                     f"{fmt_share(ex.tuning_run_fraction)} of a run, neural architecture search "
                     f"{'on' if ex.nas else 'off'}"),
        item("Hardware", f"{i.count:,} × {i.accelerator.name} ({i.accelerator.id}), training in "
                         f"{i.precision.upper() if i.precision != 'bf16' else 'BF16'}"),
        item("Location", f"{i.region.name} ({i.region.id}); PUE {i.pue:.2f} ({i.pue_source})"),
        item("Other relevant details", " (data, architecture, the training process's own logs)", unknown),
        "",
        "## 2(e) Known or estimated energy consumption of the model",
        "",
        item("Energy (estimated)", f"{fmt_energy(est.energy_kwh)} ({fmt(est.energy_kwh)} kWh; 90% interval "
                                   f"{fmt_energy(pe['energy_kwh']['p5'])}–{fmt_energy(pe['energy_kwh']['p95'])}), "
                                   "including the data center's overhead (PUE)"),
        item("Method", method + "; a seeded Monte Carlo over the uncertain inputs gives the interval "
                                "(docs/methodology.md)"),
        item("Resulting emissions (estimated, location-based)",
             f"{fmt_mass(est.emissions_kg)} CO2e; grid {grid_words(i, est.plan)}; the yearly figure from "
             f"{i.carbon_intensity_source}"),
        item("When it runs", schedule_words(est.plan)
             + ("" if i.schedule_zone else f" ({i.schedule_note or 'the yearly average applies'})")),
        item("Measured consumption", " (replace the estimate once the run is metered)", unknown),
    ]
    sv = results.serving
    if sv is not None:
        lines += ["", "## Beyond the annex: serving (inference), as planned", "",
                  "- " + markdown_text(f"{fmt(sv.requests_per_day)} requests a day for {fmt(sv.months)} months: "
                                       f"{fmt_energy(sv.energy_kwh)}, {fmt_mass(sv.emissions_kg)} CO2e (estimated; "
                                       f"{fmt(sv.per_request_wh)} Wh per request, {sv.per_request_basis})")]
    lines += ["", "_Generated by Footprint Planner from the plan; sources of every value: `planner estimate "
                  "--json`. Annex XI of Regulation (EU) 2024/1689._", ""]
    return "\n".join(lines)
