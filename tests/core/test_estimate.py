"""The estimate reproduces published footprints and follows its documented formulas."""

import json

import numpy as np
import pytest

from planner.core import Plan, PlanError, estimate, load_plan, region_mask, sweep
from planner.core.catalog import LB_PER_KG

UNIT_KG = {"lb": 1 / LB_PER_KG, "t": 1000.0, "kg": 1.0}


def _opt(v):
    return float(v) if v not in ("", None) else None


def plan_from_published(row):
    """The published inputs, written in the plan file format."""
    return {
        "schema_version": 1, "name": row["run"],
        "model": {"parameters": _opt(row["parameters"]), "training_tokens": None,
                  "training_flops": _opt(row["training_flops"])},
        "hardware": {"accelerator": row["accelerator"], "count": int(row["accelerator_count"]),
                     "power_w": float(row["power_w_per_accelerator"]), "host_power_w": float(row["host_power_w"]),
                     "utilization": None},
        "run": {"hours": float(row["hours_per_run"])},
        "experiment": {"final_runs": 1, "tuning_runs": 0, "tuning_run_fraction": 1.0, "nas": False,
                       "nas_multiplier": None},
        "site": {"region": "US-EPA-2018", "pue": float(row["pue"]),
                 "carbon_intensity_g_per_kwh": float(row["carbon_intensity_g_per_kwh"])},
        "pricing": {"usd_per_accelerator_hour_low": _opt(row["price_usd_per_accelerator_hour_low"]),
                    "usd_per_accelerator_hour_high": _opt(row["price_usd_per_accelerator_hour_high"])},
    }


def test_every_published_run_is_reproduced_within_2_percent(published_runs, write_plan, catalog):
    assert len(published_runs) >= 11
    for row in published_runs:
        path = write_plan(plan_from_published(row), name="run.plan.json")
        est = estimate(load_plan(path, catalog), catalog)
        name = row["run"]
        assert est.energy_kwh == pytest.approx(float(row["published_energy_kwh"]), rel=0.02), name
        published_kg = float(row["published_emissions"]) * UNIT_KG[row["emissions_unit"]]
        assert est.emissions_kg == pytest.approx(published_kg, rel=0.02), name
        if row["published_cost_usd_low"]:
            assert est.cost_low == pytest.approx(float(row["published_cost_usd_low"]), rel=0.02), name
            assert est.cost_high == pytest.approx(float(row["published_cost_usd_high"]), rel=0.02), name


def test_presets_of_published_runs_reproduce_them_too(published_runs, catalog):
    by_name = {p.name.split(" (")[0]: p for p in catalog.presets.values()}
    for row in published_runs:
        est = estimate(Plan.from_dict(by_name[row["run"]].plan, catalog), catalog)
        published_kg = float(row["published_emissions"]) * UNIT_KG[row["emissions_unit"]]
        assert est.emissions_kg == pytest.approx(published_kg, rel=0.02), row["run"]


def base_plan(**values):
    plan = Plan().with_values({"hardware.accelerator": "V100", "hardware.count": 8, "run.hours": 10.0,
                               "hardware.power_w": 250.0, "hardware.host_power_w": 400.0,
                               "site.region": "FR", "site.pue": 1.2})
    return plan.with_values(values) if values else plan


def test_formula_by_hand(catalog):
    est = estimate(base_plan(), catalog)
    ci = catalog.regions["FR"].carbon_intensity
    energy = (8 * 10 * 250 + 400 * 10) * 1.2 / 1000
    assert est.energy_kwh == pytest.approx(energy)
    assert est.emissions_kg == pytest.approx(energy * ci / 1000)
    assert est.accelerator_hours == 80
    price = catalog.price_for(catalog.accelerators["V100"], catalog.regions["FR"])
    assert est.cost_low == pytest.approx(80 * price.low) and est.cost_high == pytest.approx(80 * price.high)
    parts = est.parts_kwh
    assert parts["accelerators"] == pytest.approx(8 * 10 * 250 / 1000)
    assert parts["host"] == pytest.approx(4.0)
    assert parts["overhead"] == pytest.approx(0.2 * 24)
    assert sum(parts.values()) == pytest.approx(est.energy_kwh)


def test_phases_add_up_and_follow_the_runs(catalog):
    est = estimate(base_plan(**{"experiment.final_runs": 2, "experiment.tuning_runs": 10,
                                "experiment.tuning_run_fraction": 0.5, "experiment.nas": True,
                                "experiment.nas_multiplier": 3.0}), catalog)
    one = estimate(base_plan(), catalog).emissions_kg
    assert est.phases["training"].emissions_kg == pytest.approx(2 * one)
    assert est.phases["tuning"].emissions_kg == pytest.approx(5 * one)
    assert est.phases["nas"].emissions_kg == pytest.approx(3 * one)
    assert sum(p.emissions_kg for p in est.phases.values()) == pytest.approx(est.emissions_kg)


def test_nas_defaults_to_strubells_multiplier(catalog):
    est = estimate(base_plan(**{"experiment.nas": True}), catalog)
    assert est.inputs.nas_multiplier == pytest.approx(274120 / 84, rel=1e-4)
    assert "Strubell" in est.inputs.nas_source
    proxy = catalog.assumptions["nas_multiplier_proxy"].value
    assert proxy == pytest.approx(274120 / 84 / 88, rel=1e-3)


def test_hours_derived_from_flops(catalog):
    plan = base_plan(**{"run.hours": None, "model.parameters": 1e9, "model.training_tokens": 2e10,
                        "hardware.utilization": 0.5})
    est = estimate(plan, catalog)
    expected = 6 * 1e9 * 2e10 / (8 * 125e12 * 0.5) / 3600
    assert est.inputs.hours_derived and est.inputs.hours_per_run == pytest.approx(expected)
    assert est.flops == pytest.approx(1.2e20)
    # training_flops wins over 6ND
    est2 = estimate(plan.with_value("model.training_flops", 2.4e20), catalog)
    assert est2.inputs.hours_per_run == pytest.approx(2 * expected)


def test_band_contains_the_estimate_and_collapses_for_given_values(catalog):
    est = estimate(base_plan(), catalog)
    lo, hi = est.emissions_range
    assert lo < est.emissions_kg < hi  # power given: +/-5%
    # PUE and hours given: only the accelerators' power is uncertain; the host's 4 kWh is not
    assert hi / est.emissions_kg == pytest.approx((20 * 1.05 + 4) / 24, rel=1e-9)
    no_host = estimate(base_plan(**{"hardware.host_power_w": None}), catalog)
    assert no_host.emissions_range[1] / no_host.emissions_kg == pytest.approx(1.05, rel=1e-9)
    wide = estimate(base_plan(**{"hardware.power_w": None, "site.pue": None, "hardware.host_power_w": None}), catalog)
    assert wide.emissions_range[1] / wide.emissions_kg == pytest.approx(1.2 * 1.1, rel=1e-9)


def test_region_default_pue_comes_from_the_provider(catalog):
    est = estimate(base_plan(**{"site.pue": None, "site.region": "gcp:us-central1"}), catalog)
    assert est.inputs.pue == catalog.pue_defaults["gcp"].pue


def test_sweep_ranks_every_region_and_matches_single_estimates(catalog):
    plan = base_plan(**{"site.pue": None})
    est = estimate(plan, catalog)
    result = sweep(est, catalog)
    assert len(result) == len(catalog.regions)
    assert np.all(np.diff(result.emissions_kg) >= 0)
    for rid in ("FR", "aws:us-east-1", "gcp:europe-north1", "US-IA"):
        single = estimate(plan.with_value("site.region", rid), catalog)
        assert result.emissions_kg[result.index(rid)] == pytest.approx(single.emissions_kg), rid


def test_sweep_filter_by_provider(catalog):
    est = estimate(base_plan(), catalog)
    result = sweep(est, catalog, region_mask(catalog, providers=["gcp"]))
    assert len(result) == sum(r.provider == "gcp" for r in catalog.regions.values())
    assert set(result.providers) == {"gcp"}
    assert result.index("FR") == -1


def test_to_dict_is_json_and_holds_the_contract(catalog):
    d = json.loads(json.dumps(estimate(base_plan(), catalog).to_dict()))
    for key in ("accelerator_hours", "energy_kwh", "emissions_kg", "cost_usd", "flops", "phases", "range"):
        assert key in d
    assert set(d["phases"]) == {"training", "tuning", "nas"}
    assert set(d["range"]) >= {"energy_kwh", "emissions_kg"}


def test_no_price_gives_null_cost(catalog):
    from dataclasses import replace

    mine = replace(catalog.accelerators["L4"], id="my-card", price_low=None, price_high=None, user=True)
    est = estimate(base_plan(**{"hardware.accelerator": "my-card"}), catalog.with_user_entries([mine], []))
    assert est.cost_low is None and est.to_dict()["cost_usd"] is None


def test_sweep_applies_the_plans_override_to_its_own_region_only(catalog):
    plan = base_plan(**{"site.carbon_intensity_g_per_kwh": 999.0})
    result = sweep(estimate(plan, catalog), catalog)
    assert result.emissions_kg[result.index("FR")] == pytest.approx(estimate(plan, catalog).emissions_kg)
    assert result.intensity[result.index("DE")] == catalog.regions["DE"].carbon_intensity


def test_sweep_energy_is_it_energy_times_pue(catalog):
    est = estimate(base_plan(**{"site.pue": None}), catalog)
    result = sweep(est, catalog)
    for k in (0, 50, len(result) - 1):
        assert result.energy_kwh[k] == pytest.approx(est.it_energy_kwh * result.pue[k])
        assert result.emissions_kg[k] == pytest.approx(result.energy_kwh[k] * result.intensity[k] / 1000)


def test_cost_per_phase_and_accelerator_hours_band(catalog):
    est = estimate(base_plan(**{"experiment.tuning_runs": 4, "experiment.tuning_run_fraction": 0.5}), catalog)
    assert est.phases["tuning"].cost_high == pytest.approx(2 * est.phases["training"].cost_high)
    assert sum(p.cost_low for p in est.phases.values()) == pytest.approx(est.cost_low)
    assert est.accelerator_hours_range == (est.accelerator_hours, est.accelerator_hours)  # hours given: exact
    derived = estimate(base_plan(**{"run.hours": None, "model.training_flops": 1e21}), catalog)
    lo, hi = derived.accelerator_hours_range
    u = derived.inputs.utilization
    u_lo, u_hi = catalog.utilization_prior.interval(u)
    assert lo == pytest.approx(derived.accelerator_hours * u / u_hi)
    assert hi == pytest.approx(derived.accelerator_hours * u / u_lo)


def test_embodied_emissions_scale_with_hours_and_count_and_stay_separate(catalog):
    plan = base_plan()
    est = estimate(plan, catalog)
    a = catalog.assumptions
    life = a["service_life_hours"].value
    assert est.embodied_parts["accelerators"] == pytest.approx(
        est.accelerator_hours * a["embodied_kg_per_accelerator"].value / life)
    # its share of the 8-accelerator server it sits in (issue 33, item 3): the parts add up to the whole
    assert est.embodied_parts["server"] == pytest.approx(
        est.accelerator_hours * a["server_embodied_kg_gpu"].value / 8 / life)
    assert est.embodied_kg == pytest.approx(sum(est.embodied_parts.values()))
    assert est.to_dict()["embodied_parts"] == est.embodied_parts
    assert "BLOOM" in est.embodied_source and "8-accelerator server" in est.embodied_source
    double_hours = estimate(plan.with_value("run.hours", 20.0), catalog)
    double_chips = estimate(plan.with_value("hardware.count", 16), catalog)
    assert double_hours.embodied_kg == pytest.approx(2 * est.embodied_kg)
    assert double_chips.embodied_kg == pytest.approx(2 * est.embodied_kg)
    # operational CO2e is energy x intensity alone: embodied is reported beside it, not inside it
    assert est.emissions_kg == pytest.approx(est.energy_kwh * est.inputs.carbon_intensity / 1000)
    d = est.to_dict()
    assert d["embodied_kg"] == pytest.approx(est.embodied_kg) and d["emissions_kg"] == pytest.approx(est.emissions_kg)


def test_a_mixture_of_experts_trains_on_its_active_parameters(catalog):
    """Training compute follows the parameters active per token: Llama 4 Scout, 109B total, 17B active."""
    from planner.core import Plan, PlanError, estimate

    dense = Plan.from_dict({"schema_version": 1, "model": {"parameters": 109e9, "training_tokens": 40e12},
                            "hardware": {"accelerator": "H100-SXM", "count": 1024, "utilization": 0.3},
                             "site": {"region": "world"}},
                           catalog)
    moe = dense.with_value("model.active_parameters", 17e9)
    a, b = estimate(dense, catalog), estimate(moe, catalog)
    assert b.inputs.flops_per_run == pytest.approx(6 * 17e9 * 40e12)
    assert b.inputs.hours_per_run == pytest.approx(a.inputs.hours_per_run * 17 / 109)
    assert "active" in b.inputs.flops_source and moe.model.parameters == 109e9  # the total stays
    with pytest.raises(PlanError, match="model.active_parameters.*total"):
        dense.with_value("model.active_parameters", 200e9)


def test_a_measured_energy_reproduces_olmo_7b(catalog):
    """OLMo publishes measured IT energy, not hours: 104 MWh, PUE 1.1, 610 g/kWh give its 69.8 t (Groeneveld et
    al. 2024, OLMo, Table of power and CO2e)."""
    plan = Plan().with_values({"hardware.accelerator": "MI250X", "hardware.count": 256, "run.energy_kwh": 104_000,
                               "site.pue": 1.1, "site.carbon_intensity_g_per_kwh": 610})
    est = estimate(plan, catalog)
    assert est.emissions_kg == pytest.approx(69_800, rel=0.02)
    assert est.energy_kwh == pytest.approx(104_000 * 1.1) and est.energy_range == pytest.approx((114_400, 114_400))
    # no hours given or derivable: the measured energy implies them, at the catalog's power
    i = est.inputs
    assert i.hours_basis == "implied by the measured energy"
    assert i.hours_per_run == pytest.approx(104_000 * 1000 / (256 * i.power_w + i.host_power_w))
    assert est.to_dict()["inputs"]["energy_kwh"] == 104_000


def test_a_measured_energy_replaces_hours_times_power_and_keeps_the_hours(catalog):
    base = Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": 64, "run.hours": 100,
                               "site.pue": 1.2, "site.carbon_intensity_g_per_kwh": 400})
    measured = base.with_value("run.energy_kwh", 5_000)
    a, b = estimate(base, catalog), estimate(measured, catalog)
    assert b.energy_kwh == pytest.approx(5_000 * 1.2) and b.emissions_kg == pytest.approx(5_000 * 1.2 * 0.4)
    assert a.energy_kwh != pytest.approx(b.energy_kwh)
    # hours, cost and embodied still follow the hours given
    assert b.accelerator_hours == a.accelerator_hours == 6_400 and b.cost_high == a.cost_high
    assert b.inputs.hours_basis == "given"
    assert sum(b.parts_kwh.values()) == pytest.approx(b.energy_kwh)
    with pytest.raises(PlanError, match="run.energy_kwh"):
        base.with_value("run.energy_kwh", 0)


def test_fp8_halves_the_hours_derived_on_an_h100(catalog):
    plan = Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": 64, "hardware.utilization": 0.3,
                               "model.parameters": 7e9, "model.training_tokens": 1e12})
    bf16, fp8 = estimate(plan, catalog), estimate(plan.with_value("hardware.precision", "fp8"), catalog)
    assert fp8.inputs.peak_flops == 1979e12 and bf16.inputs.peak_flops == 989e12
    assert fp8.inputs.hours_per_run == pytest.approx(bf16.inputs.hours_per_run / 2, rel=1e-3)
    assert fp8.to_dict()["inputs"]["precision"] == "fp8"


def test_a_chip_without_a_precision_refuses_it_by_name(catalog):
    h100 = Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.precision": "fp4", "run.hours": 10})
    with pytest.raises(PlanError, match=r"hardware.precision: H100-SXM .* has no FP4: it trains in BF16 / FP16 or FP8"):
        estimate(h100, catalog)
    a100 = Plan().with_values({"hardware.accelerator": "A100-80GB", "hardware.precision": "fp8"})
    with pytest.raises(PlanError, match="A100-80GB .* has no FP8"):
        estimate(a100, catalog)
    assert estimate(h100.with_value("hardware.accelerator", "B200"), catalog).inputs.peak_flops == 9e15
    with pytest.raises(PlanError, match="must be one of bf16, fp8, fp4"):
        Plan().with_value("hardware.precision", "int8")


def test_an_older_plan_file_trains_in_bf16(catalog):
    plan = Plan.from_dict({"schema_version": 1, "hardware": {"accelerator": "H100-SXM", "count": 8},
                           "site": {"region": "world"}, "run": {"hours": 10}}, catalog)
    assert plan.hardware.precision == "bf16" and plan.to_dict()["hardware"]["precision"] == "bf16"


def test_a_past_run_is_planned_on_its_own_years_grid(catalog):
    """Germany was 379 g/kWh in 2023 and 342 in 2025 (Electricity Maps yearly averages)."""
    plan = Plan().with_values({"hardware.accelerator": "H100-SXM", "hardware.count": 8, "run.hours": 100,
                               "site.region": "DE", "site.pue": 1.2})
    newest, past = estimate(plan, catalog), estimate(plan.with_value("site.grid_year", 2023), catalog)
    assert newest.inputs.carbon_intensity == 342 and newest.inputs.grid_year == 2025
    assert past.inputs.carbon_intensity == 379 and "2023, zone DE" in past.inputs.carbon_intensity_source
    assert past.emissions_kg == pytest.approx(newest.emissions_kg * 379 / 342)
    # every region of the sweep is on that year's grid too (a cloud region in Frankfurt draws from zone DE)
    ranked = sweep(past, catalog)
    assert ranked.intensity[ranked.index("DE")] == 379
    assert ranked.intensity[ranked.index("aws:eu-central-1")] == 379
    assert ranked.intensity[ranked.index("FR")] == catalog.grid_series(catalog.regions["FR"])[2023]
    with pytest.raises(PlanError, match="site.grid_year: no 2019 figure for DE .* 2021 to 2025"):
        estimate(plan.with_value("site.grid_year", 2019), catalog)
    with pytest.raises(PlanError, match="site.grid_year: world has no yearly series"):
        estimate(plan.with_values({"site.grid_year": 2023, "site.region": "world"}), catalog)


def test_the_server_an_accelerator_sits_in_has_its_share(catalog):
    """Issue 33, item 3: embodied is the accelerators and their servers, each with its record and interval."""
    from planner.core.exports import estimate_json
    from planner.core.present import summary_text
    from planner.core.results import Results
    from planner.core.uncertainty import analyse

    gpu = Results(base_plan(), catalog)
    tpu = Results(base_plan(**{"hardware.accelerator": "TPUv5p"}), catalog)
    life = catalog.assumptions["service_life_hours"].value
    for r, kind in ((gpu, "gpu"), (tpu, "tpu")):
        est = r.estimate
        server = catalog.assumptions[f"server_embodied_kg_{kind}"]
        assert est.embodied_parts["server"] == pytest.approx(est.accelerator_hours * server.value / 8 / life)
    data = estimate_json(gpu)
    assert set(data["embodied_parts"]) == {"accelerators", "server"}
    assert sum(data["embodied_parts"].values()) == pytest.approx(data["embodied_kg"])
    text = summary_text(gpu, "kg")
    assert "Embodied (manufacturing, not in the total)" in text and "servers " in text
    u = analyse(gpu.estimate, catalog)
    assert "server" in u.distributions and "server" not in {t["input"] for t in u.tornado}
    p = u.percentiles["embodied_kg"]
    assert p["p5"] < gpu.estimate.embodied_kg < p["p95"]
