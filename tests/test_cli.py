"""The planner command: summaries, JSON contract, region ranking, one-line errors."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from planner.cli import main
from planner.core import Plan, estimate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bert(write_plan, catalog):
    return write_plan(catalog.presets["bert-base-tuning"].plan, name="bert.plan.json")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_estimate_json_matches_the_core(capsys, bert, catalog):
    code, out, err = run(capsys, "estimate", str(bert), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    est = estimate(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    assert data["emissions_kg"] == pytest.approx(est.emissions_kg)
    assert data["energy_kwh"] == pytest.approx(est.energy_kwh)
    assert data["accelerator_hours"] == pytest.approx(est.accelerator_hours)
    assert data["cost_usd"] == {"low": pytest.approx(est.cost_low), "high": pytest.approx(est.cost_high)}
    assert data["flops"] is None  # hours given, no tokens: FLOPs unknown
    for phase in ("training", "tuning", "nas"):
        assert set(data["phases"][phase]) >= {"accelerator_hours", "energy_kwh", "emissions_kg"}
    assert data["range"]["emissions_kg"]["low"] < data["emissions_kg"] < data["range"]["emissions_kg"]["high"]


def test_estimate_summary_is_readable(capsys, bert):
    code, out, _ = run(capsys, "estimate", str(bert))
    assert code == 0
    # every input is given: the figures are exact, to the digit a reader checks against the paper
    assert "BERT base with tuning runs" in out and "2.282 t" in out and "round-trip flights NY-SF" in out
    code, out, _ = run(capsys, "estimate", str(bert), "--units", "lb")
    assert "5,031 lb" in out and "\xa0" not in out  # no-break spaces are for wrapped text, not the terminal


def test_regions_are_ranked(capsys, bert, catalog):
    code, out, _ = run(capsys, "regions", str(bert), "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(catalog.regions)
    kg = [r["emissions_kg"] for r in rows]
    assert kg == sorted(kg) and rows[0]["rank"] == 1
    code, out, _ = run(capsys, "regions", str(bert), "--provider", "gcp", "--top", "3")
    assert code == 0 and out.count("gcp:") == 3


@pytest.mark.parametrize("content,expected", [
    (None, "file not found"), ("", "file is empty"), ('{"schema_version": 1,', "not valid JSON"),
    ('{"schema_version": 9}', "schema_version"),
    ('{"schema_version": 1, "hardware": {"accelerator": "V100", "count": -3}, "site": {"region": "FR"}, '
     '"run": {"hours": 1}}', "hardware.count"),
    ('{"schema_version": 1, "hardware": {"accelerator": "V100"}, "site": {"region": "FR"}}', "run.hours"),
    ('{"schema_version": 1, "hardware": {"accelerator": "NOPE"}, "site": {"region": "FR"}, "run": {"hours": 1}}',
     "hardware.accelerator"),
])
@pytest.mark.parametrize("command", ["estimate", "regions"])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, content, expected, command):
    path = tmp_path / "in.plan.json"
    if content is not None:
        path.write_text(content)
    code, out, err = run(capsys, command, str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "in.plan.json" in err and expected in err
    assert "Traceback" not in err


def test_bad_arguments_exit_2(capsys, bert):
    with pytest.raises(SystemExit) as exc:
        main(["estimate"])
    assert exc.value.code == 2
    code, _, err = run(capsys, "regions", str(bert), "--provider", "ibm")
    assert code == 2 and "--provider" in err


def test_console_script_in_a_subprocess(bert):
    result = subprocess.run([sys.executable, "-m", "planner", "estimate", str(bert), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["emissions_kg"] > 0


def test_built_wheel_carries_the_resources_and_runs_elsewhere(tmp_path, bert):
    """pip builds a (non-editable) wheel; unpacked elsewhere, it finds its data."""
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for table in ("accelerators", "grid_regions", "pue", "benchmarks", "assumptions", "presets"):
        assert f"planner/resources/{table}.csv" in names
    assert "planner/resources/map.json" in names  # the map's outlines ship too
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                             "from planner.cli import main; import planner.core.resources as r; "
                             "print(r.resources_dir()); sys.exit(main(['estimate', sys.argv[2]]))",
                             str(site), str(bert)], capture_output=True, text=True, cwd=elsewhere, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert str(site / "planner" / "resources") in result.stdout


def test_app_arguments_go_to_the_app(monkeypatch):
    import planner.ui.app as app_module

    seen = []
    monkeypatch.setattr(app_module, "run_app", lambda argv: seen.append(argv) or 0)
    assert main(["--smoke-test"]) == 0 and main(["my.plan.json"]) == 0 and main([]) == 0
    assert seen == [["--smoke-test"], ["my.plan.json"], []]


def test_user_entries_work_on_the_command_line_as_in_the_window(capsys, write_plan, catalog):
    from planner.core.settings import data_dir

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "accelerators.csv").write_text(
        "id,name,tdp_w,peak_flops,price_usd_per_hour_low,price_usd_per_hour_high,price_source,year,source\n"
        "lab-gpu,Our lab GPU,300,100e12,0.5,1.0,our invoice,2026,our measurements\n")
    (folder / "grid_regions.csv").write_text(
        "id,name,carbon_intensity_g_per_kwh,year,source\nour-dc,Our datacenter,123,2026,our utility bill\n")
    data = json.loads(json.dumps(catalog.presets["default"].plan))
    data["hardware"]["accelerator"], data["site"]["region"] = "lab-gpu", "our-dc"
    path = write_plan(data)
    code, out, err = run(capsys, "estimate", str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["inputs"]["carbon_intensity_g_per_kwh"] == 123 and result["inputs"]["accelerator"] == "lab-gpu"
    assert result["cost_usd"]["high"] == pytest.approx(result["accelerator_hours"] * 1.0)
    (folder / "grid_regions.csv").write_text("id,name\nbroken\n")  # a bad file: named, left out
    code, _, err = run(capsys, "estimate", str(path))
    assert code == 2 and "grid_regions.csv" in err and "our-dc" in err


def test_window_cli_and_pdf_agree_on_one_plan(capsys, write_plan, catalog):
    from planner.core import estimate
    from planner.core.plan import Plan
    from planner.core.summary import reporting_paragraph

    plan = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog).with_value("site.region", "aws:us-east-1")
    path = write_plan(plan.to_dict())
    code, out, _ = run(capsys, "estimate", str(path), "--json")
    est = estimate(plan, catalog)
    assert json.loads(out)["emissions_kg"] == pytest.approx(est.emissions_kg)
    assert json.loads(out)["inputs"]["pue"] == catalog.pue_defaults["aws"].pue
    from planner.core.results import results_for

    assert "aws:us-east-1" in reporting_paragraph(results_for(plan, catalog))


# ---------------------------------------------------------------- hostile input (issue 11)
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("plan-*.plan.json") if "html" not in p.name))
@pytest.mark.parametrize("command", [["estimate"], ["estimate", "--json"], ["regions"], ["advise"]])
def test_hostile_plans_are_one_line_and_exit_2(capsys, name, command):
    code, out, err = run(capsys, command[0], str(HOSTILE / name), *command[1:])
    assert code == 2 and out == "" and err.count("\n") == 1 and name in err and "internal error" not in err


@pytest.mark.parametrize("argv", [["sensitivty", "x.plan.json", "--json"], ["sensitvity"], ["estmate", "p.json", "-v"],
                                  ["--frobnicate"], ["a.plan.json", "b.plan.json"]])
def test_unknown_commands_and_flags_are_usage_errors(capsys, monkeypatch, argv):
    import planner.ui.app as app_module

    monkeypatch.setattr(app_module, "run_app", lambda argv: pytest.fail("the window must not open"))
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.startswith("planner: error:") and err.count("\n") == 1


def test_a_file_name_that_is_not_valid_unicode_is_printed_escaped(tmp_path):
    result = subprocess.run([sys.executable, "-m", "planner", "estimate", str(tmp_path).encode() + b"/\xff.plan.json"],
                            capture_output=True, env={**__import__("os").environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"file not found" in result.stderr and result.stderr.count(b"\n") == 1


@pytest.fixture
def measured_files(tmp_path, write_plan, catalog, codecarbon):
    plan = catalog.presets["bert-base-tuning"].plan
    zero_grid = {**plan, "site": {**plan["site"], "carbon_intensity_g_per_kwh": 0}}
    return (write_plan(zero_grid, name="zero.plan.json"),
            codecarbon.write(tmp_path / "emissions.csv", [codecarbon.row()]))


def test_measured_against_a_zero_grid_is_null_not_nan(capsys, measured_files):
    plan, emissions = measured_files
    code, out, err = run(capsys, "measured", str(plan), str(emissions), "--json")
    assert code == 0 and "NaN" not in out
    assert json.loads(out)[0]["ratio"]["emissions"] is None
    code, out, err = run(capsys, "measured", str(plan), str(emissions))
    assert code == 0 and "n/a" in out


@pytest.mark.parametrize("where", ["missing-folder", "folder", "read-only"])
def test_calibrate_output_problems_exit_2(capsys, measured_files, tmp_path, where):
    plan, emissions = measured_files
    out_path = {"missing-folder": tmp_path / "nope" / "x.plan.json", "folder": tmp_path,
                "read-only": tmp_path / "ro.plan.json"}[where]
    if where == "read-only":
        out_path.write_text("{}")
        out_path.chmod(0o444)
    code, out, err = run(capsys, "measured", str(plan), str(emissions), "--calibrate", "1", "-o", str(out_path))
    assert code == 2 and str(out_path) in err and "internal error" not in err and err.count("\n") == 1
    if where == "read-only":
        assert out_path.read_text() == "{}"


def test_report_refuses_a_read_only_output(capsys, bert, tmp_path):
    pdf = tmp_path / "ro.pdf"
    pdf.write_bytes(b"old")
    pdf.chmod(0o444)
    code, out, err = run(capsys, "report", str(bert), "-o", str(pdf))
    assert code == 2 and "read-only" in err and pdf.read_bytes() == b"old"


def test_a_run_too_short_to_calibrate_from_is_refused(capsys, write_plan, catalog, codecarbon, tmp_path):
    plan = write_plan(catalog.presets["bert-base-tuning"].plan)
    emissions = codecarbon.write(tmp_path / "e.csv", [codecarbon.row(duration=5e-324)])
    code, out, err = run(capsys, "measured", str(plan), str(emissions), "--calibrate", "1", "-o",
                         str(tmp_path / "out.plan.json"))
    assert code == 2 and "duration" in err and "row 2" in err
    emissions = codecarbon.write(tmp_path / "e2.csv", [codecarbon.row(duration=0.01)])
    code, out, err = run(capsys, "measured", str(plan), str(emissions), "--calibrate", "1", "-o",
                         str(tmp_path / "out.plan.json"))
    assert code == 2 and "run.hours" in err and "e2.csv" in err and not (tmp_path / "out.plan.json").exists()


def test_estimate_json_inputs_hold_every_plan_field(capsys, write_plan, catalog):
    from planner.core.fields import FIELDS

    plan = Plan.from_dict(catalog.presets["default"].plan, catalog).with_value("model.active_parameters", 1e9)
    code, out, _ = run(capsys, "estimate", str(write_plan(plan.to_dict())), "--json")
    inputs = json.loads(out)["inputs"]
    assert code == 0 and {f.key for f in FIELDS if f.section} <= set(inputs)
    assert inputs["active_parameters"] == 1e9 and inputs["carbon_intensity_g_per_kwh"] > 0  # the value in use


# ---------------------------------------------------------------- the first hour (issue 21)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_every_command(capsys, flag):
    with pytest.raises(SystemExit) as exit_:
        main([flag])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and "sensitivity" in out and "90% intervals" in out


def test_a_mistyped_command_suggests_the_right_one(capsys):
    code, out, err = run(capsys, "estimat", "plan.json")
    assert code == 2 and "unknown command 'estimat'" in err and "did you mean 'estimate'" in err


@pytest.mark.parametrize("command", [["estimate"], ["regions"], ["advise"], ["sensitivity"]])
def test_a_preset_id_stands_for_a_plan_file(capsys, catalog, command):
    code, out, err = run(capsys, command[0], "bert-base", *command[1:])
    assert code == 0 and err == "" and ("BERT base" in out)
    code, _, err = run(capsys, command[0], "no-such-preset")
    assert code == 2 and "no preset has this id" in err


def test_regions_lists_the_cleanest_few_and_says_how_many_more(capsys, catalog):
    code, out, _ = run(capsys, "regions", "bert-base")
    lines = [ln for ln in out.splitlines() if ln[:5].strip().rstrip("*").isdigit()]
    assert code == 0 and len(lines) == 21  # the 20 cleanest, then the plan's own region
    assert f"and {len(catalog.regions) - 20} more" in out and "US average" in out  # names beside the ids
    with pytest.raises(SystemExit) as exit_:
        main(["regions", "bert-base", "--top", "-1"])
    assert exit_.value.code == 2 and "--top: must be at least 1" in capsys.readouterr().err
    code, out, _ = run(capsys, "regions", "bert-base", "--top", "all")
    assert "more (--top" not in out


# ---------------------------------------------------------------- faults (issue 22)
@pytest.mark.parametrize("command", [["report", "-o"], ["measured", "--calibrate", "1", "-o"]])
def test_an_output_name_too_long_is_a_usage_error(capsys, bert, tmp_path, codecarbon, command):
    target = str(tmp_path / ("x" * 256 + ".pdf"))
    if command[0] == "measured":
        csv = codecarbon.write(tmp_path / "e.csv", [codecarbon.row()])
        argv = ["measured", str(bert), str(csv), *command[1:], target]
    else:
        argv = ["report", str(bert), *command[1:], target]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "name too long" in err and "internal error" not in err


def test_a_negative_seed_is_a_usage_error(capsys, bert):
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", str(bert), "--seed", "-1"])
    assert exit_.value.code == 2 and "--seed: must be from 0" in capsys.readouterr().err


def test_control_characters_from_files_reach_the_terminal_escaped(capsys, write_plan, catalog, tmp_path,
                                                                 codecarbon, monkeypatch):
    from planner.core.settings import data_dir

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "grid_regions.csv").write_text(
        "id,name,carbon_intensity_g_per_kwh,year,source\n"
        "lab:x,\"Lab\x1b]0;pwned\x07\x1b[2J\x1b[31m\",5,2025,bill\n", encoding="utf-8")
    data = Plan.from_dict(catalog.presets["bert-base"].plan, catalog).to_dict()
    data["site"]["region"] = "lab:x"
    plan = write_plan(data)
    code, out, err = run(capsys, "estimate", str(plan))  # a name with escapes is refused, named by row and column
    assert code == 2 and "\x1b" not in err and "row 2" in err and "control characters" in err
    csv = codecarbon.write(tmp_path / "e.csv", [codecarbon.row(run_id="r1\x1b]0;title\x07\nforged,row")])
    code, out, _ = run(capsys, "measured", str(write_plan(catalog.presets["bert-base"].plan, name="b.plan.json")),
                       str(csv))
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "\\x1b]0;title" in out
    assert not any(line.startswith("forged") for line in out.splitlines())  # no row forged by a newline


@pytest.mark.parametrize("start", ["0001-01-01T00:00+01:00", "9999-12-31T23:59-01:00"])
def test_a_start_outside_the_calendar_exits_2_naming_the_field(tmp_path, capsys, start):
    """An offset that leaves the datetime range raised OverflowError: exit 1 (issue 29, item 4)."""
    from planner.cli import main

    path = tmp_path / "p.plan.json"
    path.write_text(json.dumps({"schema_version": 1, "name": "x", "hardware": {"accelerator": "V100"},
                                "run": {"hours": 10}, "site": {"region": "FR"}, "schedule": {"start": start}}))
    assert main(["estimate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "p.plan.json" in err and "schedule.start" in err and "1900 to 2100" in err


def test_fit_solves_a_field_writes_the_plan_and_names_what_cannot(capsys, tmp_path, catalog):
    code, out, err = run(capsys, "fit", "llm-70b-h100", "--budget", "co2e=150t,cost=5m", "--solve",
                         "model.training_tokens", "--json", "-o", str(tmp_path / "fitted.plan.json"))
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"field", "value", "binding", "plan", "estimate"} and data["field"] == "model.training_tokens"
    fitted = Plan.from_dict(json.loads((tmp_path / "fitted.plan.json").read_text()), catalog)
    assert fitted.model.training_tokens == data["value"] and fitted.budget.co2e_kg == 150_000.0
    assert estimate(fitted, catalog).emissions_kg == pytest.approx(data["estimate"]["emissions_kg"])
    code, out, err = run(capsys, "estimate", str(tmp_path / "fitted.plan.json"))
    assert code == 0 and "Within budget: CO2e 150" in out
    code, out, err = run(capsys, "fit", "llm-70b-h100", "--budget", "cost=1k", "--solve", "experiment.tuning_runs")
    assert code == 2 and "budget.cost_usd" in err and "llm-70b-h100" in err and err.count("\n") == 1
    code, out, err = run(capsys, "fit", "llm-70b-h100", "--budget", "co2e=2,5t")
    assert code == 2 and "decimals with a dot" in err


def test_pareto_prints_the_front_and_each_point_reproduces(capsys, tmp_path, catalog):
    code, out, err = run(capsys, "pareto", "llm-70b-h100", "--json")
    assert code == 0, err
    points = json.loads(out)["points"]
    assert points and all(set(p) >= {"plan", "label", "emissions_kg", "cost_usd", "wall_clock_hours"}
                          for p in points)
    path = tmp_path / "point.plan.json"
    path.write_text(json.dumps(points[0]["plan"]))
    code, out, err = run(capsys, "estimate", str(path), "--json")
    assert json.loads(out)["emissions_kg"] == pytest.approx(points[0]["emissions_kg"])
    code, out, err = run(capsys, "pareto", "llm-70b-h100")
    assert code == 0 and "no other beats on CO2e, cost and wall-clock time" in out
