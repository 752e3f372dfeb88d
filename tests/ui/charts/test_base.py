"""What every chart shares: axis limits that move only when the data leave them, plain ticks, keys as text."""

import pytest

from planner.ui.charts.base import PlainAxis, StableRange, legend_html


def test_a_stable_range_grows_past_the_data_and_shrinks_late():
    r = StableRange()
    assert r.fit(870) == (1000, True)
    assert r.fit(950) == (1000, False)  # inside: no new axis
    assert r.fit(610) == (1000, False)  # above 60% of it: kept
    assert r.fit(590) == (600, True)  # below: shrinks to the next round step


def test_plain_ticks_read_as_people_write_numbers(qtbot):
    axis = PlainAxis("left")
    assert axis.tickStrings([2.5e6, 1500.0, 0.25], 1.0, 1.0) == ["2,500,000", "1,500", "0.25"]


@pytest.mark.parametrize("name", ["<b>AWS</b>", "a & b"])
def test_a_key_shows_names_as_text(name):
    html = legend_html([(name, "#123456")])
    assert name not in html and "#123456" in html
