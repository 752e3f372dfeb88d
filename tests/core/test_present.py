"""The presentation layer: one wording for every view."""

from planner.core import Plan
from planner.core.present import NO_PRICE, cards, comparison, summary_text
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
