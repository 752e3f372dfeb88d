"""The utilization prior (planner.core.calibration): fitted on published runs, and its 90% interval holds them."""

import math

import pytest

from planner.core import Plan, estimate
from planner.core.calibration import CalibrationRun, fit


def test_the_calibration_table_is_broad_and_sourced(catalog):
    runs = catalog.calibration_runs
    fitted = [r for r in runs if r.fitted]
    assert len(fitted) >= 15
    assert any(r.moe for r in fitted) and any(not r.moe for r in fitted)
    assert {"bf16", "fp8"} <= {r.precision for r in fitted}
    assert min(r.active_parameters for r in fitted) < 5e9 < 100e9 < max(r.active_parameters for r in fitted)
    assert all(r.source and r.year for r in runs)
    assert all(r.note for r in runs if not r.fitted)  # why a run is left out is said


def test_its_90_percent_interval_holds_at_least_90_percent_of_the_runs(catalog):
    inside, n = catalog.utilization_prior.coverage()
    assert n >= 15 and inside / n >= 0.9


def test_deepseek_v3_in_fp8_lands_in_the_interval_of_its_published_hours(catalog):
    plan = Plan().with_values({"model.parameters": 671e9, "model.active_parameters": 37e9,
                               "model.training_tokens": 14.8e12, "hardware.accelerator": "H800",
                               "hardware.count": 2048, "hardware.precision": "fp8"})
    est = estimate(plan, catalog)
    lo, hi = est.accelerator_hours_range
    assert lo <= 2.664e6 <= hi
    assert "calibrated on" in est.inputs.utilization_source


def test_the_median_grows_with_size_and_falls_on_fast_chips(catalog):
    prior = catalog.utilization_prior
    assert prior.median(70e9, 312e12) > prior.median(7e9, 312e12)
    assert prior.median(70e9, 989e12) < prior.median(70e9, 312e12)
    assert 0.05 <= prior.median(1e6, 5e15) and prior.median(1e13, 1e12) <= 0.5


def test_the_fit_recovers_a_known_law():
    """Runs made from a known law are fitted back to it (exact data: no spread)."""
    runs = []
    for size in (1e9, 1e10, 1e11, 1e12):
        for peak in (300e12, 1000e12):
            u = math.exp(-3.0 + 0.2 * math.log10(size) - 0.5 * (peak >= 600e12))
            hours = 6 * size * 1e12 / (u * 3600 * peak)
            runs.append(CalibrationRun("r", False, size, size, 1e12, "x", "bf16", hours, True, "", 2025, "s", peak))
    prior = fit(runs)
    assert (prior.b0, prior.b1, prior.b2) == pytest.approx((-3.0, 0.2, -0.5))
    assert prior.sigma == pytest.approx(0, abs=1e-9)


def test_the_methodology_prints_the_calibration_as_it_is(catalog):
    from pathlib import Path

    from planner.core.calibration import markdown

    doc = (Path(__file__).parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    start = doc.index("<!-- generated: planner.core.calibration.markdown")
    body = doc[doc.index("\n", start) + 1:doc.index("<!-- end generated -->")]
    assert body == markdown(catalog.utilization_prior), "refresh the table in docs/methodology.md from markdown()"


def test_a_run_left_out_of_the_fit_is_still_in_its_interval_nine_times_in_ten(catalog):
    inside, n = catalog.utilization_prior.held_out_coverage()
    assert inside / n >= 0.9
