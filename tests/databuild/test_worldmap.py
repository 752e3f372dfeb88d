"""The map outlines' refresh script (issue 15): one command rebuilds resources/map.json from Natural Earth."""

import json
from pathlib import Path

import pytest

from planner.core.resources import resources_dir

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "map"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"raw data not beside the checkout ({DATA})")


@needs_data
def test_refresh_reproduces_the_shipped_outlines():
    from planner.databuild.worldmap import build_map, map_json

    assert map_json(build_map(DATA)) == (resources_dir() / "map.json").read_text(encoding="utf-8")


@needs_data
def test_the_shipped_outlines_are_small_and_credited():
    path = resources_dir() / "map.json"
    assert path.stat().st_size < 150_000  # simplified: the raw files are 670 kB
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    assert not any(s["id"] in ("AQ", "ATA") for s in data["shapes"])  # Antarctica left out


def test_simplify_keeps_the_ends_and_drops_what_lies_within_tolerance():
    from planner.databuild.worldmap import simplify

    line = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.01), (3.0, 0.0), (3.0, 5.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (3.0, 0.0), (3.0, 5.0)]
    assert simplify(line[:2], 0.1) == line[:2]


@needs_data
def test_a_missing_map_folder_exits_2(tmp_path):
    from planner.databuild.__main__ import main

    (tmp_path / "grid").symlink_to(DATA.parent / "grid")
    assert main(["--data", str(tmp_path), "--out", str(tmp_path)]) == 2
