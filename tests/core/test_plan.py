"""Plan validation names the field; the file format round-trips; saving is atomic."""

import json
import math
import os

import pytest

from planner.core import Plan, PlanError, PlanFileError, estimate, load_plan, save_plan


@pytest.fixture
def good(catalog):
    return json.loads(json.dumps(catalog.presets["bert-base-tuning"].plan))


BAD_VALUES = [
    ("hardware", "count", -3), ("hardware", "count", 0), ("hardware", "count", 2.5), ("hardware", "count", "8"),
    ("hardware", "count", True), ("hardware", "power_w", 0), ("hardware", "power_w", float("nan")),
    ("hardware", "power_w", float("inf")), ("hardware", "utilization", 1.5), ("hardware", "utilization", 0),
    ("hardware", "host_power_w", -1), ("run", "hours", -1), ("run", "hours", 0), ("run", "hours", "long"),
    ("model", "parameters", -5), ("model", "training_flops", 0), ("experiment", "tuning_runs", -1),
    ("experiment", "final_runs", None), ("experiment", "tuning_run_fraction", 0),
    ("experiment", "tuning_run_fraction", 2), ("experiment", "nas", "yes"), ("experiment", "nas_multiplier", -2),
    ("site", "pue", 0.9), ("site", "carbon_intensity_g_per_kwh", -10), ("site", "region", 7),
    ("pricing", "usd_per_accelerator_hour_low", -1), ("hardware", "accelerator", None),
]


@pytest.mark.parametrize("section,key,value", BAD_VALUES)
def test_bad_value_is_refused_by_name(good, catalog, section, key, value):
    good[section][key] = value
    with pytest.raises(PlanError) as err:
        Plan.from_dict(good, catalog)
    assert err.value.field == f"{section}.{key}"


@pytest.mark.parametrize("path,value,message", [
    ("hardware.accelerator", "Z9000", "unknown accelerator"), ("site.region", "mars:north", "unknown region")])
def test_unknown_ids_are_refused(good, catalog, path, value, message):
    section, key = path.split(".")
    good[section][key] = value
    with pytest.raises(PlanError, match=message) as err:
        Plan.from_dict(good, catalog)
    assert err.value.field == path


def test_price_low_above_high(good, catalog):
    good["pricing"] = {"usd_per_accelerator_hour_low": 5, "usd_per_accelerator_hour_high": 1}
    with pytest.raises(PlanError) as err:
        Plan.from_dict(good, catalog)
    assert err.value.field == "pricing.usd_per_accelerator_hour_low"


@pytest.mark.parametrize("version,message", [(2, "newer"), (0, "unknown"), ("1", "whole number")])
def test_schema_version(good, catalog, version, message):
    good["schema_version"] = version
    with pytest.raises(PlanError, match=message) as err:
        Plan.from_dict(good, catalog)
    assert err.value.field == "schema_version"


def test_missing_schema_version(good, catalog):
    del good["schema_version"]
    with pytest.raises(PlanError) as err:
        Plan.from_dict(good, catalog)
    assert err.value.field == "schema_version"


def test_section_of_the_wrong_type(good, catalog):
    good["hardware"] = [1, 2]
    with pytest.raises(PlanError) as err:
        Plan.from_dict(good, catalog)
    assert err.value.field == "hardware"


def test_hours_not_derivable_is_named(catalog):
    plan = Plan().with_values({"hardware.accelerator": "V100", "site.region": "FR"})
    with pytest.raises(PlanError) as err:
        estimate(plan, catalog)
    assert err.value.field == "run.hours"


def test_round_trip_through_a_file(tmp_path, good, catalog):
    plan = Plan.from_dict(good, catalog)
    path = tmp_path / "x.plan.json"
    save_plan(plan, path)
    again = load_plan(path, catalog)
    assert again == plan
    assert json.loads(path.read_text()) == plan.to_dict()
    assert plan.to_dict()["hardware"]["count"] == 64


def test_documented_example_loads(catalog, write_plan):
    example = {"schema_version": 1, "name": "BERT base",
               "model": {"parameters": 1.1e8, "training_tokens": None, "training_flops": None},
               "hardware": {"accelerator": "V100", "count": 64, "power_w": None, "host_power_w": None,
                            "utilization": None},
               "run": {"hours": 79.2},
               "experiment": {"final_runs": 1, "tuning_runs": 0, "tuning_run_fraction": 1.0, "nas": False,
                              "nas_multiplier": None},
               "site": {"region": "US-EPA-2018", "pue": 1.58, "carbon_intensity_g_per_kwh": None},
               "pricing": {"usd_per_accelerator_hour_low": None, "usd_per_accelerator_hour_high": None}}
    plan = load_plan(write_plan(example), catalog)
    assert plan.hardware.count == 64 and plan.run.hours == 79.2 and plan.site.pue == 1.58


def test_newer_fields_are_ignored(good, catalog):
    good["hardware"]["interconnect"] = "nvlink"
    good["future_section"] = {"x": 1}
    assert Plan.from_dict(good, catalog).hardware.count == 64


@pytest.mark.parametrize("text,message", [
    ("", "file is empty"), ("   \n", "file is empty"), ("{", "not valid JSON"), ("[1, 2]", "expected a JSON object"),
    ('{"schema_version": 1, "hardware": {"accelerator": "V100", "count": -1}, "site": {"region": "FR"}}',
     "hardware.count")])
def test_bad_files_name_the_file(write_plan, catalog, text, message):
    path = write_plan(text, name="broken.plan.json")
    with pytest.raises(PlanFileError, match=message) as err:
        load_plan(path, catalog)
    assert "broken.plan.json" in str(err.value)


def test_missing_file(tmp_path, catalog):
    with pytest.raises(PlanFileError, match="file not found"):
        load_plan(tmp_path / "nope.json", catalog)


def test_save_interrupted_midway_keeps_the_old_file(tmp_path, good, catalog, monkeypatch):
    path = tmp_path / "keep.plan.json"
    plan = Plan.from_dict(good, catalog)
    save_plan(plan, path)
    before = path.read_bytes()

    def crash(*args):
        raise OSError("disk full")
    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        save_plan(plan.with_value("hardware.count", 3), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.plan.json"]  # no temp file left behind


def test_with_value_validates(catalog):
    plan = Plan()
    with pytest.raises(PlanError) as err:
        plan.with_value("site.pue", 0.5)
    assert err.value.field == "site.pue"
    assert plan.with_value("site.pue", 1.1).site.pue == 1.1
    assert math.isclose(plan.with_value("run.hours", 3).run.hours, 3)


def test_the_plan_sections_are_the_field_specs():
    """The sections are written out for the type checker (issue 31, item 6): each holds exactly its specs' fields,
    in their order, with their defaults and an optional type where the spec is nullable."""
    import dataclasses
    import typing

    from planner.core import plan as plan_module
    from planner.core.fields import FIELDS, SECTION_ORDER

    kinds = {"number": float, "integer": int, "bool": bool, "text": str, "choice": str, "datetime": str}
    for section in SECTION_ORDER:
        klass = plan_module.SECTIONS[section]
        specs = [f for f in FIELDS if f.section == section]
        got = dataclasses.fields(klass)
        assert [f.name for f in got] == [s.key for s in specs], section
        hints = typing.get_type_hints(klass)
        for f, spec in zip(got, specs):
            assert f.default == spec.default and type(f.default) is type(spec.default), spec.path
            want = kinds[spec.kind] | None if spec.nullable else kinds[spec.kind]
            assert hints[f.name] == want, spec.path
