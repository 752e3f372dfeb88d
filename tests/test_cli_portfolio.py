"""planner portfolio: the plans of files and folders summed; a file that cannot be read is named and left out;
status 2 only when no plan can be read."""

import json

import pytest

from planner.cli import main
from planner.core.portfolio import KEYS


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lab(tmp_path, catalog):
    """A folder of three plans (two with a start), a bad file beside them, and a sub-folder that is not read."""
    folder = tmp_path / "lab"
    folder.mkdir()
    for name, pid, start in (("a.plan.json", "bert-base", "2026-03-30T00:00Z"),
                             ("b.plan.json", "t5-patterson2021", "2027-01-10T00:00Z"),
                             ("c.plan.json", "llm-7b-h100", None)):
        plan = dict(catalog.presets[pid].plan)
        if start:
            plan["schedule"] = {"start": start}
        (folder / name).write_text(json.dumps(plan))
    (folder / "sub").mkdir()
    (folder / "sub" / "d.plan.json").write_text(json.dumps(catalog.presets["gpt-3-patterson2021"].plan))
    return folder


def test_json_sums_the_folders_plans(capsys, lab):
    code, out, err = run(capsys, "portfolio", str(lab), "--json", "--budget", "co2e=20t")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [p["file"] for p in data["plans"]] == [str(lab / n) for n in ("a.plan.json", "b.plan.json", "c.plan.json")]
    for k in KEYS:
        total = data["total"][k]
        assert total["value"] == pytest.approx(sum(p[k]["value"] for p in data["plans"]))
        assert sum(m[k]["value"] for m in data["by_month"].values()) == pytest.approx(total["value"])
        assert sum(r[k]["value"] for r in data["by_region"].values()) == pytest.approx(total["value"])
        assert sum(a[k]["value"] for a in data["by_accelerator"].values()) == pytest.approx(total["value"])
        assert total["p5"] <= total["p95"]
    assert list(data["by_month"])[0] == "2026-03" and "unscheduled" in data["by_month"]
    assert {b["period"] for b in data["budgets"]} == {"2026", "2027", "unscheduled"}
    assert data["problems"] == []


def test_a_bad_file_is_named_on_stderr_and_in_the_json_and_the_rest_summed(capsys, lab):
    bad = lab / "z.json"
    bad.write_text("{")
    code, out, err = run(capsys, "portfolio", str(lab), "--json")
    assert code == 0
    assert err.count("\n") == 1 and str(bad) in err and "left out" in err
    data = json.loads(out)
    assert len(data["plans"]) == 3 and data["total"]["plans"] == 3
    assert data["problems"] == [{"file": str(bad), "message": data["problems"][0]["message"]}]
    assert "JSON" in data["problems"][0]["message"]


def test_the_text_is_a_table_of_plans_and_totals(capsys, lab):
    code, out, err = run(capsys, "portfolio", str(lab / "a.plan.json"), str(lab / "c.plan.json"),
                         "--budget", "co2e=1t")
    assert code == 0 and err == ""
    for part in ("Portfolio of 2 plans", "BERT base (Strubell 2019)", "Total, 2 plans", "90%:", "By month",
                 "2026-03", "2026-04", "unscheduled", "By region", "By accelerator", "Yearly budgets",
                 "2026: CO2e", ": over"):
        assert part in out
    assert "\xa0" not in out


def test_status_2_when_no_plan_can_be_read(capsys, tmp_path):
    bad = tmp_path / "bad.plan.json"
    bad.write_text("not json")
    code, out, err = run(capsys, "portfolio", str(bad))
    assert code == 2 and out == ""
    assert str(bad) in err and "no plan could be read" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "portfolio", str(tmp_path / "empty"))
    assert code == 2 and "no *.json file" in err


def test_a_budget_that_does_not_add_is_refused(capsys, lab):
    code, out, err = run(capsys, "portfolio", str(lab), "--budget", "hours=30d")
    assert code == 2 and out == "" and err.count("\n") == 1 and "does not add across plans" in err
    code, _, err = run(capsys, "portfolio", str(lab), "--budget", "co2e=lots")
    assert code == 2 and "budget.co2e_kg" in err
