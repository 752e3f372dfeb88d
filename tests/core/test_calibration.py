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
            for tokens in (1e11, 1e13):
                u = math.exp(-3.0 + 0.2 * math.log10(size) - 0.5 * (peak >= 600e12) + 0.1 * math.log10(tokens))
                hours = 6 * size * tokens / (u * 3600 * peak)
                runs.append(CalibrationRun("r", False, size, size, tokens, "x", "bf16", hours, True, "", 2025, "s",
                                           peak))
    prior = fit(runs)
    assert (prior.b0, prior.b1, prior.b2, prior.b3) == pytest.approx((-3.0, 0.2, -0.5, 0.1))
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


def test_on_runs_it_has_not_seen_the_prior_meets_its_goals(catalog):
    """Issue 32, item 1: at least 40 published runs; left out one at a time, the central hours are within
    0.85-1.15x the published ones at the median, the 90% interval holds at least 90% and is at most 3x wide."""
    from statistics import median

    prior = catalog.utilization_prior
    rows = prior.held_out()
    assert len(rows) >= 40 and all(r.source and r.year for r, _, _ in rows)
    assert 0.85 <= median(ratio for _, ratio, _ in rows) <= 1.15
    assert sum(inside for _, _, inside in rows) / len(rows) >= 0.9
    a, b = prior.factor_bounds
    assert b / a <= 3.0
    kinds = {r.accelerator for r, _, _ in rows}
    assert {"A100-80GB", "H100-SXM", "H800", "TPUv4"} <= kinds and any(r.moe for r, _, _ in rows)


def test_a_plan_outside_the_runs_tokens_is_taken_at_the_nearest_end(catalog):
    prior = catalog.utilization_prior
    fewest, most = (10 ** t for t in prior.tokens_range)
    assert prior.median(7e9, 989e12, fewest / 100) == pytest.approx(prior.median(7e9, 989e12, fewest))
    assert prior.median(7e9, 989e12, most * 100) == pytest.approx(prior.median(7e9, 989e12, most))
    assert prior.median(7e9, 989e12, most) > prior.median(7e9, 989e12, fewest)  # longer runs: a higher share


def test_the_power_prior_is_the_published_measurements(catalog):
    """Issue 32, item 2: the share of TDP a chip without a measured mean draws is the measurements' median, and its
    interval their 5th-95th percentile; the docs print the table."""
    from pathlib import Path

    from planner.core.calibration import power_markdown, power_measurements, power_prior
    from planner.core.resources import resources_dir

    rows = power_measurements(resources_dir() / "power_measurements.csv")
    assert len(rows) >= 10 and all(r["source"] and r["year"] for r in rows)
    share = catalog.assumptions["power_share_of_tdp"]
    assert (share.value, share.low, share.high) == power_prior(rows)
    doc = (Path(__file__).parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    start = doc.index("<!-- generated: planner.core.calibration.power_markdown")
    body = doc[doc.index("\n", start) + 1:doc.index("<!-- end generated -->", start)]
    assert body == power_markdown(rows)


def test_the_power_priors_held_out_error_is_each_measurement_against_the_others():
    from planner.core.calibration import power_held_out, power_prior

    rows = [{"share_of_tdp": s} for s in (0.5, 0.6, 0.7, 0.8, 0.9, 2.0)]
    ratios, inside = power_held_out(rows)
    assert ratios[0] == pytest.approx(0.5 / power_prior(rows[1:])[0])
    assert inside == 4  # the lowest and the highest lie outside what the others span
