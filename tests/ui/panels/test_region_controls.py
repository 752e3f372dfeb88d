"""The region rows alone: the filter, the picker (filled after the first paint) and the slider in grid order."""

from planner.ui.panels.region_controls import RegionControls


def test_the_region_rows_scrub_and_follow_the_filter(qtbot, hub, catalog):
    region = RegionControls(hub)
    qtbot.addWidget(region)
    region.show_plan({"*"})
    assert region.picker.count() == 1  # the plan's own region until the first paint, then those "Show" shows
    hub.state.set_region_filter("all")
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


def test_typed_names_match_without_case_or_accents_and_by_city(qtbot, hub, catalog):
    region = RegionControls(hub)
    qtbot.addWidget(region)
    hub.state.set_region_filter("all")
    hub.start()
    picker = region.picker
    assert picker.best_match("Quebec") == picker.best_match("QUÉBEC") == "CA-QC"
    assert picker.best_match("iowa") == "US-IA"
    assert picker.best_match("frankfurt") in ("aws:eu-central-1", "azure:germanywestcentral", "gcp:europe-west3")
    assert picker.best_match("us-central1 iowa") == "gcp:us-central1"  # every word, anywhere
    picker._search("quebec")  # what typing does: the list follows, accents or not
    shown = [picker._filter.index(k, 0).data() for k in range(picker._filter.rowCount())]
    assert any("Québec" in text for text in shown) and all("québec" in text.lower() for text in shown)


def test_the_list_follows_show_and_is_wide_enough(qtbot, hub, catalog):
    region = RegionControls(hub)
    qtbot.addWidget(region)
    hub.start()
    region.show_plan({"*"})
    cloud = sum(r.kind == "cloud" for r in catalog.regions.values())
    assert region.picker.count() == cloud + (catalog.regions[hub.state.plan.site.region].kind != "cloud")
    region.filter.setCurrentIndex(region.filter.findData("aws"))
    region.show_plan({"region_filter"})
    assert {region.picker.itemData(k) for k in range(region.picker.count())} - {hub.state.plan.site.region} <= {
        r.id for r in catalog.regions.values() if r.provider == "aws"}
    widest = max(region.picker.view().fontMetrics().horizontalAdvance(region.picker.itemText(k))
                 for k in range(region.picker.count()))
    region.picker.showPopup()  # (measured when the list is first shown)
    assert region.picker.view().minimumWidth() >= min(widest, 700)
    region.picker.hidePopup()
    region.filter.setCurrentIndex(region.filter.findData("all"))  # new items: measured again when shown
    region.show_plan({"region_filter"})
    region.picker.showPopup()
    widest = max(region.picker.view().fontMetrics().horizontalAdvance(region.picker.itemText(k))
                 for k in range(region.picker.count()))
    assert region.picker.view().minimumWidth() >= min(widest, 700)
    region.picker.hidePopup()


def test_a_region_that_matches_nothing_is_said_in_words(showing, hub, qtbot):
    from planner.ui.panels.editor import EditorPanel

    editor = showing(EditorPanel(hub), 430, 600)
    said = []
    hub.status.connect(lambda text, ms: said.append(text))
    editor.region.picker.lineEdit().setText("Atlantis")
    editor.region.picker.picked.emit("site.region", "")
    assert said[-1].startswith("No region matches “Atlantis”") and "site.region" not in said[-1]


def test_a_slider_tick_does_not_refill_the_list(qtbot, hub, monkeypatch):
    """Moving along the regions the list shows keeps the list: refilling it (formatting and measuring every name)
    on each tick once made the region slider cost 3x more."""
    region = RegionControls(hub)
    qtbot.addWidget(region)
    hub.start()
    region.show_plan({"*"})
    fills = []
    monkeypatch.setattr(region.picker, "set_items", lambda *a, **k: fills.append(a))
    for pos in (0, 5, 10, 20):
        region.slider.setValue(pos)
        region.show_plan({"site.region"})
    assert fills == [] and region.picker.current_id() == hub.state.plan.site.region
    hub.edit("site.region", "FR")  # outside the "cloud" list: listed too
    region.show_plan({"site.region"})
    assert len(fills) == 1
