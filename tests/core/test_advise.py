"""What would cut it most: ranked, and every figure is the core's estimate of the changed plan."""

import json

import pytest

from planner.cli import main
from planner.core import Plan, estimate, region_mask, sweep
from planner.core.advise import advise


def preset(catalog, pid, **values):
    plan = Plan.from_dict(catalog.presets[pid].plan, catalog)
    return plan.with_values(values) if values else plan


@pytest.mark.parametrize("pid", ["default", "bert-base-tuning", "transformer-big-with-neural-architecture-search",
                                 "llm-7b-h100",
                                 "gpt-3-patterson2021"])
def test_figures_follow_the_core_and_the_order_is_by_co2e_saved(catalog, pid):
    plan = preset(catalog, pid)
    base = estimate(plan, catalog)
    suggestions = advise(plan, catalog)
    assert suggestions
    same = [s.emissions_kg_saved for s in suggestions if not s.changes_project]
    project = [s.emissions_kg_saved for s in suggestions if s.changes_project]
    assert same == sorted(same, reverse=True) and project == sorted(project, reverse=True)
    assert [s.changes_project for s in suggestions] == sorted(s.changes_project for s in suggestions)
    for s in suggestions:
        after = estimate(s.plan, catalog)
        assert s.emissions_kg_after == pytest.approx(after.emissions_kg)
        assert s.emissions_kg_saved == pytest.approx(base.emissions_kg - after.emissions_kg)
        assert s.percent_saved == pytest.approx(100 * s.emissions_kg_saved / base.emissions_kg)
        if s.cost_usd_delta is not None:
            assert s.cost_usd_delta == pytest.approx(after.cost_high - base.cost_high)
        assert s.wall_clock_hours_delta == pytest.approx(after.wall_hours - base.wall_hours)
        assert s.emissions_kg_saved >= 0


def test_cleanest_regions(catalog):
    plan = preset(catalog, "llm-7b-h100")  # on AWS
    base = estimate(plan, catalog)
    by_kind = {s.kind: s for s in advise(plan, catalog)}
    aws = sweep(base, catalog, region_mask(catalog, providers=["aws"]))
    assert by_kind["region_same_provider"].plan.site.region == aws.ids[0]
    clouds = sweep(base, catalog, region_mask(catalog, kinds=["cloud"]))
    if catalog.regions[clouds.ids[0]].grid_key == catalog.regions[aws.ids[0]].grid_key:
        assert "region_any_provider" not in by_kind  # one grid, one suggestion
    else:
        assert by_kind["region_any_provider"].plan.site.region == clouds.ids[0]
    gcp = preset(catalog, "llm-7b-h100", **{"site.region": "gcp:us-central1"})
    kinds = {s.kind: s.plan.site.region for s in advise(gcp, catalog)}
    assert kinds["region_any_provider"] == clouds.ids[0] != kinds["region_same_provider"]


def test_nas_suggestions(catalog):
    plan = preset(catalog, "bert-base-tuning", **{"experiment.nas": True})
    by_kind = {s.kind: s for s in advise(plan, catalog)}
    assert not by_kind["nas_off"].plan.experiment.nas
    proxy = catalog.assumptions["nas_multiplier_proxy"].value
    assert by_kind["nas_proxy"].plan.experiment.nas_multiplier == proxy
    assert by_kind["nas_off"].emissions_kg_saved > by_kind["nas_proxy"].emissions_kg_saved > 0
    assert "Patterson" in by_kind["nas_proxy"].source


def test_tuning_fine_tuning_and_spot(catalog):
    plan = preset(catalog, "bert-base-tuning")
    by_kind = {s.kind: s for s in advise(plan, catalog)}
    assert by_kind["fewer_tuning_runs"].plan.experiment.tuning_runs == 5
    assert by_kind["early_stopping"].plan.experiment.tuning_run_fraction == pytest.approx(0.125)
    ft = catalog.assumptions["fine_tune_fraction"].value
    assert by_kind["fine_tune"].plan.run.hours == pytest.approx(79.2 * ft)
    spot = by_kind["spot"]
    assert spot.emissions_kg_saved == 0 and spot.cost_usd_delta < 0
    assert "accelerator" in by_kind  # a more efficient chip for the same FLOPs exists


def test_nothing_to_suggest_about_absent_phases(catalog):
    plan = preset(catalog, "bert-base")  # no tuning, no NAS
    kinds = {s.kind for s in advise(plan, catalog)}
    assert not kinds & {"fewer_tuning_runs", "early_stopping", "nas_off", "nas_proxy"}


def test_advise_command_json(capsys, write_plan, catalog):
    path = write_plan(catalog.presets["bert-base-tuning"].plan)
    assert main(["advise", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"change", "emissions_kg_saved", "cost_usd_delta", "plan"} <= set(rows[0])
    again = Plan.from_dict(rows[0]["plan"], catalog)
    assert estimate(again, catalog).emissions_kg == pytest.approx(rows[0]["emissions_kg_after"])
    assert main(["advise", str(path)]) == 0
    out = capsys.readouterr().out
    assert "What would cut it most" in out
    from planner.core.present import advice_effect, unit_of
    from planner.core.results import results_for

    results = results_for(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    first = results.advice()[0]  # each suggestion with the effect the window's list shows
    from planner.core.text import terminal_text

    assert terminal_text(f"{first.change}\n    {advice_effect(first, unit_of(results))}") in out


def test_advise_bad_input(capsys, tmp_path):
    bad = tmp_path / "b.plan.json"
    bad.write_text("{")
    assert main(["advise", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_one_grid_is_never_suggested_twice(catalog):
    from planner.core import Plan
    from planner.core.advise import advise

    plan = Plan.from_dict(catalog.presets["default"].plan, catalog)  # aws:us-east-1: AWS's cleanest is also the best
    grids = [catalog.regions[s.plan.site.region].grid_key for s in advise(plan, catalog) if s.kind.startswith("region")]
    assert grids and len(grids) == len(set(grids))


def test_a_plan_that_fine_tunes_gets_no_fine_tune_advice(catalog):
    plan = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog)
    kinds = [s.kind for s in advise(plan, catalog)]
    assert "fine_tune" in kinds
    applied = next(s for s in advise(plan, catalog) if s.kind == "fine_tune").plan
    assert applied.experiment.fine_tune  # applying it says so, and it is not offered again
    assert "fine_tune" not in [s.kind for s in advise(applied, catalog)]
    tuned = plan.with_value("experiment.fine_tune", True)
    assert "fine_tune" not in [s.kind for s in advise(tuned, catalog)]
    assert estimate(tuned, catalog).emissions_kg == estimate(plan, catalog).emissions_kg  # a flag, not a number


def test_skipping_the_search_still_trains_the_model(catalog):
    """Transformer big with NAS holds no final run: skipping the search must leave one (issue 21)."""
    plan = Plan.from_dict(catalog.presets["transformer-big-with-neural-architecture-search"].plan, catalog)
    assert plan.experiment.final_runs == 0
    off = next(s for s in advise(plan, catalog) if s.kind == "nas_off")
    assert off.plan.experiment.final_runs == 1 and not off.plan.experiment.nas and "train it once" in off.change
    after = estimate(off.plan, catalog)
    assert after.emissions_kg > 0 and after.energy_kwh > 0
    assert off.percent_saved < 100


def test_only_accelerators_the_regions_provider_offers(catalog):
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog).with_value("site.region", "aws:ca-central-1")
    for s in advise(plan, catalog):
        if s.kind == "accelerator":
            acc = catalog.accelerators[s.plan.hardware.accelerator]
            assert catalog.offers("aws", acc) and "offered by AWS" in s.change
            assert not acc.id.startswith("TPU")


def test_regions_that_tie_are_ranked_cleanest_first(catalog):
    from planner.core import sweep

    plan = Plan.from_dict(catalog.presets["transformer-big-with-neural-architecture-search"].plan, catalog)
    result = sweep(estimate(plan.with_value("experiment.nas", False), catalog), catalog)  # 0 runs: 0 kg anywhere
    factors = [p * c for p, c in zip(result.pue, result.intensity)]
    assert factors == sorted(factors)


# ------------------------------------------------------------------ issue 30: advice a lab would take
def test_a_served_plan_is_ranked_and_stated_by_the_same_total(catalog, tmp_path, capsys):
    """200M requests a day: the card said 1.03 kt (training only, not said) while advice said "−10 kt (95.2%)" and
    planner advise "25.2 t CO2e … −366 t (95.2%)" (issue 30, item 1)."""
    from planner.core.present import advice_heading, cards, life_kg
    from planner.core.results import Results
    from planner.core.units import fmt_mass

    plan = preset(catalog, "default", **{"serving.requests_per_day": 2e8})
    r = Results(plan, catalog)
    life = life_kg(r)
    assert life == pytest.approx(r.estimate.emissions_kg + r.serving.emissions_kg)
    card = {c.key: c for c in cards(r)}["emissions"]
    assert card.title == "CO2e of training" and f"with serving {fmt_mass(life, 'auto')}" in card.band
    for s in r.advice():
        assert s.emissions_kg_saved <= life and s.percent_saved == pytest.approx(100 * s.emissions_kg_saved / life)
    path = tmp_path / "served.plan.json"
    path.write_text(json.dumps(plan.to_dict()))
    assert main(["advise", str(path)]) == 0
    out = capsys.readouterr().out
    assert advice_heading(r).replace("\xa0", " ") in out and fmt_mass(life, "auto").replace("\xa0", " ") in out
    assert "over the model's life" in out and "training" in out.splitlines()[0]


def test_changes_to_the_project_come_after_the_same_work_for_less(catalog, capsys):
    """"Fine-tune a published pre-trained model (−99%)" topped every from-scratch plan, a 671B pre-training
    included (issue 30, item 10)."""
    plan = preset(catalog, "deepseek-v3-fp8")
    suggestions = advise(plan, catalog)
    kinds = [s.kind for s in suggestions]
    assert "fine_tune" in kinds and kinds.index("fine_tune") > max(k for k, s in enumerate(suggestions)
                                                                   if not s.changes_project)
    assert main(["advise", "deepseek-v3-fp8"]) == 0
    out = capsys.readouterr().out
    assert out.index("Changing the project:") < out.index("Fine-tune")


def test_no_accelerator_is_suggested_that_cannot_hold_the_model(catalog):
    """A 671B MoE was told "Use L4 for the same FLOPs … −20%" (issue 30, item 10): its weights and Adam state
    (16 bytes a parameter) need 10.7 TB, and 2,048 L4 hold 49 TB — but 64 of them hold 1.5 TB."""
    plan = preset(catalog, "default", **{"model.parameters": 671e9, "model.active_parameters": 37e9,
                                         "model.training_tokens": 14.8e12, "hardware.count": 64})
    per_param = catalog.assumptions["training_bytes_per_parameter"].value
    for s in advise(plan, catalog):
        if s.kind == "accelerator":
            acc = catalog.accelerators[s.plan.hardware.accelerator]
            assert acc.memory_gb * 1e9 * 64 >= 671e9 * per_param, s.change


def test_an_accelerator_suggestion_says_its_wall_clock_and_an_estimated_power(catalog):
    from planner.core.present import advice_effect

    plan = preset(catalog, "default")
    acc = [s for s in advise(plan, catalog) if s.kind == "accelerator"]
    assert acc and "wall-clock" in advice_effect(acc[0], "kg")
    # a card whose power is the planner's own estimate says so where it is suggested
    lab = catalog.accelerators["Trainium3"]
    assert lab.power_estimated and not catalog.accelerators["H100-SXM"].power_estimated
    trn = preset(catalog, "default", **{"site.region": "aws:us-east-1", "hardware.accelerator": "Trainium2"})
    for s in advise(trn, catalog):
        if s.kind == "accelerator" and catalog.accelerators[s.plan.hardware.accelerator].power_estimated:
            assert "the planner's estimate" in s.change


def test_a_prior_utilization_at_fp4_says_it_is_the_bf16_ones(catalog):
    """FP4 on a B200 cut hours 4× at the same utilization, unsaid (issue 30, item 10)."""
    from planner.core.present import run_mode_note

    plan = preset(catalog, "default", **{"hardware.accelerator": "B200", "hardware.precision": "fp4"})
    i = estimate(plan, catalog).inputs
    assert "fitted on BF16 runs" in i.utilization_source
    assert "BF16 prior" in run_mode_note(True, i)
