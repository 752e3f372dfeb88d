"""The utilization prior, calibrated on published training runs (``resources/utilization_runs.csv``).

Each run's implied model FLOPs utilization is 6 x active parameters x tokens / (accelerator-hours x 3600 x the
chip's dense peak at the precision it trained in). A least-squares fit of its logarithm on three things a plan says,

    log(MFU) = b0 + b1 x log10(active parameters) + b2 x [the chip's peak >= 600 TFLOP/s] + b3 x log10(tokens),

gives the median for a plan; the residuals' spread gives a log-normal around it. Larger models reach a higher
utilization, the fast chips of 2022 on (H100 and later) a lower one (more of their time goes to communication),
and longer runs a higher one (a run of trillions of tokens is tuned for throughput; a short one is not).
``docs/methodology.md`` ("Utilization") prints the table, the fit and how well its 90% interval covers the runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

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
    b3: float
    sigma: float  # of log(MFU) around the fit
    runs: tuple  # every CalibrationRun, fitted or not
    size_unknown: float  # log10 of the active parameters assumed when a plan gives no size (the fitted runs' mean)
    tokens_unknown: float  # log10 of the tokens assumed when a plan gives none (the fitted runs' mean)
    tokens_range: tuple = (0.0, 99.0)  # log10 of the fitted runs' fewest and most tokens: never extrapolated beyond

    def median(self, active_parameters: float | None, peak_flops: float, tokens: float | None = None) -> float:
        size = math.log10(active_parameters) if active_parameters else self.size_unknown
        fast = 1.0 if peak_flops >= FAST_PEAK_FLOPS else 0.0
        run = min(max(math.log10(tokens), self.tokens_range[0]), self.tokens_range[1]) if tokens \
            else self.tokens_unknown
        lo, hi = MEDIAN_BOUNDS
        return min(hi, max(lo, math.exp(self.b0 + self.b1 * size + self.b2 * fast + self.b3 * run)))

    @property
    def factor_bounds(self) -> tuple[float, float]:
        """The 90% interval as factors on the median."""
        return math.exp(-Z90 * self.sigma), math.exp(Z90 * self.sigma)

    def interval(self, median: float) -> tuple[float, float]:
        a, b = self.factor_bounds
        return median * a, min(1.0, median * b)

    def predict(self, run: CalibrationRun) -> tuple[float, float, float]:
        """A run's median and 90% interval under this prior."""
        m = self.median(run.active_parameters, run.peak_flops, run.tokens)
        return (m, *self.interval(m))

    def coverage(self) -> tuple[int, int]:
        """How many fitted runs' implied utilization lies in their 90% interval, of how many."""
        fitted = [r for r in self.runs if r.fitted and r.utilization is not None]
        inside = sum(lo <= r.utilization <= hi for r in fitted for _, lo, hi in [self.predict(r)])
        return inside, len(fitted)

    def held_out(self) -> list[tuple[CalibrationRun, float, bool]]:
        """Each fitted run predicted by a prior fitted without it (leave-one-out), as a plan made before the run
        would be: (the run, the planner's central accelerator-hours ÷ the published ones, whether its 90% interval
        holds the published hours). Hours scale with 1 / utilization, so the ratio is implied MFU ÷ median."""
        fitted = [r for r in self.runs if r.fitted and r.utilization is not None]
        out = []
        for run in fitted:
            m, lo, hi = fit([r for r in self.runs if r is not run]).predict(run)
            out.append((run, run.utilization / m, lo <= run.utilization <= hi))
        return out

    def held_out_coverage(self) -> tuple[int, int]:
        """How many fitted runs' published hours the leave-one-out interval holds, of how many."""
        rows = self.held_out()
        return sum(inside for _, _, inside in rows), len(rows)

    @cached_property
    def source(self) -> str:  # (every estimate without a utilization cites it: worked out once)
        inside, n = self.coverage()
        return (f"calibrated on {n} published training runs (docs/methodology.md, Utilization; "
                f"its 90% interval holds {inside} of them)")


def fit(runs: list[CalibrationRun]) -> UtilizationPrior:
    """The least-squares prior over the fitted runs (4 unknowns: the normal equations, solved directly)."""
    rows = [(math.log10(r.active_parameters), 1.0 if r.peak_flops >= FAST_PEAK_FLOPS else 0.0,
             math.log10(r.tokens), math.log(r.utilization))
            for r in runs if r.fitted and r.utilization is not None and r.tokens]
    k = 4
    if len(rows) < k + 1:
        raise ValueError(f"at least {k + 1} fitted runs are needed")
    xs = [(1.0, s, f, t) for s, f, t, _ in rows]
    ys = [y for *_, y in rows]
    a = [[sum(x[i] * x[j] for x in xs) for j in range(k)] for i in range(k)]
    b = [sum(x[i] * y for x, y in zip(xs, ys)) for i in range(k)]
    coef = _solve(a, b)
    residuals = [y - sum(c * v for c, v in zip(coef, x)) for x, y in zip(xs, ys)]
    sigma = math.sqrt(sum(e * e for e in residuals) / (len(rows) - k))
    size = sum(s for s, *_ in rows) / len(rows)
    tokens = sum(t for _, _, t, _ in rows) / len(rows)
    span = (min(t for _, _, t, _ in rows), max(t for _, _, t, _ in rows))
    return UtilizationPrior(coef[0], coef[1], coef[2], coef[3], sigma, tuple(runs), size, tokens, span)


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


def held_out_text(prior: UtilizationPrior) -> str:
    """How the prior does on runs it has not seen (leave-one-out): the central hours against the published ones,
    the interval's coverage and its width."""
    from statistics import median, quantiles

    rows = prior.held_out()
    ratios = sorted(r for _, r, _ in rows)
    q1, _, q3 = quantiles(ratios, n=4)
    inside = sum(ok for _, _, ok in rows)
    a, b = prior.factor_bounds
    return (f"Fitted without the run it predicts (leave-one-out, as a plan made before the run), the central "
            f"accelerator-hours are a median **{median(ratios):.2f}×** the published ones (half of the runs within "
            f"{q1:.2f}–{q3:.2f}×, all within {ratios[0]:.2f}–{ratios[-1]:.2f}×), and the 90% interval, "
            f"{b / a:.1f}× wide (p95 ÷ p5), holds **{inside} of {len(rows)}**.")


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
        f"{prior.b2:+.3f} × [peak ≥ 600 TFLOP/s] {prior.b3:+.3f} × log10(tokens)",
        f"    90% interval: median × {a:.2f} – {b:.2f} (log-normal, σ = {prior.sigma:.3f}); median kept in "
        f"{MEDIAN_BOUNDS[0]:.0%}–{MEDIAN_BOUNDS[1]:.0%}",
        "",
        f"The 90% interval holds the implied MFU of **{inside} of the {n} fitted runs** (so their published "
        "accelerator-hours, given their size and tokens)" + (f". Outside: {'; '.join(outs)}." if outs else ".")
        + " " + held_out_text(prior),
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


# ------------------------------------------------------------------ power in training, as a share of TDP
def power_measurements(path) -> list[dict]:
    """``resources/power_measurements.csv``: published mean power of accelerators in training, as a share of the
    chip's TDP, each with its source."""
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        return [{**r, "share_of_tdp": float(r["share_of_tdp"]), "year": int(r["year"])} for r in csv.DictReader(f)]


def power_prior(rows: list[dict]) -> tuple[float, float, float]:
    """The median share of TDP and its 5th and 95th percentiles (linear between the measurements), rounded to
    two decimals as ``assumptions.csv`` holds them (``power_share_of_tdp``)."""
    shares = sorted(r["share_of_tdp"] for r in rows)

    def pct(q: float) -> float:
        k = (len(shares) - 1) * q
        lo = int(k)
        hi = min(lo + 1, len(shares) - 1)
        return shares[lo] + (shares[hi] - shares[lo]) * (k - lo)
    return round(pct(0.5), 2), round(pct(0.05), 2), round(pct(0.95), 2)


def power_markdown(rows: list[dict]) -> str:
    """The measurements as ``docs/methodology.md`` prints them, and the prior they give."""
    median, p5, p95 = power_prior(rows)
    lines = ["| chip | TDP | workload | measured | share of TDP | host included |", "|---|---|---|---|---|---|"]
    for r in rows:
        w = f"{float(r['measured_w']):,.0f} W" if r["measured_w"] else "–"
        lines.append(f"| {r['chip']} | {float(r['tdp_w']):,.0f} W | {r['workload']} | {w} | "
                     f"{r['share_of_tdp']:.0%} | {r['includes_host']} |")
    host = sum(r["includes_host"] == "yes" for r in rows)
    ratios, inside = power_held_out(rows)
    from statistics import median as middle

    return ("\n".join(lines) + f"\n\n{len(rows)} measurements ({host} with the host's share): median "
            f"**{median:.0%}** of TDP, 5th–95th percentile {p5:.0%}–{p95:.0%}. Held out (the prior made from the "
            f"others, each in turn), a measurement is a median {middle(ratios):.2f}× the prior's central share "
            f"({min(ratios):.2f}–{max(ratios):.2f}×), and the prior's 90% interval holds **{inside} of "
            f"{len(rows)}**.\n")


def power_held_out(rows: list[dict]) -> tuple[list[float], int]:
    """Each measurement against the power prior made without it: (measured ÷ that prior's median, for each; how
    many lie within that prior's 5th–95th percentile)."""
    ratios, inside = [], 0
    for k, r in enumerate(rows):
        median, p5, p95 = power_prior(rows[:k] + rows[k + 1:])
        ratios.append(r["share_of_tdp"] / median)
        inside += p5 <= round(r["share_of_tdp"], 2) <= p95
    return ratios, inside
