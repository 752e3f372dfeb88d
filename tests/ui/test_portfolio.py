"""The Portfolio window (issue 35): File → Open portfolio… sums a folder of plans; totals, the chart by month, a
table sortable by column; a double-click opens a plan; Export PDF writes the summary; bad files are named."""

import json

import pytest
from PySide6.QtCore import Qt

from planner.core.portfolio import read_portfolio


@pytest.fixture
def folder(tmp_path, catalog):
    plans = tmp_path / "plans"
    plans.mkdir()
    for pid, start in (("bert-base-tuning", "2027-01-10T00:00Z"), ("default", "2027-03-01T00:00Z"),
                       ("llm-70b-h100", None)):
        data = json.loads(json.dumps(catalog.presets[pid].plan))
        data["name"] = pid
        data.setdefault("schedule", {})["start"] = start
        (plans / f"{pid}.plan.json").write_text(json.dumps({"schema_version": 1, **data}))
    (plans / "broken.plan.json").write_text("{ not json")
    return plans


@pytest.fixture
def dialog(window, folder):
    dlg = window.documents.open_portfolio(str(folder))
    yield dlg
    dlg.close()


def test_the_window_sums_the_folder_as_the_command_line_does(dialog, folder, catalog):
    pf = read_portfolio([str(folder)], catalog)
    assert len(dialog.portfolio) == 3 == dialog.model.rowCount()
    assert "3 plans: CO2e" in dialog.totals.text()
    from planner.core.portfolio import total_words

    for label, value, band in total_words(pf):
        assert f"{label} {value} ({band})" in dialog.totals.text()
    assert "broken.plan.json" in dialog.problems.text() and dialog.problems.isVisibleTo(dialog)
    periods = dialog.chart.periods
    assert periods[0] == "2027-01" and periods[-1] == "unscheduled"


def test_the_table_sorts_by_a_column_of_numbers_by_their_value(dialog):
    table, model = dialog.table, dialog.sorted
    column = 4  # CO2e
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    values = [model.index(r, column).data(Qt.ItemDataRole.UserRole + 1) for r in range(model.rowCount())]
    assert values == sorted(values)
    assert model.index(model.rowCount() - 1, 0).data() == "llm-70b-h100"  # 391 t: the largest, last


def test_a_double_click_opens_the_plan_in_the_window(dialog, window, folder, qtbot):
    model = dialog.sorted
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "default")
    dialog.table.doubleClicked.emit(model.index(row, 0))
    assert window.state.path == str(folder / "default.plan.json") and window.state.plan.name == "default"


def test_export_pdf_writes_the_summary(dialog, tmp_path):
    out = tmp_path / "portfolio.pdf"
    dialog.export_pdf(str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_an_unwritable_pdf_is_said_and_nothing_is_written(dialog, tmp_path, dialogs):
    target = tmp_path / "missing-folder" / "p.pdf"
    dialog.export_pdf(str(target))
    assert not target.exists()
    assert dialogs.warned and "missing-folder" in dialogs.warned[-1][1]
