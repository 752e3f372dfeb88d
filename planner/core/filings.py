"""A plan's estimate in the formats others file it in: SPDX 3.0.1's AI profile (JSON-LD), a BoAmps energy report
(JSON) and the EU GPAI Code of Practice's Model Documentation Form (Markdown). ``planner.core.exports`` offers
each to ``planner estimate --format`` and to File → Export.

Every one says what it holds: the planner's estimate, made before training, never a measurement; what the planner
cannot know is left to the provider, and said so. Each reads the same ``Results`` as the summary and the JSON, so
every export gives one figure for one thing. A document's date is the day it is made (UTC) and its identifiers
are derived from the plan and that day, so the same plan exported twice on a day gives the same file.
Field names, mappings and sources: docs/formats.md. No Qt here.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from planner.core.metrics import exact
from planner.core.text import markdown_text
from planner.core.units import fmt, fmt_flops, fmt_share

TOOL = "Footprint Planner"
TO_COMPLETE = "not known to the planner: to be completed by the provider"
ESTIMATE = "estimate made with Footprint Planner from the plan, before training: not a measurement"


def _version() -> str:
    from planner import __version__

    return __version__


def _day(today: date | None) -> date:
    return today or datetime.now(UTC).date()


def _id(results, day: date, what: str) -> uuid.UUID:
    """An identifier derived from the plan, the day and ``what`` it names: the same for the same plan that day."""
    plan = json.dumps(results.plan.to_dict(), sort_keys=True, default=str)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"footprint-planner:{what}:{day.isoformat()}:{plan}")


def _decimal(x: float) -> str:
    """A number as an xsd:decimal literal ("0.000012", never "1.2e-05"): every digit of the float kept."""
    return format(Decimal(repr(float(x))), "f")


def _runs(results) -> str:
    ex, i = results.estimate.plan.experiment, results.estimate.inputs
    kind = "fine-tuning" if ex.fine_tune else "training"
    text = f"{fmt(ex.final_runs)} final {kind} run{'s' if ex.final_runs != 1 else ''}"
    if ex.tuning_runs:
        text += f", {fmt(ex.tuning_runs)} tuning runs of {fmt_share(ex.tuning_run_fraction)} length"
    if ex.nas:
        text += f", a neural architecture search costing {fmt(i.nas_multiplier)} full runs"
    return text


def _energy_method(results) -> str:
    i = results.estimate.inputs
    if i.measured_it_kwh is not None:
        return f"the measured IT energy per run the plan gives × runs × the data centre's PUE ({i.pue:.2f})"
    return (f"accelerator-hours ({i.hours_basis}) × {fmt(i.power_w)} W per accelerator, plus the hosts' power, × "
            f"the data centre's PUE ({i.pue:.2f})")


def _served_parameters(plan) -> float | None:
    """The served model's active parameters, as the serving reads them: a model the plan names for serving, else the
    trained model's active parameters, else all of them."""
    return plan.serving.parameters or plan.model.active_parameters or plan.model.parameters


# ------------------------------------------------------------------ SPDX 3.0.1, AI profile, JSON-LD
SPDX_VERSION = "3.0.1"
SPDX_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
CREATION = "_:creationinfo"


def _energy(kwh: float) -> list[dict]:
    return [{"type": "ai_EnergyConsumptionDescription", "ai_energyQuantity": _decimal(kwh),
             "ai_energyUnit": "kilowattHour"}]


def spdx_document(results, today: date | None = None) -> dict:
    """The plan's model as an SPDX 3.0.1 ``ai_AIPackage`` whose ``ai_energyConsumption`` holds the estimated energy
    of training (of fine-tuning, for a plan that fine-tunes) and, for a served plan, of inference over the planned
    deployment, in kilowatt-hours with the data centre's overhead. SPDX allows an energy estimated from the
    computation or the training time; the package's ``comment`` says it is one. The release, supplier and licence
    facts the AI profile asks of a released model are the provider's to add (the document claims the core and
    software profiles only)."""
    est, sv = results.estimate, results.serving
    i, ex = est.inputs, est.plan.experiment
    day = _day(today)
    doc = _id(results, day, "spdx")
    ids = {k: f"urn:uuid:{uuid.uuid5(doc, k)}" for k in ("document", "model", "agent", "tool")}
    pk = results.uncertainty.percentiles["energy_kwh"]
    stage = "ai_finetuningEnergyConsumption" if ex.fine_tune else "ai_trainingEnergyConsumption"
    consumption: dict = {"type": "ai_EnergyConsumption", stage: _energy(est.energy_kwh)}
    comment = (f"Energy: an {ESTIMATE}. {'Fine-tuning' if ex.fine_tune else 'Training'}: {_runs(results)}; "
               f"{_energy_method(results)}; 90% interval {fmt(pk['p5'])}–{fmt(pk['p95'])} kWh.")
    if sv is not None:
        consumption["ai_inferenceEnergyConsumption"] = _energy(sv.energy_kwh)
        comment += (f" Inference: {fmt(sv.requests_per_day)} requests a day for {fmt(sv.months)} months at "
                    f"{fmt(sv.per_request_wh)} Wh of IT energy each ({sv.per_request_basis}), × PUE {sv.pue:.2f}.")
    comment += " Release, supplier and licence: to be completed by the provider."
    info = {"type": "CreationInfo", "@id": CREATION, "specVersion": SPDX_VERSION,
            "created": f"{day.isoformat()}T00:00:00Z", "createdBy": [ids["agent"]], "createdUsing": [ids["tool"]],
            "comment": f"Made by {TOOL} from a plan before training; its energy figures are estimates."}
    training = (f"Planned: {i.count:,} × {i.accelerator.name} for {fmt(i.hours_per_run)} h per run ({i.hours_basis}), "
                f"{_runs(results)}, in {i.region.name}.")
    model = {"type": "ai_AIPackage", "spdxId": ids["model"], "creationInfo": CREATION, "name": est.plan.name,
             "software_primaryPurpose": "model", "comment": comment, "ai_informationAboutTraining": training,
             "ai_energyConsumption": consumption}
    graph = [
        info,
        {"type": "SoftwareAgent", "spdxId": ids["agent"], "creationInfo": CREATION, "name": TOOL},
        {"type": "Tool", "spdxId": ids["tool"], "creationInfo": CREATION, "name": f"{TOOL} {_version()}"},
        {"type": "SpdxDocument", "spdxId": ids["document"], "creationInfo": CREATION,
         "name": f"{est.plan.name}: estimated energy", "profileConformance": ["core", "software"],
         "rootElement": [ids["model"]], "element": [ids["model"], ids["agent"], ids["tool"]]},
        model,
    ]
    return {"@context": SPDX_CONTEXT, "@graph": graph}


def spdx(results) -> str:
    return json.dumps(spdx_document(results), indent=2, allow_nan=False) + "\n"


# ------------------------------------------------------------------ BoAmps (Boavizta), a draft report
BOAMPS_VERSION = "1.1.0"  # the data model release of the schemas in tests/data/boamps (RELEASENOTE.md, 2025-03-19)
BOAMPS_SPEC = "https://github.com/Boavizta/BoAmps/tree/main/model"
# BoAmps' quality grades and the percentage error each stands for (report_schema.json, "quality")
BOAMPS_QUALITY = (("high", 0.10), ("medium", 0.25), ("low", 0.50))


def boamps_quality(p5: float, p95: float) -> str | None:
    """BoAmps' quality grade of an estimate from its 90% interval: the interval read as ± a share of its midpoint,
    (p95 − p5) / (p95 + p5) (p95/p5 = 1.22 is ±10%, 1.67 ±25%, 3 ±50%), graded high (±10% or less), medium (±25%)
    or low (±50%); None when the interval is wider than ±50%, beyond every grade."""
    total = p95 + p5
    spread = (p95 - p5) / total if total > 0 else 0.0
    return next((grade for grade, error in BOAMPS_QUALITY if spread <= error + 1e-12), None)


def _component_type(acc) -> str:
    if acc.id.upper().startswith("TPU"):
        return "tpu"
    return "gpu" if acc.vendor in ("NVIDIA", "AMD") else "accelerator"


def _boamps_task(results, quality: str | None) -> dict:
    """The task: training (or fine-tuning) the plan's model; what the planner cannot know left to the provider."""
    est = results.estimate
    ex, m = est.plan.experiment, est.plan.model
    pk = results.uncertainty.percentiles["energy_kwh"]
    algorithm: dict = {}
    if m.parameters is not None:
        algorithm["parametersNumber"] = m.parameters / 1e9  # BoAmps: billions of total parameters
    if ex.fine_tune:
        algorithm["trainingType"] = "transferLearning"
    data = ({"dataUsage": "input", "dataType": "token", "dataQuantity": m.training_tokens}
            if m.training_tokens is not None else {"dataUsage": "input", "dataType": "other"})
    grade = "" if quality else ", wider than ±50%: no BoAmps quality grade applies"
    return {"taskStage": "finetuning" if ex.fine_tune else "training", "taskFamily": TO_COMPLETE,
            "algorithms": [algorithm or {"algorithmType": TO_COMPLETE}], "dataset": [data],
            "taskDescription": (f"{est.plan.name}: an {ESTIMATE}. {_runs(results)}. Energy: {_energy_method(results)}; "
                                f"reported before the PUE (IT energy), {fmt(est.energy_kwh)} kWh with it (90% interval "
                                f"{fmt(pk['p5'])}–{fmt(pk['p95'])} kWh{grade}).")}


def _boamps_infrastructure(inputs) -> dict:
    acc, region = inputs.accelerator, inputs.region
    component = {"componentName": f"{inputs.count} x {acc.name}", "componentType": _component_type(acc),
                 "nbComponent": inputs.count, "manufacturer": acc.vendor, "share": 1}
    if acc.memory_gb:
        component["memorySize"] = acc.memory_gb
    out: dict = {"infraType": "publicCloud" if region.kind == "cloud" else "other"}
    if region.kind == "cloud" and region.provider:
        out["cloudProvider"] = region.provider
    out["components"] = [component]
    return out


def boamps_report(results, today: date | None = None) -> dict:
    """A BoAmps energy report (https://github.com/Boavizta/BoAmps) of the plan's training: a ``draft`` whose one
    measure is the planner's estimate (``flops-compute``), the IT energy of every run before the data centre's
    overhead in kWh (as a meter or CodeCarbon reports it), graded by its 90% interval (``boamps_quality``)."""
    est = results.estimate
    i, day = est.inputs, _day(today)
    pk = results.uncertainty.percentiles["energy_kwh"]
    quality = boamps_quality(pk["p5"], pk["p95"])
    report: dict = {
        "header": {"formatVersion": BOAMPS_VERSION, "formatVersionSpecificationUri": BOAMPS_SPEC,
                   "reportId": str(_id(results, day, "boamps")), "reportDatetime": f"{day.isoformat()} 00:00:00",
                   "reportStatus": "draft"},
        "task": _boamps_task(results, quality),
        "measures": [{"measurementMethod": "flops-compute", "version": _version(),
                      "powerConsumption": est.it_energy_kwh, "measurementDuration": est.wall_hours * 3600.0}],
        "infrastructure": _boamps_infrastructure(i),
    }
    if i.region.country:
        report["environment"] = {"country": i.region.country, "location": i.region.name,
                                 "powerSourceCarbonIntensity": i.carbon_intensity}
    if quality is not None:
        report["quality"] = quality
    return report


def boamps(results) -> str:
    return json.dumps(boamps_report(results), indent=2, allow_nan=False) + "\n"


# ------------------------------------------------------------------ the EU GPAI Model Documentation Form
DAYS_PER_MONTH = 365.25 / 12
INFERENCE_TOKENS = 100_000  # the form's own example of a benchmark task: "generating 100000 tokens"


def training_time_range(wall_hours: float) -> str:
    """The training time as the form gives it to national competent authorities: "<1 month", "1–3 months",
    "3–6 months" or ">6 months" (a month: 365.25 / 12 days; 1, 3 and 6 months fall in the lower range)."""
    months = wall_hours / 24.0 / DAYS_PER_MONTH
    if months < 1:
        return "<1 month"
    return "1–3 months" if months <= 3 else "3–6 months" if months <= 6 else ">6 months"


def order_of_magnitude(x: float) -> str:
    """"10²³" for 3.1 × 10²³: the power of ten at or below ``x``."""
    return fmt_flops(x).split("×")[-1].strip()


def gpai_form(results) -> str:
    """The items of the GPAI Code of Practice's Model Documentation Form (Transparency chapter, July 2025) under
    "Computational resources (during training)" and "Energy consumption (during training and inference)", as
    Markdown: each figure the planner's estimate, and said so; what it cannot know left to the provider. Every value
    is escaped (``markdown_text``): a name or source from a file is shown as written, never run."""
    est = results.estimate
    i = est.inputs
    mark = "_Planner's estimate:_ "
    unknown = f"_{TO_COMPLETE}_"

    def item(label: str, value: str = "", markup: str = mark) -> str:
        return f"- **{label}:** {markup}{markdown_text(value)}"

    days, hardware_days = est.wall_hours / 24.0, est.accelerator_hours / 24.0
    lines = [
        "# " + markdown_text(f"{est.plan.name}: Model Documentation Form, computational resources and energy"),
        "",
        "The EU General-Purpose AI Code of Practice (July 2025), Transparency chapter, Model Documentation Form: the "
        "items the plan can fill. Prepared with Footprint Planner before training: every figure below is **the "
        "planner's estimate** from the plan, not a measurement; replace it once training has run.",
        "",
        "## Computational resources (during training)",
        "",
        item("Training time (for national competent authorities)", f"{training_time_range(est.wall_hours)} "
             f"({fmt(days)} days, {_runs(results)}, back to back)"),
        item("Training time (for the AI Office)", f"{fmt(days)} wall-clock days; {fmt(hardware_days)} hardware days "
             f"({i.count:,} × {i.accelerator.name}, {fmt(i.hours_per_run)} h per run, {i.hours_basis})"),
    ]
    if est.flops is not None:
        lines += [
            item("Amount of computation used for training (for national competent authorities)",
                 f"order of magnitude {order_of_magnitude(est.flops)} floating point operations"),
            item("Amount of computation used for training (for the AI Office)",
                 f"{fmt_flops(est.flops)} floating point operations"),
            item("Measurement methodology", f"estimated from the plan, not counted: {i.flops_source} per run, × "
                 f"{fmt(sum(i.runs.values()))} full-run equivalents ({_runs(results)})", ""),
        ]
    else:
        lines += [item("Amount of computation used for training", " (the plan gives hours, not the model's size "
                       "and tokens)", unknown),
                  item("Measurement methodology", "", unknown)]
    lines += ["", "## Energy consumption (during training and inference)", "",
              item("Amount of energy used for training", f"{fmt(est.energy_kwh / 1000, 2)} MWh "
                   f"({_interval_mwh(results)}), with the data centre's overhead"),
              item("Measurement methodology", energy_methodology(results), "")]
    lines += _inference_items(results, item, unknown)
    sv = results.serving
    if sv is not None:
        lines += ["", "## Beyond the form: the planned serving", "",
                  item("Energy used for inference", f"{fmt(sv.energy_kwh / 1000, 2)} MWh over {fmt(sv.months)} months "
                       f"of {fmt(sv.requests_per_day)} requests a day ({fmt(sv.per_request_wh)} Wh each, "
                       f"{sv.per_request_basis})")]
    lines += ["", "_Generated by Footprint Planner from the plan; the source of every value: `planner estimate "
                  "--json`. Model Documentation Form of the General-Purpose AI Code of Practice (July 2025)._", ""]
    return "\n".join(lines)


def _interval_mwh(results) -> str:
    """The training energy's 90% interval in MWh to two significant figures, or that it is exact."""
    if exact(results, "energy_kwh"):
        return "exact within the method: every uncertain input is given"
    pk = results.uncertainty.percentiles["energy_kwh"]
    return f"90% interval {fmt(pk['p5'] / 1000, 2)}–{fmt(pk['p95'] / 1000, 2)} MWh"


def energy_methodology(results) -> str:
    """The form's "measurement methodology" of the training energy, in about 100 words."""
    i = results.estimate.inputs
    sources = (f"PUE, {i.pue_source}" if i.measured_it_kwh is not None else i.power_source
               if i.power_source == i.pue_source else f"power, {i.power_source}; PUE, {i.pue_source}")
    spread = ("Every input it depends on is given: it has no spread within the method." if exact(results, "energy_kwh")
              else f"Its {_interval_mwh(results)} is a seeded Monte Carlo over the inputs the plan leaves uncertain.")
    return (f"Estimated before training with Footprint Planner, not measured. Energy is {_energy_method(results)}, "
            f"over every run the plan makes ({_runs(results)}). Sources: {sources}. {spread} Method after Strubell "
            "et al. (2019) and Patterson et al. (2021).")


def _inference_items(results, item, unknown: str) -> list[str]:
    """The benchmarked computation for inference: the FLOPs of generating ``INFERENCE_TOKENS`` tokens, 2 per active
    parameter per token (Kaplan et al. 2020), with the task and the hardware it is stated for."""
    plan, sv = results.estimate.plan, results.serving
    params = _served_parameters(plan)
    if params is None:
        return [item("Benchmarked amount of computation used for inference", " (the plan gives no model size)",
                     unknown),
                item("Measurement methodology", "", unknown)]
    hardware = (f"the plan serves on {sv.accelerator.name}; the count does not change the FLOPs" if sv is not None
                else "the FLOPs do not depend on it; the serving hardware is to be completed by the provider")
    return [item("Benchmarked amount of computation used for inference",
                 f"{fmt_flops(2.0 * params * INFERENCE_TOKENS)} floating point operations"),
            item("Measurement methodology", f"estimated, not measured: task, generating {INFERENCE_TOKENS:,} "
                 f"tokens, counted as 2 floating point operations per active parameter per token ({fmt(params / 1e9)} "
                 f"billion parameters; Kaplan et al. 2020); hardware: {hardware}", "")]
