"""The map's data: outlines, what each shape stands for, the colour classes (issue 15)."""


import numpy as np
import pytest

from planner.core import Plan, estimate, sweep
from planner.core.errors import CatalogError
from planner.core.geo import SCALE, buckets, highlighted, layout, load_map, region_values


def test_the_shipped_outlines_join_the_grid_table(catalog):
    data = load_map()
    lay = layout(catalog, data)
    kinds = {s.kind for s in data.shapes}
    assert kinds == {"country", "state"}
    joined = [s for s, r in zip(data.shapes, lay.shape_regions) if r >= 0]
    assert len(joined) >= 215  # 171 countries and 50 states + DC with a grid figure
    ids = {s.id for s in joined}
    assert {"FR", "US", "DE", "IN", "CN", "BR", "US-VA", "US-CA", "US-TX"} <= ids
    # sub-national grids: every US state is a shape; Canadian provinces and cloud regions are points
    assert {"CA-QC", "CA-ON", "CA-BC", "aws:us-east-1", "gcp:us-central1", "azure:westeurope"} <= set(lay.points)
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in lay.point_lonlat)


def test_region_values_are_the_sweeps_figures(catalog):
    for pid in ("default", "bert-base-tuning"):
        est = estimate(Plan.from_dict(catalog.presets[pid].plan, catalog), catalog)
        values = region_values(est, catalog)
        full = sweep(est, catalog)
        ids = catalog.region_arrays()["ids"]
        by_id = dict(zip(full.ids, full.emissions_kg))
        assert values == pytest.approx([by_id[i] for i in ids])
        assert values[catalog.region_arrays()["index"][est.inputs.region.id]] == pytest.approx(est.emissions_kg)


def test_colour_classes_cover_the_scale():
    v = np.array([0.0, 12.4, 50.0, 99.9, 100.0, 250.0])
    assert list(buckets(v, 100.0)) == [0, 0, 4, 7, 7, 7]
    assert len(SCALE) == 8 and buckets(v, 0.0).max() == 0


def test_a_balancing_area_shows_as_the_states_it_serves(catalog):
    lay = layout(catalog)
    shapes, points = highlighted(lay, catalog, "US-MIDA-PJM")
    names = {lay.shapes[k].id for k in shapes}
    assert {"US-VA", "US-PA", "US-NJ"} <= names and "US-CA" not in names
    assert "aws:us-east-1" in {lay.points[k] for k in points}  # a cloud region on that grid too
    shapes, points = highlighted(lay, catalog, "FR")
    assert [lay.shapes[k].id for k in shapes] == ["FR"] and points == []
    assert highlighted(lay, catalog, "world") == ([], [])


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"shapes": [{"id": "X"}]}',
                                     b'{"shapes": [{"id": "X", "name": "x", "kind": "country", "rings": [[1, 2]]}]}',
                                     b'{"shapes": [{"id": "X", "name": "x", "kind": "country", '
                                     b'"rings": [[1e999, 2, 3, 4, 5, 6]]}]}',
                                     b"\xff\xfe"])
def test_a_damaged_map_file_is_refused_with_its_name(tmp_path, content):
    path = tmp_path / "map.json"
    path.write_bytes(content)
    load_map.cache_clear()
    with pytest.raises(CatalogError, match="map.json"):
        load_map(str(path))


def test_a_map_file_that_is_not_a_regular_file_is_refused(tmp_path):
    load_map.cache_clear()
    with pytest.raises(CatalogError, match="map.json"):
        load_map(str(tmp_path / "map.json"))  # missing
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(CatalogError):
        load_map(str(tmp_path / "dir.json"))
    load_map.cache_clear()
