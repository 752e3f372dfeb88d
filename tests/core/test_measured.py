"""CodeCarbon's emissions.csv against the plan: read whole or refused whole, compared, calibrated."""

import pytest

from planner.core import CatalogError, Plan, estimate
from planner.core.measured import calibrate, compare, read_codecarbon


def test_read_compare_and_calibrate(tmp_path, catalog, codecarbon):
    write_emissions, run_row = codecarbon.write, codecarbon.row
    path = write_emissions(tmp_path / "emissions.csv", [run_row(), run_row(run_id="r2", duration=20 * 3600)])
    runs = read_codecarbon(path)
    assert [r.label for r in runs] == ["r1", "r2"] and runs[0].hours == pytest.approx(10)
    assert runs[0].intensity == pytest.approx(50)
    plan = Plan().with_values({"hardware.accelerator": "A100-40GB", "hardware.count": 8, "run.hours": 5.0,
                               "site.region": "gcp:northamerica-northeast1"})
    rows = compare(plan, runs, catalog)
    est = estimate(plan, catalog)
    assert rows[0].planned_energy_kwh == pytest.approx(est.energy_kwh)
    assert rows[0].energy_ratio == pytest.approx(runs[0].energy_kwh / est.energy_kwh)
    assert rows[1].hours_ratio == pytest.approx(4.0)
    cal = calibrate(plan, runs[0])
    assert cal.run.hours == pytest.approx(10) and cal.hardware.count == 8
    assert cal.hardware.power_w == pytest.approx(250) and cal.hardware.host_power_w == pytest.approx(400)
    # the calibrated plan reproduces the measured energy at the measured PUE
    again = estimate(cal.with_value("site.pue", 1.2), catalog)
    assert again.energy_kwh == pytest.approx(runs[0].energy_kwh)


def test_total_energy_only(tmp_path, catalog, codecarbon):
    write_emissions, run_row = codecarbon.write, codecarbon.row
    row = run_row(gpu_energy="", cpu_energy="", ram_energy="", pue="")
    runs = read_codecarbon(write_emissions(tmp_path / "e.csv", [row]))
    cal = calibrate(Plan().with_values({"hardware.accelerator": "V100", "site.region": "FR"}), runs[0])
    assert cal.hardware.power_w == pytest.approx(row["energy_consumed"] / (10 * 8) * 1000)


@pytest.mark.parametrize("row,column", [({"duration": "abc"}, "duration"), ({"energy_consumed": ""}, "energy_consumed"),
                                        ({"emissions": "-1"}, "emissions"), ({"gpu_count": "2.5"}, "gpu_count"),
                                        ({"pue": "0.5"}, "pue"), ({"duration": "0"}, "duration")])
def test_a_malformed_file_is_refused_whole(tmp_path, row, column, codecarbon):
    write_emissions, run_row = codecarbon.write, codecarbon.row
    path = write_emissions(tmp_path / "emissions.csv", [run_row(), run_row(run_id="bad", **row)])
    with pytest.raises(CatalogError) as err:
        read_codecarbon(path)
    assert err.value.row == 3 and err.value.column == column and "emissions.csv" in str(err.value)


def test_missing_columns_and_empty_files(tmp_path, codecarbon):
    write_emissions = codecarbon.write
    p = tmp_path / "partial.csv"
    p.write_text("timestamp,duration\n2026,10\n")
    with pytest.raises(CatalogError, match="missing column.*energy_consumed"):
        read_codecarbon(p)
    empty = write_emissions(tmp_path / "empty.csv", [])
    with pytest.raises(CatalogError, match="no runs"):
        read_codecarbon(empty)
    with pytest.raises(CatalogError, match="file not found"):
        read_codecarbon(tmp_path / "nope.csv")


def test_measured_command(tmp_path, write_plan, catalog, capsys, codecarbon):
    write_emissions, run_row = codecarbon.write, codecarbon.row
    import json

    from planner.cli import main
    from planner.core import load_plan

    plan = write_plan(catalog.presets["bert-base-tuning"].plan)
    emissions = write_emissions(tmp_path / "emissions.csv", [run_row(), run_row(run_id="r2")])
    assert main(["measured", str(plan), str(emissions), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2 and rows[0]["ratio"]["energy"] == pytest.approx(
        rows[0]["measured"]["energy_kwh"] / rows[0]["planned_per_run"]["energy_kwh"])
    out = tmp_path / "cal.plan.json"
    assert main(["measured", str(plan), str(emissions), "--calibrate", "1", "-o", str(out)]) == 0
    assert load_plan(out, catalog).hardware.power_w == pytest.approx(250)
    bad = write_emissions(tmp_path / "bad.csv", [run_row(duration="x")])
    assert main(["measured", str(plan), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "row 2" in err and "'duration'" in err


def test_a_plan_with_a_measured_energy_is_calibrated_to_the_run(tmp_path, catalog, codecarbon):
    """--calibrate kept run.energy_kwh, so the calibrated plan still planned 545 kWh against the run's 28.8 kWh
    (issue 29, item 11)."""
    runs = read_codecarbon(codecarbon.write(tmp_path / "emissions.csv", [codecarbon.row()]))
    plan = Plan().with_values({"hardware.accelerator": "A100-40GB", "hardware.count": 8, "run.energy_kwh": 545.0,
                               "site.region": "gcp:northamerica-northeast1", "site.pue": runs[0].pue})
    assert compare(plan, runs, catalog)[0].energy_ratio == pytest.approx(runs[0].energy_kwh / (545 * runs[0].pue))
    cal = calibrate(plan, runs[0])
    assert cal.run.energy_kwh is None
    row = compare(cal, runs, catalog)[0]
    assert row.energy_ratio == pytest.approx(1.0) and row.hours_ratio == pytest.approx(1.0)


def _llm(**values) -> Plan:
    base = {"hardware.accelerator": "H100-SXM", "hardware.count": 64, "model.parameters": 7e9,
            "model.training_tokens": 1e12, "site.region": "GB"}
    return Plan().with_values({**base, **values})


def test_a_pilot_consistent_with_the_plan_narrows_it_and_still_holds_the_truth(catalog):
    """Issue 32, item 4, in simulation: runs whose true utilization is drawn from the prior, each with a pilot of 1%
    of it measured with the stated noise: the posterior interval holds the truth about 9 times in 10 and is
    narrower than the prior's."""
    import math

    import numpy as np

    from planner.core.calibration import Z90

    plan = _llm()
    est = estimate(plan, catalog)
    i = est.inputs
    prior_lo, prior_hi = catalog.utilization_prior.factor_bounds
    sigma0 = math.log(prior_hi / prior_lo) / (2 * Z90)
    noise = catalog.assumptions["pilot_utilization_noise"].value
    rng = np.random.default_rng(7)
    inside, widths, n = 0, [], 300
    for _ in range(n):
        truth = i.utilization * math.exp(rng.normal(0, sigma0))
        seen = truth * math.exp(rng.normal(0, noise))
        hours = i.flops_per_run * 0.01 / (i.count * i.peak_flops * seen * 3600)  # the pilot's hours at that rate
        post = estimate(plan.with_values({"pilot.share": 0.01, "pilot.hours": hours}), catalog).inputs
        lo = post.utilization * post.hours_per_run / post.hours_high
        hi = post.utilization * post.hours_per_run / post.hours_low
        inside += lo <= truth <= hi
        widths.append(hi / lo)
    assert 0.85 <= inside / n <= 0.97
    assert max(widths) < 0.5 * (prior_hi / prior_lo)  # the interval: less than half the prior's width


def test_an_inconsistent_pilot_moves_the_central_value_and_power_narrows_too(catalog):
    plan = _llm()
    est = estimate(plan, catalog)
    i = est.inputs
    fast = i.flops_per_run * 0.01 / (i.count * i.peak_flops * (2 * i.utilization) * 3600)  # twice the prior's rate
    post = estimate(plan.with_values({"pilot.share": 0.01, "pilot.hours": fast, "pilot.power_w": 600.0}), catalog)
    assert 1.8 * i.utilization < post.inputs.utilization < 2 * i.utilization  # near the pilot, a little short of it
    assert post.accelerator_hours < 0.6 * est.accelerator_hours
    assert "narrowed by a pilot" in post.inputs.utilization_source
    assert 590 < post.inputs.power_w < 600 and post.inputs.power_sigma < 0.06
    from planner.core.results import Results

    before, after = Results(plan, catalog), Results(post.plan, catalog)
    lo0, hi0 = before.interval("emissions_kg")
    lo1, hi1 = after.interval("emissions_kg")
    assert hi1 / lo1 < 0.7 * (hi0 / lo0)  # every interval follows
    # hours or power the plan gives stay given
    given = estimate(_llm(**{"hardware.utilization": 0.3, "hardware.power_w": 500.0, "pilot.share": 0.01,
                             "pilot.hours": fast, "pilot.power_w": 600.0}), catalog)
    assert given.inputs.utilization == 0.3 and given.inputs.power_w == 500.0


def test_planner_measured_narrow_writes_the_plan_with_its_pilot(tmp_path, catalog, codecarbon, capsys):
    import json

    from planner.cli import main

    path = codecarbon.write(tmp_path / "emissions.csv", [codecarbon.row(gpu_count=64, duration=3 * 3600)])
    plan = tmp_path / "p.plan.json"
    plan.write_text(json.dumps({"schema_version": 1, "name": "p", "model": {"parameters": 7e9,
                                                                            "training_tokens": 1e12},
                                "hardware": {"accelerator": "H100-SXM", "count": 64}, "site": {"region": "GB"}}))
    out = tmp_path / "narrowed.plan.json"
    assert main(["measured", str(plan), str(path), "--narrow", "1", "--share", "0.01", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "narrowed by a pilot of 1% of a run" in text and "Utilization" in text and "CO2e" in text
    data = json.loads(out.read_text())
    assert data["pilot"]["share"] == 0.01 and data["pilot"]["hours"] == pytest.approx(3.0)
    assert data["pilot"]["power_w"] == pytest.approx(8 * 250 * 10 / 1000 / (3 * 64) * 1000)  # GPU kWh / h / GPUs
    assert main(["measured", str(plan), str(path), "--narrow", "1"]) == 2  # the share is needed
    assert main(["measured", str(plan), str(path), "--narrow", "2", "--share", "0.01"]) == 2


def test_the_editor_reads_the_utilization_a_pilot_narrowed(catalog):
    from planner.core.readings import in_use
    from planner.core.results import results_for

    plan = _llm(**{"pilot.share": 0.01, "pilot.hours": 2.0})
    r = results_for(plan, catalog)
    assert in_use("hardware.utilization", r) == pytest.approx(r.inputs.utilization)
    assert in_use("hardware.utilization", r) != pytest.approx(in_use("hardware.utilization", results_for(_llm(),
                                                                                                         catalog)))
