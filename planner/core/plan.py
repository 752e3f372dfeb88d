"""The experiment plan: an immutable value, its validation and its file format.

The file format (schema version 1) is documented in ``docs/plan-format.md``.
``None`` means "use the catalog's value". Every field is addressed by its
dotted path (``hardware.count``), which the UI uses as widget objectName.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, fields, replace
from datetime import UTC
from pathlib import Path
from typing import Any

from planner.core.errors import PlanError, PlanFileError
from planner.core.fields import MAX_TEXT_CHARS, SPECS, released_by
from planner.core.fileio import NotAFileError, atomic_write_text, describe_os_error, read_regular_bytes
from planner.core.text import BIDI_CONTROLS

SCHEMA_VERSION = 1
MAX_PLAN_BYTES = 5 * 1024 * 1024  # a plan is a few kB


# The plan's sections, one frozen dataclass each, its fields those of its specs in ``FIELDS`` in their order (written
# out so the type checker knows them; tests/core/test_plan.py keeps them equal to the specs).

@dataclass(frozen=True)
class Model:
    """The plan's model fields (declared in ``planner.core.fields``)."""
    parameters: float | None = None
    active_parameters: float | None = None
    training_tokens: float | None = None
    training_flops: float | None = None


@dataclass(frozen=True)
class Hardware:
    """The plan's hardware fields (declared in ``planner.core.fields``)."""
    accelerator: str = "V100"
    count: int = 1
    precision: str = "bf16"
    power_w: float | None = None
    host_power_w: float | None = None
    utilization: float | None = None


@dataclass(frozen=True)
class Run:
    """The plan's run fields (declared in ``planner.core.fields``)."""
    hours: float | None = None
    energy_kwh: float | None = None


@dataclass(frozen=True)
class Experiment:
    """The plan's experiment fields (declared in ``planner.core.fields``)."""
    final_runs: float = 1
    tuning_runs: float = 0
    tuning_run_fraction: float = 1.0
    nas: bool = False
    nas_multiplier: float | None = None
    fine_tune: bool = False


@dataclass(frozen=True)
class Site:
    """The plan's site fields (declared in ``planner.core.fields``)."""
    region: str = "world"
    pue: float | None = None
    carbon_intensity_g_per_kwh: float | None = None
    grid_year: int | None = None
    market_matched_fraction: float | None = None
    wue_l_per_kwh: float | None = None
    offsite_water_l_per_kwh: float | None = None


@dataclass(frozen=True)
class Pilot:
    """The plan's pilot-run fields (declared in ``planner.core.fields``)."""
    share: float | None = None
    hours: float | None = None
    power_w: float | None = None


@dataclass(frozen=True)
class Schedule:
    """The plan's schedule fields (declared in ``planner.core.fields``)."""
    start: str | None = None
    flex_hours: float = 0.0


@dataclass(frozen=True)
class Serving:
    """The plan's serving fields (declared in ``planner.core.fields``)."""
    requests_per_day: float | None = None
    months: float = 12.0
    energy_wh_per_request: float | None = None
    tokens_per_request: float | None = None
    parameters: float | None = None
    batch: float | None = None
    precision: str = "bf16"
    utilization: float | None = None
    boundary: str = "accelerators"
    accelerator: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Budget:
    """The plan's budgets (declared in ``planner.core.fields``; ``planner.core.solve`` fits a plan to them)."""
    co2e_kg: float | None = None
    energy_kwh: float | None = None
    cost_usd: float | None = None
    wall_hours: float | None = None
    accelerator_hours: float | None = None
    water_l: float | None = None
    solve: str = "model.training_tokens"


@dataclass(frozen=True)
class Pricing:
    """The plan's pricing fields (declared in ``planner.core.fields``)."""
    usd_per_accelerator_hour_low: float | None = None
    usd_per_accelerator_hour_high: float | None = None

SECTIONS = {"model": Model, "hardware": Hardware, "run": Run, "pilot": Pilot, "experiment": Experiment,
            "site": Site, "schedule": Schedule, "serving": Serving, "budget": Budget,
            "pricing": Pricing}

# What a preset's value describes: when that changes, the preset's value no longer applies and is
# released (set back to null, so the catalog's value for the new choice is used). A value the user
# typed or opened is never released. Derived from each field's ``released_by``.
RELEASED_BY = released_by()
MAX_ORIGIN_CHARS = 500


def origin_name(origin: str) -> str:
    """The short name in an origin ("preset BERT base (Strubell 2019)"), without its source."""
    return origin.split(":", 1)[0]


def pin_note(plan: Plan, path: str) -> str:
    """How a value is pinned, for a table cell: nothing (the catalog's), "(yours)" or "(preset …)"."""
    kind = plan.provenance(path)
    if kind == "catalog":
        return ""
    if kind == "user":
        return " (yours)"
    return f" ({origin_name(plan.origin(path) or '')})"


def _describe(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "an object"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**40:
        return f"a number of {len(str(abs(value)))} digits" if abs(value) < 10**4000 else "a huge number"
    try:
        text = json.dumps(value) if isinstance(value, (str, bool, type(None))) else repr(value)
    except (ValueError, RecursionError):  # pragma: no cover - defensive
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 1e4 and float(x).is_integer() and x < 1e15 else f"{x:g}"


def check_text(path: str, value: str, limit: int = MAX_TEXT_CHARS, lines: bool = False) -> str:
    """``value`` stripped, or PlanError: too long, not encodable Unicode (a lone surrogate), control characters
    (``lines`` allows line breaks and tabs, as notes need)."""
    value = value.strip()
    if lines:
        value = value.replace("\r\n", "\n")
    if len(value) > limit:
        raise PlanError(path, f"is too long ({len(value):,} characters; at most {limit:,})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PlanError(path, "holds characters that are not valid Unicode") from None
    allowed = "\n\t" if lines else ""
    if any((ord(c) < 32 or 0x7F <= ord(c) < 0xA0) and c not in allowed for c in value):
        raise PlanError(path, "must not hold control characters (line breaks, tabs)")
    if any(c in BIDI_CONTROLS for c in value):  # they can make a name read as something else
        raise PlanError(path, "must not hold text-direction controls (U+202A–U+202E, U+2066–U+2069)")
    return value


START_YEARS = (1900, 2100)  # the years a start may be in


def check_datetime(path: str, text: str) -> str:
    """A date and time in UTC, written as ``2026-03-01T09:00Z``; a date alone is its midnight, an offset
    (``+01:00``) is converted to UTC, a time without one is taken as UTC."""
    from datetime import datetime

    raw = check_text(path, text, 40)
    value = raw.replace(" ", "T", 1).replace("UTC", "").strip()
    if value.endswith(("z", "Z")):
        value = value[:-1]
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise PlanError(path, f"must be a date and time in UTC like 2026-03-01 09:00, got {_describe(raw)}") from None
    years = f"must be in the years {START_YEARS[0]} to {START_YEARS[1]} (UTC)"
    if when.tzinfo is not None:
        try:
            when = when.astimezone(UTC).replace(tzinfo=None)
        except (OverflowError, ValueError):  # an offset that leaves the calendar: 0001-01-01T00:00+01:00
            raise PlanError(path, f"{years}, got {_describe(raw)}") from None
    if not START_YEARS[0] <= when.year <= START_YEARS[1]:
        raise PlanError(path, f"{years}, got {when.year}")
    return when.strftime("%Y-%m-%dT%H:%MZ")


def check_field(path: str, value: Any) -> Any:
    """Return ``value`` normalized for field ``path``, or raise PlanError naming it.

    Numbers are checked against the field's bounds before any conversion, so an
    integer beyond float range is an out-of-range value, not an overflow.
    """
    rule = SPECS.get(path)
    if rule is None:
        raise PlanError(path, "unknown field")
    if value is None:
        if rule.nullable:
            return None
        raise PlanError(path, "is required")
    if rule.kind == "text":
        if not isinstance(value, str):
            raise PlanError(path, f"must be text, got {_describe(value)}")
        value = check_text(path, value, rule.max_chars, lines=rule.multiline)
        if not value and not rule.allow_empty:
            raise PlanError(path, "must not be empty")
        return value
    if rule.kind == "choice":
        names = dict(rule.choices)
        if not isinstance(value, str) or value.strip().lower() not in names:
            raise PlanError(path, f"must be one of {', '.join(names)}, got {_describe(value)}")
        return value.strip().lower()
    if rule.kind == "datetime":
        if not isinstance(value, str):
            raise PlanError(path, f"must be a date and time as text (2026-03-01T09:00Z), got {_describe(value)}")
        return check_datetime(path, value)
    if rule.kind == "bool":
        if not isinstance(value, bool):
            raise PlanError(path, f"must be true or false, got {_describe(value)}")
        return value
    # numbers
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanError(path, f"must be a number, got {_describe(value)}")
    if isinstance(value, float):
        if math.isnan(value):
            raise PlanError(path, "must be a number, got NaN")
        if math.isinf(value):
            raise PlanError(path, "must be finite, got infinity")
    unit = f" {rule.unit}" if rule.unit and rule.unit not in ("FLOP", "runs") else ""
    if rule.exclusive_minimum is not None and value <= rule.exclusive_minimum:
        raise PlanError(path, f"must be greater than {_num(rule.exclusive_minimum)}{unit}, got {_describe(value)}")
    if rule.minimum is not None and value < rule.minimum:
        what = f"at least {_num(rule.minimum)}{unit}" if rule.minimum else "non-negative"
        raise PlanError(path, f"must be {what}, got {_describe(value)}")
    if rule.maximum is not None and value > rule.maximum:
        raise PlanError(path, f"must be at most {_num(rule.maximum)}{unit}, got {_describe(value)}")
    x = float(value)  # in bounds: cannot overflow
    if rule.kind == "integer":
        if not x.is_integer():
            raise PlanError(path, f"must be a whole number, got {_describe(value)}")
        return int(x)
    return value if isinstance(value, int) else x


# --------------------------------------------------------------------- plan
@dataclass(frozen=True)
class Plan:
    name: str = "Untitled plan"
    notes: str = ""  # free text: the justification a compute request needs
    model: Model = Model()
    hardware: Hardware = Hardware()
    run: Run = Run()
    experiment: Experiment = Experiment()
    site: Site = Site()
    pilot: Pilot = Pilot()
    schedule: Schedule = Schedule()
    serving: Serving = Serving()
    budget: Budget = Budget()
    pricing: Pricing = Pricing()
    schema_version: int = SCHEMA_VERSION
    # Where pinned values came from: ((dotted path, "preset <name>: <source>"), ...), sorted. A field
    # that holds a value and has no origin here is the user's own (typed, or in the opened file).
    origins: tuple = ()

    # -- provenance
    def origin(self, path: str) -> str | None:
        """The preset a pinned value came from, or None (the catalog's, or the user's own)."""
        return dict(self.origins).get(path)

    def provenance(self, path: str) -> str:
        """``catalog`` (null: the catalog's value), ``preset`` or ``user``."""
        if self.get(path) is None:
            return "catalog"
        return "preset" if path in dict(self.origins) else "user"

    def with_origins(self, origins: dict) -> Plan:
        return replace(self, origins=tuple(sorted(origins.items())))

    # -- access by dotted path
    def get(self, path: str) -> Any:
        if "." not in path:
            return getattr(self, path)
        section, key = path.split(".", 1)
        return getattr(getattr(self, section), key)

    def with_value(self, path: str, value: Any) -> Plan:
        """A copy with one field changed (validated first). The value becomes the user's own, and
        preset values that described the old choice are released (see ``RELEASED_BY``)."""
        return self.with_values({path: value})

    def with_values(self, values: dict[str, Any]) -> Plan:
        plan = self
        origins = dict(self.origins)
        for path, value in values.items():
            value = check_field(path, value)
            section, key = path.split(".", 1) if "." in path else (None, path)
            if value != plan.get(path) or type(value) is not type(plan.get(path)):
                origins.pop(path, None)  # the user's own value now
            plan = replace(plan, **{key: value}) if section is None else replace(
                plan, **{section: replace(getattr(plan, section), **{key: value})})
        for trigger, dependants in RELEASED_BY.items():
            if trigger in values and plan.get(trigger) != self.get(trigger):
                for dep in dependants:
                    if dep in origins and dep not in values:
                        del origins[dep]
                        section, key = dep.split(".", 1)
                        plan = replace(plan, **{section: replace(getattr(plan, section), **{key: None})})
        plan = plan.with_origins(origins)
        _check_cross_fields(plan)
        return follow_name(self, plan)

    def released_from(self, old: Plan) -> list[tuple[str, Any, str]]:
        """Preset values ``old`` had pinned that this plan released: (path, old value, origin)."""
        kept = dict(self.origins)
        return [(path, old.get(path), origin) for path, origin in old.origins
                if self.get(path) is None and path not in kept]

    # -- file format
    def to_dict(self) -> dict:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "name": self.name}
        if self.notes:
            out["notes"] = self.notes
        for section in SECTIONS:
            obj = getattr(self, section)
            out[section] = {f.name: getattr(obj, f.name) for f in fields(obj)}
        if self.origins:
            out["origins"] = dict(self.origins)
        return out

    @classmethod
    def from_dict(cls, data: Any, catalog=None) -> Plan:
        """Build and validate a plan from the file format's dict.

        With a catalog, the accelerator and region ids are checked too.
        """
        if not isinstance(data, dict):
            raise PlanError("plan", f"must be a JSON object, got {type(data).__name__}")
        if "schema_version" not in data:
            raise PlanError("schema_version", "is missing")
        version = data["schema_version"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise PlanError("schema_version", f"must be a whole number, got {_describe(version)}")
        if version > SCHEMA_VERSION:
            raise PlanError("schema_version", f"{version} is newer than this planner reads ({SCHEMA_VERSION}); "
                                              "update Footprint Planner")
        if version < 1:
            raise PlanError("schema_version", f"unknown schema version {version}")
        name = check_field("name", data.get("name", "Untitled plan"))
        kwargs: dict[str, Any] = {"name": name or "Untitled plan",
                                  "notes": check_field("notes", data.get("notes", ""))}
        for section, klass in SECTIONS.items():
            raw = data.get(section, {})
            if raw is None:
                raw = {}
            if not isinstance(raw, dict):
                raise PlanError(section, f"must be an object, got {_describe(raw)}")
            values = {}
            for f in fields(klass):
                path = f"{section}.{f.name}"
                if f.name in raw:
                    values[f.name] = check_field(path, raw[f.name])
                elif not SPECS[path].nullable and SPECS[path].kind == "text":
                    raise PlanError(path, "is missing")
            kwargs[section] = klass(**values)
        plan = cls(**kwargs)
        plan = plan.with_origins({p: o for p, o in _read_origins(data.get("origins")).items()
                                  if plan.get(p) is not None})
        _check_cross_fields(plan)
        if catalog is not None:
            check_references(plan, catalog)
        return plan


def _read_origins(raw: Any) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PlanError("origins", f"must be an object, got {_describe(raw)}")
    out = {}
    for path, text in raw.items():
        rule = SPECS.get(path) if isinstance(path, str) else None
        if rule is None or "." not in path or not rule.numeric:
            raise PlanError("origins", f"{_describe(path)} is not a field a preset can pin")
        if not isinstance(text, str) or not text.strip():
            raise PlanError(f"origins.{path}", f"must be text naming the preset, got {_describe(text)}")
        out[path] = check_text(f"origins.{path}", text.strip()[:MAX_ORIGIN_CHARS], MAX_ORIGIN_CHARS)
    return out


AUTO_NAME_PREFIX = "New plan: "


def auto_name(plan: Plan) -> str:
    """The name a new plan carries until the user types one, said from the plan: "New plan: 7B model on 8 H100",
    "New plan: 72 h on 8 A100" (the accelerator's family: its id up to the first "-")."""
    from planner.core.units import fmt, fmt_exact

    acc = plan.hardware.accelerator.split("-")[0]
    size = plan.model.active_parameters or plan.model.parameters
    what = (f"{fmt_exact(size, sig=3)} model" if size is not None
            else f"{fmt(plan.run.hours)} h" if plan.run.hours is not None else "a model")
    return f"{AUTO_NAME_PREFIX}{what} on {plan.hardware.count:,} {acc}"


def follow_name(old: Plan, new: Plan) -> Plan:
    """``new`` with its automatic name following it, if ``old`` still had its own (the user never typed one): every
    edit (``Plan.with_values``) keeps a new plan's name saying what it is."""
    if old.name == auto_name(old) and new.name == old.name:
        name = auto_name(new)
        if name != new.name:
            return replace(new, name=name)
    return new


def _check_cross_fields(plan: Plan) -> None:
    from planner.core.units import fmt_exact, fmt_rate

    total, active = plan.model.parameters, plan.model.active_parameters
    if total is not None and active is not None and active > total:
        big = f"{fmt_exact(active, sig=3)} > {fmt_exact(total, sig=3)}"
        raise PlanError("model.active_parameters", f"must not exceed the total parameters ({big})")
    lo, hi = plan.pricing.usd_per_accelerator_hour_low, plan.pricing.usd_per_accelerator_hour_high
    if lo is not None and hi is not None and lo > hi:
        raise PlanError("pricing.usd_per_accelerator_hour_low",
                        f"must not exceed the high price ({fmt_rate(lo, lo)} > {fmt_rate(hi, hi)})")


def check_references(plan: Plan, catalog) -> None:
    """Raise PlanError if the plan names an accelerator or region the catalog lacks."""
    if plan.hardware.accelerator not in catalog.accelerators:
        raise PlanError("hardware.accelerator", f"unknown accelerator {plan.hardware.accelerator!r}")
    if plan.site.region not in catalog.regions:
        raise PlanError("site.region", f"unknown region {plan.site.region!r}")
    if plan.serving.accelerator is not None and plan.serving.accelerator not in catalog.accelerators:
        raise PlanError("serving.accelerator", f"unknown accelerator {plan.serving.accelerator!r}")
    if plan.serving.region is not None and plan.serving.region not in catalog.regions:
        raise PlanError("serving.region", f"unknown region {plan.serving.region!r}")


# --------------------------------------------------------------------- files
def parse_json(text: str, path, error=PlanFileError):
    """JSON text to data, or ``error(path, reason)``: bad syntax, nesting too deep, a number too long."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(path, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise error(path, "not a plan file (nested too deeply)") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of more than 4,300 digits
        reason = "a number has more than 4,300 digits" if "digits" in str(exc) else str(exc)[:200]
        raise error(path, f"not valid JSON ({reason})") from None


def plan_from_json_text(text: str, path: str | Path, catalog=None) -> Plan:
    if not text.strip():
        raise PlanFileError(path, "file is empty")
    data = parse_json(text, path, PlanFileError)
    if not isinstance(data, dict):
        raise PlanFileError(path, "not a plan file (expected a JSON object)")
    try:
        return Plan.from_dict(data, catalog)
    except PlanError as exc:
        raise PlanFileError(path, exc.message, exc.field) from None


def load_plan(path: str | Path, catalog=None) -> Plan:
    """Read a plan file; raise PlanFileError naming the file (and field) on any problem."""
    try:
        raw = read_regular_bytes(path, MAX_PLAN_BYTES)
    except FileNotFoundError:
        raise PlanFileError(path, "file not found") from None
    except NotAFileError as exc:
        raise PlanFileError(path, f"{describe_os_error(exc)}, not a plan file") from None
    except OSError as exc:
        raise PlanFileError(path, f"cannot read file ({describe_os_error(exc)})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanFileError(path, "not a text file (expected UTF-8 JSON)") from None
    return plan_from_json_text(text, path, catalog)


def load_plan_or_preset(name: str | Path, catalog) -> tuple[Plan, str | None]:
    """A plan named by a person: a plan file, else a preset's id (``planner presets`` lists them). Returns the
    plan and its file (None for a preset); PlanFileError naming ``name`` as a file when it is neither."""
    path = Path(name)
    if not os.path.lexists(path) and str(name) in catalog.presets:
        return Plan.from_dict(catalog.presets[str(name)].plan, catalog), None
    try:
        return load_plan(path, catalog), str(name)
    except PlanFileError as exc:
        if exc.message == "file not found":
            raise PlanFileError(name, "file not found, and no preset has this id (planner presets lists them)") \
                from None
        raise


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), indent=2, allow_nan=False) + "\n"


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write the plan atomically: a crash mid-save leaves any old file intact."""
    atomic_write_text(path, plan_to_json(plan))
