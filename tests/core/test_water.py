"""Water beside carbon (issue 14): on site (WUE x IT energy) and off site (grid water x energy)."""

import json

import pytest

from planner.cli import main
from planner.core import Plan, estimate
from planner.core.advise import advise
from planner.core.water import grid_water, region_water, site_wue, water, water_factors


def _plan(**values):
    base = {"hardware.accelerator": "V100", "hardware.count": 8, "run.hours": 100.0, "site.region": "aws:us-east-1"}
    return Plan().with_values({**base, **values})


def test_water_scales_with_energy_and_pue(catalog):
    e1 = estimate(_plan(), catalog)
    w1 = water(e1, catalog)
    e2 = estimate(_plan(**{"run.hours": 300.0}), catalog)
    assert water(e2, catalog).total_l == pytest.approx(3 * w1.total_l)
    # on site follows IT energy (before PUE); off site follows the energy drawn from the grid (after PUE)
    a, b = (water(estimate(_plan(**{"site.pue": p}), catalog), catalog) for p in (1.1, 1.5))
    assert a.onsite_l == pytest.approx(b.onsite_l)
    assert b.offsite_l / a.offsite_l == pytest.approx(1.5 / 1.1)
    assert w1.onsite_l == pytest.approx(e1.it_energy_kwh * w1.wue)
    assert w1.offsite_l == pytest.approx(e1.energy_kwh * w1.offsite_l_per_kwh)
    assert sum(w1.phases.values()) == pytest.approx(w1.total_l)
    assert w1.low_l <= w1.total_l <= w1.high_l


def test_the_plan_can_give_either_factor(catalog):
    w = water(estimate(_plan(**{"site.wue_l_per_kwh": 0.5, "site.offsite_water_l_per_kwh": 2.0}), catalog), catalog)
    assert (w.wue, w.offsite_l_per_kwh) == (0.5, 2.0) and "given" in w.wue_source and "given" in w.offsite_source
    assert w.low_l == pytest.approx(w.total_l, rel=0.5)  # exact factors: only the energy band remains


def test_provider_figures_and_the_default(catalog):
    f = water_factors()
    assert site_wue(catalog.regions["aws:us-east-1"])[0] == f[("wue", "aws")].value
    assert site_wue(catalog.regions["gcp:us-central1"])[0] == f[("wue", "gcp")].value
    assert site_wue(catalog.regions["FR"])[0] == f[("wue", "default")].value
    for factor in f.values():
        assert factor.source and 1990 <= factor.year <= 2026


def test_grid_water_follows_the_mix(catalog):
    hydro_nuclear_free = grid_water(catalog.regions["NO"])[0]  # almost all hydro: nothing counted
    nuclear = grid_water(catalog.regions["FR"])[0]
    coal = grid_water(catalog.regions["IN"])[0]
    assert hydro_nuclear_free < 0.2 < 1.0 < nuclear and 1.0 < coal
    assert grid_water(catalog.regions["world"])[0] == water_factors()[("source", "default")].value  # no mix


def test_li_et_al_2023_gpt3_reproduces_with_their_inputs(catalog):
    """Li et al. 2023 ("Making AI less thirsty"): GPT-3 in Microsoft's US data centers, 1,287 MWh taken as server
    energy, on-site WUE 0.55 L/kWh, PUE 1.17, US grid water 3.14 L/kWh: 0.708 ML on site, 4.73 ML off site."""
    preset = Plan.from_dict(catalog.presets["gpt-3-patterson2021"].plan, catalog)
    base = estimate(preset, catalog)
    power = preset.hardware.power_w * 1_287_000 / base.it_energy_kwh  # IT energy = 1,287 MWh, as Li et al. read it
    plan = preset.with_values({"hardware.power_w": power, "site.pue": 1.17, "site.wue_l_per_kwh": 0.55,
                               "site.offsite_water_l_per_kwh": 3.14})
    w = water(estimate(plan, catalog), catalog)
    assert w.onsite_l == pytest.approx(0.708e6, rel=0.01)
    assert w.offsite_l == pytest.approx(4.73e6, rel=0.01)
    assert w.total_l == pytest.approx(5.44e6, rel=0.01)


def test_estimate_json_and_text_carry_water(capsys, write_plan, catalog):
    path = write_plan(_plan().to_dict())
    assert main(["estimate", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    w = water(estimate(_plan(), catalog), catalog)
    assert data["water_l"] == pytest.approx(w.total_l)
    assert data["water"]["onsite_l"] == pytest.approx(w.onsite_l)
    assert data["water"]["offsite_l"] == pytest.approx(w.offsite_l)
    assert main(["estimate", str(path)]) == 0
    assert "Water" in capsys.readouterr().out


def test_regions_and_advice_rank_by_water(capsys, write_plan, catalog):
    plan = Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog)
    est = estimate(plan, catalog)
    litres = region_water(est, catalog)
    assert litres[plan.site.region] == pytest.approx(water(est, catalog).total_l)
    path = write_plan(plan.to_dict())
    assert main(["regions", str(path), "--by", "water", "--json", "--top", "20"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["water_l"] for r in rows] == sorted(r["water_l"] for r in rows)
    assert rows[0]["water_l"] == pytest.approx(min(litres.values()))
    ranked = advise(plan, catalog, by="water")
    for project in (False, True):  # the same work for less first, then changes to the project, each by water saved
        saved = [s.water_l_saved for s in ranked if s.changes_project == project]
        assert saved == sorted(saved, reverse=True) and all(x >= 0 for x in saved)
    assert any(s.kind.startswith("region_water") for s in ranked)
    assert main(["advise", str(path), "--by", "water"]) == 0
    assert "of water" in capsys.readouterr().out
    with pytest.raises(ValueError):
        advise(plan, catalog, by="cost")


def test_a_damaged_water_table_is_refused_with_its_name(tmp_path):
    from planner.core.errors import CatalogError

    bad = tmp_path / "water.csv"
    bad.write_text("kind,key,value,unit,year,source\nwue,aws,1e999,L,2025,x\n")
    with pytest.raises(CatalogError, match="water.csv"):
        water_factors(str(bad))
    bad.write_text("kind,key,value,unit,year,source\nwue,aws,0.1,L,2025,x\n")
    with pytest.raises(CatalogError, match="default"):
        water_factors(str(bad))
