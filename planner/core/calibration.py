"""The utilization prior, calibrated on published training runs (``resources/utilization_runs.csv``).

Each run's implied model FLOPs utilization is 6 x active parameters x tokens / (accelerator-hours x 3600 x the
chip's dense peak at the precision it trained in). A least-squares fit of its logarithm on two things a plan says,

    log(MFU) = b0 + b1 x log10(active parameters) + b2 x [the chip's peak >= 600 TFLOP/s],

gives the median for a plan; the residuals' spread gives a log-normal around it. Larger models reach a higher
utilization, and the fast chips of 2022 on (H100 and later) a lower one: more of their time goes to communication.
``docs/methodology.md`` ("Utilization") prints the table, the fit and how well its 90% interval covers the runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z90 = 1.6448536269514722  # a 90% interval: the median x / e^(z sigma)
FAST_PEAK_FLOPS = 600e12  # "a fast chip": H100 class and later (A100 312, TPU v4 275; H100 989, MI300X 1307)
MEDIAN_BOUNDS = (0.05, 0.50)  # a median in what runs reach (none above 52%): the interval stays below 90%


@dataclass(frozen=True)
class CalibrationRun:
    run: str
    moe: bool
    total_parameters: float
    active_parameters: float
    tokens: float | None
    accelerator: str
    precision: str
    accelerator_hours: float
    fitted: bool
    note: str
    year: int
    source: str
    peak_flops: float = 0.0  # the chip's dense peak at the run's precision (from the catalog)

    @property
    def utilization(self) -> float | None:
        """The MFU the published hours imply (None without tokens)."""
        if self.tokens is None or not self.peak_flops:
            return None
        return 6.0 * self.active_parameters * self.tokens / (self.accelerator_hours * 3600.0 * self.peak_flops)


@dataclass(frozen=True)
class UtilizationPrior:
    b0: float
    b1: float
    b2: float
    sigma: float  # of log(MFU) around the fit
    runs: tuple  # every CalibrationRun, fitted or not
    size_unknown: float  # log10 of the active parameters assumed when a plan gives no size (the fitted runs' mean)

    def median(self, active_parameters: float | None, peak_flops: float) -> float:
        size = math.log10(active_parameters) if active_parameters else self.size_unknown
        fast = 1.0 if peak_flops >= FAST_PEAK_FLOPS else 0.0
        lo, hi = MEDIAN_BOUNDS
        return min(hi, max(lo, math.exp(self.b0 + self.b1 * size + self.b2 * fast)))

    @property
    def factor_bounds(self) -> tuple[float, float]:
        """The 90% interval as factors on the median."""
        return math.exp(-Z90 * self.sigma), math.exp(Z90 * self.sigma)

    def interval(self, median: float) -> tuple[float, float]:
        a, b = self.factor_bounds
        return median * a, min(1.0, median * b)

    def predict(self, run: CalibrationRun) -> tuple[float, float, float]:
        """A run's median and 90% interval under this prior."""
        m = self.median(run.active_parameters, run.peak_flops)
        return (m, *self.interval(m))

    def coverage(self) -> tuple[int, int]:
        """How many fitted runs' implied utilization lies in their 90% interval, of how many."""
        fitted = [r for r in self.runs if r.fitted and r.utilization is not None]
        inside = sum(lo <= r.utilization <= hi for r in fitted for _, lo, hi in [self.predict(r)])
        return inside, len(fitted)

    def held_out_coverage(self) -> tuple[int, int]:
        """The same, each run predicted by a prior fitted without it (leave-one-out): how it does on a new run."""
        fitted = [r for r in self.runs if r.fitted and r.utilization is not None]
        inside = 0
        for run in fitted:
            _, lo, hi = fit([r for r in self.runs if r is not run]).predict(run)
            inside += lo <= run.utilization <= hi
        return inside, len(fitted)

    @property
    def source(self) -> str:
        inside, n = self.coverage()
        return (f"calibrated on {n} published training runs (docs/methodology.md, Utilization; "
                f"its 90% interval holds {inside} of them)")


def fit(runs: list[CalibrationRun]) -> UtilizationPrior:
    """The least-squares prior over the fitted runs (3 unknowns: the normal equations, solved directly)."""
    rows = [(math.log10(r.active_parameters), 1.0 if r.peak_flops >= FAST_PEAK_FLOPS else 0.0,
             math.log(r.utilization)) for r in runs if r.fitted and r.utilization is not None]
    if len(rows) < 4:
        raise ValueError("at least 4 fitted runs are needed")
    xs = [(1.0, s, f) for s, f, _ in rows]
    ys = [y for _, _, y in rows]
    a = [[sum(x[i] * x[j] for x in xs) for j in range(3)] for i in range(3)]
    b = [sum(x[i] * y for x, y in zip(xs, ys)) for i in range(3)]
    coef = _solve(a, b)
    residuals = [y - sum(c * v for c, v in zip(coef, x)) for x, y in zip(xs, ys)]
    sigma = math.sqrt(sum(e * e for e in residuals) / (len(rows) - 3))
    size = sum(s for s, _, _ in rows) / len(rows)
    return UtilizationPrior(coef[0], coef[1], coef[2], sigma, tuple(runs), size)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small, well-conditioned system)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            raise ValueError("the fitted runs do not determine the prior (all on one kind of chip?)")
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def markdown(prior: UtilizationPrior) -> str:
    """The calibration as ``docs/methodology.md`` prints it: the fit, its coverage and every run."""
    from planner.core.units import fmt_exact

    inside, n = prior.coverage()
    a, b = prior.factor_bounds
    outs = [f"{r.run} ({r.utilization:.0%}; interval {lo:.0%}–{hi:.0%})" for r in prior.runs
            for _, lo, hi in [prior.predict(r)]
            if r.fitted and r.utilization is not None and not lo <= r.utilization <= hi]
    lines = [
        f"    log(MFU) = {prior.b0:.3f} + {prior.b1:.3f} × log10(active parameters) "
        f"{prior.b2:+.3f} × [peak ≥ 600 TFLOP/s]",
        f"    90% interval: median × {a:.2f} – {b:.2f} (log-normal, σ = {prior.sigma:.3f}); median kept in "
        f"{MEDIAN_BOUNDS[0]:.0%}–{MEDIAN_BOUNDS[1]:.0%}",
        "",
        f"The 90% interval holds the implied MFU of **{inside} of the {n} fitted runs** (so their published "
        "accelerator-hours, given their size and tokens)" + (f". Outside: {'; '.join(outs)}." if outs else ".")
        + " Fitted without the run it predicts (leave-one-out), it holds {} of {}.".format(*prior.held_out_coverage()),
        "",
        "| run | active / total parameters | tokens | chip, precision | accelerator-hours | implied MFU | "
        "prior: median (90%) | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in prior.runs:
        m, lo, hi = prior.predict(r)
        size = fmt_exact(r.active_parameters) + ("" if r.active_parameters == r.total_parameters
                                                 else f" / {fmt_exact(r.total_parameters)}")
        mfu = "–" if r.utilization is None else f"{r.utilization:.1%}"
        tokens = fmt_exact(r.tokens) if r.tokens else "–"
        lines.append(f"| {r.run}{'' if r.fitted else ' (not fitted)'} | {size} | {tokens} | {r.accelerator}, "
                     f"{r.precision.upper()} | {r.accelerator_hours:,.0f} | {mfu} | {m:.0%} ({lo:.0%}–{hi:.0%}) | "
                     f"{r.note} |")
    return "\n".join(lines) + "\n"
