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
