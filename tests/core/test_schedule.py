"""When a job runs: the run's hours on its grid's hourly year, flexibility, the year at a glance, and what the
estimate, the uncertainty, the advice and the command line make of them."""

import csv
import json
import math
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from planner.core import Plan, PlanError, estimate
from planner.core.catalog import load_catalog
from planner.core.errors import CatalogError
from planner.core.hourly import read_profiles
from planner.core.resources import resources_dir
from planner.core.results import Results
from planner.core.schedule import HOURS, day_date, hour_of_year, parse_start


def shipped_hours(zone: str) -> list[float]:
    """A zone's hourly values as the shipped file holds them, read without the planner's reader."""
    with open(resources_dir() / "grid_hourly.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["zone"] == zone:
                return [float(v) for v in row["values_g_per_kwh"].split()]
    raise KeyError(zone)


def plan_at(catalog, region: str, hours: float, start=None, flex=0.0) -> Plan:
    return Plan.from_dict({"schema_version": 1, "name": "when", "hardware": {"accelerator": "H100-SXM", "count": 8},
                           "run": {"hours": hours}, "site": {"region": region},
                           "schedule": {"start": start, "flex_hours": flex}}, catalog)


def expected_intensity(catalog, zone: str, region: str, first_hour: int, hours: int) -> float:
    """The catalog's yearly figure x the hourly file's mean over those hours / its yearly mean."""
    values = shipped_hours(zone)
    window = [values[(first_hour + k) % HOURS] for k in range(hours)]
    return catalog.regions[region].carbon_intensity * (sum(window) / len(window)) / (sum(values) / len(values))


@pytest.mark.parametrize("start, first_hour", [("2026-01-09T00:00Z", 8 * 24), ("2026-07-03T00:00Z", 183 * 24)])
def test_three_weeks_in_great_britain_follow_the_hourly_file(catalog, start, first_hour):
    est = estimate(plan_at(catalog, "GB", 504, start), catalog)
    want = expected_intensity(catalog, "GB", "GB", first_hour, 504)
    assert est.inputs.carbon_intensity == pytest.approx(want, rel=0.01)
    assert est.inputs.carbon_intensity_yearly == catalog.regions["GB"].carbon_intensity
    assert est.emissions_kg == pytest.approx(est.energy_kwh * want / 1000, rel=0.01)


def test_january_and_july_differ_in_great_britain(catalog):
    jan = estimate(plan_at(catalog, "GB", 504, "2026-01-09T00:00Z"), catalog).emissions_kg
    jul = estimate(plan_at(catalog, "GB", 504, "2026-07-03T00:00Z"), catalog).emissions_kg
    assert abs(jan - jul) > 0.05 * min(jan, jul)


def test_72_hours_in_germany_in_march(catalog):
    est = estimate(plan_at(catalog, "DE", 72, "2026-03-14T06:00Z"), catalog)
    first = (31 + 28 + 13) * 24 + 6
    assert est.inputs.carbon_intensity == pytest.approx(expected_intensity(catalog, "DE", "DE", first, 72), rel=0.01)
    assert "hourly data DE 2023" in est.inputs.schedule_note


def test_flexibility_runs_in_the_cleanest_hours_of_the_window(catalog):
    est = estimate(plan_at(catalog, "DE", 72, "2026-03-14T06:00Z", flex=72), catalog)
    values = shipped_hours("DE")
    first = (31 + 28 + 13) * 24 + 6
    cleanest = sorted(values[first:first + 144])[:72]
    want = catalog.regions["DE"].carbon_intensity * (sum(cleanest) / 72) / (sum(values) / HOURS)
    assert est.inputs.carbon_intensity == pytest.approx(want, rel=1e-9)
    plain = estimate(plan_at(catalog, "DE", 72, "2026-03-14T06:00Z"), catalog)
    assert est.emissions_kg < plain.emissions_kg


def test_a_window_wraps_at_the_end_of_the_year(catalog):
    est = estimate(plan_at(catalog, "GB", 5, "2026-12-31T22:00Z"), catalog)
    values = shipped_hours("GB")
    window = values[-2:] + values[:3]
    want = catalog.regions["GB"].carbon_intensity * (sum(window) / 5) / (sum(values) / HOURS)
    assert est.inputs.carbon_intensity == pytest.approx(want, rel=1e-9)


def test_a_run_longer_than_a_year_tends_to_the_yearly_figure(catalog):
    est = estimate(plan_at(catalog, "GB", 100 * HOURS + 0.5, "2026-06-01T00:00Z", flex=0), catalog)
    assert est.inputs.carbon_intensity == pytest.approx(catalog.regions["GB"].carbon_intensity, rel=0.005)
    flexible = estimate(plan_at(catalog, "GB", 3 * HOURS, "2026-06-01T00:00Z", flex=HOURS), catalog)
    assert math.isfinite(flexible.emissions_kg) and flexible.inputs.carbon_intensity < \
        catalog.regions["GB"].carbon_intensity


def test_the_best_start_is_the_minimum_over_every_start_day(catalog):
    plan = plan_at(catalog, "GB", 72, "2026-03-01T09:00Z")
    year = Results(plan, catalog).when()
    values = shipped_hours("GB")
    est = estimate(plan, catalog)
    per_day = [sum(values[(d * 24 + 9 + k) % HOURS] for k in range(72)) / 72 for d in range(365)]
    scale = est.energy_kwh * catalog.regions["GB"].carbon_intensity / 1000 / (sum(values) / HOURS)
    assert year.by_day.tolist() == pytest.approx([m * scale for m in per_day], rel=1e-9)
    assert year.best_day == int(np.argmin(per_day))
    assert year.best_kg == pytest.approx(min(per_day) * scale, rel=1e-9)
    assert year.best_start == day_date(2026, year.best_day, 9)
    # starting then gives that figure
    best = estimate(plan.with_value("schedule.start", year.best_start.strftime("%Y-%m-%dT%H:%MZ")), catalog)
    assert best.emissions_kg == pytest.approx(year.best_kg, rel=1e-9)
    assert year.plan_kg == pytest.approx(est.emissions_kg, rel=1e-9)
    # flexibility at the plan's start saves, more with more hours
    assert year.flex_kg[0.0] > year.flex_kg[24.0] > year.flex_kg[72.0] > year.flex_kg[168.0]


def test_an_unscheduled_plan_keeps_its_figures(catalog):
    base = Plan.from_dict({"schema_version": 1, "name": "x", "hardware": {"accelerator": "H100-SXM", "count": 8},
                           "run": {"hours": 72}, "site": {"region": "GB"}}, catalog)  # a file from before
    est = estimate(base, catalog)
    assert base.schedule.start is None and base.schedule.flex_hours == 0
    assert est.inputs.carbon_intensity == est.inputs.carbon_intensity_yearly == catalog.regions["GB"].carbon_intensity
    assert est.inputs.schedule_note == "" and est.inputs.schedule_zone is None
    assert est.emissions_kg == pytest.approx(est.energy_kwh * catalog.regions["GB"].carbon_intensity / 1000)
    year = Results(base, catalog).when(date(2026, 1, 1))  # any start: the yearly average
    assert year.plan_kg == pytest.approx(est.emissions_kg) and year.chosen_day is None


def test_a_region_without_hourly_data_says_so(catalog):
    est = estimate(plan_at(catalog, "NL", 72, "2026-03-01T00:00Z"), catalog)
    assert est.inputs.carbon_intensity == catalog.regions["NL"].carbon_intensity
    assert est.inputs.schedule_note.startswith("no hourly data for this grid")
    assert Results(est.plan, catalog).when() is None
    from planner.core.present import when_lines

    assert "no hourly data for this grid" in when_lines(Results(est.plan, catalog))[0]


def test_cloud_regions_on_a_profiled_grid_use_it(catalog):
    region = next(r for r in catalog.regions.values() if r.kind == "cloud" and r.zone == "US-CAL-CISO")
    est = estimate(plan_at(catalog, region.id, 72, "2026-05-01T12:00Z"), catalog)
    assert est.inputs.schedule_zone == "US-CAL-CISO"


@pytest.mark.parametrize("region, zone, year", [
    ("aws:us-west-2", "US-NW-BPAT", 2023), ("gcp:us-central1", "US-MIDW-MISO", 2023),
    ("gcp:us-west1", "US-NW-BPAT", 2023), ("aws:eu-west-1", "IE", 2022), ("aws:eu-west-3", "FR", 2023),
    ("aws:eu-north-1", "SE-SE3", 2022), ("gcp:europe-north1", "FI", 2022), ("gcp:europe-west1", "BE", 2022)])
def test_the_regions_people_rent_have_their_grids_hours(catalog, region, zone, year):
    """Issue 33, item 1: these said "no hourly data for this grid"; a 2022 file is the zone's profile, said so,
    and the shape keeps the catalog's yearly level (a start every hour of the year averages to it)."""
    plan = plan_at(catalog, region, 72, "2026-05-01T12:00Z")
    est = estimate(plan, catalog)
    assert est.inputs.schedule_zone == zone and f"hourly data {zone} {year}" in est.inputs.schedule_note
    assert est.inputs.carbon_intensity == pytest.approx(expected_intensity(catalog, zone, region, 120 * 24 + 12, 72))
    year_view = Results(plan_at(catalog, region, 1), catalog).when()
    assert year_view.profile_year == year and year_view.zone == zone
    whole_year = estimate(plan_at(catalog, region, HOURS, "2026-05-01T12:00Z"), catalog)
    assert whole_year.inputs.carbon_intensity == pytest.approx(catalog.regions[region].carbon_intensity)


def test_start_dates_parse_to_utc():
    from planner.core.plan import check_field

    assert check_field("schedule.start", "2026-03-01") == "2026-03-01T00:00Z"
    assert check_field("schedule.start", " 2026-03-01 09:30 ") == "2026-03-01T09:30Z"
    assert check_field("schedule.start", "2026-03-01T09:00+02:00") == "2026-03-01T07:00Z"
    assert check_field("schedule.start", "2026-03-01T09:00:00Z") == "2026-03-01T09:00Z"
    for bad in ("tomorrow", "2026-13-01", "2026-02-30", "1800-01-01", "2026-03-01\n09:00", 20260301, ["2026"]):
        with pytest.raises(PlanError, match=r"^schedule\.start: "):
            check_field("schedule.start", bad)


def test_a_leap_day_maps_to_the_typical_year():
    assert hour_of_year(parse_start("2028-02-29T05:00Z")) == hour_of_year(parse_start("2027-02-28T05:00Z"))
    assert hour_of_year(parse_start("2028-03-01T00:00Z")) == hour_of_year(parse_start("2027-03-01T00:00Z"))
    assert hour_of_year(parse_start("2028-12-31T23:00Z")) == HOURS - 1
    assert day_date(2028, 59) == day_date(2028, 58).replace(day=1, month=3)


def test_plan_files_keep_the_schedule(catalog, tmp_path):
    from planner.core.plan import load_plan, save_plan

    plan = plan_at(catalog, "GB", 72, "2026-03-01 09:00", flex=48)
    save_plan(plan, tmp_path / "p.plan.json")
    again = load_plan(tmp_path / "p.plan.json", catalog)
    assert again.schedule.start == "2026-03-01T09:00Z" and again.schedule.flex_hours == 48


def test_the_start_date_enters_the_interval_when_not_fixed(catalog):
    free = Results(plan_at(catalog, "GB", 72), catalog)
    fixed = Results(plan_at(catalog, "GB", 72, "2026-03-01T09:00Z"), catalog)
    no_data = Results(plan_at(catalog, "NL", 72), catalog)
    assert "start" in free.uncertain_inputs
    assert "start" not in fixed.uncertain_inputs and "start" not in no_data.uncertain_inputs
    assert "start" in [t["input"] for t in free.uncertainty.tornado]
    lo, hi = free.interval("emissions_kg")
    lo_fixed, hi_fixed = fixed.interval("emissions_kg")
    # the spread of a 3-day run's intensity over the year widens the interval
    assert hi / lo > (hi_fixed / lo_fixed) * 1.2


def test_advice_knows_when(catalog):
    from planner.core.advise import advise

    plan = plan_at(catalog, "GB", 72, "2026-03-01T09:00Z")
    by_kind = {s.kind: s for s in advise(plan, catalog)}
    start = by_kind["start"]
    year = Results(plan, catalog).when()
    assert start.plan.schedule.start == year.best_start.strftime("%Y-%m-%dT%H:%MZ")
    assert start.change.startswith(f"Start on {year.best_start.day} ")
    assert "finishes" in start.change and start.emissions_kg_saved > 0
    flex = by_kind["flexibility"]
    assert flex.plan.schedule.flex_hours in (24.0, 72.0, 168.0) and "later" in flex.change
    assert flex.emissions_kg_saved > 0


def test_damaged_hourly_data_is_named_and_the_plan_still_estimates(tmp_path, catalog):
    import shutil

    folder = tmp_path / "res"
    shutil.copytree(resources_dir(), folder)
    text = (folder / "grid_hourly.csv").read_text(encoding="utf-8").splitlines()
    k = next(k for k, line in enumerate(text) if line.startswith("GB,"))
    text[k] = text[k].replace(" ", " x", 1)
    (folder / "grid_hourly.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    where = rf"grid_hourly\.csv, row {k + 1}, column 'values_g_per_kwh'"
    with pytest.raises(CatalogError, match=where + ": must be numbers"):
        read_profiles(folder / "grid_hourly.csv")
    damaged = load_catalog(folder)
    est = estimate(plan_at(damaged, "GB", 72, "2026-03-01T09:00Z"), damaged)
    assert est.inputs.carbon_intensity == damaged.regions["GB"].carbon_intensity
    assert "hourly data unreadable" in est.inputs.schedule_note and f"row {k + 1}" in est.inputs.schedule_note
    other = estimate(plan_at(damaged, "DE", 72, "2026-03-01T09:00Z"), damaged)  # the other zones still work
    assert other.inputs.schedule_zone == "DE"


@pytest.mark.parametrize("row, message", [
    ("GB,2023,1 2 3,src", "must hold 8,760 hourly values, got 3"),
    ("GB,2023," + " ".join(["-1"] * HOURS) + ",src", "every value must be a number of 0 to 5,000"),
    ("G B,2023," + " ".join(["1"] * HOURS) + ",src", "must be a grid zone key"),
    ("GB,2023," + " ".join(["1"] * HOURS) + ",", "value is required"),
])
def test_hostile_hourly_rows_are_refused_by_row(tmp_path, row, message):
    path = tmp_path / "grid_hourly.csv"
    path.write_text("zone,year,values_g_per_kwh,source\n" + row + "\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=f"row 2.*{message}"):
        read_profiles(path)


def test_cli_when_json(catalog, tmp_path, capsys):
    from planner.cli import main

    path = tmp_path / "p.plan.json"
    path.write_text(json.dumps({"schema_version": 1, "name": "w", "hardware": {"accelerator": "H100-SXM", "count": 8},
                                "run": {"hours": 72}, "site": {"region": "GB"},
                                "schedule": {"start": "2026-03-01T09:00Z", "flex_hours": 24}}))
    assert main(["when", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["by_day"]) == 365
    assert data["best_emissions_kg"] == pytest.approx(min(d["emissions_kg"] for d in data["by_day"]))
    assert data["best_start"].startswith("2026-") and data["best_start"].endswith("T09:00Z")
    assert [f["flex_hours"] for f in data["flexibility"]] == [24.0, 72.0, 168.0]
    assert data["plan_emissions_kg"] == pytest.approx(data["emissions_kg"])
    assert main(["when", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Best start in 2026:" in text and "Electricity Maps" in text and "ODbL" in text
    assert main(["estimate", str(path), "--json"]) == 0
    inputs = json.loads(capsys.readouterr().out)["inputs"]
    assert inputs["carbon_intensity_yearly_g_per_kwh"] == catalog.regions["GB"].carbon_intensity
    assert inputs["carbon_intensity_g_per_kwh"] != inputs["carbon_intensity_yearly_g_per_kwh"]
    assert inputs["start"] == "2026-03-01T09:00Z" and inputs["flex_hours"] == 24


def test_cli_when_without_hourly_data(tmp_path, capsys):
    from planner.cli import main

    path = tmp_path / "p.plan.json"
    path.write_text(json.dumps({"schema_version": 1, "name": "w", "hardware": {"accelerator": "V100"},
                                "run": {"hours": 72}, "site": {"region": "NL"}}))
    assert main(["when", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hourly_data"] is False and "no hourly data" in data["note"]


# ------------------------------------------------------------------ issue 29: arithmetic that moves the right way
def _fill(values: np.ndarray, start: int, need: float, window: float) -> float:
    """The cheapest ``need`` hours of the window, by sorting its hours and filling (each hour counting for the
    part of it the window holds): the plain way, to check the planner's."""
    years, rest = divmod(window, HOURS)
    whole, part = int(rest), rest - int(rest)
    items = [(v, years) for v in values] if years else []
    items += [(values[(start + k) % HOURS], 1.0) for k in range(whole)]
    if part:
        items.append((values[(start + whole) % HOURS], part))
    total, left = 0.0, min(need, window)
    for v, cap in sorted(items):
        take = min(cap, left)
        total, left = total + take * v, left - take
    return total


@pytest.mark.parametrize("window", [0.3, 2.5, 7.0, 49.99, 600.4, 8760.0, 9000.25, 20000.0])
def test_the_cleanest_hours_of_any_window_match_a_plain_fill(window):
    from planner.core.schedule import Cheapest

    rng = np.random.default_rng(int(window * 100))
    values = rng.integers(20, 700, HOURS).astype(float)
    cheapest = Cheapest(values)
    starts = rng.integers(0, HOURS, 6)
    for need in (window * 0.37, window * 0.999, window):
        want = [_fill(values, int(s), need, window) for s in starts]
        assert cheapest.cost(starts, need, window) == pytest.approx(want, rel=1e-9)


def test_a_start_not_fixed_averages_every_start_hour_of_the_year(catalog):
    """52 starts from 1 January 00:00 stood for the year (issue 29, item 9)."""
    from planner.core.schedule import expected_mean

    profile = catalog.hourly_profile(catalog.regions["DE"])
    values = profile.values
    hours, flex = 2.5, 3.0
    windows = np.stack([values[(np.arange(HOURS) + k) % HOURS] for k in range(6)], axis=1)
    part = np.concatenate((np.ones((HOURS, 5)), np.full((HOURS, 1), 0.5)), axis=1)  # 5.5 h: the last is half
    costs = []
    for row, caps in zip(windows, part):  # fill the 2.5 cleanest hours of each 5.5-hour window
        order = np.argsort(row, kind="stable")
        left, total = hours, 0.0
        for k in order:
            take = min(caps[k], left)
            total, left = total + take * row[k], left - take
        costs.append(total / hours)
    assert expected_mean(profile, hours, flex) == pytest.approx(np.mean(costs), rel=1e-9)


def test_more_flexibility_never_raises_the_co2e(catalog):
    """Brazil, half an hour, no start: 0.0535 kg without flexibility, 0.0559 kg with 0.01 h (issue 29, item 9);
    21 of 80 zone x length pairs rose."""
    for region in ("BR", "DE", "GB", "US-CAL-CISO", "NO"):
        for hours in (0.5, 3, 30, 400):
            for start in (None, "2026-05-04T13:00Z"):
                kg = [estimate(plan_at(catalog, region, hours, start, flex), catalog).emissions_kg
                      for flex in (0.0, 0.01, 0.5, 1.0, 1.5, 24.0, 200.0, 8760.0)]
                assert all(b <= a * (1 + 1e-12) for a, b in zip(kg, kg[1:])), (region, hours, start, kg)


def test_a_longer_run_never_emits_less(catalog):
    """Germany, 1 h of flexibility: 0.999 h gave 0.329 kg and 1.003 h 0.325 kg, hours and flexibility floored to
    whole hours (issue 29, item 10)."""
    for start in (None, "2026-03-14T06:00Z"):
        for flex in (0.0, 0.4, 1.0, 30.5):
            kg = [estimate(plan_at(catalog, "DE", h, start, flex), catalog).emissions_kg
                  for h in (0.25, 0.999, 1.0, 1.003, 1.5, 2.0, 47.9, 48.2)]
            assert all(b >= a * (1 - 1e-12) for a, b in zip(kg, kg[1:])), (start, flex, kg)


def test_half_an_hour_counts_as_half(catalog):
    """Fractional hours count as fractions: half an hour from 06:00 with no flexibility is that hour's intensity;
    with flexibility it is the cleanest half hour of the window."""
    profile = catalog.hourly_profile(catalog.regions["DE"])
    first = (31 + 28 + 13) * 24 + 6
    est = estimate(plan_at(catalog, "DE", 0.5, "2026-03-14T06:00Z"), catalog)
    yearly = catalog.regions["DE"].carbon_intensity
    assert est.inputs.carbon_intensity == pytest.approx(yearly * profile.values[first] / profile.mean)
    flexible = estimate(plan_at(catalog, "DE", 0.5, "2026-03-14T06:00Z", 1.25), catalog)
    window = profile.values[first:first + 2]  # 1.75 h: the second hour counts for three quarters
    assert flexible.inputs.carbon_intensity == pytest.approx(yearly * window.min() / profile.mean)


def test_zero_runs_with_a_fraction_of_an_hour_of_flexibility(catalog):
    """Final, tuning and NAS runs all 0 with 0 < flexibility < 1 h raised ZeroDivisionError in the estimate, the
    sensitivity, the report and every settle in the window (issue 29, item 5)."""
    from planner.core.uncertainty import analyse

    plan = plan_at(catalog, "DE", 10, None, 0.5).with_value("experiment.final_runs", 0)
    results = Results(plan, catalog)
    assert results.estimate.emissions_kg == 0
    assert analyse(results.estimate, catalog).percentiles["emissions_kg"]["p95"] == 0
    assert results.when().plan_kg == 0 and results.advice() == []


def test_cli_when_with_a_given_grid_intensity_says_so(tmp_path, capsys):
    """It said "no hourly data for this grid" for Germany when the plan gave its own intensity (issue 29,
    item 13)."""
    from planner.cli import main

    path = tmp_path / "p.plan.json"
    path.write_text(json.dumps({"schema_version": 1, "name": "w", "hardware": {"accelerator": "V100"},
                                "run": {"hours": 72}, "site": {"region": "DE", "carbon_intensity_g_per_kwh": 300}}))
    assert main(["when", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hourly_data"] is False and "gives its grid intensity" in data["note"]
    assert "no hourly data" not in data["note"]
    assert main(["when", str(path)]) == 0
    assert "gives its grid intensity" in capsys.readouterr().out


def test_every_view_names_the_yearly_figure_and_the_runs_own_apart(catalog):
    """"GB: 89.1 g CO2e/kWh (… yearly average)" while GB's yearly figure is 176; the EU AI Act export cited 89.1 as
    "Electricity Maps yearly average 2025" and never said the start or the flexibility (issue 29, item 12)."""
    import re

    from planner.core.present import summary_text
    from planner.core.summary import eu_ai_act, reporting_paragraph, sources
    from planner.core.tables import model_card
    from planner.core.units import fmt

    plan = plan_at(catalog, "GB", 100, "2026-03-01T09:00Z", 168.0)
    r = Results(plan, catalog)
    run, yearly = fmt(r.inputs.carbon_intensity), fmt(r.inputs.carbon_intensity_yearly)
    assert run != yearly
    texts = {"summary": summary_text(r), "eu-ai-act": eu_ai_act(r), "model card": model_card(r.estimate),
             "paragraph": reporting_paragraph(r),
             "sources": "\n".join(f"{w}: {v} ({s})" for w, v, s in sources(r))}
    for name, text in texts.items():
        assert yearly in text, name
        assert f"{run} g CO2e/kWh over the run's hours" in text, name
        # the run's figure is never followed by words calling it the year's
        assert not re.search(re.escape(run) + r" g CO2e/kWh \([^)]*yearly average", text), name
    for name in ("eu-ai-act", "model card", "paragraph"):
        assert "2026-03-01 09:00 UTC" in texts[name] and "7 days of flexibility" in texts[name], name


def test_with_no_start_fixed_the_days_are_the_next_twelve_months(catalog, capsys):
    """`planner when default` gave "Best start: 6 October 2026" two months before today, and advice said "Start on 6
    October 2026 … (finishes 16 October 2026)" (issue 30, item 2)."""
    from planner.cli import main

    plan = plan_at(catalog, "GB", 72)
    today = date(2026, 12, 6)
    year = Results(plan, catalog).when(today)
    assert year.dates[0] == datetime(2026, 12, 6) and year.dates[-1] == datetime(2026, 12, 6) + timedelta(days=364)
    values = shipped_hours("GB")
    per_day = [sum(values[(hour_of_year(d) + k) % HOURS] for k in range(72)) for d in year.dates]
    assert year.best_day == int(np.argmin(per_day))
    assert [t for t in year.month_ticks()][:2] == [(26, "Jan 2027"), (57, "Feb")]
    assert main(["when", "default", "--json"]) == 0
    best = json.loads(capsys.readouterr().out)["best_start"]
    now = datetime.now().date()
    assert now <= date.fromisoformat(best[:10]) <= now + timedelta(days=365)
    when_advice = [s for s in Results(Plan.from_dict(catalog.presets["default"].plan, catalog), catalog).advice()
                   if s.kind == "start"]
    for s in when_advice:
        assert date.fromisoformat(s.plan.schedule.start[:10]) >= now
