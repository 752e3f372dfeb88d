"""The presentation layer: one wording for every view."""

from planner.core import Plan
from planner.core.metrics import NO_PRICE
from planner.core.present import cards, comparison, summary_text
from planner.core.results import results_for


def bert(catalog, **values):
    return results_for(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog).with_values(values), catalog)


def test_no_price_reads_the_same_everywhere(catalog):
    from planner.core.catalog import Accelerator

    lab = Accelerator("LAB-1", "Lab card", "", 250.0, None, "", 1e14, "bf16", "dense", None, None, None, None, "",
                      None, 2025, "lab", user=True)  # a user's card without a price
    own = catalog.with_user_entries([lab], [])
    results = results_for(Plan.from_dict({"schema_version": 1, "hardware": {"accelerator": "LAB-1", "count": 2},
                                          "run": {"hours": 5}, "site": {"region": "FR"}}, own), own)
    cost = {c.key: c for c in cards(results)}["cost"]
    assert cost.value == "no price" and cost.band == NO_PRICE
    assert NO_PRICE in summary_text(results)


def test_embodied_follows_the_views_choice(catalog):
    results = bert(catalog)
    on = {c.key: c for c in cards(results, embodied=True)}["emissions"].band
    off = {c.key: c for c in cards(results, embodied=False)}["emissions"].band
    assert "embodied" in on and "embodied" not in off


def test_a_baseline_gives_deltas_on_every_card(catalog):
    base, now = bert(catalog), bert(catalog, **{"hardware.count": 128})
    deltas = {c.key: c.delta for c in cards(now, baseline=base)}
    assert all(d and d.startswith("+") for d in deltas.values()), deltas


def test_the_summary_prints_every_card_and_the_comparison(catalog):
    results = bert(catalog)
    text = summary_text(results)
    for card in cards(results):
        assert f"{card.title}" in text and card.value in text and f"({card.band})" in text
    equivalent, water, _ = comparison(results)
    assert equivalent in text and water in text


# ------------------------------------------------------------------ issue 30, item 9: words
def test_side_figures_read_in_their_own_unit_never_as_thousandths(catalog):
    """"+0.00788 kt embodied", "1 day −0.00176 kt (−0%)" (issue 30, item 9)."""
    import re

    from planner.core.present import when_key, when_lines
    from planner.core.units import fmt_energy

    big = results_for(Plan.from_dict(catalog.presets["default"].plan, catalog).with_values(
        {"model.parameters": 671e9, "hardware.count": 2048, "model.training_tokens": 14.8e12,
         "site.region": "DE", "schedule.flex_hours": 0.0}), catalog)
    band = {c.key: c for c in cards(big)}["emissions"].band
    assert not re.search(r"\+0\.0\d* kt", band.replace("\xa0", " ")), band
    text = " ".join([*when_lines(big), *when_key(big)]).replace("\xa0", " ")
    assert "(−0%)" not in text and "−0%" not in text and not re.search(r"−0\.00\d+ kt", text), text
    base, now = bert(catalog), bert(catalog, **{"hardware.count": 6400})
    energy = {c.key: c for c in cards(now, baseline=base)}["energy"]
    unit = energy.value.split("\xa0")[-1]
    assert energy.delta.split(" (")[0].endswith(unit) and fmt_energy(1) != energy.delta  # "+2.44 GWh" under GWh


def test_cross_field_errors_say_numbers_as_people_read_them(catalog):
    import pytest

    from planner.core import PlanError

    with pytest.raises(PlanError, match=r"\(100B > 46\.7B\)"):
        Plan().with_values({"model.parameters": 46.7e9, "model.active_parameters": 100e9})
    with pytest.raises(PlanError, match=r"\(\$3\.00 > \$2\.50\)"):
        Plan().with_values({"pricing.usd_per_accelerator_hour_low": 3.0, "pricing.usd_per_accelerator_hour_high": 2.5})


def test_shares_read_as_the_editor_shows_them(catalog):
    """Window 15.6% against PDF "16%"; "10 %" in the editor against "20 × 0.1 of a run" (issue 30, item 9)."""
    from planner.core.summary import input_rows

    results = bert(catalog, **{"hardware.utilization": 0.156, "run.hours": None, "model.parameters": 1.1e8,
                               "model.training_tokens": 3.3e9, "experiment.tuning_runs": 20.0,
                               "experiment.tuning_run_fraction": 0.1})
    rows = dict(input_rows(results))
    assert rows["Utilization"] == "15.6%" and rows["Tuning runs"] == "20 × 10% of a run"
    assert "20 tuning × 10% of a run" in summary_text(results)


def test_the_trade_offs_say_whether_another_plan_beats_this_one(catalog):
    from planner.core import Plan
    from planner.core.present import tradeoffs_key
    from planner.core.results import Results

    plan = Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog)
    results = Results(plan, catalog)
    assert tradeoffs_key(results, "t")[0].endswith("another plan beats it on all three.")
    on_front = Results(results.front().points[0].plan, catalog)  # (a tie with itself is not a beating)
    assert not tradeoffs_key(on_front, "t")[0].endswith("beats it on all three.")
