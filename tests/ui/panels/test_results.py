"""The results panel alone: the cards say what the core's presentation says, in the view's unit."""

from PySide6.QtWidgets import QLabel

from planner.core.present import cards
from planner.ui.panels.results import ResultsPanel
from planner.ui.widgets import tip_text


def make(qtbot, hub, interval=None):
    panel = ResultsPanel(hub, interval or (lambda results, key: results.interval(key)))
    qtbot.addWidget(panel)
    panel.resize(900, 200)
    panel.show()  # the widgets' visibility is what the tests read
    return panel


def test_the_cards_show_the_presentation_word_for_word(qtbot, hub):
    panel = make(qtbot, hub)
    hub.start()  # the water too
    for card in cards(hub.state.results, hub.unit, embodied=hub.show_embodied):
        shown = panel.cards[card.key]
        shown_texts = (shown.value.full_text, shown.band.text(), tip_text(shown.toolTip()))
        assert shown_texts == (card.value, card.band, card.tooltip)
    assert "≈" in panel.comparison.text() and "of water" in panel.comparison.text()


def test_the_unit_box_sets_the_views_unit(qtbot, hub):
    panel = make(qtbot, hub)
    panel.units_box.setCurrentIndex(panel.units_box.findData("lb"))
    assert hub.unit == "lb" and panel.cards["emissions"].value.full_text.endswith("\xa0lb")
    hub.set_unit("t")
    assert panel.units_box.currentData() == "t" and panel.cards["emissions"].value.full_text.endswith("\xa0t")


def test_before_the_first_interval_the_band_says_so(qtbot, hub):
    panel = make(qtbot, hub, interval=lambda results, key: None)
    assert panel.cards["emissions"].band.text().startswith("exact")  # every input given: known at once
    hub.state.set("hardware.power_w", None)  # the catalog's power: uncertain, its interval still to come
    assert panel.cards["emissions"].band.text().startswith("90%: …")
    assert panel.cards["water"].value.full_text == "…"  # the water waits for the first paint


def test_a_plan_that_cannot_be_estimated_says_why(qtbot, hub):
    panel = make(qtbot, hub)
    hub.state.set("run.hours", None)  # the preset gives no model size: nothing to derive hours from
    banner = panel.findChild(QLabel, "result.error")
    assert banner.isVisible() and "Hours per run: not given" in banner.text()  # the field by its label
    hub.state.set("run.hours", 10.0)
    assert not banner.isVisible()


def test_the_deltas_against_a_pinned_baseline(qtbot, hub):
    panel = make(qtbot, hub)
    hub.state.pin_baseline()
    hub.state.set("hardware.count", 128)
    assert panel.cards["emissions"].delta.text().startswith("Δ +") and "(+100%)" in panel.cards["energy"].delta.text()
    hub.state.clear_baseline()
    assert not panel.cards["emissions"].delta.isVisible()


def test_a_declared_figure_gets_its_card(qtbot, hub, monkeypatch):
    """Issue 31, item 3: a new MetricSpec shown on cards is a card of the window with no panel code."""
    from planner.core import metrics
    from planner.core.metrics import MetricSpec
    from planner.core.units import fmt

    extra = MetricSpec("runs_total", "runs_total", "Runs in all", "number",
                       lambda r: sum(r.estimate.inputs.runs.values()), help="Final, tuning and NAS runs.")
    monkeypatch.setattr(metrics, "METRICS", metrics.METRICS + (extra,))
    panel = make(qtbot, hub)
    card = panel.cards["runs_total"]
    runs = sum(hub.state.results.inputs.runs.values())
    assert card.title.full_text == "Runs in all" and card.value.full_text == fmt(runs)
    hub.state.set("experiment.final_runs", hub.state.plan.experiment.final_runs + 2)
    assert card.value.full_text == fmt(runs + 2) and card.delta.isHidden()
