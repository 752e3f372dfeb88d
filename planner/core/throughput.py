"""The serving law: how fast an accelerator generates tokens and what it draws, fitted on measured serving.

A served LLM's decode step streams the model's weights once for the whole running batch, and does 2 x active
parameters FLOPs per token. So the accelerator-seconds a generated token takes grow with the weights' bytes over
the batch and, less, with the active parameters; a mixture-of-experts model pays for all its experts' weights
and computes with the active ones, on the same footing as a dense model. Fitted by least squares on the
ML.ENERGY Leaderboard v3's measurements (``resources/serving_runs.csv``: 459 configurations of 22 models, dense
and MoE, 8B-671B, BF16/FP8/FP4, H100 and B200, batch 8 to 4,000):

    log(accelerator-seconds per token) = a0 + a1 log(2 x active / peak) + a2 log(weight bytes / peak)
                                         + a3 log(batch)
    log(power / TDP) = p0 + p1 log(batch)

with peak the chip's dense BF16 FLOP/s (its memory bandwidth is about proportional on these chips), weight
bytes = total parameters x bytes per weight, batch the requests decoded together. Energy per token is their
product. Its 90% interval is a log-normal whose spread is set so that, fitted without each model in turn, the
interval holds at least 90% of that model's measured configurations (docs/methodology.md, Serving).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

Z90 = 1.6448536269514722
BYTES_PER_WEIGHT = {"bf16": 2.0, "fp8": 1.0, "fp4": 0.53}  # (MXFP4: 4-bit values and a shared scale per 32)
COVERAGE = 0.90  # the share of a held-out model's measurements its interval must hold


@dataclass(frozen=True)
class ServedRun:
    model: str
    task: str
    moe: bool
    total_parameters: float
    active_parameters: float
    weight_precision: str
    accelerator: str
    count: int
    batch: float
    output_tokens: float
    tokens_per_s: float
    power_w: float  # per accelerator
    j_per_token: float
    tdp_w: float
    peak_flops: float
    source: str

    @property
    def seconds_per_token(self) -> float:
        """Accelerator-seconds per generated token."""
        return self.count / self.tokens_per_s


def _design(active, total, precision_bytes, peak, batch) -> np.ndarray:
    return np.column_stack([np.ones_like(batch), np.log(2.0 * active / peak),
                            np.log(precision_bytes * total / peak), np.log(batch)])


@dataclass(frozen=True)
class ServingLaw:
    seconds: tuple[float, float, float, float]  # a0..a3
    power: tuple[float, float]  # p0, p1
    residual_sigma: float  # of log(energy per token) around the fit, over every run
    runs: tuple  # every ServedRun

    def seconds_per_token(self, active: float, total: float, precision: str, peak: float, batch: float) -> float:
        """Accelerator-seconds one generated token takes."""
        x = _design(np.array([active]), np.array([total]), BYTES_PER_WEIGHT[precision], peak, np.array([batch]))[0]
        return math.exp(float(np.dot(self.seconds, x)))

    def power_share(self, batch: float) -> float:
        """The accelerator's average power while serving, as a share of its TDP (more in a fuller batch)."""
        return min(1.0, math.exp(self.power[0] + self.power[1] * math.log(batch)))

    @property
    def batch_exponent(self) -> float:
        """How energy per token follows the batch: x batch^this (seconds' and power's exponents together)."""
        return self.seconds[3] + self.power[1]

    def predict(self, run: ServedRun) -> float:
        """The law's energy per token for a measured configuration (J)."""
        return (self.seconds_per_token(run.active_parameters, run.total_parameters, run.weight_precision,
                                       run.peak_flops, run.batch)
                * self.power_share(run.batch) * run.tdp_w)

    @cached_property
    def held_out(self) -> tuple[float, dict]:
        """Each model predicted by a law fitted without it: (the spread factor on ``residual_sigma`` that makes
        the 90% interval hold at least 90% of the held-out measurements, {model: (median measured ÷ predicted,
        share inside at that factor)})."""
        models = sorted({r.model for r in self.runs})
        errors, sigmas = {}, {}
        for m in models:
            law = fit([r for r in self.runs if r.model != m])
            errors[m] = np.array([math.log(r.j_per_token / law.predict(r)) for r in self.runs if r.model == m])
            sigmas[m] = law.residual_sigma
        factor = 1.0
        while factor < 3.0:
            inside = sum(int(np.sum(np.abs(e) <= Z90 * sigmas[m] * factor)) for m, e in errors.items())
            if inside >= COVERAGE * len(self.runs):
                break
            factor = round(factor + 0.05, 2)
        return factor, {m: (float(np.exp(np.median(e))), float(np.mean(np.abs(e) <= Z90 * sigmas[m] * factor)))
                        for m, e in errors.items()}

    @property
    def sigma(self) -> float:
        """The log-normal spread of a plan's energy per token with its batch known (held-out calibrated)."""
        return self.residual_sigma * self.held_out[0]


def fit(runs: list[ServedRun]) -> ServingLaw:
    active = np.array([r.active_parameters for r in runs])
    total = np.array([r.total_parameters for r in runs])
    nbytes = np.array([BYTES_PER_WEIGHT[r.weight_precision] for r in runs])
    peak = np.array([r.peak_flops for r in runs])
    batch = np.array([r.batch for r in runs])
    x = _design(active, total, nbytes, peak, batch)
    a, *_ = np.linalg.lstsq(x, np.log([r.seconds_per_token for r in runs]), rcond=None)
    xp = np.column_stack([np.ones_like(batch), np.log(batch)])
    p, *_ = np.linalg.lstsq(xp, np.log([r.power_w / r.tdp_w for r in runs]), rcond=None)
    energy = x @ a + xp @ p + np.log([r.tdp_w for r in runs])
    residual = np.log([r.j_per_token for r in runs]) - energy
    return ServingLaw(tuple(float(v) for v in a), (float(p[0]), float(p[1])),  # type: ignore[arg-type]
                      float(np.sqrt(np.sum(residual ** 2) / (len(runs) - 6))), tuple(runs))


def read_runs(path: Path, accelerators: dict) -> list[ServedRun]:
    """``resources/serving_runs.csv``, each run with its chip's TDP and dense BF16 peak from the catalog."""
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            acc = accelerators[r["accelerator"]]
            out.append(ServedRun(r["model"], r["task"], r["architecture"] == "moe", float(r["total_parameters"]),
                                 float(r["active_parameters"]), r["weight_precision"], r["accelerator"],
                                 int(r["count"]), float(r["batch"]), float(r["output_tokens"]),
                                 float(r["tokens_per_s"]), float(r["power_w"]), float(r["j_per_token"]),
                                 float(acc.tdp_w), acc.peak_flops, r["source"]))
    return out
