"""The reference catalog: accelerators, grid regions, PUE, benchmarks, presets.

Every CSV row carries ``source`` and ``year``. Files are parsed with the
standard library into typed records (fast, and keeps pandas off the
start-up path); :meth:`Catalog.frame` gives any table as a pandas
DataFrame for tables, exports and analysis.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.core.calibration import CalibrationRun, UtilizationPrior, fit
from planner.core.errors import CatalogError
from planner.core.fields import FIELDS, SECTION_ORDER, SPECS
from planner.core.fileio import describe_os_error, read_regular_bytes
from planner.core.hourly import parse_profile, scan_hourly
from planner.core.model import kg_per_it_kwh
from planner.core.resources import resources_dir
from planner.core.text import BIDI_CONTROLS, cite
from planner.core.throughput import ServingLaw
from planner.core.throughput import fit as fit_serving
from planner.core.throughput import read_runs as read_served

LB_PER_KG = 1 / 0.45359237


@dataclass(frozen=True)
class Accelerator:
    id: str
    name: str
    vendor: str
    tdp_w: float | None
    avg_power_w: float | None
    avg_power_source: str
    peak_flops: float
    flops_precision: str
    peak_basis: str  # "dense" (every shipped peak is dense; sparse peaks are not used)
    memory_gb: float | None
    price_low: float | None
    price_high: float | None
    price_year: int | None
    price_source: str
    embodied_kg_co2e: float | None
    year: int
    source: str
    user: bool = False
    peak_fp8: float | None = None  # dense FP8 peak where the chip has FP8 (None: it has not)
    peak_fp4: float | None = None
    precision_source: str = ""  # where the FP8 and FP4 peaks come from

    def peak_at(self, precision: str) -> float | None:
        """The dense peak FLOP/s at a training precision ("bf16", "fp8", "fp4"), or None where the chip lacks it."""
        return {"bf16": self.peak_flops, "fp8": self.peak_fp8, "fp4": self.peak_fp4}.get(precision)

    @property
    def power_estimated(self) -> bool:
        """Its power is the planner's own estimate (no published figure), as its row says."""
        return self.avg_power_source.startswith("No published power")

    @property
    def precisions(self) -> tuple[str, ...]:
        return tuple(p for p, _ in SPECS["hardware.precision"].choices if self.peak_at(p) is not None)

    @property
    def default_power_w(self) -> float:
        """Measured average where published, else TDP."""
        return self.avg_power_w if self.avg_power_w is not None else self.tdp_w  # type: ignore[return-value]

    @property
    def power_source(self) -> str:
        if self.avg_power_w is not None:
            return f"measured average {self.avg_power_w:g} W ({self.avg_power_source})"
        return f"TDP {self.tdp_w:g} W ({self.source}, {self.year})"


@dataclass(frozen=True)
class Price:
    """A price range per accelerator-hour for one provider ("" = where no provider row applies)."""
    accelerator: str
    provider: str
    low: float
    high: float
    low_basis: str
    high_basis: str
    year: int
    source: str

    @property
    def basis(self) -> str:
        """What the two ends are: "spot to on-demand" and the like."""
        if self.low_basis == self.high_basis:
            return self.low_basis
        return f"{self.low_basis} to {self.high_basis}"

    def describe(self) -> str:
        return f"{self.basis}; {self.source}"


@dataclass(frozen=True)
class ResidualMix:
    """The emissions of electricity nobody claimed with a contractual instrument (GHG Protocol Scope 2,
    market-based): a country's (AIB), an eGRID subregion's (Green-e) or a national factor, with its source."""
    code: str
    name: str
    g_per_kwh: float
    basis: str  # what it counts ("CO2, direct (combustion)")
    year: int  # the year of the data
    source: str


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    kind: str  # cloud, country, subnational, world, reference
    provider: str  # gcp, aws, azure or "" for grids
    country: str
    carbon_intensity: float  # g CO2e / kWh, on the catalog's one basis (see ``basis``)
    year: int
    source: str
    user: bool = False
    zone: str = ""  # the grid zone it draws from (Electricity Maps key); regions on one zone agree
    basis: str = ""
    provider_intensity: float | None = None  # the provider's own figure: information, never ranked
    provider_cfe: float | None = None  # the provider's carbon-free energy share (0-1)
    provider_source: str = ""
    lat: float | None = None
    lon: float | None = None
    years_low: float | None = None  # the zone's lowest and highest yearly average in the data (year-to-year spread)
    years_high: float | None = None
    renewable_pct: float | None = None  # the grid's newest-year shares of renewable and carbon-free generation
    cfe_pct: float | None = None
    # a named site (kind "site": an HPC centre or a company's campus) carries its own facility figures
    pue: float | None = None
    pue_year: int | None = None
    wue: float | None = None  # L per kWh of IT energy
    facility_source: str = ""

    @property
    def grid_key(self) -> str:
        """What identifies the grid: two regions with one key are one place for the grid."""
        return self.zone or self.id


@dataclass(frozen=True)
class PueDefault:
    provider: str
    pue: float
    year: int
    source: str


@dataclass(frozen=True)
class Benchmark:
    id: str
    name: str
    short_name: str
    kg_co2e: float
    original_value: float
    original_unit: str
    year: int
    source: str


@dataclass(frozen=True)
class Assumption:
    key: str
    value: float
    low: float  # the ends of its range (the value itself where the table gives none)
    high: float
    unit: str
    year: int
    source: str


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    plan: dict
    year: int
    source: str


# ---------------------------------------------------------------- parsing
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def _text(v: str) -> str:
    v = v.strip()
    if _CONTROL.search(v):
        raise ValueError("not valid: it holds control characters (line breaks, tabs, escapes, text-direction "
                         "controls)")
    return v


def _float(v: str) -> float:
    x = float(v)
    if not math.isfinite(x):
        raise ValueError("not a finite number")
    return x


def _int(v: str) -> int:
    x = float(v)
    if not x.is_integer():
        raise ValueError("not a whole number")
    return int(x)


def _bool(v: str) -> bool:
    s = v.strip().lower()
    if s in ("true", "1", "yes"):
        return True
    if s in ("false", "0", "no", ""):
        return False
    raise ValueError("not true or false")


Spec = dict[str, tuple[Callable[[str], Any], bool]]  # column -> (parser, required)


def _shown(cell: str) -> str:
    return repr(cell) if len(cell) <= 40 else repr(cell[:37]) + "..."


def read_table(path: Path, spec: Spec, check: Callable[[dict], str | None] | None = None,
               max_rows: int | None = None, rows: list | None = None) -> list[dict]:
    """Read a CSV into dicts typed by ``spec``; raise CatalogError naming row and column.

    Rows are numbered as a spreadsheet shows them: the header is row 1 (``rows``, when given, receives each
    record's number). Empty cells of optional columns become None.
    """
    import io

    try:
        text = read_regular_bytes(path).decode("utf-8-sig")
        if max_rows is not None:
            lines = text.count("\n") + (not text.endswith("\n"))
            if lines - 1 > max_rows:  # refused before parsing: an absurd file costs nothing
                raise CatalogError(path, f"has {lines - 1:,} rows; at most {max_rows:,} are read, so it is left out "
                                         "whole")
        with io.StringIO(text, newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c, (_, req) in spec.items() if req and c not in header]
            if not header:
                raise CatalogError(path, "file is empty")
            if missing:
                raise CatalogError(path, f"missing column(s): {', '.join(missing)}")
            out = []
            columns = [(col, parse, required, header.index(col) if col in header else None)
                       for col, (parse, required) in spec.items()]
            for rowno, raw in enumerate(reader.reader, start=2):  # plain lists: no dict per row
                if not any(v.strip() for v in raw):
                    continue  # blank line
                rec: dict[str, Any] = {}
                for col, parse, required, k in columns:
                    cell = raw[k].strip() if k is not None and k < len(raw) else ""
                    if cell == "":
                        if required:
                            raise CatalogError(path, "value is required", rowno, col)
                        rec[col] = None
                        continue
                    if len(cell) > MAX_CELL_CHARS:
                        raise CatalogError(path, f"{_shown(cell)} is too long (at most {MAX_CELL_CHARS:,} "
                                                 "characters)", rowno, col)
                    try:
                        rec[col] = parse(cell)
                    except (ValueError, TypeError, OverflowError) as exc:
                        raise CatalogError(path, f"{_shown(cell)} is {exc}" if str(exc).startswith("not")
                                           else f"{_shown(cell)} is not valid ({exc})", rowno, col) from None
                if check is not None:
                    problem = check(rec)
                    if problem:
                        col, msg = problem.split(":", 1)
                        raise CatalogError(path, msg.strip(), rowno, col)
                out.append(rec)
                if rows is not None:
                    rows.append(rowno)  # the spreadsheet row of each record, for messages about it later
            return out
    except FileNotFoundError:
        raise CatalogError(path, "file not found") from None
    except OSError as exc:
        raise CatalogError(path, f"cannot read file ({describe_os_error(exc)})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(path, f"not a readable CSV file ({exc})") from None


ACCELERATOR_SPEC: Spec = {
    "id": (_text, True), "name": (_text, True), "vendor": (_text, False),
    "tdp_w": (_float, False), "avg_power_w": (_float, False), "avg_power_source": (_text, False),
    "peak_flops": (_float, True), "flops_precision": (_text, False), "peak_basis": (_text, False),
    "peak_flops_fp8": (_float, False), "peak_flops_fp4": (_float, False), "precision_source": (_text, False),
    "memory_gb": (_float, False), "price_usd_per_hour_low": (_float, False), "price_usd_per_hour_high": (_float, False),
    "price_year": (_int, False), "price_source": (_text, False), "embodied_kg_co2e": (_float, False),
    "year": (_int, True), "source": (_text, True),
}


# Bounds of catalog columns: the plan field whose bounds apply, so a catalog value is always one a plan
# could hold (and every result stays finite).
COLUMN_FIELDS = {
    "tdp_w": "hardware.power_w", "avg_power_w": "hardware.power_w",
    "price_usd_per_hour_low": "pricing.usd_per_accelerator_hour_low",
    "price_usd_per_hour_high": "pricing.usd_per_accelerator_hour_high",
    "carbon_intensity_g_per_kwh": "site.carbon_intensity_g_per_kwh",
    "provider_g_per_kwh": "site.carbon_intensity_g_per_kwh",
    "years_low_g_per_kwh": "site.carbon_intensity_g_per_kwh", "years_high_g_per_kwh": "site.carbon_intensity_g_per_kwh",
    "pue": "site.pue", "wue_l_per_kwh": "site.wue_l_per_kwh",  # a named site's
}
COLUMN_BOUNDS = {"peak_flops": (1e9, 1e18), "peak_flops_fp8": (1e9, 1e18), "peak_flops_fp4": (1e9, 1e18),
                 "memory_gb": (0, 1e6), "embodied_kg_co2e": (0, 1e6),
                 "year": (1900, 2100), "price_year": (1900, 2100)}
MAX_CELL_CHARS = 2000


def _bounds_problem(r: dict) -> str | None:
    """The first column of ``r`` outside its bounds, as "column: message", or None."""
    from planner.core.errors import PlanError
    from planner.core.plan import check_field

    for col, value in r.items():
        if value is None or isinstance(value, str):
            continue
        if col in COLUMN_FIELDS:
            rule = SPECS[COLUMN_FIELDS[col]]
            if (rule.minimum is None or value >= rule.minimum) and (rule.maximum is None or value <= rule.maximum):
                continue  # in bounds (the common case, without building an error)
            try:
                check_field(COLUMN_FIELDS[col], value)
            except PlanError as exc:
                return f"{col}: {exc.message}"
        elif col in COLUMN_BOUNDS:
            lo, hi = COLUMN_BOUNDS[col]
            if not lo <= value <= hi:
                return f"{col}: must be from {lo:g} to {hi:g}, got {value:g}"
    return None


def _check_accelerator(r: dict) -> str | None:
    if r["tdp_w"] is None and r["avg_power_w"] is None:
        return "tdp_w: either tdp_w or avg_power_w is required"
    problem = _bounds_problem(r)
    if problem:
        return problem
    lo, hi = r["price_usd_per_hour_low"], r["price_usd_per_hour_high"]
    for col, v in (("price_usd_per_hour_low", lo), ("price_usd_per_hour_high", hi)):
        if v is not None and v < 0:
            return f"{col}: must not be negative"
    if lo is not None and hi is not None and lo > hi:
        return "price_usd_per_hour_low: must not exceed price_usd_per_hour_high"
    if (lo is not None or hi is not None) and not r["price_source"]:
        return "price_source: a price needs its source"
    if (r.get("peak_flops_fp8") is not None or r.get("peak_flops_fp4") is not None) and not r.get("precision_source"):
        return "precision_source: an FP8 or FP4 peak needs its source"
    return None


REGION_SPEC: Spec = {
    "id": (_text, True), "name": (_text, True), "kind": (_text, False), "provider": (_text, False),
    "country": (_text, False), "carbon_intensity_g_per_kwh": (_float, True),
    "year": (_int, True), "source": (_text, True), "zone": (_text, False), "basis": (_text, False),
    "provider_g_per_kwh": (_float, False), "provider_cfe": (_float, False), "provider_source": (_text, False),
    "lat": (_float, False), "lon": (_float, False),
    "years_low_g_per_kwh": (_float, False), "years_high_g_per_kwh": (_float, False),
    "renewable_pct": (_float, False), "cfe_pct": (_float, False),
}


def _check_region(r: dict) -> str | None:
    problem = _bounds_problem(r)
    if problem:
        return problem
    if r["provider_cfe"] is not None and not 0 <= r["provider_cfe"] <= 1:
        return "provider_cfe: must be a share from 0 to 1"
    for col in ("renewable_pct", "cfe_pct"):
        if r.get(col) is not None and not 0 <= r[col] <= 100:
            return f"{col}: must be a percentage from 0 to 100"
    if r["lat"] is not None and not -90 <= r["lat"] <= 90:
        return "lat: must be from -90 to 90"
    if r["lon"] is not None and not -180 <= r["lon"] <= 180:
        return "lon: must be from -180 to 180"
    return None


PRICE_SPEC: Spec = {
    "accelerator": (_text, True), "provider": (_text, False), "price_usd_per_hour_low": (_float, True),
    "price_usd_per_hour_high": (_float, True), "low_basis": (_text, True), "high_basis": (_text, True),
    "year": (_int, True), "source": (_text, True),
}


def _check_price(r: dict) -> str | None:
    lo, hi = r["price_usd_per_hour_low"], r["price_usd_per_hour_high"]
    problem = _bounds_problem(r)
    if problem:
        return problem
    if lo > hi:
        return "price_usd_per_hour_low: must not exceed price_usd_per_hour_high"
    return None


def _accelerator(r: dict, user: bool = False) -> Accelerator:
    return Accelerator(
        id=r["id"], name=r["name"], vendor=r["vendor"] or "", tdp_w=r["tdp_w"], avg_power_w=r["avg_power_w"],
        avg_power_source=r["avg_power_source"] or "", peak_flops=r["peak_flops"],
        flops_precision=r["flops_precision"] or "", peak_basis=r["peak_basis"] or "dense",
        peak_fp8=r.get("peak_flops_fp8"), peak_fp4=r.get("peak_flops_fp4"),
        precision_source=r.get("precision_source") or "",
        memory_gb=r["memory_gb"], price_low=r["price_usd_per_hour_low"],
        price_high=r["price_usd_per_hour_high"], price_year=r["price_year"], price_source=r["price_source"] or "",
        embodied_kg_co2e=r["embodied_kg_co2e"], year=r["year"], source=r["source"], user=user)


def _region(r: dict, user: bool = False) -> Region:
    return Region(id=r["id"], name=r["name"], kind=r["kind"] or "", provider=(r["provider"] or "").lower(),
                  country=r["country"] or "", carbon_intensity=r["carbon_intensity_g_per_kwh"],
                  year=r["year"], source=r["source"], user=user, zone=r["zone"] or "", basis=r["basis"] or "",
                  provider_intensity=r["provider_g_per_kwh"], provider_cfe=r["provider_cfe"],
                  provider_source=r["provider_source"] or "", lat=r["lat"], lon=r["lon"],
                  years_low=r.get("years_low_g_per_kwh"), years_high=r.get("years_high_g_per_kwh"),
                  renewable_pct=r.get("renewable_pct"), cfe_pct=r.get("cfe_pct"))


# the columns of presets.csv that set a plan field: {column: dotted path}, from the field specs
PRESET_NUMBERS = {f.preset_column: f.path for f in FIELDS if f.preset_column}


def _preset_plan(r: dict) -> dict:
    plan: dict = {"schema_version": 1, "name": r["name"], **{section: {} for section in SECTION_ORDER}}
    for col, path in PRESET_NUMBERS.items():
        section, key = path.split(".")
        v = r[col]
        if col == "count" and v is not None:
            v = int(v)
        plan[section][key] = v
    plan["hardware"]["accelerator"] = r["accelerator"]
    plan["hardware"]["precision"] = r.get("precision") or SPECS["hardware.precision"].default
    plan["experiment"]["nas"] = bool(r["nas"])
    plan["site"]["region"] = r["region"]
    for k, default in (("final_runs", 1), ("tuning_runs", 0), ("tuning_run_fraction", 1.0)):
        if plan["experiment"][k] is None:
            plan["experiment"][k] = default
    if r["pins"] is not False:  # a paper's figures: each value is labelled with where it came from
        label = f"preset {r['name']}: {r['source']}"
        plan["origins"] = {path: label for col, path in PRESET_NUMBERS.items()
                           if r[col] is not None and path.split(".")[0] not in ("experiment", "model")}
    return plan


PRESET_SPEC: Spec = {"id": (_text, True), "name": (_text, True), "accelerator": (_text, True),
                     "precision": (_text, False),
                     "region": (_text, True), "nas": (_bool, False), "pins": (_bool, False),
                     "year": (_int, True), "source": (_text, True),
                     **{c: (_float, False) for c in PRESET_NUMBERS}}


# ---------------------------------------------------------------- catalog
# how the region chart and map group regions: the three clouds by provider, the rest by kind
REGION_GROUPS = {"aws": "AWS", "gcp": "Google Cloud", "azure": "Azure", "site": "Named site", "country": "Country",
                 "subnational": "State or province", "other": "Reference"}
PROVIDER_NAMES = {"aws": "AWS", "gcp": "Google Cloud", "azure": "Azure"}


def region_group(provider: str, kind: str) -> str:
    if provider in REGION_GROUPS:
        return provider
    return kind if kind in ("country", "subnational", "site") else "other"


@dataclass
class Catalog:
    accelerators: dict[str, Accelerator]
    regions: dict[str, Region]
    pue_defaults: dict[str, PueDefault]
    benchmarks: list[Benchmark]
    assumptions: dict[str, Assumption]
    presets: dict[str, Preset]
    # the published runs the utilization prior is fitted on, and the prior (fitted when the catalog is loaded)
    calibration_runs: list[CalibrationRun]
    utilization_prior: UtilizationPrior
    prices: dict[str, dict[str, Price]] = field(default_factory=dict)  # accelerator -> provider -> price
    files: dict[str, Path] = field(default_factory=dict)
    _arrays: dict = field(default_factory=dict, repr=False)
    _frames: dict = field(default_factory=dict, repr=False)
    _fitted: dict = field(default_factory=dict, repr=False)
    hourly_problem: str = ""  # why the hourly profiles could not be read ("" when they could, or are absent)
    residual_problem: str = ""  # why the residual mixes could not be read ("" when they could, or are absent)

    # -- lookups
    def accelerator(self, acc_id: str) -> Accelerator:
        return self.accelerators[acc_id]

    def region(self, region_id: str) -> Region:
        return self.regions[region_id]

    def central_power(self, acc: Accelerator) -> tuple[float, str, bool]:
        """What an accelerator draws in training, its central value: the measured mean where its row gives one
        (or the planner's estimate there), else the median share of TDP measured in training times its TDP.
        (watts, source, whether it is a share of TDP)."""
        if acc.avg_power_w is not None:
            return acc.avg_power_w, acc.power_source, False
        assert acc.tdp_w is not None  # every card has a measured mean or a TDP (read_catalog checks each row)
        share = self.assumptions["power_share_of_tdp"]
        return (acc.tdp_w * share.value, f"{share.value:.0%} of TDP {acc.tdp_w:g} W, the median share measured in "
                f"training (power_share_of_tdp, {share.year}: docs/methodology.md); TDP: {cite(acc.source, acc.year)}",
                True)

    def pue_for(self, region: Region) -> PueDefault:
        """The PUE a region runs at: a named site's own, else its provider's fleet figure, else the survey's."""
        if region.pue is not None:
            return PueDefault(region.id, region.pue, region.pue_year or region.year, region.facility_source)
        return self.pue_defaults.get(region.provider) or self.pue_defaults["default"]

    def price_for(self, acc: Accelerator, region: Region) -> Price | None:
        """The price range that applies to ``acc`` in ``region``: the region's provider's, else the
        accelerator's general row ("" provider), else the accelerator's own columns (user entries)."""
        rows = self.prices.get(acc.id, {})
        if acc.user or not rows:  # a user's own row speaks for itself
            lo = acc.price_low if acc.price_low is not None else acc.price_high
            hi = acc.price_high if acc.price_high is not None else acc.price_low
            if lo is None or hi is None:
                return None
            return Price(acc.id, "", lo, hi, "low", "high", acc.price_year or acc.year,
                         acc.price_source or acc.source)
        return rows.get(region.provider) or rows.get("")

    def offers(self, provider: str, acc: Accelerator) -> bool:
        """Does ``provider`` rent ``acc`` (a price row of its own in the catalog)? A user's card: yes."""
        return acc.user or provider in self.prices.get(acc.id, {})

    @property
    def providers(self) -> list[str]:
        return sorted({r.provider for r in self.regions.values() if r.provider})

    # -- the grids' yearly averages (read when a plan first asks for a year)
    def grid_series(self, region: Region) -> dict[int, float]:
        """The yearly averages of the grid a region draws from ({year: g CO2e/kWh}); empty without a series."""
        if "grid_years" not in self._fitted:
            self._fitted["grid_years"] = _grid_years(self.files.get("grid_years"))
        return self._fitted["grid_years"].get(region.zone, {}) if region.zone else {}

    def _hourly_rows(self) -> dict:
        """The rows of ``grid_hourly.csv`` by zone, values unread (scanned once; a damaged file: none)."""
        if "grid_hourly" not in self._fitted:
            try:
                self._fitted["grid_hourly"] = scan_hourly(self.files.get("grid_hourly"))
            except CatalogError as exc:  # a damaged file: no hourly data, and the plan's note says why
                self._fitted["grid_hourly"] = {}
                self.hourly_problem = str(exc)
        return self._fitted["grid_hourly"]

    def has_hourly(self, region: Region) -> bool:
        """Does the grid a region draws from have hourly data (without reading its hours)?"""
        parsed = self._fitted.get("grid_hourly_parsed", {})
        return bool(region.zone) and region.zone in self._hourly_rows() and parsed.get(region.zone, 1) is not None

    def hourly_profile(self, region: Region):
        """The hourly shape of the grid a region draws from (``planner.core.schedule.Profile``), or None: the
        file's rows are read when a plan first asks for one, and a zone's values when it is first used. A damaged
        file or row gives None, and ``hourly_problem`` says why."""
        rows = self._hourly_rows() if region.zone else {}
        if region.zone not in rows:
            return None
        parsed = self._fitted.setdefault("grid_hourly_parsed", {})
        if region.zone not in parsed:
            try:
                parsed[region.zone] = parse_profile(self.files.get("grid_hourly"), rows[region.zone])
            except CatalogError as exc:
                parsed[region.zone] = None
                self.hourly_problem = str(exc)
        return parsed[region.zone]

    # -- the serving law, fitted when a plan first serves (most plans do not: 8 ms kept off the start)
    @property
    def serving_law(self) -> ServingLaw:
        """The serving law (``planner.core.throughput``) fitted on ``serving_runs.csv``. Raises CatalogError
        naming the file when it cannot be read."""
        if "serving_law" not in self._fitted:
            path = Path(self.files.get("serving_runs") or resources_dir() / "serving_runs.csv")
            if not path.exists():  # (a catalog folder of the user's own without it: the shipped one)
                path = resources_dir() / "serving_runs.csv"
            key = (str(path), *(self.accelerators[a].peak_flops for a in ("H100-SXM", "B200")
                                if a in self.accelerators))
            if key not in _SERVING_LAWS:
                try:
                    _SERVING_LAWS[key] = fit_serving(read_served(path, self.accelerators))
                except (OSError, KeyError, ValueError, TypeError, ZeroDivisionError) as exc:
                    raise CatalogError(path, f"cannot fit the serving law: {type(exc).__name__}: {exc}") from exc
            self._fitted["serving_law"] = _SERVING_LAWS[key]
        return self._fitted["serving_law"]

    # -- the residual mix (market-based accounting), read when a plan first needs it
    def _residual_mixes(self) -> dict[str, ResidualMix]:
        """{region id, grid zone or country code: its residual mix}, from ``residual_mix.csv`` (none without the
        file; a damaged file: none, and ``residual_problem`` says why)."""
        if "residual_mix" not in self._fitted:
            table: dict[str, ResidualMix] = {}
            path = self.files.get("residual_mix")
            if path is not None and Path(path).exists():
                try:
                    for r in read_table(path, RESIDUAL_SPEC, _check_residual):
                        mix = ResidualMix(r["code"], r["name"], r["g_per_kwh"], r["basis"], r["year"], r["source"])
                        for key in (r["applies_to"] or "").split():
                            table[key] = mix
                except CatalogError as exc:
                    table, self.residual_problem = {}, str(exc)
            self._fitted["residual_mix"] = table
        return self._fitted["residual_mix"]

    def residual_mix(self, region: Region) -> ResidualMix | None:
        """The residual mix of the grid a region draws from: the region's own row, else its zone's, else its
        country's; None where none is published (the market-based figure then falls back to location-based)."""
        table = self._residual_mixes()
        for key in (region.id, region.zone, region.country):
            if key and key in table:
                return table[key]
        return None

    # -- per-region factors for the region sweep (built once)
    def region_arrays(self, year: int | None = None) -> dict:
        """Parallel lists over every region: ids, names, kinds, providers, intensity, default PUE,
        and ``factor`` = PUE x intensity / 1000 (kg CO2e per kWh of IT energy). With a ``year``, each grid's
        average in that year where its series has one (else its newest)."""
        if year is not None:
            key = ("arrays", year)
            if key not in self._fitted:
                base = self.region_arrays()
                ci = [self.grid_series(r).get(year, c) for r, c in zip(self.regions.values(), base["intensity"])]
                self._fitted[key] = {**{k: v for k, v in base.items() if not k.startswith("np_")}, "intensity": ci,
                                     "factor": [kg_per_it_kwh(p, c) for p, c in zip(base["pue"], ci)]}
            return self._fitted[key]
        if not self._arrays:
            regs = list(self.regions.values())
            pue = [self.pue_for(r).pue for r in regs]
            ci = [r.carbon_intensity for r in regs]
            self._arrays.update(
                ids=[r.id for r in regs], names=[r.name for r in regs], kinds=[r.kind for r in regs],
                providers=[r.provider for r in regs], intensity=ci, pue=pue,
                groups=[region_group(r.provider, r.kind) for r in regs],
                factor=[kg_per_it_kwh(p, c) for p, c in zip(pue, ci)],
                index={r.id: k for k, r in enumerate(regs)},
            )
        return self._arrays

    # -- pandas views (lazy: pandas is not needed for the first paint)
    def frame(self, table: str):
        """The named table (``accelerators``, ``regions``, ``pue``, ``benchmarks``,
        ``assumptions``, ``presets``) as a pandas DataFrame."""
        if table not in self._frames:
            from dataclasses import asdict

            import pandas as pd

            rows: Any = {
                "accelerators": self.accelerators.values(), "regions": self.regions.values(),
                "pue": self.pue_defaults.values(), "benchmarks": self.benchmarks,
                "assumptions": self.assumptions.values(), "presets": self.presets.values(),
            }[table]
            self._frames[table] = pd.DataFrame([asdict(r) for r in rows])
        return self._frames[table]

    def with_user_entries(self, accelerators: list[Accelerator], regions: list[Region]) -> Catalog:
        """A copy of this catalog with the user's own entries added (theirs win on id clashes)."""
        accs = dict(self.accelerators)
        accs.update({a.id: a for a in accelerators})
        regs = dict(self.regions)
        regs.update({r.id: r for r in regions})
        return Catalog(accs, regs, self.pue_defaults, self.benchmarks, self.assumptions, self.presets,
                       self.calibration_runs, self.utilization_prior, self.prices, dict(self.files))


def load_catalog(folder: Path | None = None) -> Catalog:
    """Load and validate the catalog CSVs in ``folder`` (default: the shipped data)."""
    folder = Path(folder) if folder is not None else resources_dir()
    files = {name: folder / f"{name}.csv" for name in
             ("accelerators", "grid_regions", "pue", "benchmarks", "assumptions", "presets", "prices",
              "utilization_runs", "grid_years", "sites", "grid_hourly", "residual_mix", "serving_runs")}

    accs = [_accelerator(r) for r in read_table(files["accelerators"], ACCELERATOR_SPEC, _check_accelerator)]
    regs = [_region(r) for r in read_table(files["grid_regions"], REGION_SPEC, _check_region)]
    regs += _sites(files["sites"], {r.id: r for r in regs})
    pues = [PueDefault(r["provider"].lower(), r["pue"], r["year"], r["source"]) for r in read_table(
        files["pue"], {"provider": (_text, True), "pue": (_float, True), "year": (_int, True), "source": (_text, True)},
        lambda r: "pue: must be at least 1" if r["pue"] < 1 else None)]
    bms = [Benchmark(**r) for r in read_table(files["benchmarks"], {
        "id": (_text, True), "name": (_text, True), "short_name": (_text, True), "kg_co2e": (_float, True),
        "original_value": (_float, True), "original_unit": (_text, True), "year": (_int, True),
        "source": (_text, True)},
        lambda r: "kg_co2e: must be positive" if r["kg_co2e"] <= 0 else None)]
    asms = [Assumption(**{**r, "low": r["value"] if r["low"] is None else r["low"],
                          "high": r["value"] if r["high"] is None else r["high"]})
            for r in read_table(files["assumptions"], {
                "key": (_text, True), "value": (_float, True), "low": (_float, False), "high": (_float, False),
                "unit": (_text, False), "year": (_int, True), "source": (_text, True)})]
    presets = [Preset(r["id"], r["name"], _preset_plan(r), r["year"], r["source"])
               for r in read_table(files["presets"], PRESET_SPEC)]

    prices: dict[str, dict[str, Price]] = {}
    for r in read_table(files["prices"], PRICE_SPEC, _check_price):
        provider = (r["provider"] or "").lower()
        if provider in prices.setdefault(r["accelerator"], {}):
            raise CatalogError(files["prices"], f"duplicate price for {r['accelerator']!r} and provider "
                                                f"{provider or '(any)'!r}")
        prices[r["accelerator"]][provider] = Price(
            r["accelerator"], provider, r["price_usd_per_hour_low"], r["price_usd_per_hour_high"],
            r["low_basis"], r["high_basis"], r["year"], r["source"])

    def unique(items, what, path):
        out = {}
        for it in items:
            key = getattr(it, "id", None) or getattr(it, "key", None) or it.provider
            if key in out:
                raise CatalogError(path, f"duplicate {what} id {key!r}")
            out[key] = it
        return out

    accelerators = unique(accs, "accelerator", files["accelerators"])
    runs = _calibration_runs(files["utilization_runs"], accelerators)
    catalog = Catalog(
        accelerators=accelerators,
        regions=unique(regs, "region", files["grid_regions"]),
        pue_defaults=unique(pues, "provider", files["pue"]),
        benchmarks=bms,
        assumptions=unique(asms, "assumption", files["assumptions"]),
        presets=unique(presets, "preset", files["presets"]),
        calibration_runs=runs,
        utilization_prior=fit(runs),  # (0.1 ms)
        prices=prices,
        files=files,
    )
    unknown = sorted(set(prices) - set(catalog.accelerators))
    if unknown:
        raise CatalogError(files["prices"], f"price for unknown accelerator {unknown[0]!r}")
    if "default" not in catalog.pue_defaults:
        raise CatalogError(files["pue"], "a 'default' provider row is required")
    for key in ("nas_multiplier", "nas_multiplier_proxy", "host_power_w", "power_band_catalog",
                "power_band_user", "pue_band_catalog", "utilization_band_user", "fine_tune_fraction",
                "early_stop_fraction", "embodied_kg_per_accelerator", "service_life_hours", "power_share_of_tdp",
                "pue_overhead_factor", "pue_unknown_site", "grid_year_spread", "embodied_factor",
                "server_embodied_kg_gpu", "server_embodied_kg_tpu", "pilot_utilization_noise", "pilot_power_noise",
                "serving_boundary_server", "serving_boundary_comprehensive"):
        if key not in catalog.assumptions:
            raise CatalogError(files["assumptions"], f"assumption {key!r} is missing")
    return catalog


RESIDUAL_SPEC: Spec = {  # residual_mix.csv: a factor, and the region ids, grid zones and countries it applies to
    "code": (_text, True), "name": (_text, True), "g_per_kwh": (_float, True), "basis": (_text, True),
    "year": (_int, True), "applies_to": (_text, False), "source": (_text, True),
}


def _check_residual(r: dict) -> str | None:
    if not 0 <= r["g_per_kwh"] <= 5000:
        return "g_per_kwh: must be 0 to 5,000 g/kWh"
    return None


SITE_SPEC: Spec = {
    "id": (_text, True), "name": (_text, True), "operator": (_text, False), "kind": (_text, False),
    "country": (_text, False), "zone": (_text, True), "lat": (_float, True), "lon": (_float, True),
    "pue": (_float, True), "year": (_int, True), "wue_l_per_kwh": (_float, False), "wue_year": (_int, False),
    "source": (_text, True),
}


def _sites(path: Path, grids: dict[str, Region]) -> list[Region]:
    """``sites.csv``: named sites (HPC centres, company campuses) with their own PUE (and WUE), each on its
    grid zone's figure (the zone's own row of the grid table). Ids become ``site:<id>``."""
    def check(r: dict) -> str | None:
        if r["zone"] not in grids:
            return f"zone: no grid row for zone {r['zone']!r}"
        return _check_region({**r, "provider_cfe": None})  # bounds (PUE and WUE as a plan's), coordinates

    out = []
    for r in read_table(path, SITE_SPEC, check):
        g = grids[r["zone"]]
        what = {"hpc": "HPC centre", "campus": "campus"}.get(r["kind"] or "", "site")
        out.append(Region(
            id=f"site:{r['id']}", name=f"{r['name']} ({r['operator']} {what})" if r["operator"] else r["name"],
            kind="site", provider="", country=r["country"] or g.country, carbon_intensity=g.carbon_intensity,
            year=g.year, source=f"Grid zone {g.zone}: {g.source}", zone=g.zone, basis=g.basis, lat=r["lat"],
            lon=r["lon"], years_low=g.years_low, years_high=g.years_high, renewable_pct=g.renewable_pct,
            cfe_pct=g.cfe_pct, pue=r["pue"], pue_year=r["year"], wue=r["wue_l_per_kwh"],
            facility_source=r["source"]))
    return out


GRID_YEAR_SPEC: Spec = {"zone": (_text, True), "year": (_int, True), "carbon_intensity_g_per_kwh": (_float, True),
                        "source": (_text, True)}


def _grid_years(path: Path | None) -> dict[str, dict[int, float]]:
    """``grid_years.csv``: every zone's yearly average, {zone: {year: g/kWh}} (none without the file)."""
    if path is None or not path.exists():
        return {}
    out: dict[str, dict[int, float]] = {}
    for r in read_table(path, GRID_YEAR_SPEC, _bounds_problem):
        out.setdefault(r["zone"], {})[r["year"]] = r["carbon_intensity_g_per_kwh"]
    return out


CALIBRATION_SPEC: Spec = {
    "run": (_text, True), "moe": (_bool, False), "total_parameters": (_float, True),
    "active_parameters": (_float, True), "tokens": (_float, False), "accelerator": (_text, True),
    "precision": (_text, True), "accelerator_hours": (_float, True), "fitted": (_bool, False), "note": (_text, False),
    "year": (_int, True), "source": (_text, True),
}


def _calibration_runs(path: Path, accelerators: dict) -> list[CalibrationRun]:
    """The published runs the utilization prior is fitted on, each with its chip's peak at its precision."""
    def check(r: dict) -> str | None:
        acc = accelerators.get(r["accelerator"])
        if acc is None:
            return f"accelerator: unknown accelerator {r['accelerator']!r}"
        if acc.peak_at(r["precision"]) is None:
            return f"precision: {r['accelerator']} has no {r['precision']!r} peak"
        for col in ("total_parameters", "active_parameters", "tokens", "accelerator_hours"):
            if r[col] is not None and r[col] <= 0:
                return f"{col}: must be positive"
        return None

    return [CalibrationRun(r["run"], bool(r["moe"]), r["total_parameters"], r["active_parameters"], r["tokens"],
                           r["accelerator"], r["precision"], r["accelerator_hours"], bool(r["fitted"]),
                           r["note"] or "", r["year"], r["source"],
                           accelerators[r["accelerator"]].peak_at(r["precision"]))
            for r in read_table(path, CALIBRATION_SPEC, check)]


_DEFAULT: Catalog | None = None
_SERVING_LAWS: dict = {}  # (file, the chips' peaks) -> its law: every catalog made from the shipped one shares it


def default_catalog() -> Catalog:
    """The shipped catalog, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_catalog()
    return _DEFAULT
