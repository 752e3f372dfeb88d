"""One declaration per field: the plan's sections, validation, provenance, presets and the docs derive from it."""

from dataclasses import fields as dc_fields
from pathlib import Path

import pytest

from planner.core.catalog import PRESET_NUMBERS
from planner.core.errors import PlanError
from planner.core.fields import FIELDS, SPECS, check_specs, in_editor_order, released_by
from planner.core.plan import RELEASED_BY, SECTIONS, Plan

DOC = (Path(__file__).resolve().parents[2] / "docs" / "plan-format.md").read_text(encoding="utf-8")


def test_the_specs_are_consistent():
    check_specs()
    assert len(SPECS) == len(FIELDS)


def test_the_plans_sections_are_the_specs():
    for name, klass in SECTIONS.items():
        assert [f.name for f in dc_fields(klass)] == [s.key for s in FIELDS if s.section == name]
    plan = Plan()
    for spec in FIELDS:
        assert plan.get(spec.path) == spec.default, spec.path
    assert set(Plan().to_dict()) >= set(SECTIONS)


def test_validation_uses_each_specs_bounds():
    for spec in FIELDS:
        if spec.numeric and spec.maximum is not None:
            with pytest.raises(PlanError, match=spec.path.replace(".", r"\.")):
                Plan().with_value(spec.path, spec.maximum * 2 + 1)


def test_release_rules_and_preset_columns_come_from_the_specs():
    assert RELEASED_BY == released_by()
    assert set(RELEASED_BY) == {"hardware.accelerator", "site.region"}
    assert "hardware.power_w" in RELEASED_BY["hardware.accelerator"]
    assert PRESET_NUMBERS == {s.preset_column: s.path for s in FIELDS if s.preset_column}


def test_every_field_has_a_docs_row():
    rows = {line.split("|")[1].strip(" `") for line in DOC.splitlines() if line.startswith("| `")}
    assert {s.path for s in FIELDS} <= rows


def test_the_editor_order_is_by_group():
    order = [s.group for s in in_editor_order()]
    assert order == sorted(order, key=["Plan", "Hardware", "Model and run length", "Pilot run", "Experiment",
                                      "Site", "Schedule", "Serving", "Budget", "Pricing"].index)
