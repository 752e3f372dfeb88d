"""The advice panel alone: filled when the plan settles, greyed while it changes, one click applies."""

from PySide6.QtCore import Qt

from planner.core.present import advice_effect, advice_unit
from planner.ui.panels.advice import AdvicePanel


def test_settled_advice_is_listed_greyed_on_change_and_applied_undoably(qtbot, hub):
    panel = AdvicePanel(hub)
    qtbot.addWidget(panel)
    assert not panel.list.isEnabled()  # nothing ranked yet
    hub.settled.emit()
    expected = hub.state.results.advice()
    headings = int(any(s.changes_project for s in expected))  # "Changing the project:" before those
    assert panel.list.count() == len(expected) + headings > 0 and panel.list.isEnabled()
    first = expected[0]
    assert panel.list.item(0).text() == f"{advice_effect(first, advice_unit(hub.state.results))}\n{first.change}"
    before = hub.state.plan
    panel.apply_suggestion(0)
    assert hub.state.plan == first.plan and not panel.list.isEnabled()  # another plan: greyed
    panel.apply_suggestion(1)  # a stale ranking applies nothing
    assert hub.state.plan == first.plan
    hub.state.undo()
    assert hub.state.plan == before


def test_the_unit_reformats_a_settled_list(qtbot, hub):
    panel = AdvicePanel(hub)
    qtbot.addWidget(panel)
    hub.settled.emit()
    hub.set_unit("lb")
    assert "\xa0lb" in panel.list.item(0).text()


def test_changes_to_the_project_sit_under_a_heading_that_applies_nothing(qtbot, hub):
    """Fine-tuning topped every from-scratch plan (issue 30, item 10): it is listed last, under a heading."""
    panel = AdvicePanel(hub)
    qtbot.addWidget(panel)
    hub.settled.emit()
    expected = hub.state.results.advice()
    k = next(k for k, s in enumerate(expected) if s.changes_project)
    head = panel.list.item(k)
    assert head.text() == "Changing the project:" and not head.flags() & Qt.ItemFlag.ItemIsSelectable
    before = hub.state.plan
    panel.list.itemClicked.emit(head)
    assert hub.state.plan == before  # a heading applies nothing
    panel.list.itemClicked.emit(panel.list.item(k + 1))
    assert hub.state.plan == expected[k].plan
