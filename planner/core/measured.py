"""Measured runs against the plan: CodeCarbon's emissions.csv in, ratios and a calibrated plan out.

CodeCarbon writes one row per tracked run with, among others: duration (s),
energy_consumed (kWh), emissions (kg CO2e), gpu_count, gpu_model,
country_iso_code, cloud_provider, cloud_region, pue, and the split
cpu_energy / gpu_energy / ram_energy (kWh). A file is read whole: any bad
cell refuses the file, naming its row and column; nothing is half-imported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.core.catalog import Catalog, _float, _int, default_catalog, read_table
from planner.core.errors import CatalogError
from planner.core.estimate import estimate
from planner.core.plan import Plan
from planner.core.text import one_line


def _label(v: str) -> str:
    """Another tool's text, kept as it is (shown escaped: ``one_line``)."""
    return v.strip()


CODECARBON_SPEC: dict[str, tuple[Callable[[str], Any], bool]] = {
    "duration": (_float, True), "energy_consumed": (_float, True), "emissions": (_float, True),
    "timestamp": (_label, False), "project_name": (_label, False), "run_id": (_label, False),
    "cpu_energy": (_float, False), "gpu_energy": (_float, False), "ram_energy": (_float, False),
    "gpu_count": (_int, False), "gpu_model": (_label, False), "country_iso_code": (_label, False),
    "region": (_label, False), "cloud_provider": (_label, False), "cloud_region": (_label, False),
    "pue": (_float, False),
}


# Bounds that keep every ratio and calibrated value finite; far beyond any tracked run.
MAX_DURATION_S = 3.6e9  # a million hours
MAX_ENERGY = 1e12  # kWh, and kg CO2e


def _check(r: dict) -> str | None:
    if not 1e-3 <= r["duration"] <= MAX_DURATION_S:
        return f"duration: must be from 0.001 to {MAX_DURATION_S:g} seconds"
    for col in ("energy_consumed", "emissions", "cpu_energy", "gpu_energy", "ram_energy"):
        if r[col] is not None and not 0 <= r[col] <= MAX_ENERGY:
            return f"{col}: must be from 0 to {MAX_ENERGY:g}"
    if r["gpu_count"] is not None and not 0 <= r["gpu_count"] <= 10_000_000:
        return "gpu_count: must be from 0 to 10,000,000"
    if r["pue"] is not None and not 1 <= r["pue"] <= 10:
        return "pue: must be from 1 to 10"
    return None


@dataclass(frozen=True)
class MeasuredRun:
    row: int
    label: str
    hours: float
    energy_kwh: float
    emissions_kg: float
    gpu_count: int | None
    gpu_model: str
    pue: float | None
    gpu_energy_kwh: float | None
    host_energy_kwh: float | None  # cpu + ram, when both are given
    where: str

    @property
    def intensity(self) -> float | None:
        return self.emissions_kg / self.energy_kwh * 1000 if self.energy_kwh else None


def read_codecarbon(path: str | Path) -> list[MeasuredRun]:
    """Every run of a CodeCarbon emissions.csv; raises CatalogError naming file, row and column."""
    rows = read_table(Path(path), CODECARBON_SPEC, _check)
    if not rows:
        raise CatalogError(path, "no runs in the file")
    runs = []
    for n, r in enumerate(rows, start=2):
        host = None
        if r["cpu_energy"] is not None and r["ram_energy"] is not None:
            host = r["cpu_energy"] + r["ram_energy"]
        where = " / ".join(x for x in (r["cloud_provider"], r["cloud_region"] or r["region"], r["country_iso_code"])
                           if x)
        label = one_line(r["run_id"] or r["timestamp"] or f"row {n}")  # from another tool: shown, escaped
        runs.append(MeasuredRun(n, label, r["duration"] / 3600.0,
                                r["energy_consumed"], r["emissions"], r["gpu_count"], r["gpu_model"] or "",
                                r["pue"], r["gpu_energy"], host, one_line(where)))
    return runs


@dataclass(frozen=True)
class RunComparison:
    run: MeasuredRun
    planned_hours: float
    planned_energy_kwh: float
    planned_emissions_kg: float

    # measured / planned; None where the plan's figure is zero (a grid intensity of 0 plans no CO2e)
    @property
    def energy_ratio(self) -> float | None:
        return _ratio(self.run.energy_kwh, self.planned_energy_kwh)

    @property
    def emissions_ratio(self) -> float | None:
        return _ratio(self.run.emissions_kg, self.planned_emissions_kg)

    @property
    def hours_ratio(self) -> float | None:
        return _ratio(self.run.hours, self.planned_hours)


def _ratio(measured: float, planned: float) -> float | None:
    if not planned:
        return None
    r = measured / planned
    return r if math.isfinite(r) else None


def compare(plan: Plan, runs: list[MeasuredRun], catalog: Catalog | None = None) -> list[RunComparison]:
    """Each measured run beside the plan's estimate of one full run."""
    catalog = catalog or default_catalog()
    est = estimate(plan, catalog)
    total = sum(est.inputs.runs.values())
    if total == 0:  # a plan of no runs: compare with one run
        est, total = estimate(plan.with_value("experiment.final_runs", 1), catalog), 1.0
    return [RunComparison(r, est.inputs.hours_per_run, est.energy_kwh / total, est.emissions_kg / total)
            for r in runs]


def calibrate(plan: Plan, run: MeasuredRun) -> Plan:
    """The plan with hours per run and power per accelerator (and host power, when measured) from a run, so it
    plans what the run measured: a measured energy per run the plan carried (``run.energy_kwh``, which would
    replace hours x power) is dropped.

    CodeCarbon's energies include its PUE; the plan's power excludes it, so they are divided by it.
    Raises PlanError naming the plan field a run's values would put out of bounds.
    """
    count = run.gpu_count if run.gpu_count else plan.hardware.count
    values: dict = {"run.hours": run.hours, "hardware.count": count, "run.energy_kwh": None}
    power, host = measured_power(run, count)
    if power is not None:
        values["hardware.power_w"], values["hardware.host_power_w"] = power, host
    return plan.with_values(values)


def measured_power(run: MeasuredRun, count: int) -> tuple[float | None, float]:
    """The mean power a run's ``count`` accelerators drew (W each) and its host (W), CodeCarbon's PUE taken out:
    from the GPUs' energy where it is split out, else the total spread over the accelerators (host included, so
    host 0); (None, 0) for a run that used no energy."""
    pue = run.pue or 1.0
    if run.gpu_energy_kwh is not None and run.gpu_energy_kwh > 0:
        return (run.gpu_energy_kwh / pue / (run.hours * count) * 1000.0,
                (run.host_energy_kwh or 0.0) / pue / run.hours * 1000.0)
    if run.energy_kwh > 0:
        return run.energy_kwh / pue / (run.hours * count) * 1000.0, 0.0
    return None, 0.0


def narrow(plan: Plan, run: MeasuredRun, share: float) -> Plan:
    """The plan with a pilot: ``run`` (a short CodeCarbon run of the same setup) covered ``share`` of one full run.
    Its hours (with the plan's FLOPs) give the utilization it reached and its accelerators' energy the power they
    drew; the estimate then updates its priors with them (``planner.core.estimate.narrow``: every interval
    follows). Hours and power the plan gives stay given. Raises PlanError naming the field a value would put out of
    bounds."""
    count = run.gpu_count if run.gpu_count else plan.hardware.count
    power, _ = measured_power(run, count)
    return plan.with_values({"pilot.share": share, "pilot.hours": run.hours, "pilot.power_w": power})
