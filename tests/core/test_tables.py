"""Formats papers, model cards and spreadsheets take (issue 14): CSV through pandas, Excel, model-card metadata."""

import io
import re

import pandas as pd
import pytest

from planner.cli import main
from planner.core import Plan, estimate, sweep
from planner.core.errors import PlanFileError
from planner.core.results import results_for
from planner.core.tables import estimate_frame, model_card, regions_frame, write_table


@pytest.fixture
def est(catalog):
    return estimate(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)


def _card_fields(text):
    assert text.startswith("co2_eq_emissions:\n")
    return dict(re.findall(r"^  (\w+): (.+)$", text, re.M))


def test_model_card_agrees_with_the_estimate(est, catalog):
    fields = _card_fields(model_card(est))
    assert float(fields["emissions"]) == pytest.approx(est.emissions_kg * 1000, rel=1e-9)  # grams
    assert "e" not in fields["emissions"].lower()  # plain decimals: YAML reads them as a number
    assert fields["training_type"] == '"pre-training"'
    assert est.inputs.region.id in fields["geographical_location"]
    assert fields["hardware_used"] == f'"{est.inputs.count} x {est.inputs.accelerator.name}"'
    assert "location-based" in fields["source"] and "planned" in fields["source"]
    tuned = estimate(est.plan.with_value("experiment.fine_tune", True), catalog)
    assert _card_fields(model_card(tuned))["training_type"] == '"fine-tuning"'


def test_estimate_table_round_trips_through_pandas(est, catalog, tmp_path):
    frame = estimate_frame(results_for(est.plan, catalog))
    path = tmp_path / "e.csv"
    write_table(frame, path)
    back = pd.read_csv(path)
    assert list(back.columns) == list(frame.columns)
    assert all(c.endswith(("_kwh", "_kg", "_l", "_usd_low", "_usd_high", "_hours")) or c in ("table", "item", "runs")
               for c in back.columns)  # units in the column names
    total = back[back["table"] == "total"].iloc[0]
    assert total["emissions_kg"] == pytest.approx(est.emissions_kg)
    assert total["energy_kwh"] == pytest.approx(est.energy_kwh)
    phases = back[back["table"] == "phase"]
    assert phases["emissions_kg"].sum() == pytest.approx(est.emissions_kg)
    parts = back[back["table"] == "part"]
    assert parts["energy_kwh"].sum() == pytest.approx(est.energy_kwh)


def test_excel_round_trip(est, catalog, tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "e.xlsx"
    write_table(estimate_frame(results_for(est.plan, catalog)), path)
    back = pd.read_excel(path, engine="openpyxl")
    assert back[back["table"] == "total"]["emissions_kg"].iloc[0] == pytest.approx(est.emissions_kg)


def test_excel_without_openpyxl_is_a_clear_error(est, catalog, tmp_path, monkeypatch):
    import planner.core.tables as tables

    monkeypatch.setattr(tables, "excel_available", lambda: False)
    with pytest.raises(PlanFileError, match="openpyxl"):
        write_table(estimate_frame(results_for(est.plan, catalog)), tmp_path / "e.xlsx")
    assert not (tmp_path / "e.xlsx").exists()


def test_cli_formats(capsys, write_plan, catalog, est):
    path = write_plan(catalog.presets["bert-base-tuning"].plan)
    assert main(["estimate", str(path), "--format", "model-card"]) == 0
    assert float(_card_fields(capsys.readouterr().out)["emissions"]) == pytest.approx(est.emissions_kg * 1000)
    assert main(["estimate", str(path), "--format", "csv"]) == 0
    back = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert back[back["table"] == "total"]["emissions_kg"].iloc[0] == pytest.approx(est.emissions_kg)
    assert main(["regions", str(path), "--csv", "--provider", "gcp"]) == 0
    ranked = pd.read_csv(io.StringIO(capsys.readouterr().out))
    expected = sweep(est, catalog, __import__("planner.core", fromlist=["region_mask"]).region_mask(
        catalog, providers=["gcp"]))
    assert list(ranked["region"]) == list(expected.ids)
    assert ranked["emissions_kg"].tolist() == pytest.approx(list(expected.emissions_kg))
    assert {"carbon_intensity_g_per_kwh", "energy_kwh", "emissions_kg"} <= set(ranked.columns)
    with pytest.raises(SystemExit) as exit_:
        main(["estimate", str(path), "--format", "yaml"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_regions_frame_is_the_sweep(est, catalog):
    s = sweep(est, catalog)
    frame = regions_frame(s)
    assert list(frame["region"]) == list(s.ids) and list(frame["rank"]) == list(range(1, len(s) + 1))


def test_text_cells_never_reach_a_spreadsheet_as_formulas(tmp_path, catalog, capsys):
    """A user catalog's region named =HYPERLINK(…) ran in a spreadsheet (issue 22): text is prefixed with '."""
    from planner.cli import main
    from planner.core.settings import data_dir

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "grid_regions.csv").write_text(
        "id,name,carbon_intensity_g_per_kwh,year,source\n"
        "=cmd|' /C calc'!A0,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",5,2025,@SUM(1)\n"
        "lab:b,-2+3,7,2025,+bill\n", encoding="utf-8")
    plan = tmp_path / "p.plan.json"
    plan.write_text(__import__("json").dumps(Plan.from_dict(catalog.presets["bert-base"].plan, catalog).to_dict()))
    assert main(["regions", str(plan), "--csv"]) == 0
    out = capsys.readouterr().out
    back = pd.read_csv(__import__("io").StringIO(out))
    for column in ("region", "name"):
        assert not back[column].astype(str).str.startswith(("=", "+", "-", "@")).any()
    assert "'=HYPERLINK" in out and "'-2+3" in out and back["emissions_kg"].dtype.kind == "f"  # numbers stay

