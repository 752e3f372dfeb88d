"""The arithmetic of a plan, once: from the values in use to hours, energy, CO2e, cost and the embodied share.

Every function here takes floats or NumPy arrays alike. ``estimate()`` calls them with the central values (and
with the ends of each input's band for the conservative range), the Monte Carlo with 10,000 samples of each
uncertain input, the advice with every candidate accelerator at once, and the inversions (FLOPs worked back from
hours) are the same formulas read the other way. Nothing else in the planner multiplies hours by power.

    compute hours per run  H = FLOPs / (accelerators x peak FLOP/s x utilization) / 3600   (or given, or implied
                               by a measured energy: E x 1000 / (accelerators x power + host))
    IT energy per run        = (accelerators x H x power + host x H) / 1000, or the measured E
    energy                   = IT energy x PUE x runs
    CO2e                     = energy x grid intensity / 1000
    accelerator-hours        = accelerators x H x runs;  cost = accelerator-hours x price per hour
    embodied                 = accelerator-hours x embodied kg per accelerator / service life hours

Compute hours (the accelerators busy, drawing power) and wall-clock hours (the calendar time of the job) are kept
apart (``Footprint.wall_hours``): today every run's wall-clock time is its compute time, back to back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

Number = Any  # a float, or a NumPy array of samples or candidates


def derived_hours(flops: Number, count: Number, peak: Number, utilization: Number) -> Number:
    """Compute hours of one run derived from its FLOPs: FLOPs / (accelerators x peak x utilization) / 3600."""
    return flops / (count * peak * utilization) / 3600.0


def flops_of(hours: Number, count: Number, peak: Number, utilization: Number) -> Number:
    """The FLOPs a run of ``hours`` stands for: ``derived_hours`` read the other way."""
    return hours * 3600.0 * count * peak * utilization


def energy_hours(measured_it_kwh: Number, count: Number, power: Number, host: Number) -> Number:
    """The hours a measured IT energy per run lasts at this power: E x 1000 / (accelerators x power + host)."""
    return measured_it_kwh * 1000.0 / (count * power + host)


def co2e_kg(energy_kwh: Number, intensity: Number) -> Number:
    """The CO2e (kg) of ``energy_kwh`` (with PUE) on a grid of ``intensity`` g CO2e/kWh."""
    return energy_kwh * intensity / 1000.0


def kg_per_it_kwh(pue: Number, intensity: Number) -> Number:
    """A site's CO2e per kWh of IT energy: its PUE times its grid's intensity (the region sweep's factor)."""
    return co2e_kg(pue, intensity)


@dataclass(frozen=True)
class Footprint:
    """What a plan uses, over ``runs`` runs (floats, or arrays of samples)."""
    accelerator_hours: Number
    wall_hours: Number
    accelerators_kwh: Number  # IT energy of the accelerators, before PUE
    host_kwh: Number  # IT energy of the rest of the machines
    energy_kwh: Number  # with PUE
    emissions_kg: Number
    embodied_kg: Number

    @property
    def it_kwh(self) -> Number:
        return self.accelerators_kwh + self.host_kwh

    def cost(self, price_per_hour: Number) -> Number:
        return self.accelerator_hours * price_per_hour


def footprint(*, count: Number, hours: Number, runs: Number, power: Number, host: Number, pue: Number,
              intensity: Number, embodied_per_hour: Number = 0.0, measured_it_kwh: Number | None = None) -> Footprint:
    """The footprint of ``runs`` runs of ``hours`` compute hours each on ``count`` accelerators drawing ``power``
    W (and ``host`` W beside them), at a site of ``pue`` on a grid of ``intensity`` g CO2e/kWh. A measured IT
    energy per run replaces hours x power, split between accelerators and host as their power is.
    ``embodied_per_hour``: kg CO2e of manufacturing per accelerator-hour (kg per accelerator / service life)."""
    acc = count * hours * power / 1000.0
    host_kwh = host * hours / 1000.0
    if measured_it_kwh is not None:
        total = acc + host_kwh
        share = np.where(total > 0, acc / np.where(total > 0, total, 1.0), 1.0)
        acc, host_kwh = measured_it_kwh * share, measured_it_kwh * (1.0 - share)
        if np.ndim(acc) == 0:
            acc, host_kwh = float(acc), float(host_kwh)
    energy = (acc + host_kwh) * pue * runs
    acc_hours = count * hours * runs
    return Footprint(accelerator_hours=acc_hours, wall_hours=hours * runs, accelerators_kwh=acc * runs,
                     host_kwh=host_kwh * runs, energy_kwh=energy, emissions_kg=co2e_kg(energy, intensity),
                     embodied_kg=acc_hours * embodied_per_hour)

