"""The region rows alone: the filter, the picker (filled after the first paint) and the slider in grid order."""

from planner.ui.panels.region_controls import RegionControls


def test_the_region_rows_scrub_and_follow_the_filter(qtbot, hub, catalog):
    region = RegionControls(hub)
    qtbot.addWidget(region)
    region.show_plan({"*"})
    assert region.picker.count() == 1  # the plan's own region until the first paint, then all of them
    hub.start()
    assert region.picker.count() == len(catalog.regions)
    region.slider.setValue(0)
    cleanest = hub.state.region_order()[0]
    assert hub.state.plan.site.region == cleanest
    region.show_plan({"site.region"})
    assert region.picker.current_id() == cleanest and "g CO2e/kWh" in region.info.text()
    region.filter.setCurrentIndex(region.filter.findData("aws"))
    region.show_plan({"region_filter"})
    assert hub.state.region_filter == "aws" and region.slider.maximum() == len(hub.state.region_order()) - 1


def test_a_typed_region_is_passed_on(qtbot, hub):
    region = RegionControls(hub)
    qtbot.addWidget(region)
    picked = []
    region.picked.connect(lambda path, rid: picked.append((path, rid)))
    region.picker.picked.emit("site.region", "FR")
    assert picked == [("site.region", "FR")]
