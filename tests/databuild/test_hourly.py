"""The hourly table's refresh from the raw hourly files (skipped without ../shared beside the checkout)."""

from pathlib import Path

import pandas as pd
import pytest

from planner.core.resources import resources_dir

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "grid"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"raw data not beside the checkout ({DATA})")


@needs_data
def test_the_hourly_table_is_the_raw_hours_rounded_and_refreshes_unchanged():
    from planner.databuild.grid import grid_csv
    from planner.databuild.hourly import build_hourly

    built = build_hourly(DATA / "hourly")
    assert len(built) == 64 and built["source"].str.contains("ODbL").all()
    by_zone = built.set_index("zone")
    assert by_zone.loc["IE", "year"] == 2022 and by_zone.loc["FR", "year"] == 2023  # a zone's newest file
    assert by_zone.loc["US-NW-PACW", "filled_hours"] == 24 and by_zone.loc["US-SW-WALC", "filled_hours"] == 1
    assert by_zone["filled_hours"].sum() == 26 and "24 empty hours filled" in by_zone.loc["US-NW-PACW", "source"]
    assert grid_csv(built) == (resources_dir() / "grid_hourly.csv").read_text(encoding="utf-8")
    raw = pd.read_csv(DATA / "hourly" / "GB_2023.csv")["ci_lca_g_per_kwh"].to_numpy()
    gb = [float(v) for v in built.set_index("zone").loc["GB", "values_g_per_kwh"].split()]
    for first, hours in ((8 * 24, 504), (183 * 24, 504), (70 * 24, 72)):  # 3 weeks in January, in July; 3 days
        assert sum(gb[first:first + hours]) / hours == pytest.approx(raw[first:first + hours].mean(), rel=0.01)


def _write_zone(path, values, year=2023):
    hours = pd.date_range(f"{year}-01-01", periods=8760, freq="h", tz="UTC")
    pd.DataFrame({"datetime_utc": hours.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "ci_lca_g_per_kwh": values}).to_csv(path, index=False)


def test_empty_hours_are_filled_from_the_hours_either_side_and_counted(tmp_path):
    from planner.databuild.hourly import build_hourly

    values = [100.0] * 8760
    values[10:13] = [None] * 3  # between 100 and 140: a straight line
    values[13] = 140.0
    values[-1] = None  # the year's last hour: the hour before it
    _write_zone(tmp_path / "XX_2023.csv", values)
    _write_zone(tmp_path / "XX_2022.csv", [50.0] * 8760, year=2022)  # an older year of the same zone: left out
    built = build_hourly(tmp_path)
    assert list(built["zone"]) == ["XX"] and built.loc[0, "year"] == 2023 and built.loc[0, "filled_hours"] == 4
    hours = [int(v) for v in built.loc[0, "values_g_per_kwh"].split()]
    assert hours[9:14] == [100, 110, 120, 130, 140] and hours[-1] == 100
    assert "4 empty hours filled from the hours either side" in built.loc[0, "source"]


def test_a_file_with_more_than_a_week_empty_is_refused_naming_it(tmp_path):
    from planner.databuild.hourly import build_hourly

    _write_zone(tmp_path / "XX_2023.csv", [None] * 200 + [100.0] * 8560)
    with pytest.raises(ValueError, match="XX_2023.csv: 200 empty hours"):
        build_hourly(tmp_path)
