"""One result, one wording: the window's cards, `planner estimate` and the PDF print the same figures and words
for every card; the PDF's inputs table lists every field the plan gives (from the field specs)."""

import pytest

from planner.cli import main
from planner.core import Plan
from planner.core.fields import FIELDS, SPECS
from planner.core.present import cards
from planner.core.summary import input_rows
from planner.core.text import terminal_text
from planner.ui import report

PRESETS = ["default", "bert-base", "gpt-3-patterson2021", "transformer-big-with-neural-architecture-search",
           "llm-70b-h100"]


def pdf_text(path) -> str:
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument(None)
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    return words(" ".join(doc.getAllText(k).text() for k in range(doc.pageCount())))


def words(text: str) -> str:
    """Text as the PDF's text layer gives it: runs of spaces (no-break ones too) as one, no word joiners."""
    return " ".join(text.replace("\u2060", "").split())


@pytest.mark.parametrize("pid", PRESETS)
def test_window_cli_and_pdf_word_each_card_alike(window, qtbot, capsys, tmp_path, catalog, pid):
    window.load_preset(pid)
    qtbot.waitUntil(lambda: window.insights.is_settled, timeout=5000)
    results = window.state.results
    expected = cards(results, "auto", embodied=True)
    plan_file = tmp_path / "p.plan.json"
    plan_file.write_text(__import__("json").dumps(window.state.plan.to_dict()))
    assert main(["estimate", str(plan_file)]) == 0
    cli = capsys.readouterr().out
    pdf = tmp_path / "p.pdf"
    report.write_report(report.ReportData.from_state(window.state, window.hub.unit), pdf)
    text = pdf_text(pdf)
    for card in expected:
        shown = window.results.cards[card.key]
        assert (shown.title.text(), shown.value.full_text, shown.band.text()) == (card.title, card.value, card.band)
        line = next(ln for ln in cli.splitlines() if ln.strip().startswith(card.title))
        assert terminal_text(card.value) in line and terminal_text(f"({card.band})") in line, line
        for part in (card.title, card.value, card.band):
            assert words(part) in text, (card.key, part)


def test_the_inputs_table_lists_every_field_the_plan_gives(qapp, tmp_path, catalog):
    bert = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog)
    plan = bert.with_value("site.region", "DE").with_values({  # a grid with yearly averages, for the grid year
        "site.pue": bert.site.pue, "pricing.usd_per_accelerator_hour_low": 0.74,
        "pricing.usd_per_accelerator_hour_high": 2.48,
        "notes": "Why: the ablations of section 4.", "model.training_tokens": 3.3e9, "model.training_flops": 2e19,
        "model.active_parameters": 5.5e7,
        "hardware.host_power_w": 300.0, "hardware.utilization": 0.35, "experiment.nas": True,
        "experiment.nas_multiplier": 37.1, "experiment.fine_tune": True, "site.market_matched_fraction": 0.5,
        "site.wue_l_per_kwh": 0.4, "site.offsite_water_l_per_kwh": 2.2, "run.energy_kwh": 12_000.0,
        "site.grid_year": 2023, "schedule.start": "2023-03-01T06:00Z", "schedule.flex_hours": 24.0,
        "serving.requests_per_day": 1e6, "serving.months": 6.0, "serving.energy_wh_per_request": 0.2,
        "serving.tokens_per_request": 800.0, "serving.parameters": 5e7, "serving.utilization": 0.15,
        "serving.batch": 64.0, "serving.precision": "fp8", "budget.co2e_kg": 5e4, "budget.energy_kwh": 1e5,
        "budget.cost_usd": 1e5, "budget.wall_hours": 2000.0, "budget.accelerator_hours": 5e4,
        "budget.water_l": 1e6, "budget.solve": "model.parameters",
        "serving.accelerator": "T4", "serving.region": "FR", "pilot.share": 0.01, "pilot.hours": 2.0,
        "pilot.power_w": 240.0})
    given = [f for f in FIELDS if plan.get(f.path) not in (None, "")]
    assert len(given) >= len(FIELDS) - 1  # all but the grid intensity override
    from planner.core.results import results_for

    results = results_for(plan, catalog)
    rows = dict(input_rows(results))
    out = tmp_path / "inputs.pdf"
    report.write_report(report.ReportData(results, results.sweep("cloud")), out)
    text = pdf_text(out)
    for spec in given:
        if spec.section is None:  # the name is the title, the notes have their own section
            assert words(plan.get(spec.path)) in text, spec.path
            continue
        row = spec.table or SPECS[spec.table_with].table
        assert row in rows, spec.path
        assert words(row) in text and words(rows[row]) in text, (spec.path, rows[row])
    assert rows["On-site water (WUE)"] == "0.4 L/kWh (yours)" and rows["Tuning runs"].endswith("of a run")
