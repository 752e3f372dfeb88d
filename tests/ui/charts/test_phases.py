"""The breakdown chart alone: one bar by phase, one by part, embodied ending both."""

import pytest

from planner.core import Plan, estimate
from planner.core.present import breakdown
from planner.ui.charts.phases import PhasesChart


def test_segments_stack_and_both_bars_have_one_length(qtbot, catalog, shown_text):
    chart = PhasesChart()
    qtbot.addWidget(chart)
    est = estimate(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    values = breakdown(est, "kg", embodied=True)
    chart.update_chart(values, "kg", baseline_kg=est.emissions_kg * 2)
    start, width = chart.segment("embodied")
    assert start == pytest.approx(values["training"] + values["tuning"] + values["nas"])
    assert start + width == pytest.approx(sum(values[k] for k in ("accelerators", "host", "overhead", "embodied")))
    start, width = chart.segment("embodied_server_part")  # the servers' share ends the part bar, as the phase bar
    assert start + width == pytest.approx(sum(values[k] for k in ("training", "tuning", "nas", "embodied",
                                                                  "embodied_server")))
    assert width == pytest.approx(est.embodied_parts["server"]) and width > 0
    assert chart.ghost.isVisible() and chart.baseline_total == pytest.approx(est.emissions_kg * 2)
    chart.show_key()
    assert "Embodied: accelerators (ends both bars)" in shown_text(chart.key)
    assert "Embodied: servers" in shown_text(chart.key)
    assert "by phase: Training" in chart.describe()
