"""What a field shows read from a plan's results: its value in use when empty, its row in the inputs table."""

from planner.core import Plan
from planner.core.fields import FIELDS, SPECS
from planner.core.readings import READINGS, follows_results, in_use, table_text
from planner.core.results import results_for
from planner.core.summary import input_rows


def _default(catalog):
    return Plan.from_dict(catalog.presets["default"].plan, catalog)



def test_every_reading_is_a_field_and_every_table_row_has_words():
    assert set(READINGS) <= set(SPECS)
    for f in FIELDS:
        if f.table:  # a row's cell: its own words, or the value in use
            r = READINGS.get(f.path)
            assert r is not None and (r.text is not None or r.in_use is not None), f.path


def test_in_use_reads_the_results(catalog):
    results = results_for(_default(catalog), catalog)
    assert in_use("hardware.power_w", results) == results.inputs.power_w
    assert in_use("site.pue", results) == results.inputs.pue
    assert in_use("model.parameters", results) is None  # nothing in use to show: the placeholder says "auto"
    assert not follows_results("model.parameters") and follows_results("hardware.power_w")


def test_water_is_read_only_once_computed(catalog):
    results = results_for(_default(catalog), catalog)
    assert in_use("site.wue_l_per_kwh", results, water=False) is None
    assert in_use("site.wue_l_per_kwh", results) == results.water.wue


def test_the_inputs_table_uses_the_readings(catalog):
    plan = _default(catalog).with_values({"hardware.power_w": 250.0, "site.pue": 1.25})
    rows = dict(input_rows(results_for(plan, catalog)))
    assert rows["Power per accelerator"] == "250 W (yours)"
    assert rows["PUE"] == "1.25 (yours)"
    assert rows["Hours per run"] == table_text("run.hours", results_for(plan, catalog))
