"""Plans as documents in the window: files, undo, autosave, settings, comparing, user data."""

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QSlider

from planner.core import Plan, estimate, load_plan
from planner.core.settings import Settings, data_dir
from planner.ui import MainWindow


@pytest.fixture
def plan_file(tmp_path, catalog):
    def make(name="other.plan.json", **values):
        plan = Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog).with_values(
            {"name": name.split(".")[0], **values})
        path = tmp_path / name
        path.write_text(json.dumps(plan.to_dict()))
        return path
    return make


def test_file_and_edit_menus(window):
    for name, keys in (("file.new", "Ctrl+N"), ("file.open", "Ctrl+O"), ("file.save", "Ctrl+S"),
                       ("file.save_as", "Ctrl+Shift+S"), ("file.export_pdf", "Ctrl+E"), ("edit.undo", "Ctrl+Z"),
                       ("edit.redo", "Ctrl+Shift+Z")):
        act = window.findChild(object, name)
        assert act is not None, name
        assert act.shortcut() == QKeySequence(keys), name
    assert window.findChild(object, "file.recent") is not None
    assert window.findChild(object, "file.quit") is not None


def test_title_shows_name_and_unsaved_marker(bert_window, tmp_path, monkeypatch):
    assert "BERT base with tuning runs" in bert_window.windowTitle() and not bert_window.isWindowModified()
    bert_window.findChild(QSlider, "slider:hardware.count").setValue(700)
    assert bert_window.isWindowModified()
    out = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    bert_window.findChild(object, "file.save").trigger()  # no file yet: Save asks where
    saved = tmp_path / "mine.plan.json"
    assert saved.exists() and not bert_window.isWindowModified()
    assert load_plan(saved, bert_window.catalog) == bert_window.state.plan
    assert bert_window.settings.recent_files[0] == str(saved.resolve())
    bert_window.findChild(QSlider, "slider:hardware.count").setValue(300)
    bert_window.findChild(object, "file.save").trigger()  # now saves in place, no dialog
    assert load_plan(saved, bert_window.catalog).hardware.count == bert_window.state.plan.hardware.count


def test_open_and_recent(bert_window, plan_file, monkeypatch):
    path = plan_file(**{"hardware.count": 5})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    bert_window.findChild(object, "file.open").trigger()
    assert bert_window.state.plan.hardware.count == 5 and bert_window.state.path == str(path)
    assert "other" in bert_window.windowTitle() and not bert_window.isWindowModified()
    recent = [a for a in bert_window.documents.recent_menu.actions() if a.data()]
    assert recent and recent[0].data() == str(path.resolve())
    bert_window.documents.new_plan()
    assert bert_window.state.plan == Plan.from_dict(bert_window.catalog.presets["default"].plan, bert_window.catalog)
    recent[0].trigger()
    assert bert_window.state.plan.hardware.count == 5


@pytest.mark.parametrize("content,message", [("{oops", "not valid JSON"), ('{"schema_version": 7}', "newer"),
                                             ('["a"]', "not a plan"), ("", "empty")])
def test_corrupt_or_future_plans_are_refused_and_the_plan_kept(window, tmp_path, dialogs, content, message):
    bad = tmp_path / "bad.plan.json"
    bad.write_text(content)
    window.state.set("hardware.count", 9)  # unsaved work: the patched prompt answers Discard
    before = window.state.plan
    assert window.open_plan(str(bad)) is False
    assert window.state.plan == before and window.state.path is None
    title, text = dialogs.warned[-1]
    assert title == "Cannot open plan" and "bad.plan.json" in text and message in text


def test_closing_with_unsaved_changes_asks(window, dialogs):
    window.state.set("hardware.count", 9)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert window.close() is False and window.isVisible()
    assert dialogs.asked and "Unsaved changes" in dialogs.asked[-1][0]
    dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.close() is True


def test_saving_from_the_close_prompt(window, dialogs, tmp_path, monkeypatch):
    window.state.set("hardware.count", 9)
    out = tmp_path / "closing.plan.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialogs.answer = QMessageBox.StandardButton.Save
    assert window.close() is True
    assert load_plan(out, window.catalog).hardware.count == 9


def test_unwritable_save_keeps_the_plan(window, dialogs, tmp_path):
    window.state.set("hardware.count", 9)
    assert window.documents.write(str(tmp_path / "nope" / "x.plan.json")) is False
    assert window.isWindowModified() and "nope" in dialogs.warned[-1][1]


def test_open_from_the_command_line(qapp, qtbot, plan_file, monkeypatch, app_widgets):
    from planner.ui import app as app_module

    path = plan_file(**{"hardware.count": 7})
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    assert app_module.run_app([str(path)]) == 0
    windows = [w for w in app_widgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert windows and windows[-1].state.plan.hardware.count == 7
    for w in windows:
        qtbot.addWidget(w)


def test_dropping_a_plan_file_opens_it(window, plan_file):
    path = plan_file(**{"hardware.count": 11})
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.state.plan.hardware.count == 11


def test_undo_across_a_slider_drag(bert_window, qtbot):
    slider = bert_window.findChild(QSlider, "slider:hardware.count")
    original = bert_window.state.plan
    slider.sliderPressed.emit()
    for pos in range(slider.value(), slider.value() + 200, 20):
        slider.setValue(pos)
    slider.sliderReleased.emit()
    assert bert_window.state.plan.hardware.count > 64
    bert_window.findChild(object, "edit.undo").trigger()
    assert bert_window.state.plan == original  # the whole drag in one step
    assert bert_window.findChild(QLabel, "result.emissions").text().startswith("2.282\xa0t")  # exact: every input given
    bert_window.findChild(object, "edit.redo").trigger()
    assert bert_window.state.plan.hardware.count > 64
    # a typed edit is undoable too
    bert_window.hub.edit("hardware.count", 3)
    bert_window.findChild(object, "edit.undo").trigger()
    assert bert_window.state.plan.hardware.count > 64 and "BERT" in bert_window.state.plan.name


def test_autosave_and_recovery_after_a_crash(qtbot, dialogs, catalog):
    w = MainWindow()
    qtbot.addWidget(w)
    w.state.set("hardware.count", 13)
    w.documents.write_autosave()  # what the timer does 1.5 s after an edit
    assert w.documents.autosave.path.exists()
    w.documents.autosave.release(keep=True)  # the process dies here: the OS drops its lock, the autosave stays
    w2 = MainWindow()
    qtbot.addWidget(w2)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert w2.documents.offer_recovery() is True
    assert w2.state.plan.hardware.count == 13 and w2.isWindowModified()
    assert "Recover" in dialogs.asked[-1][0]
    # the restored work is in w2's own autosave now; the dead window's file is gone
    assert not w.documents.autosave.path.exists() and w2.documents.autosave.path.exists()
    w2.state.mark_saved("x")
    w.state.mark_saved("x")


def test_declined_recovery_is_dropped(qtbot, dialogs):
    w = MainWindow()
    qtbot.addWidget(w)
    w.state.set("hardware.count", 13)
    w.documents.write_autosave()
    w.documents.autosave.release(keep=True)
    w2 = MainWindow()
    qtbot.addWidget(w2)
    dialogs.answer = QMessageBox.StandardButton.No
    assert w2.documents.offer_recovery() is False and not w.documents.autosave.path.exists()
    w.state.mark_saved("x")


def test_a_live_windows_autosave_is_never_offered_or_deleted(qtbot, dialogs):
    a = MainWindow()
    qtbot.addWidget(a)
    a.state.set("hardware.count", 13)
    a.documents.write_autosave()  # unsaved work in window A, which is still open
    b = MainWindow()
    qtbot.addWidget(b)
    dialogs.answer = QMessageBox.StandardButton.No
    assert b.documents.offer_recovery() is False and dialogs.asked == []
    b.close()  # closing B normally leaves A's autosave alone
    assert a.documents.autosave.path.exists()
    a.documents.autosave.release(keep=True)  # now A dies: its work is offered to the next window
    c = MainWindow()
    qtbot.addWidget(c)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert c.documents.offer_recovery() is True and c.state.plan.hardware.count == 13
    for w in (a, c):
        w.state.mark_saved("x")


def test_a_clean_close_leaves_no_autosave(window):
    window.state.set("hardware.count", 13)
    window.documents.write_autosave()
    assert window.documents.autosave.path.exists()
    window.close()  # patched prompt: discard
    assert not window.documents.autosave.path.exists() and not window.documents.autosave.lock_path.exists()


def test_settings_survive_a_restart(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.hub.set_unit("lb")
    w.hub.set_log_axis(False)
    w.close()
    saved = json.loads(Settings.path().read_text())
    assert saved["units"] == "lb" and saved["log_axis"] is False and saved["geometry"]
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.hub.unit == "lb" and w2.findChild(QLabel, "result.emissions").text().endswith("\xa0lb")
    assert not w2.results.log_box.isChecked() and w2.settings.geometry == saved["geometry"]


def test_a_corrupt_settings_file_means_defaults_and_a_warning(qtbot):
    path = Settings.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{{{ not json")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.hub.unit == "auto" and "settings.json" in w.settings_warning
    assert "defaults" in w.statusBar().currentMessage()
    kept = list(path.parent.glob("settings.json.corrupt-*"))  # moved aside, not lost
    assert len(kept) == 1 and kept[0].read_text() == "{{{ not json" and not path.exists()


def test_baseline_comparison(bert_window, qtbot):
    base = estimate(bert_window.state.plan, bert_window.catalog)
    from planner.core.units import MASS_UNITS, fmt, fmt_delta, resolve_mass_unit, to_unit

    bert_window.findChild(object, "compare.pin").trigger()
    bert_window.findChild(QSlider, "slider:hardware.count").setValue(700)
    now = estimate(bert_window.state.plan, bert_window.catalog)
    delta = bert_window.findChild(QLabel, "result.emissions.delta")
    assert delta.isVisible()
    u = resolve_mass_unit("auto", now.emissions_kg)  # the card's unit, automatic by size
    assert delta.text() == f"Δ {fmt_delta(to_unit(now.emissions_kg, u), to_unit(base.emissions_kg, u), u)}"
    assert delta.text().startswith("Δ +") and "baseline" in delta.toolTip()
    bert_window.charts.flush()  # charts redraw at most once per frame: what is due now
    assert bert_window.charts.benchmarks.ghost.isVisible()
    scale = MASS_UNITS[u]
    assert bert_window.charts.benchmarks.baseline_value == pytest.approx(base.emissions_kg / scale)
    assert bert_window.charts.phases.baseline_total == pytest.approx(base.emissions_kg / scale)
    regions = bert_window.charts.regions  # the baseline's CO2e as a dashed level, named in the key
    assert regions.baseline_line.isVisible() and regions.baseline_line.value() == pytest.approx(
        base.emissions_kg / scale)
    assert f"dashed: the baseline, {fmt(base.emissions_kg / scale)} {u} in {base.inputs.region.id}" in \
        regions.key.text()
    bert_window.findChild(object, "compare.clear").trigger()
    bert_window.charts.flush()
    assert not delta.isVisible() and not bert_window.charts.benchmarks.ghost.isVisible()
    assert not regions.baseline_line.isVisible() and "baseline" not in regions.key.text()


def test_compare_view_lists_plans_side_by_side(bert_window, qtbot, plan_file, dialogs):
    bert_window.findChild(object, "compare.pin").trigger()
    bert_window.state.set("hardware.count", 32)
    dlg = bert_window.documents.show_compare()
    qtbot.addWidget(dlg)
    other = plan_file(**{"hardware.count": 256})
    broken = plan_file("broken.plan.json")
    broken.write_text("{")
    dlg.add_files([str(other), str(broken)])
    table = dlg.table
    assert table.columnCount() == 3  # current, baseline, the file that loaded
    headers = [table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers[0].startswith("Current") and headers[1].startswith("Baseline") and headers[2] == "other.plan.json"
    from planner.core.units import fmt_mass, resolve_mass_unit

    unit = resolve_mass_unit("auto", estimate(bert_window.state.baseline, bert_window.catalog).emissions_kg)

    def kg(plan):
        return fmt_mass(estimate(plan, bert_window.catalog).emissions_kg, unit)

    # the baseline is the reference; each other column shows plan − baseline, the cards' sign
    row = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())].index("CO2e, location-based")
    assert table.item(row, 0).text().startswith(kg(bert_window.state.plan) + " · Δ −")  # 32 < 64 accelerators
    assert bert_window.results.cards["emissions"].delta.text().startswith("Δ −")
    assert table.item(row, 1).text() == kg(bert_window.state.baseline)
    assert table.item(row, 2).text().startswith(kg(load_plan(other, bert_window.catalog)) + " · Δ +")
    assert "broken.plan.json" in dialogs.warned[-1][1]
    bert_window.state.set("hardware.count", 128)  # the view follows the current plan
    assert table.item(row, 0).text().startswith(kg(bert_window.state.plan) + " · Δ +")
    dlg.close()


def test_user_accelerators_appear_beside_the_catalog(qtbot):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "accelerators.csv").write_text(
        "id,name,tdp_w,peak_flops,year,source\nLAB-X1,Our lab card,250,90e12,2025,lab measurement\n")
    w = MainWindow()
    qtbot.addWidget(w)
    texts = [w.editor.acc_picker.itemText(k) for k in range(w.editor.acc_picker.count())]
    assert "LAB-X1 — Our lab card (yours)" in texts
    w.editor.acc_picker.picked.emit("hardware.accelerator", "LAB-X1")
    assert "[your entry]" in w.editor.acc_info.toolTip()
    assert w.findChild(QLabel, "result.emissions").text()


def test_a_bad_user_csv_is_reported_by_row_and_column(qtbot):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "grid_regions.csv").write_text(
        "id,name,carbon_intensity_g_per_kwh,year,source\nlab:x,Lab,-5,2025,bill\n")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.user_data_problems and "row 2" in w.user_data_problems[0]
    assert "carbon_intensity_g_per_kwh" in w.statusBar().currentMessage()
    assert "lab:x" not in w.catalog.regions


def test_import_measured_runs_and_calibrate(window, qtbot, tmp_path, monkeypatch, dialogs, codecarbon):
    write_emissions, run_row = codecarbon.write, codecarbon.row

    path = write_emissions(tmp_path / "emissions.csv", [run_row(), run_row(run_id="r2", duration=7200)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.findChild(object, "file.import_measured").trigger()
    dlg = window.findChild(object, "dialog.measured")
    assert dlg is not None
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 2 and dlg.table.item(0, 0).text() == "r1"
    before = window.state.plan
    dlg.calibrate(0)
    assert window.state.plan.run.hours == pytest.approx(10) and window.state.plan.hardware.power_w == pytest.approx(250)
    window.findChild(object, "edit.undo").trigger()
    assert window.state.plan == before
    dlg.close()
    bad = write_emissions(tmp_path / "bad.csv", [run_row(), run_row(emissions="-3")])
    plan = window.state.plan
    assert window.documents.import_measured(str(bad)) is None
    assert window.state.plan == plan
    assert "row 3" in dialogs.warned[-1][1] and "Nothing was imported" in dialogs.warned[-1][1]


def test_a_measured_run_narrows_the_plan_as_its_pilot(window, qtbot, tmp_path, monkeypatch, dialogs, codecarbon):
    """Issue 32, item 4: Import measured runs → Narrow: the share asked, the plan takes the pilot, the status line
    says what it did to the interval, Ctrl+Z undoes it."""
    from planner.ui import dialogs as dialogs_module

    path = codecarbon.write(tmp_path / "emissions.csv", [codecarbon.row(gpu_count=8, duration=3 * 3600)])
    window.state.set("run.hours", None)  # hours from the FLOPs: the utilization applies
    before = window.state.plan
    lo0, hi0 = window.state.results.interval("emissions_kg")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.findChild(object, "file.import_measured").trigger()
    dlg = window.findChild(object, "dialog.measured")
    qtbot.addWidget(dlg)
    asked = []
    monkeypatch.setattr(dialogs_module, "ask_share", lambda parent, title, text, value: asked.append(text) or 0.05)
    dlg.findChild(object, "dialog.measured.narrow").click()
    plan = window.state.plan
    assert asked and plan.pilot.share == 0.05 and plan.pilot.hours == pytest.approx(3.0)
    lo1, hi1 = window.state.results.interval("emissions_kg")
    assert hi1 / lo1 < hi0 / lo0 and "CO2e" in window.statusBar().currentMessage()
    window.findChild(object, "edit.undo").trigger()
    assert window.state.plan == before
    dlg.close()


def test_export_table_writes_csv_and_excel(bert_window, tmp_path):
    import pandas as pd

    est = bert_window.state.estimate
    csv = tmp_path / "phases.csv"
    assert bert_window.exporter.export_table("estimate", str(csv))
    assert pd.read_csv(csv).query("table == 'total'")["emissions_kg"].iloc[0] == pytest.approx(est.emissions_kg)
    regions = tmp_path / "regions.xlsx"
    pytest.importorskip("openpyxl")
    assert bert_window.exporter.export_table("regions", str(regions))
    back = pd.read_excel(regions, engine="openpyxl")
    assert list(back["region"]) == list(bert_window.state.sweep.ids)


def test_export_table_into_a_missing_folder_says_so(bert_window, tmp_path, dialogs):
    assert not bert_window.exporter.export_table("estimate", str(tmp_path / "nowhere" / "t.csv"))
    assert dialogs.warned and "Cannot export the table" in dialogs.warned[-1][0]


def test_copy_model_card_metadata(bert_window):
    from PySide6.QtWidgets import QApplication

    bert_window.exporter.copy_report("model-card")
    text = QApplication.clipboard().text()
    assert text.startswith("co2_eq_emissions:") and "emissions: " in text


def test_the_compare_dialog_shows_every_column_whole(bert_window, qtbot):
    """The current plan and its baseline: the baseline's column was cut (issue 21)."""
    bert_window.findChild(object, "compare.pin").trigger()
    bert_window.state.set("hardware.count", 32)
    dlg = bert_window.documents.show_compare()
    qtbot.addWidget(dlg)
    qtbot.waitExposed(dlg)
    qtbot.waitUntil(lambda: dlg.table.horizontalScrollBar().maximum() == 0, timeout=2000)
    dlg.close()


def test_two_windows_on_one_file_never_lose_an_update(qtbot, dialogs, plan_file):
    """The second window's save silently overwrote what the first saved (issue 22): it asks now."""
    path = plan_file(**{"hardware.count": 5})
    a, b = MainWindow(), MainWindow()
    for w in (a, b):
        qtbot.addWidget(w)
        assert w.open_plan(str(path))
    a.state.set("hardware.count", 6)
    assert a.documents.save() and dialogs.asked == []  # nobody else saved: no question
    b.state.set("hardware.count", 7)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert b.documents.save() is False and load_plan(path, b.catalog).hardware.count == 6
    assert dialogs.asked[-1][0] == "The file changed on disk"
    dialogs.answer = QMessageBox.StandardButton.Discard  # reload: a's plan, b's change dropped
    b.documents.save()
    assert b.state.plan.hardware.count == 6 and not b.state.modified
    b.state.set("hardware.count", 8)
    a.state.set("hardware.count", 9)
    assert a.documents.save()  # a saved last itself: no question for a
    dialogs.answer = QMessageBox.StandardButton.Save  # overwrite
    assert b.documents.save() and load_plan(path, b.catalog).hardware.count == 8
    for w in (a, b):
        w.state.mark_saved("x")


def test_a_plan_named_with_brackets_and_a_star_keeps_its_name_in_the_title(window, qtbot):
    """Qt's unsaved-mark placeholder "[*]" swallowed it (issue 22)."""
    window.state.set("name", "Ablation [*] v2")
    qtbot.waitUntil(lambda: window.windowHandle() is not None)
    # the name, then the file (none yet) and the unsaved mark
    assert window.windowHandle().title().startswith("Ablation [*] v2 — untitled*")
    window.state.mark_saved("x")


def test_exports_ask_before_replacing_a_read_only_file(bert_window, qtbot, tmp_path, dialogs):
    """Save asked; Export table and Export PDF replaced a read-only file silently (issue 22)."""
    for name, export in (("t.csv", lambda p: bert_window.exporter.export_table("estimate", p)),
                         ("s.pdf", lambda p: bert_window.exporter.export_pdf(p))):
        path = tmp_path / name
        path.write_text("old")
        path.chmod(0o444)
        dialogs.answer = QMessageBox.StandardButton.Cancel
        export(str(path))
        qtbot.waitUntil(lambda: bert_window.exporter.job is None, timeout=20000)
        assert path.read_text() == "old" and dialogs.asked[-1][0] == "Replace read-only file?"


# ------------------------------------------------------------------ issue 29: nothing lost
def test_a_preset_never_saves_over_the_open_file(window, plan_file, monkeypatch, dialogs):
    """Open mine.plan.json, Presets → BERT base, Ctrl+S: the file held BERT, with no question (issue 29, item 1)."""
    path = plan_file("mine.plan.json", **{"hardware.count": 5})
    before = path.read_bytes()
    assert window.open_plan(str(path)) and "mine.plan.json" in window.windowTitle()
    window.findChild(object, "preset.bert-base").trigger()
    assert window.state.path is None and "BERT" in window.state.plan.name
    assert "untitled" in window.windowTitle() and "mine.plan.json" not in window.windowTitle()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window.findChild(object, "file.save").trigger()  # Save asks where (cancelled here): the file is untouched
    assert asked and path.read_bytes() == before
    window.state.set("hardware.count", 7)
    window.documents.new_plan()  # File → New: untitled too
    assert window.state.path is None and "untitled" in window.windowTitle() and path.read_bytes() == before


def test_loading_a_preset_over_unsaved_work_asks_first(window, dialogs):
    window.state.set("hardware.count", 13)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.load_preset("bert-base")
    assert window.state.plan.hardware.count == 13 and dialogs.asked[-1][0] == "Unsaved changes"
    dialogs.answer = QMessageBox.StandardButton.Discard
    window.load_preset("bert-base")
    assert "BERT" in window.state.plan.name and not window.state.modified


def _crash_with_unsaved(qtbot, path=None):
    """A window that opened ``path`` (or nothing), changed it, autosaved and died."""
    w = MainWindow()
    qtbot.addWidget(w)
    if path is not None:
        assert w.open_plan(str(path))
    w.state.set("hardware.count", 13)
    w.documents.write_autosave()
    w.documents.autosave.release(keep=True)
    w.state.mark_saved("x")
    return w


def test_a_restored_autosave_asks_before_replacing_a_newer_file(qtbot, dialogs, plan_file, catalog):
    """The file was saved again after the crash; the restored plan's Ctrl+S replaced it with no question (issue
    29, item 2)."""
    path = plan_file("mine.plan.json", **{"hardware.count": 5})
    _crash_with_unsaved(qtbot, path)
    newer = load_plan(path, catalog).with_value("hardware.count", 99)  # another program saves it since
    path.write_text(json.dumps(newer.to_dict()))
    w = MainWindow()
    qtbot.addWidget(w)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert w.documents.offer_recovery() and w.state.path == str(path) and w.state.plan.hardware.count == 13
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert w.documents.save() is False
    assert dialogs.asked[-1][0] == "The file changed on disk" and load_plan(path, catalog).hardware.count == 99
    w.state.mark_saved("x")


def test_a_restored_autosave_saves_in_place_when_its_file_is_unchanged(qtbot, dialogs, plan_file, catalog):
    path = plan_file("mine.plan.json", **{"hardware.count": 5})
    _crash_with_unsaved(qtbot, path)
    w = MainWindow()
    qtbot.addWidget(w)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert w.documents.offer_recovery()
    n = len(dialogs.asked)
    assert w.documents.save() and len(dialogs.asked) == n and load_plan(path, catalog).hardware.count == 13


@pytest.mark.parametrize("name,content", [("notes.txt", "my notes\n"), ("data.json", '{"not": "a plan"}')])
def test_an_autosave_naming_another_file_never_writes_to_it(qtbot, dialogs, tmp_path, monkeypatch, name, content):
    """An autosave's document field can name any file, which Save then overwrote with plan JSON (issue 29, item
    2): the restored plan is untitled, so Save asks where."""
    from planner.core.settings import autosave_dir

    other = tmp_path / name
    other.write_text(content)
    w = _crash_with_unsaved(qtbot)
    data = json.loads(w.documents.autosave.path.read_text())
    data["document"] = str(other)
    w.documents.autosave.path.write_text(json.dumps(data))
    w2 = MainWindow()
    qtbot.addWidget(w2)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert w2.documents.offer_recovery() and w2.state.path is None and w2.state.plan.hardware.count == 13
    assert "untitled" in w2.windowTitle() and autosave_dir().exists()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert w2.documents.save() is False and other.read_text() == content
    w2.state.mark_saved("x")


def test_an_autosave_that_cannot_be_restored_is_moved_aside_and_the_window_opens(qtbot, dialogs, monkeypatch):
    """A start of 0001-01-01T00:00+01:00 in an autosave made planner exit 1 with an OverflowError at every start
    (issue 29, item 3)."""
    from planner.core.settings import autosave_dir

    w = _crash_with_unsaved(qtbot)
    data = json.loads(w.documents.autosave.path.read_text())
    data["plan"]["schedule"] = {"start": "0001-01-01T00:00+01:00"}
    w.documents.autosave.path.write_text(json.dumps(data))
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.documents.offer_recovery() is False and dialogs.asked == []
    assert any("schedule.start" in m and "kept as" in m for m in w2.startup_messages)
    assert not list(autosave_dir().glob("*.plan.json"))  # moved aside: not offered again
    assert list(autosave_dir().glob("*.corrupt-*"))
    # anything else that goes wrong while restoring: the same
    w3 = _crash_with_unsaved(qtbot)
    w4 = MainWindow()
    qtbot.addWidget(w4)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(w4.state, "open_document", broken)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert w4.documents.offer_recovery() is False
    assert any("boom" in m for m in w4.startup_messages) and not w3.documents.autosave.path.exists()
    assert w4.menu_actions["help.startup_messages"].isEnabled()
