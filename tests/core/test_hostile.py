"""Hostile input to the core: every reproducer in tests/data/hostile ends in the project's own error naming
the file and field, or in finite results; no file of ours can make a load hang or fail unexpectedly."""

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core import Plan, estimate
from planner.core.advise import advise
from planner.core.errors import CatalogError, PlanError, PlanFileError
from planner.core.estimate import sweep
from planner.core.fields import SPECS
from planner.core.fileio import atomic_write_text, clean_stale_temps
from planner.core.plan import load_plan, save_plan
from planner.core.settings import (
    MAX_RECENT,
    AutosaveSlot,
    Settings,
    autosave_dir,
    find_recoverable,
)
from planner.core.userdata import catalog_with_user_data

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"

# reproducer -> the field the error names (None: the file as a whole)
REFUSED_PLANS = {
    "plan-hours-1e308.plan.json": "run.hours",
    "plan-power-1e308.plan.json": "hardware.power_w",
    "plan-tuning-runs-1e308.plan.json": "experiment.tuning_runs",
    "plan-price-3.5e304.plan.json": "pricing.usd_per_accelerator_hour_high",
    "plan-tokens-1e308-hours-given.plan.json": "model.training_tokens",
    "plan-params-tokens-1e200-derived.plan.json": "model.parameters",
    "plan-utilization-5e-324.plan.json": "hardware.utilization",
    "plan-count-10e400.plan.json": "hardware.count",
    "plan-nas-multiplier-309-digits.plan.json": "experiment.nas_multiplier",
    "plan-count-5000-digits.plan.json": None,
    "plan-nested-100000.plan.json": None,
    "plan-nested-in-name.plan.json": None,
    "plan-name-lone-surrogate.plan.json": "name",
    "plan-accelerator-html.plan.json": "hardware.accelerator",
}


@pytest.mark.parametrize("name,field", sorted(REFUSED_PLANS.items()))
def test_each_reproducer_is_refused_naming_file_and_field(name, field, catalog):
    with pytest.raises(PlanFileError) as info:
        load_plan(HOSTILE / name, catalog)
    assert info.value.path.endswith(name) and info.value.field == field
    str(info.value).encode("utf-8")  # printable: no lone surrogate in the message


def test_markup_in_a_name_is_just_text(catalog):
    plan = load_plan(HOSTILE / "plan-name-html.plan.json", catalog)
    assert plan.name == "<h1 style='color:red'>Big red</h1>"


def _finite(data) -> bool:
    json.dumps(data, allow_nan=False)  # raises on NaN or infinity anywhere
    return True


def _corner(catalog, pick) -> Plan:
    """Every numeric field at one end of its bounds (``pick`` chooses which), on the given hardware."""
    values = {}
    for path, rule in SPECS.items():
        if rule.kind in ("number", "integer") and path != "model.training_flops":
            lo = rule.minimum if rule.minimum is not None else rule.exclusive_minimum
            values[path] = pick(lo, rule.maximum)
    values["pricing.usd_per_accelerator_hour_low"] = values["pricing.usd_per_accelerator_hour_high"]
    return Plan().with_values(values)


@pytest.mark.parametrize("end", ["max", "min"])
@pytest.mark.parametrize("derived", [False, True])
def test_every_corner_of_the_bounds_gives_finite_results(end, derived, catalog, tmp_path):
    # the weakest accelerator the bounds allow (slowest peak, highest power), as a user CSV could add
    (tmp_path / "accelerators.csv").write_text("id,name,vendor,tdp_w,peak_flops,year,source\n"
                                               "SLOW,Slow card,Lab,100000,1e9,2025,test\n")
    cat, problems = catalog_with_user_data(catalog, tmp_path)
    assert problems == []
    plan = _corner(cat, (lambda lo, hi: hi) if end == "max" else (lambda lo, hi: lo))
    plan = plan.with_values({"hardware.accelerator": "SLOW", "experiment.nas": True, "site.region": "world"})
    if derived:
        plan = plan.with_values({"run.hours": None, "model.training_flops": SPECS["model.training_flops"].maximum
                                 if end == "max" else 1.0})
    est = estimate(plan, cat)
    assert _finite(est.to_dict())
    assert all(math.isfinite(v) for v in sweep(est, cat).emissions_kg)
    for s in advise(plan, cat):
        assert _finite(s.to_dict())
    # what this stop added reads the same numbers: intervals, the map's values, the tables
    from planner.core.geo import region_values
    from planner.core.results import results_for
    from planner.core.tables import estimate_frame, model_card
    from planner.core.uncertainty import analyse

    assert _finite(analyse(est, cat, samples=2000).to_dict())
    assert all(math.isfinite(v) for v in region_values(est, cat))
    assert "inf" not in model_card(est).lower() and "nan" not in model_card(est).lower()
    numbers = estimate_frame(results_for(plan, cat)).select_dtypes("number").to_numpy(dtype=float).ravel()
    assert not any(math.isinf(v) for v in numbers)  # blank cells are NaN on purpose; nothing is infinite


def test_a_user_grid_intensity_of_1e308_is_refused_by_row_and_column(catalog, tmp_path):
    shutil.copy(HOSTILE / "grid_regions-1e308.csv", tmp_path / "grid_regions.csv")
    merged, problems = catalog_with_user_data(catalog, tmp_path)
    assert merged is catalog
    assert len(problems) == 1 and "row 2" in problems[0] and "carbon_intensity_g_per_kwh" in problems[0]


@pytest.mark.parametrize("name,target,builtin", [("accelerators-shadows-V100.csv", "accelerators.csv", "V100"),
                                                 ("grid_regions-shadows-world.csv", "grid_regions.csv", "world")])
def test_user_ids_never_shadow_built_in_ones(catalog, tmp_path, name, target, builtin):
    shutil.copy(HOSTILE / name, tmp_path / target)
    merged, problems = catalog_with_user_data(catalog, tmp_path)
    assert merged is catalog and len(problems) == 1 and repr(builtin) in problems[0] and "built-in" in problems[0]


# ---------------------------------------------------------------- non-regular and huge files
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
def test_a_fifo_is_refused_without_blocking(tmp_path, catalog):
    fifo = tmp_path / "x.plan.json"
    os.mkfifo(fifo)
    with pytest.raises(PlanFileError, match="not a regular file"):
        load_plan(fifo, catalog)
    os.mkfifo(tmp_path / "accelerators.csv")
    merged, problems = catalog_with_user_data(catalog, tmp_path)
    assert merged is catalog and "not a regular file" in problems[0]
    settings = tmp_path / "settings.json"
    os.mkfifo(settings)
    s, warning = Settings.load(settings)
    assert s == Settings() and "not a regular file" in warning


def test_a_folder_or_a_huge_file_is_refused(tmp_path, catalog):
    with pytest.raises(PlanFileError, match="folder"):
        load_plan(tmp_path, catalog)
    big = tmp_path / "big.plan.json"
    big.write_bytes(b" " * (6 * 1024 * 1024))
    with pytest.raises(PlanFileError, match="too large"):
        load_plan(big, catalog)


# ---------------------------------------------------------------- settings
def _settings_file(content: bytes) -> Path:
    path = Settings.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_deeply_nested_settings_give_defaults_and_are_kept_aside():
    path = _settings_file((HOSTILE / "settings-nested-100000.json").read_bytes())
    s, warning = Settings.load()
    assert s == Settings() and "nested too deeply" in warning and "kept as settings.json.corrupt-" in warning
    assert not path.exists() and len(list(path.parent.glob("settings.json.corrupt-*"))) == 1


def test_a_huge_recent_files_list_is_cut_to_its_first_entries():
    _settings_file(json.dumps({"recent_files": [f"/tmp/p{k}.plan.json" for k in range(100_000)]}).encode())
    s, warning = Settings.load()
    assert warning is None and s.recent_files == [f"/tmp/p{k}.plan.json" for k in range(MAX_RECENT)]


# ---------------------------------------------------------------- autosave
RECOVERED_WITHOUT_TIME = ["autosave-saved-at-nan.plan.json", "autosave-saved-at-infinity.plan.json",
                          "autosave-saved-at-1e20.plan.json", "autosave-saved-at-minus-1e12.plan.json"]


@pytest.mark.parametrize("name", RECOVERED_WITHOUT_TIME)
def test_an_impossible_autosave_time_is_unknown_not_fatal(name, catalog):
    autosave_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / name, autosave_dir() / name)
    (rec,), warnings = find_recoverable(catalog)
    assert rec.saved_at is None and rec.plan.name == "Hostile" and warnings == []
    rec.let_go()


def test_an_autosave_document_that_is_not_a_path_is_dropped(catalog):
    autosave_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / "autosave-document-123.plan.json", autosave_dir() / "a.plan.json")
    (rec,), _ = find_recoverable(catalog)
    assert rec.document is None
    rec.let_go()


@pytest.mark.parametrize("name", ["autosave-count-10e400.plan.json", "autosave-nested.plan.json"])
def test_an_unusable_autosave_is_moved_aside_and_named(name, catalog):
    autosave_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / name, autosave_dir() / name)
    found, warnings = find_recoverable(catalog)
    assert found == [] and len(warnings) == 1 and name in warnings[0] and "kept as" in warnings[0]
    assert not (autosave_dir() / name).exists() and list(autosave_dir().glob(name + ".corrupt-*"))
    assert find_recoverable(catalog) == ([], [])  # once aside, never again


def test_an_autosave_that_is_a_folder_is_moved_aside(catalog):
    (autosave_dir() / "x.plan.json").mkdir(parents=True)
    found, warnings = find_recoverable(catalog)
    assert found == [] and "x.plan.json" in warnings[0]
    shutil.rmtree(autosave_dir())
    autosave_dir().parent.mkdir(parents=True, exist_ok=True)
    autosave_dir().write_text("a file where the autosave folder belongs")
    found, warnings = find_recoverable(catalog)
    assert found == [] and "not a folder" in warnings[0] and autosave_dir().is_dir()


def test_two_slots_never_see_each_others_work(catalog):
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog).with_value("hardware.count", 5)
    a, b = AutosaveSlot(), AutosaveSlot()
    a.write(plan, None)
    b.write(plan.with_value("hardware.count", 6), None)
    assert find_recoverable(catalog) == ([], [])
    b.release()  # closed normally: gone
    a.release(keep=True)  # died: offered
    (rec,), _ = find_recoverable(catalog)
    assert rec.plan.hardware.count == 5
    rec.discard()


# ---------------------------------------------------------------- saving
def test_saving_through_a_symlink_writes_its_target(tmp_path, catalog):
    target = tmp_path / "real.plan.json"
    link = tmp_path / "link.plan.json"
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog)
    save_plan(plan, target)
    link.symlink_to(target)
    save_plan(plan.with_value("hardware.count", 3), link)
    assert link.is_symlink() and load_plan(target, catalog).hardware.count == 3


def test_saving_a_hard_linked_plan_gives_it_a_file_of_its_own(tmp_path, catalog):
    """Rewriting a linked file in place risked both names on a full disk or a kill mid-write (issue 22): the
    save renames a whole new file into place; the other name keeps the old plan, whole."""
    from planner.core.fileio import other_names

    first, second = tmp_path / "a.plan.json", tmp_path / "b.plan.json"
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog)
    save_plan(plan, first)
    os.link(first, second)
    assert other_names(first) == 1
    save_plan(plan.with_value("hardware.count", 4), first)
    assert load_plan(first, catalog).hardware.count == 4 and load_plan(second, catalog) == plan
    assert not os.path.samefile(first, second) and other_names(first) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.plan.json", "b.plan.json"]


def test_only_our_own_temporary_files_of_interrupted_saves_are_cleaned(tmp_path):
    from planner.core.fileio import TEMP_MARK

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = [tmp_path / f".plan.json.{TEMP_MARK}{pid}-abc{k}.part" for k in range(3)]
    for p in stale:
        p.write_bytes(b"x" * 1000)
    mine = tmp_path / f".plan.json.{TEMP_MARK}{os.getpid()}-live.part"  # a save in progress in this process
    mine.write_bytes(b"y")
    others = [tmp_path / ".notes.tmp", tmp_path / f".x.tmp{pid}.y.part", tmp_path / f".x.tmp{pid}.y.tmp"]
    for p in others:  # someone else's, named like the planner's temporary files used to be
        p.write_bytes(b"z")
    atomic_write_text(tmp_path / "plan.json", "{}")
    assert not any(p.exists() for p in stale) and mine.exists() and all(p.exists() for p in others)
    assert clean_stale_temps(tmp_path) == 0


def test_a_full_disk_leaves_the_old_file_whole(tiny_disk, catalog):
    disk = tiny_disk("64k")
    plan = Plan.from_dict(catalog.presets["default"].plan, catalog)
    path = disk / "a.plan.json"
    save_plan(plan, path)
    old = path.read_bytes()
    (disk / "filler").write_bytes(b"\0" * (64 * 1024 - 8192))  # all but a little of the disk
    with pytest.raises(OSError):
        atomic_write_text(path, "x" * 60_000)
    assert path.read_bytes() == old
    assert sorted(p.name for p in disk.iterdir()) == ["a.plan.json", "filler"]  # no temporary file left


def test_saving_onto_a_folder_is_an_error_and_changes_nothing(tmp_path, catalog):
    folder = tmp_path / "x.plan.json"
    folder.mkdir()
    with pytest.raises(OSError, match="folder"):
        save_plan(Plan(), folder)
    assert folder.is_dir() and list(tmp_path.iterdir()) == [folder]


# ---------------------------------------------------------------- the core's other entry points
def test_field_errors_are_plan_errors_never_overflow():
    for value in (10**400, -10**400, 1e308, float("nan"), float("inf"), 5e-324, "1", [1], {"a": 1}):
        for path, rule in SPECS.items():
            if rule.kind in ("number", "integer"):
                try:
                    Plan().with_value(path, value)
                except PlanError as exc:
                    assert exc.field == path
                    str(exc).encode("utf-8")


def test_codecarbon_values_out_of_bounds_name_row_and_column(tmp_path, codecarbon):
    path = codecarbon.write(tmp_path / "e.csv", [codecarbon.row(duration=5e-324)])
    with pytest.raises(CatalogError, match="row 2.*duration"):
        from planner.core.measured import read_codecarbon

        read_codecarbon(path)


def test_the_plan_format_states_every_bound():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "plan-format.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in doc.splitlines() if line.startswith("| `")}

    def shown(x, year=False):
        if 1e3 <= x < 1e9 and float(x).is_integer() and not year:
            return f"{x:,.0f}"
        return f"{x:g}".replace("e+0", "e").replace("e+", "e")

    for path, rule in SPECS.items():
        if rule.kind in ("number", "integer"):
            allowed = rows[path].split("|")[-2]
            low = rule.minimum if rule.minimum is not None else rule.exclusive_minimum
            year = path.endswith("_year")  # a year reads 2025, not 2,025
            assert f"{shown(low, year)} – {shown(rule.maximum, year)}" in allowed, (path, allowed)


# ------------------------------------------------------------------ issue 29: text from files stays text
HOSTILE_NAME = "Budget](https://evil.example/x) <script>alert(1)</script> ![p](http://evil.example/p.png) <style>"
# markup that would act: a tag, an image or a link opened by a bracket no backslash escapes, a bare address
RAW_MARKUP = (r"<script", r"<style", r"<iframe", r"<img", r"<b>", r"(?<!\\)\]\(", r"(?<!\\)!(?<!\\)\[",
              r"https?://")


def test_names_and_sources_from_files_are_escaped_in_every_markdown_export(catalog, tmp_path):
    """The EU AI Act export, the Markdown reporting paragraph and the model card inserted names, origins and user
    catalog names and sources raw: links, remote images, <script>, a name ending in <style> that hid the whole
    rendered document (issue 29, item 14)."""
    from planner.core.results import Results
    from planner.core.summary import eu_ai_act, reporting_text
    from planner.core.tables import model_card

    (tmp_path / "accelerators.csv").write_text(
        "id,name,vendor,tdp_w,peak_flops,year,source\n"
        'EVIL,![card](https://evil.example/c.png) <iframe src=x>,Lab,300,1e14,2025,"<img src=x onerror=alert(1)> '
        '[docs](https://evil.example)"\n')
    cat, problems = catalog_with_user_data(catalog, tmp_path)
    assert problems == []
    plan = Plan.from_dict({"schema_version": 1, "name": HOSTILE_NAME, "hardware": {"accelerator": "EVIL", "count": 8,
                                                                                  "power_w": 250},
                           "model": {"parameters": 1e9, "training_tokens": 2e10},
                           "origins": {"hardware.power_w": "preset <b>x</b>: [see](https://evil.example)"},
                           "site": {"region": "DE"}}, cat)
    r = Results(plan, cat)
    for name, text in (("eu-ai-act", eu_ai_act(r)), ("markdown", reporting_text(r, "markdown")),
                       ("model card", model_card(r.estimate))):
        for raw in RAW_MARKUP:
            assert not re.search(raw, text), (name, raw)
        assert "evil.example" in text and "&lt;" in text, name  # shown, not run


@pytest.mark.parametrize("path", ["name", "notes"])
def test_text_direction_controls_are_refused_in_names(path):
    """"Budget \u202e000,01$ :tsoc\u202c approved" read "Budget cost: $10,000 approved" in the PDF title and
    reached the terminal raw (issue 29, item 15)."""
    with pytest.raises(PlanError, match="text-direction"):
        Plan().with_value(path, "Budget \u202e000,01$ :tsoc\u202c approved")
    with pytest.raises(PlanError, match="text-direction"):
        Plan().with_value(path, "a \u2067b\u2069")


def test_text_direction_controls_are_refused_in_user_catalogs_and_escaped_on_a_terminal(catalog, tmp_path):
    from planner.core.text import terminal_text

    (tmp_path / "accelerators.csv").write_text("id,name,vendor,tdp_w,peak_flops,year,source\n"
                                               "X1,Budget \u202e000,Lab,300,1e14,2025,test\n", encoding="utf-8")
    cat, problems = catalog_with_user_data(catalog, tmp_path)
    assert cat is catalog and "row 2" in problems[0] and "name" in problems[0]
    assert terminal_text("a\u202eb\u2066c") == "a\\u202eb\\u2066c"
