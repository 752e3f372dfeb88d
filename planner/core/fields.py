"""One declaration per plan field: what it holds, its bounds, how the editor shows it, what a preset pins,
what releases it, and the label of its row in the inputs table.

Everything else derives from ``FIELDS``: the plan's sections and their defaults (``planner.core.plan``),
validation and provenance, the columns a preset may set (``planner.core.catalog``), the editor's rows
(``planner.ui.panels.editor``, through ``planner.ui.widgets``), the inputs table of the PDF, the command line
and the Sources dialog (``planner.core.summary.input_rows``) and the check of ``docs/plan-format.md``. What a
field shows that is read from a plan's results (the value in use when it is empty, its row's text) is in
``planner.core.readings``. Adding a plain numeric field is its spec here, where the estimate reads it
(``planner.core.estimate.resolve``; the arithmetic itself is ``planner.core.model``), and a row in the docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_TEXT_CHARS = 200
MAX_NOTES_CHARS = 5000


@dataclass(frozen=True)
class Scale:
    """The editor's slider over a field: [lo, hi], logarithmic or linear, 0 at its left end (``zero``),
    whole numbers only (``integer``)."""
    lo: float
    hi: float
    log: bool = False
    zero: bool = False
    integer: bool = False


@dataclass(frozen=True)
class FieldSpec:
    path: str  # "name", or "section.key"
    kind: str  # "number", "integer", "bool", "text", "choice" (one of ``choices``), "datetime" (UTC, ISO 8601)
    label: str
    default: Any = None
    nullable: bool = True  # None: use the catalog's value
    minimum: float | None = None  # inclusive
    exclusive_minimum: float | None = None
    maximum: float | None = None  # inclusive
    unit: str = ""
    help: str = ""
    max_chars: int = MAX_TEXT_CHARS  # text
    multiline: bool = False  # text that may hold line breaks and tabs
    allow_empty: bool = False  # text that may be empty
    choices: tuple = ()  # a choice's values, and how the editor names them: (("bf16", "BF16"), ...)
    # the editor
    group: str = ""  # the editor's group box
    order: float = 0  # its place in the group (a new field between two: a fraction)
    editor_label: str = ""  # a shorter label beside the slider ("" = label)
    editor_unit: str = ""  # a shorter unit beside the editor ("" = unit)
    scale: Scale | None = None
    percent: bool = False  # a share the plan holds as 0-1, shown in %
    year: bool = False  # a calendar year: shown as written (2023), never rounded or grouped
    empty_text: str = "auto"  # the editor's placeholder when no value is in use
    # presets and provenance
    preset_column: str = ""  # the column of presets.csv that sets it
    released_by: tuple = ()  # fields whose change releases a preset's value here
    only_with: str = ""  # a field that must hold a value for this one to apply (the serving's: requests per day)
    # the inputs table (PDF, command line): its row's label ("" = shown in ``table_with``'s row, or elsewhere)
    table: str = ""
    table_with: str = ""  # the field whose row shows this one
    table_when_given: bool = False  # a row only when the plan gives a value
    # (the value in use when the field is empty, and the row's text, read a plan's results:
    # planner.core.readings)

    @property
    def section(self) -> str | None:
        return self.path.split(".", 1)[0] if "." in self.path else None

    @property
    def key(self) -> str:
        return self.path.split(".", 1)[-1]

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "integer")

    @property
    def editor_text(self) -> str:
        return self.editor_label or self.label

    def choice_name(self, value: str) -> str:
        """How a choice's value is named ("fp8" -> "FP8")."""
        return dict(self.choices)[value]

    @property
    def unit_text(self) -> str:
        """The unit beside the editor: % for a share shown in percent."""
        return "%" if self.percent else self.editor_unit or self.unit


_SERVED = "serving.requests_per_day"


# Bounds: every value a plan can hold gives a finite result (checked by test, including the worst corner of all
# maxima), and each is far beyond any real training run. Stated in docs/plan-format.md.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "text", "Plan name", default="Untitled plan", nullable=False, allow_empty=True,
              group="Plan", order=0, editor_label="&Name",
              help="The plan's name: the window title, the PDF title and its suggested file name"),
    FieldSpec("notes", "text", "Notes", default="", nullable=False, allow_empty=True, multiline=True,
              max_chars=MAX_NOTES_CHARS, group="Plan", order=1,
              help="Free text for the compute request or paper (why this plan); printed in the PDF."),
    # -- model
    FieldSpec("model.parameters", "number", "Parameters", minimum=1, maximum=1e15, preset_column="parameters",
              help="Number of trainable parameters of the model.", group="Model and run length", order=2,
              scale=Scale(1e6, 1e12, log=True), table="Parameters"),
    FieldSpec("model.active_parameters", "number", "Active parameters", minimum=1, maximum=1e15,
              preset_column="active_parameters", group="Model and run length", order=2.5,
              help="Parameters active per token (a mixture-of-experts model); when given, training FLOPs = 6 x active "
                   "parameters x tokens. Parameters stays the total.",
              scale=Scale(1e6, 1e12, log=True), table="Active parameters", table_when_given=True),
    FieldSpec("model.training_tokens", "number", "Training tokens", minimum=1, maximum=1e16,
              preset_column="training_tokens", help="Tokens (or examples) seen in one full training run.",
              group="Model and run length", order=3, scale=Scale(1e6, 1e14, log=True), table="Training tokens"),
    FieldSpec("model.training_flops", "number", "Training FLOPs", minimum=1, maximum=1e32, unit="FLOP",
              preset_column="training_flops", help="Total FLOPs of one full run; overrides 6 x parameters x tokens.",
              group="Model and run length", order=4, scale=Scale(1e15, 1e26, log=True), table="FLOPs per run"),
    # -- hardware
    FieldSpec("hardware.accelerator", "text", "Accelerator", default="V100", nullable=False, group="Hardware",
              order=0, table="Accelerator"),
    FieldSpec("hardware.count", "integer", "Accelerators", default=1, nullable=False, minimum=1, maximum=10_000_000,
              preset_column="count", help="Accelerators used at once by one run.", group="Hardware", order=1,
              scale=Scale(1, 100_000, log=True, integer=True), table="Accelerators per run"),
    FieldSpec("hardware.precision", "choice", "Training precision", default="bf16", nullable=False,
              choices=(("bf16", "BF16 / FP16"), ("fp8", "FP8"), ("fp4", "FP4")), group="Hardware", order=0.5,
              editor_label="Precision",
              help="The number format the matrix multiplications run in: hours derived from FLOPs use the chip's "
                   "dense peak at it, and the utilization is relative to that peak. A chip without FP8 or FP4 "
                   "refuses it.",
              table="Training precision"),
    FieldSpec("hardware.power_w", "number", "Power per accelerator", minimum=0.001, maximum=100_000, unit="W",
              preset_column="power_w", released_by=("hardware.accelerator",), editor_label="Power, each",
              help="Average draw of one accelerator; empty uses the catalog's value.", group="Hardware", order=2,
              scale=Scale(10, 2000, log=True),
              table="Power per accelerator"),
    FieldSpec("hardware.host_power_w", "number", "Host power", minimum=0, maximum=1e9, unit="W",
              preset_column="host_power_w", released_by=("hardware.accelerator",),
              help="The rest of the job's machines (CPU, memory), in total.", group="Hardware", order=3,
              scale=Scale(10, 1e6, log=True, zero=True),
              table="Host power"),
    FieldSpec("hardware.utilization", "number", "Utilization", minimum=1e-4, maximum=1, preset_column="utilization",
              released_by=("hardware.accelerator",), percent=True,
              help="Share of peak FLOP/s achieved (model FLOPs utilization); used to derive hours. Empty: the "
                   "median of published runs of this model size on this kind of chip (their clusters held hundreds "
                   "to thousands of chips; on one node a small model usually reaches more).",
              group="Model and run length", order=5, scale=Scale(0.05, 1.0),
              table="Utilization"),
    # -- run
    FieldSpec("run.hours", "number", "Hours per run", minimum=1e-4, maximum=1e6, unit="h", preset_column="hours",
              help="Wall-clock hours of one full training run; empty derives it from FLOPs.",
              group="Model and run length", order=1, scale=Scale(0.1, 1e6, log=True),
              table="Hours per run"),
    FieldSpec("run.energy_kwh", "number", "Measured energy per run", minimum=0.001, maximum=1e12, unit="kWh",
              preset_column="energy_kwh", editor_label="Measured energy", empty_text="not measured",
              help="Measured IT energy of one full run (accelerators and hosts, before PUE), e.g. from the "
                   "cluster's power meters or a published report; when given it replaces accelerators x hours x "
                   "power (PUE and the grid still apply), and hours become optional.",
              group="Model and run length", order=1.5, scale=Scale(1, 1e9, log=True),
              table="Measured IT energy per run", table_when_given=True),
    # -- experiment
    FieldSpec("experiment.final_runs", "number", "Final runs", default=1, nullable=False, minimum=0, maximum=1e6,
              preset_column="final_runs", help="Full training runs of the final model.", group="Experiment", order=1,
              scale=Scale(1, 100, log=True, zero=True, integer=True), table="Final runs"),
    FieldSpec("experiment.tuning_runs", "number", "Tuning runs", default=0, nullable=False, minimum=0, maximum=1e6,
              preset_column="tuning_runs", help="Hyper-parameter tuning and experimentation runs.",
              group="Experiment", order=2, scale=Scale(1, 10_000, log=True, zero=True, integer=True),
              table="Tuning runs"),
    FieldSpec("experiment.tuning_run_fraction", "number", "Tuning run length", default=1.0, nullable=False,
              minimum=1e-4, maximum=1, preset_column="tuning_run_fraction", percent=True,
              help="Length of one tuning run as a share of a full run (in the window: % of a full run).",
              group="Experiment", order=3, scale=Scale(0.01, 1.0, log=True), table_with="experiment.tuning_runs"),
    FieldSpec("experiment.nas", "bool", "Neural architecture search", default=False, nullable=False,
              help="Add a neural architecture search costing the multiplier's number of full runs.",
              group="Experiment", order=4, table="Neural architecture search"),
    FieldSpec("experiment.nas_multiplier", "number", "NAS multiplier", minimum=1e-3, maximum=1e7, unit="runs",
              preset_column="nas_multiplier", help="Cost of the search in full training runs.", group="Experiment",
              order=5, scale=Scale(1, 10_000, log=True),
              table_with="experiment.nas"),
    FieldSpec("experiment.fine_tune", "bool", "Fine-tuning a pre-trained model", default=False, nullable=False,
              help="The plan starts from a published pre-trained model: its runs are fine-tuning runs, so no "
                   "'fine-tune instead' advice.", group="Experiment", order=0,
              editor_label="Starts from a pre-trained model (fine-tuning)", table="Starting point"),
    # -- site
    FieldSpec("site.region", "text", "Region", default="world", nullable=False, group="Site", order=0,
              table="Region"),
    FieldSpec("site.pue", "number", "PUE", minimum=1, maximum=10, preset_column="pue", released_by=("site.region",),
              help="Power usage effectiveness of the datacenter (1 = no overhead).", group="Site", order=1,
              scale=Scale(1.0, 3.0), table="PUE"),
    FieldSpec("site.carbon_intensity_g_per_kwh", "number", "Grid intensity", minimum=0, maximum=5000, unit="g/kWh",
              preset_column="carbon_intensity_g_per_kwh", released_by=("site.region",),
              help="Overrides the region's grid carbon intensity.", group="Site", order=2, scale=Scale(0, 1200),
              table="Grid intensity"),
    FieldSpec("site.grid_year", "integer", "Grid year", minimum=2000, maximum=2100, group="Site", order=2.5,
              empty_text="newest", year=True,
              help="The year whose average grid intensity applies (the region's and every region in the charts): "
                   "empty uses the newest year in the data; a past year re-plans a past run on its own year's grid.",
              scale=Scale(2021, 2025, integer=True),
              table="Grid year", table_when_given=True),
    FieldSpec("site.market_matched_fraction", "number", "Market-matched share", minimum=0, maximum=1,
              released_by=("site.region",), percent=True, editor_label="Market-matched", empty_text="not stated",
              help="Share of the electricity matched by contractual instruments (PPAs, certificates), 0-1; "
                   "empty = not stated. Gives a market-based figure beside the location-based one (0 too): the "
                   "unmatched share at the grid's residual mix where one is published, else at the location-based "
                   "intensity.",
              group="Site", order=3, scale=Scale(0.0, 1.0), table="Market-matched share", table_when_given=True),
    FieldSpec("site.wue_l_per_kwh", "number", "On-site water (WUE)", minimum=0, maximum=100, unit="L/kWh",
              editor_label="On-site water", group="Site", order=4, scale=Scale(0.0, 3.0),
              help="The data center's water usage effectiveness: litres evaporated per kWh of IT energy; empty uses "
                   "the provider's published figure.",
              table="On-site water (WUE)",
              table_when_given=True),
    FieldSpec("site.offsite_water_l_per_kwh", "number", "Grid water", minimum=0, maximum=1000, unit="L/kWh",
              group="Site", order=5, scale=Scale(0.0, 5.0),
              help="Water consumed to generate a kWh on this grid; empty estimates it from the grid's mix.",
              table="Grid water",
              table_when_given=True),
    # -- a pilot run: a short measured run of the same setup narrows the utilization and the power
    FieldSpec("pilot.share", "number", "Pilot share of a run", minimum=1e-6, maximum=1, percent=True,
              group="Pilot run", order=0, editor_label="Share of a run", empty_text="no pilot",
              scale=Scale(1e-4, 1.0, log=True),
              help="The share of one full run a short pilot of the same setup covered (its tokens or steps ÷ a "
                   "run's). With the pilot's hours it gives the utilization reached, which narrows the estimate's "
                   "(a Bayesian update: docs/methodology.md, \"A pilot run\").",
              table="Pilot share of a run", table_when_given=True),
    FieldSpec("pilot.hours", "number", "Pilot hours", minimum=1e-4, maximum=1e6, unit="h", group="Pilot run",
              order=1, scale=Scale(0.01, 1000, log=True), only_with="pilot.share", empty_text="not measured",
              help="The pilot's hours on the plan's accelerators (CodeCarbon's duration).",
              table="Pilot hours", table_when_given=True),
    FieldSpec("pilot.power_w", "number", "Pilot power", minimum=0.001, maximum=1e5, unit="W", group="Pilot run",
              order=2, scale=Scale(10, 2000, log=True), editor_label="Pilot power, each", empty_text="not measured",
              help="The mean power per accelerator the pilot measured (CodeCarbon's GPU energy ÷ PUE ÷ hours ÷ "
                   "accelerators); narrows the power the estimate uses.",
              table="Pilot power", table_when_given=True),
    # -- schedule
    FieldSpec("schedule.start", "datetime", "Start", group="Schedule", order=0, editor_label="Start (UTC)",
              empty_text="not fixed: any day",
              help="When the job starts, in UTC (e.g. 2026-03-01 09:00); empty: not fixed. For a grid with hourly "
                   "data the run's intensity is the average over the hours it runs from then (a typical year: "
                   "the same month, day and hour); without a start, the yearly average.",
              table="Start", table_when_given=True),
    FieldSpec("schedule.flex_hours", "number", "Flexibility", default=0.0, nullable=False, minimum=0, maximum=8760,
              unit="h", group="Schedule", order=1,
              help="Hours the job may be delayed in total, by starting later or pausing: it then runs in the "
                   "cleanest hours between its start and start + run hours + these hours (hourly pause and resume "
                   "from checkpoints; a lower bound).",
              scale=Scale(1, 8760, log=True, zero=True), table="Flexibility", table_when_given=True),
    # -- serving: the model in use after training
    FieldSpec("serving.requests_per_day", "number", "Requests per day", minimum=0, maximum=1e13,
              group="Serving", order=0, scale=Scale(1, 1e10, log=True, zero=True), empty_text="not served",
              help="Requests the trained model serves per day once deployed; empty: the plan ends with training.",
              table="Requests per day", table_when_given=True),
    FieldSpec("serving.months", "number", "Deployment", default=12.0, nullable=False, minimum=0.01, maximum=1200,
              unit="months", editor_unit="mo", group="Serving", order=1, scale=Scale(0.1, 120, log=True),
              only_with=_SERVED,
              help="How long the model is served.", table="Deployment"),
    FieldSpec("serving.energy_wh_per_request", "number", "Energy per request", minimum=1e-9, maximum=1e6, unit="Wh",
              group="Serving", order=2, scale=Scale(1e-4, 100, log=True), empty_text="derived", only_with=_SERVED,
              editor_label="Energy/request",
              help="Measured IT energy of one request (accelerators, before PUE), e.g. from a benchmark; empty "
                   "derives it from the served model's parameters, the tokens per request, the batch, the weights' "
                   "precision and the serving accelerator (the serving law, fitted on measured serving).",
              table="Energy per request"),
    FieldSpec("serving.tokens_per_request", "number", "Tokens per request", minimum=1, maximum=1e8,
              group="Serving", order=3, scale=Scale(10, 1e6, log=True), only_with=_SERVED,
              help="Tokens generated per request (the output; a reasoning model's answers run to thousands).",
              table_with="serving.energy_wh_per_request"),
    FieldSpec("serving.parameters", "number", "Served model", minimum=1, maximum=1e15, group="Serving", order=4,
              scale=Scale(1e6, 1e12, log=True), only_with=_SERVED, editor_label="Served parameters",
              help="Parameters of the model served (a distilled or smaller dense model); empty: the trained "
                   "model (a mixture-of-experts by its active and total parameters).",
              table_with="serving.energy_wh_per_request"),
    FieldSpec("serving.batch", "number", "Serving batch", minimum=1, maximum=100_000, group="Serving", order=4.5,
              scale=Scale(1, 4096, log=True), only_with=_SERVED, editor_label="Batch",
              help="Requests a serving replica decodes together (vLLM's running batch): a fuller batch streams the "
                   "weights once for more tokens, so each costs less; empty: 128 (64-256, a serving system kept "
                   "busy; docs/methodology.md, Serving).",
              table_with="serving.energy_wh_per_request"),
    FieldSpec("serving.precision", "choice", "Serving precision", default="bf16", nullable=False,
              choices=(("bf16", "BF16 / FP16"), ("fp8", "FP8"), ("fp4", "FP4")), group="Serving", order=4.6,
              only_with=_SERVED, editor_label="Weights",
              help="The number format of the served weights: FP8 halves the bytes each decoding step streams, FP4 "
                   "(MXFP4) about quarters them.",
              table_with="serving.energy_wh_per_request"),
    FieldSpec("serving.utilization", "number", "Serving utilization", minimum=1e-4, maximum=1, percent=True,
              group="Serving", order=5, scale=Scale(0.001, 1.0, log=True), only_with=_SERVED,
              editor_label="Utilization",
              help="Share of the accelerator's dense BF16 peak that serving reaches, counting 2 x active "
                   "parameters FLOPs per generated token; given, it replaces the serving law (then power is 75% "
                   "of TDP); empty: what the law implies for the model, batch and chip (docs/methodology.md, "
                   "Serving).",
              table_with="serving.energy_wh_per_request"),
    FieldSpec("serving.boundary", "choice", "Serving boundary", default="accelerators", nullable=False,
              choices=(("accelerators", "Accelerators"), ("server", "Whole server"),
                       ("comprehensive", "Comprehensive")),
              group="Serving", order=5.5, only_with=_SERVED, editor_label="Boundary",
              help="What a derived energy per request counts: the accelerators alone (as most benchmarks), the "
                   "whole server (+ host CPUs and memory) or comprehensive (+ the idle capacity kept for peaks), "
                   "after Google's 2025 shares; the facility's overhead is the PUE either way. Compare a published "
                   "figure on its own boundary.",
              table="Serving boundary"),
    FieldSpec("serving.accelerator", "text", "Serving accelerator", group="Serving", order=6, only_with=_SERVED,
              empty_text="same as training", help="The accelerator that serves the model; empty: the training one.",
              table="Serving on"),
    FieldSpec("serving.region", "text", "Serving region", group="Serving", order=7, only_with=_SERVED,
              empty_text="same as training", help="Where the model is served; empty: where it is trained.",
              table_with="serving.accelerator"),
    # -- budgets: what the plan must stay within (planner fit solves a field to meet them)
    FieldSpec("budget.co2e_kg", "number", "CO2e budget", minimum=1e-6, maximum=1e12, unit="kg", group="Budget",
              order=0, scale=Scale(1, 1e9, log=True), empty_text="none", editor_label="CO2e",
              help="The most CO2e (location-based) the training may emit; the Budget line says whether the plan "
                   "is within it and what fits.", table="Budgets", table_when_given=True),
    FieldSpec("budget.energy_kwh", "number", "Energy budget", minimum=1e-6, maximum=1e13, unit="kWh",
              group="Budget", order=1, scale=Scale(1, 1e10, log=True), empty_text="none", editor_label="Energy",
              help="The most energy the training may use (with the data centre's overhead).",
              table_with="budget.co2e_kg"),
    FieldSpec("budget.cost_usd", "number", "Cost budget", minimum=1e-6, maximum=1e13, unit="$", group="Budget",
              order=2, scale=Scale(100, 1e10, log=True), empty_text="none", editor_label="Cost",
              help="The most the cloud may cost (the high end of the price range).", table_with="budget.co2e_kg"),
    FieldSpec("budget.wall_hours", "number", "Time budget", minimum=1e-6, maximum=1e7, unit="h", group="Budget",
              order=3, scale=Scale(1, 1e5, log=True), empty_text="none", editor_label="Wall-clock",
              help="The longest the training may take, wall-clock (every run, one after another).",
              table_with="budget.co2e_kg"),
    FieldSpec("budget.accelerator_hours", "number", "Accelerator-hours budget", minimum=1e-6, maximum=1e13,
              unit="h", group="Budget", order=4, scale=Scale(1, 1e10, log=True), empty_text="none",
              editor_label="Accel.-hours", help="The most accelerator-hours the compute request grants.",
              table_with="budget.co2e_kg"),
    FieldSpec("budget.water_l", "number", "Water budget", minimum=1e-6, maximum=1e14, unit="L", group="Budget",
              order=5, scale=Scale(1, 1e11, log=True), empty_text="none", editor_label="Water",
              help="The most water (on and off site) the training may consume.", table_with="budget.co2e_kg"),
    FieldSpec("budget.solve", "choice", "Fit", default="model.training_tokens", nullable=False,
              choices=(("model.training_tokens", "Training tokens"), ("model.parameters", "Parameters"),
                       ("compute-optimal", "Compute-optimal model"), ("experiment.tuning_runs", "Tuning runs"),
                       ("hardware.count", "Accelerators"), ("run.hours", "Hours per run")),
              group="Budget", order=6, editor_label="Fit", table_with="budget.co2e_kg",
              help="What the Fit button sets: the largest value of it whose central estimate stays within every "
                   "budget (compute-optimal: parameters and tokens together, 20 tokens a parameter, Hoffmann et "
                   "al. 2022)."),
    # -- pricing
    FieldSpec("pricing.usd_per_accelerator_hour_low", "number", "Price low", minimum=0, maximum=100_000, unit="$/h",
              preset_column="price_low", released_by=("hardware.accelerator", "site.region"),
              help="Spot or pre-emptible price per accelerator-hour.", group="Pricing", order=0,
              editor_label="Price, spot", scale=Scale(0.01, 100, log=True),
              table="Price per accelerator-hour"),
    FieldSpec("pricing.usd_per_accelerator_hour_high", "number", "Price high", minimum=0, maximum=100_000,
              unit="$/h", preset_column="price_high", released_by=("hardware.accelerator", "site.region"),
              help="On-demand price per accelerator-hour.", group="Pricing", order=1, editor_label="Price, on-demand",
              scale=Scale(0.01, 100, log=True),
              table_with="pricing.usd_per_accelerator_hour_low"),
)

SPECS: dict[str, FieldSpec] = {f.path: f for f in FIELDS}
SECTION_ORDER = ("model", "hardware", "run", "pilot", "experiment", "site", "schedule", "serving", "budget",
                 "pricing")
GROUPS = ("Plan", "Hardware", "Model and run length", "Pilot run", "Experiment", "Site", "Schedule", "Serving",
          "Budget", "Pricing")


def released_by() -> dict[str, tuple[str, ...]]:
    """What a change of each field releases: {trigger: (dependent paths, ...)}."""
    out: dict[str, tuple[str, ...]] = {}
    for f in FIELDS:
        for trigger in f.released_by:
            out[trigger] = out.get(trigger, ()) + (f.path,)
    return out


def in_editor_order() -> list[FieldSpec]:
    """The specs as the editor lists them: by group, then by their order in it."""
    return sorted(FIELDS, key=lambda f: (GROUPS.index(f.group), f.order))


def check_specs() -> None:
    """The declarations are consistent (run by the tests)."""
    for f in FIELDS:
        assert f.kind in ("number", "integer", "bool", "text", "choice", "datetime"), f.path
        assert (f.kind == "choice") == bool(f.choices), f"{f.path}: a choice, and only a choice, has choices"
        assert f.kind != "choice" or f.default in dict(f.choices), f"{f.path}: its default is not a choice"
        assert f.group in GROUPS, f.path
        assert f.section is None or f.section in SECTION_ORDER, f.path
        assert not f.numeric or f.scale is not None, f"{f.path}: a number needs its slider's scale"
        assert not f.table_with or SPECS[f.table_with].table, f"{f.path}: shown in a field without a row"
        for trigger in f.released_by:
            assert trigger in SPECS, f"{f.path}: released by unknown {trigger}"
        if not f.nullable and f.kind != "text":
            assert f.default is not None, f"{f.path}: a required field needs a default"
        assert not f.only_with or f.only_with in SPECS, f"{f.path}: only with unknown {f.only_with}"
