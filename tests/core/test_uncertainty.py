"""How sure the estimate is and which input matters most (issue 13)."""

import json
import math

import numpy as np
import pytest

from planner.core import Plan, estimate
from planner.core.uncertainty import DEFAULT_SEED, Z95, Distribution, analyse, distributions


def _plan(**values):
    base = {"hardware.accelerator": "V100", "hardware.count": 8, "run.hours": 100.0, "site.region": "world"}
    return Plan().with_values({**base, **values})


def test_a_product_of_log_normals_matches_the_closed_form(catalog):
    # V100 has a measured mean (power: log-normal), "world" has no yearly series (grid: log-normal), PUE given
    plan = _plan(**{"site.pue": 1.2})
    est = estimate(plan, catalog)
    dists = distributions(est, catalog)
    assert set(dists) - {"embodied", "server", "price"} == {"power", "grid"}  # price and embodied do not move CO2e
    assert dists["power"].kind == dists["grid"].kind == "lognormal"
    mu = sum(dists[k]._mu_sigma()[0] for k in ("power", "grid"))
    sigma = math.sqrt(sum(dists[k]._mu_sigma()[1] ** 2 for k in ("power", "grid")))
    result = analyse(est, catalog, samples=40_000)
    p = result.percentiles["emissions_kg"]
    for q, z in (("p5", -Z95), ("p50", 0.0), ("p95", Z95)):
        assert p[q] == pytest.approx(est.emissions_kg * math.exp(mu + z * sigma), rel=0.01)
    # the tornado of a lone log-normal input: its own 5th and 95th percentiles times the estimate
    power = next(t for t in result.tornado if t["input"] == "power")
    assert power["low_emissions_kg"] == pytest.approx(est.emissions_kg * dists["power"].ppf(0.05))
    assert power["high_emissions_kg"] == pytest.approx(est.emissions_kg * dists["power"].ppf(0.95))


@pytest.mark.parametrize("kind,a,b", [("lognormal", 0.5, 1.05), ("triangular", 0.6, 1.3), ("triangular", 0.8, 1.0),
                                      ("uniform", 0.4, 1.6)])
def test_each_shape_samples_as_its_quantiles_say(kind, a, b):
    d = Distribution("x", kind, a, b, "", "")
    x = d.sample(np.random.default_rng(1), 200_000)
    for q in (0.05, 0.5, 0.95):
        assert np.quantile(x, q) == pytest.approx(d.ppf(q), rel=0.01)


@pytest.mark.parametrize("pid", ["default", "bert-base-tuning", "gpt-3-patterson2021", "llm-7b-h100", "llm-70b-h100",
                                 "t5-patterson2021", "transformer-big-with-neural-architecture-search"])
def test_percentiles_are_ordered_and_hold_the_estimate(catalog, pid):
    est = estimate(Plan.from_dict(catalog.presets[pid].plan, catalog), catalog)
    result = analyse(est, catalog)
    for key, central in (("emissions_kg", est.emissions_kg), ("energy_kwh", est.energy_kwh),
                         ("accelerator_hours", est.accelerator_hours)):
        p = result.percentiles[key]
        assert p["p5"] <= p["p50"] <= p["p95"]
        assert p["p5"] * (1 - 1e-9) <= central <= p["p95"] * (1 + 1e-9), key
    if est.cost_low is not None:
        c = result.percentiles["cost_usd"]
        assert c["p5"] <= c["p50"] <= c["p95"]


@pytest.mark.parametrize("acc", ["T4", "H100-SXM", "TPUv5e", "A100-80GB", "MI300X", "P100"])
@pytest.mark.parametrize("region", ["aws:us-east-1", "gcp:europe-west1", "FR", "IN", "world"])
@pytest.mark.parametrize("derived", [False, True])
def test_the_estimate_lies_in_the_90_percent_interval_across_hardware_and_grids(catalog, acc, region, derived):
    if acc not in catalog.accelerators:
        pytest.skip(f"{acc} not in the catalog")
    run = {"model.parameters": 7e9, "model.training_tokens": 2e11} if derived else {"run.hours": 50.0}
    est = estimate(_plan(**{"hardware.accelerator": acc, "site.region": region, **run}), catalog)
    p = analyse(est, catalog, samples=4000).percentiles["emissions_kg"]
    assert p["p5"] <= est.emissions_kg <= p["p95"]


def test_a_given_input_drops_out_of_the_tornado(catalog):
    plan = _plan(**{"model.parameters": 7e9, "model.training_tokens": 2e11, "run.hours": None,
                    "site.region": "aws:us-east-1", "hardware.accelerator": "H100-SXM"})
    # (us-east-1 is on PJM's grid, which has hourly data: a start not fixed is uncertain too)
    assert {t["input"] for t in analyse(plan, catalog).tornado} == {"power", "pue", "grid", "utilization", "start"}
    for path, value, gone in (("hardware.power_w", 650.0, "power"), ("site.pue", 1.1, "pue"),
                              ("site.carbon_intensity_g_per_kwh", 300.0, "grid"),
                              ("hardware.utilization", 0.45, "utilization")):
        inputs = {t["input"] for t in analyse(plan.with_value(path, value), catalog).tornado}
        assert gone not in inputs and len(inputs) == (3 if gone == "grid" else 4)  # a given grid: no start
    exact = plan.with_values({"hardware.power_w": 650.0, "site.pue": 1.1, "site.carbon_intensity_g_per_kwh": 300.0,
                              "hardware.utilization": 0.45})
    result = analyse(exact, catalog)
    p = result.percentiles["emissions_kg"]
    assert result.tornado == []
    assert p["p5"] == pytest.approx(p["p95"]) == pytest.approx(estimate(exact, catalog).emissions_kg)
    assert "given exactly" in result.reading()


def test_the_tornado_is_sorted_by_swing_and_the_reading_names_the_top(catalog):
    result = analyse(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog), catalog)
    swings = [t["swing_kg"] for t in result.tornado]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    top = result.tornado[0]
    assert top["label"].split()[0].lower() in result.reading().lower()
    n = result.narrowed
    p = result.percentiles["emissions_kg"]
    assert n["input"] == top["input"] and n["p95"] - n["p5"] < p["p95"] - p["p5"]  # measuring it narrows it


def test_a_fixed_seed_gives_the_same_answer(catalog):
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog)
    a, b = analyse(plan, catalog), analyse(plan, catalog)
    assert a.percentiles == b.percentiles and a.tornado == b.tornado and a.seed == DEFAULT_SEED
    c = analyse(plan, catalog, seed=7)
    assert c.percentiles != a.percentiles
    assert c.percentiles["emissions_kg"]["p50"] == pytest.approx(a.percentiles["emissions_kg"]["p50"], rel=0.03)


def test_every_distribution_names_its_source(catalog):
    est = estimate(Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog), catalog)
    for d in distributions(est, catalog).values():
        assert d.source and d.describe and d.a <= 1.0 <= d.b


def test_sensitivity_command_json_contract(capsys, write_plan, catalog):
    from planner.cli import main

    path = write_plan(catalog.presets["llm-70b-h100"].plan)
    assert main(["sensitivity", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("energy_kwh", "emissions_kg", "cost_usd"):
        assert set(data["percentiles"][key]) == {"p5", "p50", "p95"}
    tornado = data["tornado"]
    assert tornado and all({"input", "low_emissions_kg", "high_emissions_kg"} <= set(t) for t in tornado)
    swings = [t["high_emissions_kg"] - t["low_emissions_kg"] for t in tornado]
    assert swings == sorted(swings, reverse=True)
    assert data["emissions_kg"] == pytest.approx(estimate(Plan.from_dict(catalog.presets["llm-70b-h100"].plan,
                                                                         catalog), catalog).emissions_kg)
    # the readable form, and estimate --json keeps the conservative bounds beside the percentiles
    assert main(["sensitivity", str(path)]) == 0
    text = capsys.readouterr().out
    assert "p95" in text and "Most of the spread comes from" in text
    assert main(["estimate", str(path), "--json"]) == 0
    est = json.loads(capsys.readouterr().out)
    assert est["percentiles"]["emissions_kg"] == data["percentiles"]["emissions_kg"]
    assert est["range"]["emissions_kg"]["low"] < est["emissions_kg"] < est["range"]["emissions_kg"]["high"]
    assert "Monte Carlo" in est["uncertainty_method"]


def test_sensitivity_bad_input_is_one_line(capsys, tmp_path):
    from planner.cli import main

    bad = tmp_path / "bad.plan.json"
    bad.write_text("{")
    assert main(["sensitivity", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.plan.json" in err


def test_a_measured_energy_is_not_spread_by_power_or_utilization(catalog):
    plan = Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": 64, "model.parameters": 7e9,
                               "model.training_tokens": 1e12, "run.energy_kwh": 50_000, "site.region": "NL"})
    u = analyse(plan, catalog)
    assert {t["input"] for t in u.tornado} == {"grid", "pue"}
    energy = u.percentiles["energy_kwh"]
    est = estimate(plan, catalog)
    over, pue = est.inputs.pue - 1, u.distributions["pue"]
    assert energy["p5"] < est.energy_kwh < energy["p95"]
    assert energy["p95"] / energy["p5"] == pytest.approx((1 + over * pue.ppf(0.95)) / (1 + over * pue.ppf(0.05)),
                                                         rel=0.03)  # the PUE's spread, nothing else
    # the hours still come from FLOPs, so utilization still spreads the accelerator-hours
    hours = u.percentiles["accelerator_hours"]
    assert hours["p95"] / hours["p5"] > 1.5


def test_an_unknown_site_spans_the_pue_real_sites_report(catalog):
    """A site the plan does not name: from the best real sites (~1.08) to old ones (~2.1), mode at the Uptime survey
    average; a named provider keeps its fleet's narrower spread."""
    plan = Plan().with_values({"hardware.accelerator": "H100-SXM", "run.hours": 100, "site.region": "FR"})
    est = estimate(plan, catalog)
    pue = distributions(est, catalog)["pue"]
    over = est.inputs.pue - 1
    assert est.inputs.pue == 1.56
    assert 1 + over * pue.ppf(0.0001) == pytest.approx(1.08, abs=0.01)
    assert 1 + over * pue.ppf(0.9999) == pytest.approx(2.10, abs=0.01)
    aws = estimate(plan.with_value("site.region", "aws:us-east-1"), catalog)
    spread = distributions(aws, catalog)["pue"]
    assert 1 + (aws.inputs.pue - 1) * spread.ppf(0.95) < 1.3


def test_a_price_range_with_no_middle(catalog):
    """A price range of 0 to 5e-324 raised ZeroDivisionError in the uncertainty model (issue 29, item 7)."""
    plan = _plan().with_values({"pricing.usd_per_accelerator_hour_low": 0.0,
                                "pricing.usd_per_accelerator_hour_high": 5e-324})
    result = analyse(estimate(plan, catalog), catalog)
    assert all(math.isfinite(v) for v in result.percentiles["cost_usd"].values())


@pytest.mark.parametrize("pid", ["default", "llm-70b-h100", "deepseek-v3-fp8"])
def test_the_headline_is_the_median_of_its_own_interval(catalog, pid):
    """default, llm-70b-h100 and deepseek-v3-fp8 printed a CO2e 1.32-1.38x their Monte Carlo median: the central
    power was the TDP while the samples sat below it (issue 31, item 2). The central value of each uncertain input
    is its distribution's median, so the headline sits at the interval's median (within the Monte Carlo's noise)."""
    plan = Plan.from_dict(catalog.presets[pid].plan, catalog)
    est = estimate(plan, catalog)
    p = analyse(est, catalog).percentiles
    for key, central in (("emissions_kg", est.emissions_kg), ("energy_kwh", est.energy_kwh),
                         ("accelerator_hours", est.accelerator_hours)):
        assert central == pytest.approx(p[key]["p50"], rel=0.03), key
    a = catalog.accelerators[plan.hardware.accelerator]
    if a.avg_power_w is None and plan.hardware.power_w is None:  # the TDP stays the top of the range
        share = catalog.assumptions["power_share_of_tdp"]
        assert est.inputs.power_w == pytest.approx(a.tdp_w * share.value)
        assert est.inputs.power_high == pytest.approx(a.tdp_w * share.high)


@pytest.mark.parametrize("a,b", [(0.143, 1.964), (0.8, 1.3), (1.0, 1.138), (0.9, 1.0), (0.5, 3.0)])
def test_every_spread_has_its_median_at_the_estimate(a, b):
    """A triangular with its mode at the estimate put the median elsewhere (PUE 1.575 for a mode of 1.56; a grid
    whose newest year is its lowest: 1.04 x): the mode is placed so the median is 1, or, where 1 is too near an end,
    the spread is a log-normal as wide on both sides."""
    from planner.core.uncertainty import median_one

    d = median_one("x", a, b, "", "")
    assert d.ppf(0.5) == pytest.approx(1.0, abs=1e-9)
    samples = d.sample(np.random.default_rng(1), 200_000)
    assert np.median(samples) == pytest.approx(1.0, abs=0.01)
    if d.kind == "triangular":
        assert (d.a, d.b) == (a, b) and a <= d.mode <= b
