"""What each plan field shows beside its declaration (``planner.core.fields``): the value in use when the plan
leaves it empty (the editor's placeholder, read from the plan's results) and the text of its row in the inputs
table (the PDF, the command line and the Sources dialog; ``planner.core.summary.input_rows``).

The field specs say what a field is; these functions read a plan's ``Results`` (``planner.core.results``), so
they live with the views, and ``fields`` imports nothing that reads results. A field without an entry shows
"auto" (or its ``empty_text``) when empty, and its value and unit in the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.core.estimate import prior_utilization
from planner.core.fields import SPECS
from planner.core.plan import pin_note
from planner.core.solve import budget_text
from planner.core.units import fmt, fmt_exact, fmt_flops, fmt_rate, fmt_share, fmt_start

Read = Callable[[Any], Any]  # results -> a value
Words = Callable[[Any], str]  # results -> a table cell


@dataclass(frozen=True)
class Reading:
    in_use: Read | None = None  # the value in use when the plan leaves the field empty (None: nothing to show)
    needs_water: bool = False  # ``in_use`` reads the water results (the window computes them after its first paint)
    text: Words | None = None  # the inputs table's cell (default: the value in use, or the plan's, and the unit)


# ------------------------------------------------------------------ how the inputs table words a value
def _pinned(path: str, text: Words) -> Words:
    return lambda r: text(r) + pin_note(r.plan, path)


def _given(path: str, unit: str) -> Words:
    return _pinned(path, lambda r: f"{fmt(r.plan.get(path))} {unit}")


def _price(r) -> str:
    i = r.inputs
    return "–" if i.price_low is None else fmt_rate(i.price_low, i.price_high) + f" ({i.price_basis})"


def _start_text(r) -> str:
    """The start and the intensity its hours give (or why they give none)."""
    i = r.inputs
    text = fmt_start(r.plan.schedule.start)
    return text if i is None or not i.schedule_note else f"{text} ({i.schedule_note})"


def _per_request(r) -> str:
    sv = r.serving
    if sv is None:
        return "–"
    if r.plan.serving.energy_wh_per_request is not None:
        return f"{fmt(sv.per_request_wh)} Wh (given)"
    if sv.batch is None:  # (a given utilization)
        return (f"{fmt(sv.per_request_wh)} Wh derived: {fmt(sv.tokens)} tokens on {fmt(sv.parameters)} active "
                f"parameters at {fmt_share(sv.utilization)} utilization (given)")
    weights = SPECS["serving.precision"].choice_name(r.plan.serving.precision)
    return (f"{fmt(sv.per_request_wh)} Wh derived: {fmt(sv.tokens)} tokens on {fmt(sv.parameters)} active "
            f"parameters, batch {fmt(sv.batch)}, {weights} weights (serving law; "
            f"{fmt_share(sv.utilization)} of peak)")


def _serving_where(r) -> str:
    sv = r.serving
    return "–" if sv is None else f"{sv.accelerator.id} in {sv.region.id}"


def _precision(r) -> str:
    spec = SPECS["hardware.precision"]
    return (f"{spec.choice_name(r.plan.hardware.precision)} "
            f"({fmt(r.inputs.accelerator.peak_at(r.plan.hardware.precision) / 1e12)} TFLOP/s dense peak)")


def _hours(r) -> str:
    i = r.inputs
    return f"{fmt(i.hours_per_run)} h" + ("" if i.hours_given else f" ({i.hours_basis})")


def _grid_year(r) -> str:
    site = r.plan.site
    return str(site.grid_year) + (" (not used: the grid intensity is given)"
                                  if site.carbon_intensity_g_per_kwh is not None else "")


def _ok(read: Read, otherwise: Any = None) -> Read:
    """``read`` where the plan has an estimate, else ``otherwise``."""
    return lambda r: read(r) if r.ok else otherwise


def _served(read: Read) -> Read:
    """``read`` of the serving results, None when nothing is served."""
    return lambda r: read(r.serving) if r.serving is not None else None


def _water(read: Read) -> Read:
    """``read`` of the water results, None before they are computed."""
    return lambda r: read(r.water) if r.water is not None else None


READINGS: dict[str, Reading] = {
    # -- model
    "model.parameters": Reading(text=lambda r: fmt(r.plan.model.parameters) if r.plan.model.parameters else "–"),
    "model.active_parameters": Reading(text=lambda r: fmt(r.plan.model.active_parameters)),
    "model.training_tokens": Reading(
        text=lambda r: fmt(r.plan.model.training_tokens) if r.plan.model.training_tokens else "–"),
    "model.training_flops": Reading(text=lambda r: fmt_flops(r.inputs.flops_per_run)),
    # -- hardware
    "hardware.accelerator": Reading(text=lambda r: f"{r.inputs.accelerator.id}: {r.inputs.accelerator.name}"),
    "hardware.count": Reading(text=lambda r: f"{r.inputs.count:,}"),
    "hardware.precision": Reading(text=_precision),
    "hardware.power_w": Reading(in_use=_ok(lambda r: r.inputs.power_w),
                                text=_pinned("hardware.power_w", lambda r: f"{fmt(r.inputs.power_w)} W")),
    "hardware.host_power_w": Reading(
        in_use=_ok(lambda r: r.inputs.host_power_w, 0.0),
        text=_pinned("hardware.host_power_w", lambda r: f"{fmt(r.inputs.host_power_w)} W")),
    "hardware.utilization": Reading(  # the estimate's (a pilot narrows it), else the prior's for the plan
        in_use=lambda r: (r.inputs.utilization if r.ok and r.inputs.utilization is not None
                          else prior_utilization(r.plan, r.catalog)),
        text=lambda r: "–" if r.inputs.utilization is None else fmt_share(r.inputs.utilization)),
    # -- run
    "run.hours": Reading(in_use=_ok(lambda r: r.inputs.hours_per_run), text=_hours),
    "run.energy_kwh": Reading(text=_given("run.energy_kwh", "kWh")),
    # -- a pilot run
    "pilot.share": Reading(text=lambda r: f"{fmt_share(r.plan.pilot.share)} of a run"),
    "pilot.hours": Reading(text=_given("pilot.hours", "h")),
    "pilot.power_w": Reading(text=_given("pilot.power_w", "W")),
    # -- experiment
    "experiment.final_runs": Reading(text=lambda r: fmt_exact(r.plan.experiment.final_runs)),
    "experiment.tuning_runs": Reading(text=lambda r: f"{fmt_exact(r.plan.experiment.tuning_runs)} × "
                                                     f"{fmt_share(r.plan.experiment.tuning_run_fraction)} of a run"),
    "experiment.nas": Reading(
        text=lambda r: f"on, × {fmt(r.inputs.nas_multiplier)} runs" if r.plan.experiment.nas else "off"),
    "experiment.nas_multiplier": Reading(in_use=lambda r: r.catalog.assumptions["nas_multiplier"].value),
    "experiment.fine_tune": Reading(
        text=lambda r: "a pre-trained model (fine-tuning)" if r.plan.experiment.fine_tune else "from scratch"),
    # -- site
    "site.region": Reading(text=lambda r: f"{r.inputs.region.id}: {r.inputs.region.name}"),
    "site.pue": Reading(in_use=_ok(lambda r: r.inputs.pue), text=_pinned("site.pue", lambda r: f"{r.inputs.pue:.2f}")),
    "site.carbon_intensity_g_per_kwh": Reading(
        # the grid year's (a start's hours shape it on top: the schedule's line, and the Start row)
        in_use=lambda r: (r.inputs.carbon_intensity_yearly if r.ok
                          else r.catalog.regions[r.plan.site.region].carbon_intensity),
        text=_pinned("site.carbon_intensity_g_per_kwh",
                     lambda r: f"{fmt(r.inputs.carbon_intensity_yearly)} g CO2e/kWh")),
    "site.grid_year": Reading(in_use=_ok(lambda r: r.inputs.grid_year), text=_grid_year),
    "site.market_matched_fraction": Reading(
        text=_pinned("site.market_matched_fraction", lambda r: fmt_share(r.plan.site.market_matched_fraction))),
    "site.wue_l_per_kwh": Reading(in_use=_water(lambda w: w.wue), needs_water=True,
                                  text=_given("site.wue_l_per_kwh", "L/kWh")),
    "site.offsite_water_l_per_kwh": Reading(in_use=_water(lambda w: w.offsite_l_per_kwh), needs_water=True,
                                            text=_given("site.offsite_water_l_per_kwh", "L/kWh")),
    # -- schedule
    "schedule.start": Reading(text=_start_text),
    "schedule.flex_hours": Reading(text=lambda r: f"{fmt(r.plan.schedule.flex_hours)} h (pauses in the dirtiest "
                                                  "hours)"),
    # -- serving
    "serving.requests_per_day": Reading(text=lambda r: fmt(r.plan.serving.requests_per_day)),
    "serving.months": Reading(text=lambda r: f"{fmt(r.plan.serving.months)} months"),
    "serving.energy_wh_per_request": Reading(in_use=_served(lambda sv: sv.per_request_wh), text=_per_request),
    "serving.tokens_per_request": Reading(
        in_use=lambda r: r.catalog.assumptions["serving_tokens_per_request"].value),
    "serving.parameters": Reading(in_use=lambda r: r.plan.model.parameters or r.plan.model.active_parameters),
    "budget.co2e_kg": Reading(text=lambda r: budget_text(r) or "none"),
    "serving.batch": Reading(in_use=_served(lambda sv: sv.batch)),
    "serving.precision": Reading(text=lambda r: SPECS["serving.precision"].choice_name(r.plan.serving.precision)),
    "serving.utilization": Reading(in_use=_served(lambda sv: sv.utilization)),
    "serving.boundary": Reading(text=lambda r: SPECS["serving.boundary"].choice_name(r.plan.serving.boundary)),
    "serving.accelerator": Reading(text=_serving_where),
    # -- pricing
    "pricing.usd_per_accelerator_hour_low": Reading(in_use=_ok(lambda r: r.inputs.price_low), text=_price),
    "pricing.usd_per_accelerator_hour_high": Reading(in_use=_ok(lambda r: r.inputs.price_high)),
}
_NONE = Reading()


def reading(path: str) -> Reading:
    return READINGS.get(path, _NONE)


def follows_results(path: str) -> bool:
    """Does an empty field show a value in use, read from the results (the editor's placeholder)?"""
    return reading(path).in_use is not None


def in_use(path: str, results, water: bool = True) -> Any:
    """The value a field's empty entry stands for in ``results``; None when there is none to show, or when it
    needs the water results and ``water`` is False (not computed yet)."""
    r = reading(path)
    if r.in_use is None or (r.needs_water and not water):
        return None
    return r.in_use(results)


def table_text(path: str, results) -> str:
    """A field's cell in the inputs table."""
    r = reading(path)
    if r.text is not None:
        return r.text(results)
    return fmt(r.in_use(results) if r.in_use is not None else None)
