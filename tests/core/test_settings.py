"""Settings, autosave and the user's own CSVs, all in (temporary) platformdirs folders."""

import json

import pytest

from planner.core import Plan
from planner.core.settings import AutosaveSlot, Settings, autosave_dir, config_dir, data_dir, find_recoverable
from planner.core.userdata import catalog_with_user_data


def test_dirs_point_at_the_test_folders(tmp_path):
    assert str(config_dir()).startswith(str(tmp_path)) and str(data_dir()).startswith(str(tmp_path))


def test_round_trip_and_recent_files(tmp_path):
    s = Settings()
    for k in range(14):
        s.add_recent(str(tmp_path / f"p{k}.plan.json"))
    s.add_recent(str(tmp_path / "p3.plan.json"))
    s.units = "lb"
    s.save()
    again, warning = Settings.load()
    assert warning is None and again.units == "lb"
    assert len(again.recent_files) == 10 and again.recent_files[0].endswith("p3.plan.json")
    assert again.last_folder == str(tmp_path)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "", "\x00\xff"])
def test_corrupt_settings_mean_defaults_and_a_warning(content):
    path = Settings.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("latin-1"))
    s, warning = Settings.load()
    assert s == Settings() and "settings.json" in warning and "defaults" in warning


def test_bad_values_are_ignored_by_name():
    path = Settings.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"units": "stone", "recent_files": "x", "log_axis": False}))
    s, warning = Settings.load()
    assert s.units == "auto" and s.recent_files == [] and s.log_axis is False
    assert "units" in warning and "recent_files" in warning


def test_autosave_round_trip_and_corrupt(catalog):
    plan = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog).with_value("hardware.count", 3)
    slot = AutosaveSlot()
    slot.write(plan, "/x/y.plan.json")
    assert find_recoverable(catalog) == ([], [])  # its window is alive: not offered
    slot.release(keep=True)  # the window died
    (rec,), warnings = find_recoverable(catalog)
    assert rec.plan == plan and rec.document == "/x/y.plan.json" and rec.saved_at > 0 and warnings == []
    rec.discard()
    assert find_recoverable(catalog) == ([], [])
    broken = autosave_dir() / "dead.plan.json"
    broken.write_text("{broken")
    assert find_recoverable(catalog)[0] == [] and not broken.exists()
    assert [p.name for p in autosave_dir().glob("dead.plan.json.corrupt-*")]  # kept aside


ACC_HEADER = ("id,name,vendor,release_year,tdp_w,avg_power_w,avg_power_source,peak_flops,flops_precision,"
              "price_usd_per_hour_low,price_usd_per_hour_high,price_year,price_source,embodied_kg_co2e,year,source\n")


def test_user_entries_appear_marked(catalog):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "accelerators.csv").write_text(ACC_HEADER + "LAB-X1,Our lab card,Lab,2025,250,,,90e12,BF16,,1.5,2025,"
                                             "our contract,,2025,lab measurement\n")
    (folder / "grid_regions.csv").write_text("id,name,kind,provider,country,carbon_intensity_g_per_kwh,year,source\n"
                                             "lab:basement,Our basement,subnational,,FR,12,2025,utility bill\n")
    merged, problems = catalog_with_user_data(catalog, folder)
    assert problems == []
    assert merged.accelerators["LAB-X1"].user and not merged.accelerators["V100"].user
    assert merged.regions["lab:basement"].user and merged.regions["lab:basement"].carbon_intensity == 12
    assert len(merged.regions) == len(catalog.regions) + 1


@pytest.mark.parametrize("row,column", [
    ("LAB-X1,Card,Lab,2025,lots,,,90e12,BF16,,,,,,2025,src\n", "tdp_w"),
    ("LAB-X1,Card,Lab,2025,250,,,90e12,BF16,,,,,,2025,\n", "source"),
    ("LAB-X1,Card,Lab,2025,250,,,,BF16,,,,,,2025,src\n", "peak_flops"),
])
def test_a_bad_user_csv_is_refused_whole_naming_row_and_column(catalog, row, column):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    good = "GOOD-1,Fine card,Lab,2025,100,,,10e12,BF16,,,,,,2025,src\n"
    (folder / "accelerators.csv").write_text(ACC_HEADER + good + row)
    merged, problems = catalog_with_user_data(catalog, folder)
    assert "GOOD-1" not in merged.accelerators  # nothing half-imported
    assert len(problems) == 1 and "row 3" in problems[0] and f"column '{column}'" in problems[0]
    assert "accelerators.csv" in problems[0]


def test_a_bad_file_does_not_take_the_good_one_with_it(catalog):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "accelerators.csv").write_text(ACC_HEADER + "GOOD-1,Fine card,Lab,2025,100,,,10e12,BF16,,,,,,2025,src\n")
    (folder / "grid_regions.csv").write_text("id,name,carbon_intensity_g_per_kwh,year,source\nx,X,oops,2025,s\n")
    merged, problems = catalog_with_user_data(catalog, folder)
    assert "GOOD-1" in merged.accelerators and "x" not in merged.regions
    assert len(problems) == 1 and "grid_regions.csv" in problems[0]


def test_duplicate_user_ids_refuse_that_file(catalog):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    row = "DUP,Card,Lab,2025,100,,,10e12,BF16,,,,,,2025,src\n"
    (folder / "accelerators.csv").write_text(ACC_HEADER + row + row)
    merged, problems = catalog_with_user_data(catalog, folder)
    assert "DUP" not in merged.accelerators and "duplicate accelerator id 'DUP'" in problems[0]


def test_an_autosave_whose_lock_is_a_folder_is_offered_and_said(tmp_path, catalog):
    """It was never offered and never said (issue 22)."""
    from planner.core import Plan
    from planner.core.settings import find_recoverable

    plan = Plan.from_dict(catalog.presets["default"].plan, catalog).with_value("name", "Kept")
    (tmp_path / "w1.plan.json").write_text(json.dumps({"saved_at": 1.0e9, "plan": plan.to_dict()}))
    (tmp_path / "w1.lock").mkdir()
    found, warnings = find_recoverable(catalog, tmp_path)
    assert [r.plan.name for r in found] == ["Kept"]
    assert warnings and "w1.lock" in warnings[0] and "not a file" in warnings[0]
    for rec in found:
        rec.discard()
