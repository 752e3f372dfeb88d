"""The editor's budget line and Fit button (issue 34): what fits and which budget binds, after edits settle; Fit sets
it as one undo step."""

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from planner.core import Plan
from planner.ui.panels.editor import EditorPanel


@pytest.fixture
def editor(showing, hub):
    return showing(EditorPanel(hub), 430, 800)


def test_the_budget_line_says_what_fits_and_fit_sets_it_in_one_undo_step(editor, hub, qtbot, catalog):
    from planner.core.solve import fit

    state = hub.state
    state.replace(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog))
    button = editor.findChild(QPushButton, "budget.fit")
    assert not button.isEnabled()  # no budget yet
    state.set("budget.co2e_kg", 150_000.0)
    line = editor.findChild(QLabel, "budget.info")
    qtbot.waitUntil(lambda: "Fits: training tokens up to" in line.text())  # (after edits settle)
    assert "the CO2e budget binds" in line.text() and button.isEnabled()
    before = state.plan
    expected = fit(before, catalog, {"co2e": 150_000.0}, "model.training_tokens")
    button.click()
    assert state.plan.model.training_tokens == expected.value
    assert state.estimate.emissions_kg == pytest.approx(150_000.0, rel=0.01)
    state.undo()
    assert state.plan == before
    state.set("budget.solve", "compute-optimal")
    button.click()
    assert state.plan.model.training_tokens == pytest.approx(20 * state.plan.model.parameters)
