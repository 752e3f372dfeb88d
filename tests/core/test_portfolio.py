"""A lab's portfolio of plans (issue 35, part 1): totals are the sum of the plans, months add up to them, the
total's interval is of the summed draws, bad files are left out and named, budgets are checked each year."""

import json
from datetime import datetime, timedelta

import numpy as np
import pytest

from planner.core import Plan
from planner.core.errors import PlanError
from planner.core.metrics import METRIC
from planner.core.portfolio import (
    BUDGET_FIGURES,
    FOLLOWS,
    GROUPINGS,
    KEYS,
    SUMMED,
    UNSCHEDULED,
    month_shares,
    plan_files,
    portfolio_lines,
    portfolio_of,
    read_portfolio,
)
from planner.core.results import Results
from planner.core.uncertainty import analyse, sample_metrics

PRESETS = ("default", "bert-base", "t5-patterson2021", "llm-7b-h100", "gpt-3-patterson2021")


def preset(catalog, pid: str, **values) -> Plan:
    plan = Plan.from_dict(catalog.presets[pid].plan, catalog)
    return plan.with_values({k.replace("__", "."): v for k, v in values.items()}) if values else plan


@pytest.fixture(scope="module")
def mixed(catalog):
    """Five presets: three scheduled (one across a month's end), two not."""
    plans = [(pid, preset(catalog, pid, schedule__start=start)) for pid, start in zip(
        PRESETS, ("2026-01-30T00:00Z", None, "2026-03-15T06:00Z", "2027-06-01T00:00Z", None))]
    return portfolio_of(plans, catalog)


def test_the_figures_summed_are_the_cards_that_add_across_plans():
    assert KEYS == ("emissions_kg", "energy_kwh", "cost_usd", "accelerator_hours", "water_l")
    assert all(m.adds and "card" in m.shows for m in SUMMED)
    for m in SUMMED:  # each has draws of its own or follows a figure that has
        assert m.sample is not None or METRIC[FOLLOWS[m.key]].sample is not None
    assert set(BUDGET_FIGURES.values()) <= set(KEYS)


def test_totals_equal_the_sum_of_the_plans(mixed, catalog):
    assert len(mixed) == len(PRESETS) and not mixed.problems
    for k in KEYS:
        own = [METRIC[k].value(Results(e.plan, catalog)) for e in mixed.entries]  # each plan's own estimate
        assert [e.value(k) for e in mixed.entries] == pytest.approx(own, rel=1e-12)
        assert mixed.total[k].value == pytest.approx(sum(own), rel=1e-12)


@pytest.mark.parametrize("grouping", list(GROUPINGS))
def test_every_grouping_adds_up_to_the_total(mixed, grouping):
    groups = mixed.groups(grouping)
    for k in KEYS:
        assert sum(g[k].value for g in groups.values()) == pytest.approx(mixed.total[k].value, rel=1e-12)


def test_by_month_spreads_each_plan_by_its_hours_and_says_the_unscheduled_apart(mixed):
    months = mixed.groups("month")
    keys = list(months)
    assert keys[-1] == UNSCHEDULED and keys[:-1] == sorted(keys[:-1])
    unscheduled = [e for e in mixed.entries if e.start is None]
    assert [e.name for e in unscheduled] and all(e.months == {} for e in unscheduled)
    assert months[UNSCHEDULED]["emissions_kg"].value == pytest.approx(sum(e.value("emissions_kg")
                                                                           for e in unscheduled))
    assert mixed.plan_counts("month")[UNSCHEDULED] == 2
    first = mixed.entries[0]  # "default" from 30 January: its wall-clock runs into February and on
    assert list(first.months)[:2] == ["2026-01", "2026-02"] and sum(first.months.values()) == pytest.approx(1)
    assert first.months["2026-01"] == pytest.approx(48 / first.results.estimate.wall_hours)


def test_a_plan_spanning_two_months_is_split_by_its_hours(catalog):
    plan = preset(catalog, "bert-base")  # hours given: 79.2 h of wall-clock
    wall = Results(plan, catalog).estimate.wall_hours
    start = datetime(2026, 3, 1) - timedelta(hours=20)
    pf = portfolio_of([("bert", plan.with_value("schedule.start", start.strftime("%Y-%m-%dT%H:%MZ")))], catalog)
    feb, mar = pf.groups("month")["2026-02"], pf.groups("month")["2026-03"]
    for k in KEYS:
        assert feb[k].value == pytest.approx(pf.total[k].value * 20 / wall, rel=1e-9)
        assert mar[k].value == pytest.approx(pf.total[k].value * (wall - 20) / wall, rel=1e-9)
    assert list(pf.groups("month")) == ["2026-02", "2026-03"]


def test_month_shares():
    assert month_shares(datetime(2026, 1, 31, 12), 48) == {"2026-01": 0.25, "2026-02": 0.75}
    assert month_shares(datetime(2026, 12, 31, 12), 24) == {"2026-12": 0.5, "2027-01": 0.5}
    assert month_shares(datetime(2026, 5, 3), 0) == {"2026-05": 1.0}
    year = month_shares(datetime(2027, 1, 1), 8760)
    assert len(year) == 12 and year["2027-02"] == pytest.approx(28 / 365) and sum(year.values()) == pytest.approx(1)
    with pytest.raises(PlanError) as err:
        month_shares(datetime(9999, 6, 1), 1e6)
    assert err.value.field == "schedule.start"


def test_the_totals_interval_is_of_the_summed_draws_not_the_sum_of_intervals(mixed, catalog):
    for k in KEYS:
        t = mixed.total[k]
        lows, highs = (sum(getattr(e.figures[k], q) for e in mixed.entries) for q in ("p5", "p95"))
        assert t.p5 >= lows - 1e-9 * abs(lows) and t.p95 <= highs + 1e-9 * highs
    for k in ("emissions_kg", "energy_kwh", "accelerator_hours", "water_l"):  # (cost: the high ends, below)
        t = mixed.total[k]
        assert t.p5 <= t.value <= t.p95
    co2e = mixed.total["emissions_kg"]
    draws = sum(sample_metrics(e.results.estimate, catalog, mixed.samples, mixed.seed)["emissions_kg"]
                for e in mixed.entries)
    assert co2e.p5 == pytest.approx(np.percentile(draws, 5)) and co2e.p95 == pytest.approx(np.percentile(draws, 95))


def test_plans_that_share_no_assumption_have_a_total_narrower_than_their_intervals_added(catalog):
    """One run in three zones with only the grid uncertain (power and PUE given, a start): each zone's years are
    its own, drawn apart, so the total's 90% interval is narrower than the three intervals added."""
    base = preset(catalog, "bert-base", hardware__power_w=300.0, site__pue=1.1, schedule__start="2026-03-01T00:00Z")
    regions = ("aws:us-east-1", "gcp:europe-west4", "aws:ap-south-1")
    pf = portfolio_of([(r, base.with_value("site.region", r)) for r in regions], catalog)
    t = pf.total["emissions_kg"]
    assert all(e.figures["emissions_kg"].p95 > e.figures["emissions_kg"].p5 for e in pf.entries)
    assert t.p95 < sum(e.figures["emissions_kg"].p95 for e in pf.entries) * 0.99
    assert t.p5 > sum(e.figures["emissions_kg"].p5 for e in pf.entries) * 1.01
    assert t.p5 <= t.value <= t.p95


def test_a_plans_interval_is_its_own_monte_carlo(catalog):
    """The same distributions and model as the plan's own interval (analyse): the ends agree within the noise."""
    plan = preset(catalog, "llm-7b-h100")
    est = Results(plan, catalog).estimate
    own = analyse(est, catalog).percentiles
    draws = sample_metrics(est, catalog, 10_000)
    for k in ("emissions_kg", "energy_kwh", "cost_usd", "accelerator_hours"):
        assert np.percentile(draws[k], 5) == pytest.approx(own[k]["p5"], rel=0.03)
        assert np.percentile(draws[k], 95) == pytest.approx(own[k]["p95"], rel=0.03)


def test_shared_assumptions_move_together(catalog):
    """An assumption takes the same draws in every plan that shares it: two copies of a plan sum to twice its
    interval; the same run in another zone moves with it in energy (the same power, PUE and utilization
    assumptions) but not in CO2e (its own grid's years)."""
    llm = preset(catalog, "llm-7b-h100", schedule__start="2026-02-01T00:00Z")
    pf = portfolio_of([("a", llm), ("b", llm.with_value("name", "copy"))], catalog)
    e, t = pf.entries[0].figures["emissions_kg"], pf.total["emissions_kg"]
    assert t.p95 == pytest.approx(2 * e.p95) and t.p5 == pytest.approx(2 * e.p5)
    here, there = (sample_metrics(Results(p, catalog).estimate, catalog, 500) for p in (
        llm, llm.with_values({"site.region": "aws:eu-north-1", "schedule.start": "2026-05-01T00:00Z"})))
    assert np.allclose(there["energy_kwh"] / here["energy_kwh"], there["energy_kwh"][0] / here["energy_kwh"][0])
    ratio = there["emissions_kg"] / here["emissions_kg"]
    assert ratio.std() > 0.01 * ratio.mean()


def test_a_plan_without_a_price_is_left_out_of_the_cost_and_said(catalog):
    plans = [("priced", preset(catalog, "bert-base")),
             ("unpriced", preset(catalog, "bert-base", hardware__accelerator="GB300"))]
    pf = portfolio_of(plans, catalog)
    assert pf.entries[1].figures["cost_usd"] is None
    cost = pf.total["cost_usd"]
    assert cost.without == 1 and cost.value == pytest.approx(pf.entries[0].value("cost_usd"))
    assert pf.total["emissions_kg"].without == 0
    assert pf.to_dict()["total"]["cost_usd"]["plans_without"] == 1
    assert "1 plan without a price, not counted" in "\n".join(portfolio_lines(pf))


def test_json_has_every_part_and_no_nan(mixed):
    data = json.loads(json.dumps(mixed.to_dict({"co2e": 50_000.0}), allow_nan=False))
    assert {"plans", "total", "by_month", "by_year", "by_region", "by_accelerator", "budgets", "problems"} <= set(data)
    assert [p["name"] for p in data["plans"]] == [e.name for e in mixed.entries]
    assert set(data["plans"][0]) >= {"file", "name", "region", "accelerator", "start", "months", *KEYS}
    assert set(data["plans"][0]["emissions_kg"]) == {"value", "p5", "p95"}
    assert data["total"]["plans"] == len(PRESETS)
    for k in KEYS:
        assert sum(g[k]["value"] for g in data["by_month"].values()) == pytest.approx(data["total"][k]["value"])
    assert UNSCHEDULED in data["by_month"] and data["problems"] == []


def test_budgets_are_checked_for_each_year_and_the_unscheduled_plans(catalog):
    plans = [("a", preset(catalog, "bert-base", schedule__start="2026-05-01T00:00Z")),
             ("b", preset(catalog, "t5-patterson2021", schedule__start="2027-05-01T00:00Z")),
             ("c", preset(catalog, "bert-base"))]
    pf = portfolio_of(plans, catalog)
    limit = 2 * pf.entries[0].value("emissions_kg")  # bert's 2026 fits; t5's 2027 does not
    checks = pf.budget_checks({"co2e": limit, "cost": 1e9})
    assert [(c.period, c.budget.key, c.over) for c in checks] == [
        ("2026", "co2e", False), ("2026", "cost", False), ("2027", "co2e", True), ("2027", "cost", False),
        (UNSCHEDULED, "co2e", False), (UNSCHEDULED, "cost", False)]
    assert checks[0].figure.value == pytest.approx(pf.entries[0].value("emissions_kg"))
    assert "CO2e" in checks[2].text() and ": over" in checks[2].text()
    data = pf.to_dict({"co2e": limit})["budgets"]
    assert [(b["period"], b["over"]) for b in data] == [("2026", False), ("2027", True), (UNSCHEDULED, False)]
    with pytest.raises(PlanError, match="does not add across plans"):
        pf.budget_checks({"hours": 100.0})


def test_a_bad_file_is_named_and_the_rest_still_summed(tmp_path, catalog):
    good = tmp_path / "a.plan.json"
    good.write_text(json.dumps(catalog.presets["bert-base"].plan))
    (tmp_path / "b.json").write_text("{not json")
    (tmp_path / "c.plan.json").write_text(json.dumps({**catalog.presets["bert-base"].plan, "hardware":
                                                      {"accelerator": "no-such-chip"}}))
    pf = read_portfolio([tmp_path, tmp_path / "missing.plan.json"], catalog)
    assert [e.file for e in pf.entries] == [str(good)]
    assert [p.file for p in pf.problems] == [str(tmp_path / "b.json"), str(tmp_path / "c.plan.json"),
                                             str(tmp_path / "missing.plan.json")]
    assert "JSON" in pf.problems[0].message and "hardware.accelerator" in pf.problems[1].message
    assert pf.total["emissions_kg"].value == pytest.approx(pf.entries[0].value("emissions_kg"))


def test_folders_give_their_json_files_by_name_not_their_sub_folders(tmp_path):
    for name in ("b.plan.json", "a.json", "notes.txt"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.json").write_text("{}")
    (tmp_path / "empty").mkdir()
    files, problems = plan_files([tmp_path, tmp_path / "a.json", tmp_path / "empty"])
    assert files == [str(tmp_path / "a.json"), str(tmp_path / "b.plan.json")]  # a file named twice counts once
    assert [(p.file, p.message) for p in problems] == [(str(tmp_path / "empty"), "a folder with no *.json file in it")]


def test_stacks_hold_each_month_by_region(mixed):
    periods, stacks = mixed.stacks("emissions_kg", "month", by="region", top=1)
    months = mixed.groups("month")
    assert periods[0] == "2026-01" and periods[-1] == UNSCHEDULED
    assert len(periods) == len(set(periods))  # every month from the first to the last, once
    assert [g for g, _ in stacks][-1] == "other"
    column = dict(zip(periods, sum(row for _, row in stacks)))
    for p, figures in months.items():
        assert column[p] == pytest.approx(figures["emissions_kg"].value)
    assert sum(column.values()) == pytest.approx(mixed.total["emissions_kg"].value)


def test_the_text_names_every_plan_and_section(mixed):
    text = "\n".join(portfolio_lines(mixed, {"co2e": 1e6}))
    for e in mixed.entries:
        assert e.name[:30] in text
    for part in ("Total, 5 plans", "90%:", "By month", UNSCHEDULED, "By region", "By accelerator",
                 "Yearly budgets", "2027: CO2e"):
        assert part in text


def test_the_cost_interval_holds_its_figure_the_high_end_of_the_price(catalog):
    """The cost is counted at the high end of each price range (as budgets count it): its interval follows the
    accelerator-hours at that price, so it holds the figure (it once sat below it: $44,000 in $14,900-42,300)."""
    pf = portfolio_of([(pid, preset(catalog, pid)) for pid in ("bert-base-tuning", "default")], catalog)
    for figures in [pf.total, *(e.figures for e in pf.entries)]:
        cost = figures["cost_usd"]
        assert cost.p5 <= cost.value <= cost.p95


def test_plans_on_one_grid_move_together_whatever_the_provider(catalog):
    """aws:eu-west-3, azure:francecentral and gcp:europe-west9 all draw from France's grid: its years are one
    uncertainty for the three, so their total's interval is that of three copies in one region."""
    base = preset(catalog, "default", schedule__start="2027-03-01T00:00Z")  # (a start: no spread of its own)
    one = portfolio_of([(f"p{k}", base.with_value("site.region", "aws:eu-west-3")) for k in range(3)], catalog)
    three = portfolio_of([(r, base.with_value("site.region", r)) for r in
                          ("aws:eu-west-3", "azure:francecentral", "gcp:europe-west9")], catalog)
    width = [pf.total["emissions_kg"].p95 / pf.total["emissions_kg"].p5 for pf in (one, three)]
    assert width[1] == pytest.approx(width[0], rel=0.1)


def test_a_group_without_any_price_says_so_not_zero(catalog):
    unpriced = preset(catalog, "default", hardware__accelerator="GB300", schedule__start="2027-03-01T00:00Z")
    pf = portfolio_of([("u", unpriced)], catalog)
    assert pf.total["cost_usd"].shown is None and pf.to_dict()["total"]["cost_usd"]["value"] is None
    text = "\n".join(portfolio_lines(pf, {"cost": 1e6}))
    assert "$0" not in text and "no price" in text
    assert pf.budget_checks({"cost": 1e6})[0].over is None


def test_two_copies_of_one_plan_are_two_runs_each_starting_when_it_will(catalog):
    plan = preset(catalog, "default", site__region="GB")  # (no start: where in the year each runs is its own)
    pf = portfolio_of([("a.plan.json", plan), ("b.plan.json", plan)], catalog)
    est = Results(plan, catalog).estimate
    a, b = (sample_metrics(est, catalog, 2000, own=f)["emissions_kg"] for f in ("a.plan.json", "b.plan.json"))
    assert not np.allclose(a, b)
    assert pf.total["emissions_kg"].p95 / pf.total["emissions_kg"].p5 < \
        pf.entries[0].figures["emissions_kg"].p95 / pf.entries[0].figures["emissions_kg"].p5 * 1.0001
