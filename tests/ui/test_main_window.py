"""The main window follows the core: sliders, editors, pickers, charts, errors."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QSlider

from planner.core import estimate
from planner.core.fields import SPECS
from planner.core.units import MASS_UNITS, fmt, fmt_energy, fmt_mass, fmt_usd, resolve_mass_unit


def core_estimate(window):
    return estimate(window.state.plan, window.state.catalog)


def label(window, name) -> str:
    return window.findChild(QLabel, name).text()


def assert_shows_core(window):
    window.charts.flush()  # a chart redraws at most once per frame: draw what is due now
    est = core_estimate(window)
    u = resolve_mass_unit(window.hub.unit, est.emissions_kg)  # automatic: the headline's unit, for every mass

    def sig(key):  # an exact figure (every uncertain input given) shows four significant digits, else three
        from planner.core.metrics import exact

        return 4 if exact(window.state.results, key) else 3
    assert label(window, "result.emissions") == fmt_mass(est.emissions_kg, u, sig("emissions_kg"))
    assert label(window, "result.energy") == fmt_energy(est.energy_kwh, sig("energy_kwh"))
    assert label(window, "result.cost") == fmt_usd(est.cost_low, est.cost_high)
    hours_sig = sig("accelerator_hours") if est.inputs.hours_derived else 4
    assert label(window, "result.accelerator_hours") == fmt(est.accelerator_hours, hours_sig)
    scale = MASS_UNITS[u]
    # chart data follow the core
    assert window.charts.benchmarks.values[0] == pytest.approx(est.emissions_kg / scale)
    phases = window.charts.phases.values
    assert phases["training"] + phases["tuning"] + phases["nas"] == pytest.approx(est.emissions_kg / scale)
    assert phases["accelerators"] + phases["host"] + phases["overhead"] == pytest.approx(est.emissions_kg / scale)
    s = window.state.sweep
    np.testing.assert_allclose(window.charts.regions.values, np.asarray(s.emissions_kg) / scale)
    k = window.charts.regions.current_index
    assert window.charts.regions.ids[k] == window.state.plan.site.region
    assert window.charts.regions.values[k] == pytest.approx(est.emissions_kg / scale)
    return est


def test_contract_object_names(window):
    for path in SPECS:  # the plan's top-level text fields are plan.name and plan.notes
        assert window.findChild(object, path if "." in path else f"plan.{path}") is not None, path
    for path in ("hardware.count", "run.hours", "experiment.tuning_runs", "site.region"):
        assert window.findChild(QSlider, f"slider:{path}") is not None, path
    for name in ("chart.benchmarks", "chart.regions", "chart.phases"):
        assert window.findChild(object, name) is not None
    assert window.findChild(QCheckBox, "experiment.nas") is not None


def test_opens_on_a_neutral_current_plan(window, catalog):
    plan = window.state.plan
    assert plan.name == catalog.presets["default"].name
    assert plan.origins == () and plan.hardware.power_w is None and plan.site.pue is None
    assert plan.site.carbon_intensity_g_per_kwh is None and plan.pricing.usd_per_accelerator_hour_high is None
    est = assert_shows_core(window)
    assert est.inputs.hours_derived and est.phases["tuning"].runs > 0 and est.cost_high is not None
    assert catalog.regions[plan.site.region].kind == "cloud"
    assert "≈" in label(window, "result.comparison")


def test_bert_preset_shows_its_paper_figures(bert_window):
    assert_shows_core(bert_window)
    assert "round-trip flights" in label(bert_window, "result.comparison")
    assert "BERT" in bert_window.windowTitle()


def test_count_slider_drives_results_and_charts(bert_window, qtbot):
    slider = bert_window.findChild(QSlider, "slider:hardware.count")
    before = core_estimate(bert_window).emissions_kg
    slider.setValue(slider.value() + 100)
    count = bert_window.state.plan.hardware.count
    assert count > 64
    est = assert_shows_core(bert_window)
    assert est.emissions_kg == pytest.approx(before * count / 64)
    assert bert_window.findChild(QLineEdit, "hardware.count").text() == str(count)


def test_tuning_runs_and_hours_sliders(window):
    for path in ("experiment.tuning_runs", "run.hours"):
        slider = window.findChild(QSlider, f"slider:{path}")
        for pos in (0, 300, 700, 1000):
            slider.setValue(pos)
            assert_shows_core(window)
    assert window.state.plan.run.hours == pytest.approx(1e6)


def test_region_slider_scrubs_in_order_of_grid_intensity(window, catalog):
    slider = window.findChild(QSlider, "slider:site.region")
    seen = []
    for pos in range(0, slider.maximum() + 1, 7):
        slider.setValue(pos)
        seen.append(catalog.regions[window.state.plan.site.region].carbon_intensity)
        assert_shows_core(window)
    assert seen == sorted(seen) and seen[0] < seen[-1]


def test_exact_editor_moves_the_slider(window, qtbot):
    editor = window.findChild(QLineEdit, "hardware.count")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "1k")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.state.plan.hardware.count == 1000
    field = window.editor.fields["hardware.count"]
    assert field.slider.value() == field.slider.to_pos(1000)
    assert_shows_core(window)


def test_clearing_a_nullable_field_returns_to_the_catalog(bert_window, qtbot, catalog):
    editor = bert_window.findChild(QLineEdit, "site.pue")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert bert_window.state.plan.site.pue is None
    assert core_estimate(bert_window).inputs.pue == catalog.pue_defaults["default"].pue
    assert editor.placeholderText() == "1.56"


def test_clicking_a_region_bar_picks_that_region(window, qtbot):
    chart = window.charts.regions
    target = 3
    vb = chart.plot_item.vb
    scene_pt = vb.mapViewToScene(QPointF(target, chart.values[target] / 2))
    pos = chart.mapFromScene(scene_pt)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.state.plan.site.region == window.state.sweep.ids[target]
    assert_shows_core(window)


def test_pickers_choose_accelerator_and_region(window, catalog):
    window.editor.acc_picker.picked.emit("hardware.accelerator", "H100-SXM")
    assert window.state.plan.hardware.accelerator == "H100-SXM"
    assert "700 W" in window.findChild(QLabel, "hardware.accelerator.info").text()
    window.editor.region.picker.picked.emit("site.region", "CA-QC")
    assert window.state.plan.site.region == "CA-QC"
    assert "Source" in window.editor.region.picker.toolTip()
    assert_shows_core(window)
    # text that matches nothing changes nothing
    window.editor.region.picker.picked.emit("site.region", "")
    assert window.state.plan.site.region == "CA-QC"


def test_region_filter_limits_the_chart(bert_window, catalog):
    combo = bert_window.editor.region.filter
    combo.setCurrentIndex(combo.findData("aws"))
    provs = set(bert_window.state.sweep.providers) - {""}
    assert provs == {"aws"}
    bert_window.charts.flush()
    assert len(bert_window.charts.regions.ids) == sum(r.provider == "aws" for r in catalog.regions.values()) + 1


def test_nas_switch_and_multipliers(window, catalog):
    before = core_estimate(window).emissions_kg
    window.editor.checks["experiment.nas"].setChecked(True)
    est = assert_shows_core(window)
    assert est.phases["nas"].runs == pytest.approx(catalog.assumptions["nas_multiplier"].value)
    assert est.emissions_kg > 100 * before
    window.editor.nas_proxy.click()
    assert window.state.plan.experiment.nas_multiplier == catalog.assumptions["nas_multiplier_proxy"].value
    window.editor.nas_strubell.click()
    assert window.state.plan.experiment.nas_multiplier is None


def test_run_length_modes(window):
    window.editor.mode_derived.setChecked(True)
    plan = window.state.plan
    assert plan.run.hours is None and plan.model.parameters and plan.model.training_tokens
    est = assert_shows_core(window)
    assert est.inputs.hours_derived
    assert "derived" in label(window, "run.mode.note")
    window.editor.mode_hours.setChecked(True)  # derived until hours are typed
    assert window.state.plan.run.hours is None and window.editor.fields["run.hours"].editor.hasFocus() in (True, False)
    window.hub.edit("run.hours", 12.0)
    assert window.state.plan.run.hours == 12.0 and window.editor.mode_hours.isChecked()


def test_units_switch(window):
    window.results.units_box.setCurrentIndex(window.results.units_box.findData("lb"))
    assert label(window, "result.emissions").endswith("\xa0lb")
    assert_shows_core(window)
    window.findChild(object, "view.units.t").trigger()
    assert window.hub.unit == "t" and label(window, "result.emissions").endswith("\xa0t")
    assert_shows_core(window)


def test_log_axis_toggle(window):
    window.results.log_box.setChecked(False)
    window.charts.flush()
    assert not window.charts.benchmarks.log
    plan_bar = window.charts.benchmarks.plan_bar.opts["width"][0]
    assert plan_bar == pytest.approx(core_estimate(window).emissions_kg)
    window.results.log_box.setChecked(True)
    assert window.menu_actions["view.log_axis"].isChecked()


def test_presets_menu(window, catalog):
    act = window.findChild(object, "preset.gpt-3-patterson2021")
    act.trigger()
    assert window.state.plan.name.startswith("GPT-3")
    est = assert_shows_core(window)
    assert est.emissions_kg == pytest.approx(552.1e3, rel=0.02)
    assert len(window.menu_actions["presets"].actions()) == len(catalog.presets)


def test_plan_that_cannot_be_estimated_shows_an_error(bert_window, qtbot):
    bert_window.state.set("run.hours", None)  # no parameters/tokens in the default plan
    banner = bert_window.findChild(QLabel, "result.error")
    assert banner.isVisible() and "run.hours" in banner.text()
    bert_window.state.set("run.hours", 10.0)
    assert not banner.isVisible()
    assert_shows_core(bert_window)


def test_every_control_has_an_accessible_name(window):
    from PySide6.QtWidgets import QAbstractSlider, QComboBox

    missing = [w.objectName() for cls in (QLineEdit, QAbstractSlider, QComboBox, QCheckBox)
               for w in window.findChildren(cls)
               if w.isVisibleTo(window) and not w.accessibleName()
               and not (w.parent().objectName() or "").startswith("qt_scrollarea")]
    assert missing == []


def test_sources_dialog(bert_window):
    bert_window.findChild(QAction, "help.sources").trigger()
    dialog = bert_window.findChild(object, "dialog.sources")
    text = dialog.text.toPlainText()
    assert "Strubell" in text and "PUE" in text
    dialog.close()


def test_hundreds_of_chart_updates_do_not_crash(window):
    """The none_dealloc hazard: every setData touches QObject.property()."""
    slider = window.findChild(QSlider, "slider:site.region")
    n = slider.maximum()
    for step in range(600):
        slider.setValue(step % (n + 1))
    assert_shows_core(window)


def test_chart_ranges_hold_the_data_without_wasting_space(window):
    from planner.core.units import nice_ceiling

    for x in (0.7, 1.0, 2280, 4790, 1e6 + 1):
        assert x <= nice_ceiling(x) <= 1.25 * x
    for pos in (0, 400, 1000):
        window.findChild(QSlider, "slider:run.hours").setValue(pos)
        window.charts.flush()
        (x0, x1), _ = window.charts.phases.plot_item.vb.viewRange()
        total = sum(window.charts.phases.values[p] for p in ("training", "tuning", "nas"))
        assert total <= x1 <= total / 0.6 * 1.03 + 1e-9
        _, (y0, y1) = window.charts.regions.plot_item.vb.viewRange()
        assert window.charts.regions.values.max() <= y1


def test_advice_list_ranks_and_applies_undoably(window, qtbot):
    from planner.core.advise import advise

    qtbot.waitUntil(lambda: window.advice.list.count() > 0, timeout=3000)
    expected = advise(window.state.plan, window.catalog)
    headings = int(any(s.changes_project for s in expected))  # "Changing the project:" before those
    assert window.advice.list.count() == len(expected) + headings
    first = window.advice.list.item(0).text()
    assert expected[0].change in first and fmt_mass(expected[0].emissions_kg_saved) in first
    before = window.state.plan
    window.advice.list.setCurrentRow(0)
    window.advice.apply.click()
    assert window.state.plan == expected[0].plan
    assert_shows_core(window)
    window.findChild(object, "edit.undo").trigger()
    assert window.state.plan == before
    # until the ranking is redone for the plan in view it is greyed, and applying it does nothing
    assert not window.advice.list.isEnabled() and not window.advice.apply.isEnabled()
    window.advice.apply_suggestion(1)
    assert window.state.plan == before
    qtbot.waitUntil(lambda: window.advice.list.isEnabled(), timeout=3000)
    # one click on a suggestion applies it
    rect = window.advice.list.visualItemRect(window.advice.list.item(1))
    qtbot.mouseClick(window.advice.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.plan == expected[1].plan
    window.findChild(object, "edit.undo").trigger()
    qtbot.waitUntil(lambda: window.advice.list.isEnabled(), timeout=3000)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_enter_or_space_applies_the_selected_suggestion(window, qtbot, key):
    from planner.core.advise import advise

    qtbot.waitUntil(lambda: window.advice.list.isEnabled() and window.advice.list.count() > 1, timeout=3000)
    expected = advise(window.state.plan, window.catalog)
    window.advice.list.setFocus()
    window.advice.list.setCurrentRow(1)
    qtbot.keyClick(window.advice.list, key)
    assert window.state.plan == expected[1].plan


def test_advice_is_greyed_while_a_drag_changes_the_plan(window, qtbot):
    qtbot.waitUntil(lambda: window.advice.list.isEnabled() and window.advice.list.count() > 0, timeout=3000)
    slider = window.findChild(QSlider, "slider:experiment.tuning_runs")
    slider.setValue(slider.value() + 50)
    assert not window.advice.list.isEnabled()  # stale for the new plan
    qtbot.waitUntil(lambda: window.advice.list.isEnabled(), timeout=3000)
    from planner.core.advise import advise

    shown = [window.advice.list.item(k).text() for k in range(window.advice.list.count())]
    expected = [s.change for s in advise(window.state.plan, window.catalog)]
    assert [t.split("\n")[1] for t in shown if "\n" in t] == expected


def test_a_fine_tuning_plan_gets_no_fine_tune_advice(window, qtbot):
    qtbot.waitUntil(lambda: window.advice.list.isEnabled() and window.advice.list.count() > 0, timeout=3000)
    texts = lambda: " ".join(window.advice.list.item(k).text() for k in range(window.advice.list.count()))  # noqa
    assert "Fine-tune" in texts()
    window.findChild(QCheckBox, "experiment.fine_tune").click()
    assert window.state.plan.experiment.fine_tune
    qtbot.waitUntil(lambda: window.advice.list.isEnabled(), timeout=3000)
    assert window.advice.list.count() > 0 and "Fine-tune" not in texts()


def test_copy_reporting_paragraph(window):
    from PySide6.QtWidgets import QApplication

    from planner.core.summary import reporting_text

    for style in ("plain", "markdown", "latex"):
        window.findChild(object, f"edit.copy_report.{style}").trigger()
        assert QApplication.clipboard().text() == reporting_text(window.state.results, style)


def test_embodied_is_its_own_part_and_can_be_hidden(window):
    est = core_estimate(window)
    window.charts.flush()
    assert window.charts.phases.values["embodied"] == pytest.approx(est.embodied_parts["accelerators"])
    assert window.charts.phases.values["embodied_server"] == pytest.approx(est.embodied_parts["server"])
    assert f"+{fmt_mass(est.embodied_kg)} embodied" in window.findChild(QLabel, "result.emissions.range").text()
    assert window.findChild(QLabel, "result.emissions").text() == fmt_mass(est.emissions_kg)  # operational only
    window.findChild(object, "view.embodied").trigger()
    window.charts.flush()
    assert window.charts.phases.values["embodied"] == window.charts.phases.values["embodied_server"] == 0
    assert "embodied" not in window.findChild(QLabel, "result.emissions.range").text()


def test_picking_an_accelerator_releases_the_presets_power_with_a_note(bert_window, catalog):
    w = bert_window
    origin = w.findChild(QLabel, "origin:hardware.power_w")
    assert origin.isVisible() and "BERT base" in origin.text()
    w.editor.acc_picker.picked.emit("hardware.accelerator", "T4")
    est = core_estimate(w)
    t4 = catalog.accelerators["T4"]
    assert w.state.plan.hardware.power_w is None and est.inputs.power_w == catalog.central_power(t4)[0]
    assert not origin.isVisible()
    note = w.statusBar().currentMessage()
    assert note.startswith("Released") and "power per accelerator" in note and "BERT base" in note
    assert "T4" in w.editor.acc_info.text() or "70 W" in w.editor.acc_info.text()
    w.findChild(QAction, "edit.undo").trigger()
    assert w.state.plan.hardware.power_w is not None and origin.isVisible()


def test_region_change_uses_the_providers_pue_and_price(bert_window, catalog):
    w = bert_window
    w.editor.region.picker.picked.emit("site.region", "aws:us-east-1")
    est = core_estimate(w)
    assert est.inputs.pue == catalog.pue_defaults["aws"].pue
    price = catalog.price_for(catalog.accelerators["V100"], catalog.regions["aws:us-east-1"])
    assert est.cost_high == pytest.approx(est.accelerator_hours * price.high)
    band = w.results.cards["cost"].band.text()
    assert price.high_basis in band or price.low_basis in band


def test_market_matched_share_shows_beside_location_based(window, catalog):
    window.editor.region.picker.picked.emit("site.region", "gcp:europe-west1")
    button = window.findChild(QPushButton, "site.market_matched_fraction.provider")
    assert button.isVisible() and "CFE" in button.text()
    button.click()
    est = core_estimate(window)
    assert window.state.plan.site.market_matched_fraction == catalog.regions["gcp:europe-west1"].provider_cfe
    assert est.market_emissions_kg is not None and "market-based" in window.results.cards["emissions"].band.text()


def test_an_unstated_matched_share_says_so(window):
    assert window.state.plan.site.market_matched_fraction is None
    assert window.findChild(QLineEdit, "site.market_matched_fraction").placeholderText() == "not stated"


def test_the_name_reaches_title_pdf_and_compare_dialog(bert_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from planner.ui.report import ReportData, write_report

    name = bert_window.findChild(QLineEdit, "plan.name")
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Ablation study, 8 x H100")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert bert_window.state.plan.name == "Ablation study, 8 x H100"
    assert bert_window.windowTitle().startswith("Ablation study, 8 x H100")
    notes = bert_window.findChild(QPlainTextEdit, "plan.notes")
    notes.setPlainText("Needed for the ablations in section 4.\nSpot capacity is fine.")
    bert_window.editor._notes_timer.timeout.emit()  # what the pause after typing does
    assert bert_window.state.plan.notes.startswith("Needed for the ablations")
    dlg = bert_window.documents.show_compare()
    qtbot.addWidget(dlg)
    assert dlg.table.horizontalHeaderItem(0).text().replace("\n", " ") == "Current: Ablation study, 8 x H100"
    dlg.close()
    pdf = tmp_path / "a.pdf"
    write_report(ReportData.from_state(bert_window.state, bert_window.hub.unit), pdf)
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Footprint summary: Ablation study, 8 x H100" in text and "Needed for the ablations" in text
        assert "Page 1" in text and "Page 2" in text and "unsaved plan" in text
    from planner.ui.document import slug

    assert slug(bert_window.state.plan.name) == "Ablation-study-8-x-H100"
    bert_window.state.mark_saved("x")


def test_the_presets_message_goes_once_the_plan_is_edited(window):
    """'Strubell et al. 2019, Table 3 (inputs as published)' stayed after NAS was turned on (issue 21)."""
    window.load_preset("transformer-big")
    assert "inputs as published" in window.statusBar().currentMessage()
    window.editor.checks["experiment.nas"].setChecked(True)
    assert "inputs as published" not in window.statusBar().currentMessage()


# ------------------------------------------------------------------ issue 30, item 5: shortcuts from a field
def _focus(window, qtbot, editor) -> None:
    window.activateWindow()  # (under a real X server with no window manager too)
    qtbot.waitUntil(window.isActiveWindow)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)


def test_window_shortcuts_work_from_a_number_field(window, qtbot, monkeypatch):
    """Ctrl+E moved to the end of the line (the file path then typed went into Parameters) (issue 30, item 5)."""
    from PySide6.QtCore import Qt

    called = []
    monkeypatch.setattr(window.exporter, "export_pdf", lambda *a: called.append("pdf"))
    field = window.editor.fields["model.parameters"].editor
    _focus(window, qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert called == ["pdf"]


def test_undo_from_a_field_is_the_plans_undo(window, qtbot):
    """Ctrl+Z undid only the field's text (field 16, slider and charts 64); after Up/Down steps it did nothing
    (issue 30, item 5)."""
    from PySide6.QtCore import Qt

    f = window.editor.fields["hardware.count"]
    window.hub.edit("hardware.count", 64)
    _focus(window, qtbot, f.editor)
    f.editor.selectAll()
    qtbot.keyClicks(f.editor, "16")  # typed, not committed
    qtbot.keyClick(f.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.plan.hardware.count == 8  # the plan's undo: back before 64
    assert f.editor.text() == "8" and f.slider.value() == f.slider.to_pos(8)  # the pending text dropped
    qtbot.keyClick(f.editor, Qt.Key.Key_Up)  # a step, then undo it
    stepped = window.state.plan.hardware.count
    assert stepped != 8
    qtbot.keyClick(f.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.plan.hardware.count == 8
    qtbot.keyClick(f.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    assert window.state.plan.hardware.count == stepped  # and redo


def test_clicking_a_chart_leaves_the_field_and_commits_it(window, qtbot):
    from PySide6.QtCore import Qt

    f = window.editor.fields["hardware.count"]
    _focus(window, qtbot, f.editor)
    f.editor.selectAll()
    qtbot.keyClicks(f.editor, "16")
    chart = window.charts.benchmarks
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.viewport().rect().center())
    assert window.state.plan.hardware.count == 16


def test_the_grid_year_slider_spans_the_regions_years_and_a_refusal_greys_the_cards(window, qtbot):
    """The Grid year slider offered 2019 for Jean Zay, and the banner said "site.grid_year: no 2019 figure …" over
    cards that still looked current, pushing the right side down (issue 30, item 7)."""
    field = window.editor.fields["site.grid_year"]
    window.hub.edit("site.region", "site:jean-zay")
    years = window.catalog.grid_series(window.catalog.regions["site:jean-zay"])
    assert (field.slider.lo, field.slider.hi) == (min(years), max(years))
    assert field.slider.to_value(0) == min(years) and field.isEnabled()
    window.hub.edit("site.region", "US-EPA-2018")  # a published factor: no yearly series
    assert not field.isEnabled()
    window.hub.edit("site.region", "DE")
    cards_top = window.results.cards["emissions"].mapTo(window, window.results.cards["emissions"].rect().topLeft())
    charts_top = window.charts.mapTo(window, window.charts.rect().topLeft())
    from planner.core.plan import Plan

    bad = window.state.plan.to_dict()
    bad["site"]["grid_year"] = 2019
    window.state.replace(Plan.from_dict(bad, window.catalog))
    banner = window.results.error_banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.text().startswith("Cannot estimate this plan — Grid year: no 2019 figure")
    assert "site.grid_year" not in banner.text()
    assert not window.results.cards["emissions"].isEnabled()
    assert window.results.cards["emissions"].mapTo(window, window.results.cards["emissions"].rect().topLeft()) \
        == cards_top and window.charts.mapTo(window, window.charts.rect().topLeft()) == charts_top
    window.state.undo()
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert window.results.cards["emissions"].isEnabled()
