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
    assert len(built) == 20 and built["source"].str.contains("ODbL").all()
    assert grid_csv(built) == (resources_dir() / "grid_hourly.csv").read_text(encoding="utf-8")
    raw = pd.read_csv(DATA / "hourly" / "GB_2023.csv")["ci_lca_g_per_kwh"].to_numpy()
    gb = [float(v) for v in built.set_index("zone").loc["GB", "values_g_per_kwh"].split()]
    for first, hours in ((8 * 24, 504), (183 * 24, 504), (70 * 24, 72)):  # 3 weeks in January, in July; 3 days
        assert sum(gb[first:first + hours]) / hours == pytest.approx(raw[first:first + hours].mean(), rel=0.01)
