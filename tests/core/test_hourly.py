"""Reading the hourly table (the arithmetic of when a job runs is tests/core/test_schedule.py)."""

from pathlib import Path


def test_the_docs_list_every_zone_with_its_year_and_filled_hours(catalog):
    from planner.core.hourly import markdown, scan_hourly

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data.md").read_text(encoding="utf-8")
    start = doc.index("<!-- generated: planner.core.hourly.markdown")
    body = doc[doc.index("\n", start) + 1:doc.index("<!-- end generated -->", start)]
    assert body == markdown(catalog), "refresh the table in docs/data.md from planner.core.hourly.markdown()"
    rows = scan_hourly(catalog.files["grid_hourly"])
    assert body.count("\n| ") == len(rows) == 64  # a row each, after the header
    assert "| IE | 2022 | 0 |" in body and "| US-NW-PACW | 2023 | 24 |" in body
    assert "aws:us-west-2, gcp:us-west1" in body
