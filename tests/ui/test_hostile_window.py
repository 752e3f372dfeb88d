"""Hostile input to the window: it always starts, never raises inside an event handler, shows file content as
plain text, and loses nothing."""

import json
import math
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from planner.core.fields import SPECS
from planner.core.plan import Plan
from planner.core.settings import MAX_RECENT, Settings, autosave_dir, data_dir
from planner.ui import MainWindow
from planner.ui.widgets import tip_text

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"
NUMERIC = [p for p, r in SPECS.items() if r.kind in ("number", "integer")]


def _type(qtbot, window, path: str, text: str) -> None:
    editor = window.findChild(QLineEdit, path)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


@pytest.mark.parametrize("path", NUMERIC)
def test_typing_an_out_of_range_number_is_an_inline_hint_and_changes_nothing(bert_window, qtbot, catalog, path):
    from planner.core.units import MASS_UNITS, resolve_mass_unit

    w = bert_window
    rule = SPECS[path]
    for text in ("1e308", "1e400", "5e-324", "-1"):  # each on the preset afresh (one window for the four)
        w.state.open_document(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog))
        if path == "experiment.nas_multiplier":
            w.state.set("experiment.nas", True)  # its editor is enabled with NAS on
        if rule.only_with:
            # the serving's editors are enabled once requests are given (the pilot's once its share is)
            w.state.set(rule.only_with, min(1000.0, SPECS[rule.only_with].maximum or 1000.0))
        if path == "site.grid_year":
            w.hub.edit("site.region", "DE")  # enabled where the region has a yearly series (a paper's factor: none)
        before = w.state.plan
        _type(qtbot, w, path, text)
        if w.state.plan == before:  # a field says why (price low, when high < low)
            assert any(f.hint.text() for f in w.editor.fields.values()), text
        else:  # a tiny value is a fine one where zero is allowed
            assert text == "5e-324" and rule.minimum == 0
        est = w.state.estimate
        assert est is not None and math.isfinite(est.emissions_kg)
        # the charts still show the plan's estimate, not a stale one
        unit = resolve_mass_unit(w.hub.unit, est.emissions_kg)
        w.charts.flush()  # charts redraw at most once per frame: what is due now
        assert w.charts.benchmarks.values[0] == pytest.approx(est.emissions_kg / MASS_UNITS[unit]), text


def test_opening_a_hostile_plan_is_a_plain_text_message_and_keeps_the_plan(window, dialogs):
    names = sorted(p.name for p in HOSTILE.glob("plan-*.plan.json") if "name-html" not in p.name)
    assert len(names) >= 14
    for name in names:  # (one window for every file)
        before = window.state.plan
        assert window.open_plan(str(HOSTILE / name)) is False, name
        title, text, fmt = dialogs.boxes[-1]
        assert title == "Cannot open plan" and name in text and fmt == Qt.TextFormat.PlainText, name
        assert window.state.plan == before, name


def test_a_name_holding_markup_is_shown_as_typed(window, dialogs):
    assert window.open_plan(str(HOSTILE / "plan-name-html.plan.json"))
    window.state.set("hardware.count", 3)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.close()
    title, text, fmt = dialogs.boxes[-1]
    assert title == "Unsaved changes" and "<h1 style='color:red'>Big red</h1>" in text
    assert fmt == Qt.TextFormat.PlainText
    window.state.mark_saved("x")


def test_a_hostile_plan_on_the_command_line_still_opens_the_window(qapp, qtbot, dialogs, monkeypatch):
    from planner.ui import app as app_module

    monkeypatch.setattr(qapp, "exec", lambda: 0)
    made = []
    import planner.ui.main_window as mw

    class Spy(mw.MainWindow):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    monkeypatch.setattr(mw, "MainWindow", Spy)
    assert app_module.run_app([str(HOSTILE / "plan-hours-1e308.plan.json")]) == 0
    (w,) = made
    qtbot.addWidget(w)
    assert w.state.estimate is not None and dialogs.boxes[-1][0] == "Cannot open plan"


# ---------------------------------------------------------------- start-up with our own files corrupt
def _start(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.documents.offer_recovery()  # what run_app does next
    assert w.state.estimate is not None and math.isfinite(w.state.estimate.emissions_kg)
    return w


SETTINGS_CONTENT = {
    "nested": (HOSTILE / "settings-nested-100000.json").read_bytes(),
    "binary": b"\x00\xff\xfe" * 100,
    "wrong types": json.dumps({"units": 3, "geometry": ["x"], "recent_files": [1, None], "log_axis": "yes",
                               "last_folder": "\x00", "region_filter": "mars"}).encode(),
    "bad geometry": json.dumps({"geometry": "!!!not base64"}).encode(),
}


@pytest.mark.parametrize("kind", sorted(SETTINGS_CONTENT))
def test_the_window_starts_with_any_settings_file(qtbot, kind):
    path = Settings.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SETTINGS_CONTENT[kind])
    w = _start(qtbot)
    if kind != "bad geometry":
        assert w.startup_messages and "Settings" in w.startup_messages[0]
        assert list(path.parent.glob("settings.json.corrupt-*"))  # kept, not lost


def test_the_window_starts_with_settings_that_are_a_folder(qtbot):
    Settings.path().mkdir(parents=True)
    w = _start(qtbot)
    assert "folder" in w.startup_messages[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_the_window_starts_with_fifos_for_its_files(qtbot):
    Settings.path().parent.mkdir(parents=True)
    os.mkfifo(Settings.path())
    data_dir().mkdir(parents=True)
    os.mkfifo(data_dir() / "accelerators.csv")
    w = _start(qtbot)
    text = "\n".join(w.startup_messages)
    assert "settings.json" in text and "accelerators.csv" in text and "not a regular file" in text


def test_a_huge_recent_files_list_builds_a_short_menu(qtbot, tmp_path):
    files = []
    for k in range(MAX_RECENT + 5):
        p = tmp_path / f"p{k}.plan.json"
        p.write_text("{}")
        files.append(str(p))
    path = Settings.path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"recent_files": files + [f"/nope/{k}" for k in range(100_000)]}))
    w = _start(qtbot)
    recent = [a for a in w.documents.recent_menu.actions() if a.objectName().startswith("file.recent.")
              and a.objectName() != "file.recent.clear"]
    assert len(recent) == MAX_RECENT


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("autosave-*.plan.json")))
def test_the_window_starts_with_any_autosave(qtbot, dialogs, name):
    autosave_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / name, autosave_dir() / name)
    dialogs.answer = QMessageBox.StandardButton.Yes
    w = _start(qtbot)
    if "count" in name or "nested" in name:  # unusable: moved aside and named
        assert any(name in m for m in w.startup_messages) and dialogs.asked == []
    else:  # restored; a Save afterwards works (the document was not a path: Save asks where)
        assert w.state.plan.name == "Hostile" and w.state.modified
        assert w.state.path is None or isinstance(w.state.path, str)
        w.state.mark_saved("x")


@pytest.mark.parametrize("csv_name,target", [("grid_regions-1e308.csv", "grid_regions.csv"),
                                             ("accelerators-shadows-V100.csv", "accelerators.csv")])
def test_the_window_starts_with_bad_user_csvs(qtbot, csv_name, target):
    data_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / csv_name, data_dir() / target)
    w = _start(qtbot)
    assert any(target in m for m in w.startup_messages)
    assert "lab:hot" not in w.catalog.regions and not w.catalog.accelerators["V100"].user


def test_every_start_up_warning_is_kept(qtbot, dialogs):
    Settings.path().parent.mkdir(parents=True)
    Settings.path().write_text("{broken")
    data_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / "grid_regions-1e308.csv", data_dir() / "grid_regions.csv")
    shutil.copy(HOSTILE / "accelerators-shadows-V100.csv", data_dir() / "accelerators.csv")
    autosave_dir().mkdir(parents=True)
    shutil.copy(HOSTILE / "autosave-nested.plan.json", autosave_dir() / "x.plan.json")
    w = _start(qtbot)
    assert len(w.startup_messages) == 4
    assert "+3 more" in w.statusBar().currentMessage()
    shown = " ".join(tip_text(w.statusBar().toolTip()).split())  # (wrapped for reading)
    assert all(" ".join(m.split()) in shown for m in w.startup_messages)
    w.findChild(type(w.menu_actions["help.about"]), "help.startup_messages").trigger()
    assert dialogs.boxes[-1][0] == "Start-up messages" and all(m in dialogs.boxes[-1][1] for m in w.startup_messages)


# ---------------------------------------------------------------- saving
def test_a_read_only_plan_file_asks_before_it_is_replaced(bert_window, dialogs, tmp_path):
    path = tmp_path / "ro.plan.json"
    path.write_text("{}")
    path.chmod(0o444)
    bert_window.state.set("hardware.count", 5)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert bert_window.documents.write(str(path)) is False and path.read_text() == "{}"
    assert dialogs.asked[-1][0] == "Replace read-only file?"
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert bert_window.documents.write(str(path)) is True and json.loads(path.read_text())["hardware"]["count"] == 5


def test_saving_onto_a_folder_is_a_message_and_keeps_the_plan(bert_window, dialogs, tmp_path):
    folder = tmp_path / "x.plan.json"
    folder.mkdir()
    bert_window.state.set("hardware.count", 5)
    assert bert_window.documents.write(str(folder)) is False
    assert dialogs.boxes[-1][0] == "Cannot save" and bert_window.state.modified
    bert_window.state.mark_saved("x")


def test_undo_history_is_bounded(bert_window):
    from planner.core.state import MAX_UNDO

    for k in range(MAX_UNDO + 50):
        bert_window.state.set("hardware.count", 2 + k % 2)
    steps = 0
    while bert_window.state.can_undo:
        bert_window.state.undo()
        steps += 1
    assert steps == MAX_UNDO


# ---------------------------------------------------------------- mutated files at start-up (hypothesis)
START_EXAMPLES = max(int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "300")) // 12, 10)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                       max_size=3), max_leaves=6)
file_content = (st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode())
                | st.fixed_dictionaries({"units": json_values, "recent_files": json_values, "geometry": json_values,
                                         "region_filter": json_values}).map(lambda v: json.dumps(v).encode()))
autosave_content = file_content | st.fixed_dictionaries(
    {"saved_at": json_values, "document": json_values,
     "plan": st.sampled_from([{"schema_version": 1, "hardware": {"accelerator": "V100", "count": 2},
                               "site": {"region": "FR"}, "run": {"hours": 3}}, {"schema_version": 1}, []])}
).map(lambda v: json.dumps(v).encode())


@hyp_settings(max_examples=START_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(settings_bytes=file_content, autosave_bytes=autosave_content, csv_bytes=st.binary(max_size=120))
def test_the_window_starts_with_any_content_in_its_files(qtbot, dialogs, settings_bytes, autosave_bytes, csv_bytes):
    for folder in (Settings.path().parent, autosave_dir(), data_dir()):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    Settings.path().write_bytes(settings_bytes)
    (autosave_dir() / "dead.plan.json").write_bytes(autosave_bytes)
    (data_dir() / "grid_regions.csv").write_bytes(b"id,name,kind,provider,country,carbon_intensity_g_per_kwh,"
                                                   b"year,source\n" + csv_bytes)
    dialogs.answer = QMessageBox.StandardButton.Yes
    w = _start(qtbot)
    w.state.mark_saved("x")
    w.close()


def test_a_window_closed_before_its_first_paint_gets_no_late_start_up_work(qtbot, monkeypatch):
    """The deferred start-up work (400 ms after construction when never painted) is cancelled with the window:
    a late call on a deleted window can crash the interpreter."""
    from PySide6.QtCore import QCoreApplication, QEvent

    calls = []
    original = MainWindow._finish_startup
    monkeypatch.setattr(MainWindow, "_finish_startup", lambda self: (calls.append(1), original(self)))
    w = MainWindow()  # never shown
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(600)
    assert calls == []


# ---------------------------------------------------------------- text from files is plain text (issue 22)
MARKUP = "<b>Bold</b> <a href='https://x'>link</a> <img src='/dev/zero'>"


def test_text_from_files_is_plain_text_everywhere(qtbot, tmp_path, monkeypatch, dialogs, app_widgets):
    """A plan's origins, a user catalog's names and sources, a refused CSV cell: every tooltip, label, list item
    and hover text shows them as written (Qt auto-detects rich text: <img src='/dev/zero'> aborted the app)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QListWidget, QWidget

    import planner.ui.charts.map as map_module
    import planner.ui.charts.regions as regions_module

    data_dir().mkdir(parents=True)
    (data_dir() / "grid_regions.csv").write_text(
        "id,name,kind,carbon_intensity_g_per_kwh,year,source,lat,lon,provider_source\n"
        f"lab:x,\"{MARKUP}\",cloud,1,2025,\"{MARKUP}\",45,-73,\"{MARKUP}\"\n", encoding="utf-8")
    (data_dir() / "accelerators.csv").write_text(  # refused: its bad cell is quoted in the status bar
        f"id,name,tdp_w,peak_flops,year,source\nLAB-1,Lab,\"{MARKUP}\",1e14,2025,bill\n", encoding="utf-8")
    plan = Plan.from_dict({"schema_version": 1, "name": "Hostile", "hardware": {"accelerator": "V100", "count": 2,
                           "power_w": 200}, "run": {"hours": 5}, "site": {"region": "lab:x"},
                           "origins": {"hardware.power_w": f"preset {MARKUP}: {MARKUP}"}}, None)
    path = tmp_path / "hostile.plan.json"
    path.write_text(json.dumps(plan.to_dict()))
    shown = []
    for module in (map_module, regions_module):
        monkeypatch.setattr(module.QToolTip, "showText", lambda pos, text, w=None: shown.append(text))
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.startup_finished)
    assert w.open_plan(str(path))
    qtbot.waitUntil(lambda: w.insights.is_settled, timeout=5000)
    chart = w.charts.show_map()
    k = chart.lay.points.index("lab:x")
    chart._hovered(chart.plot_item.vb.mapViewToScene(QPointF(*chart.lay.point_lonlat[k])))
    w.charts.region_tabs.setCurrentIndex(0)
    w.charts.flush()
    bars = w.charts.regions
    bars._hovered(bars.plot_item.vb.mapViewToScene(QPointF(bars.ids.index("lab:x"), bars.values[0] / 2)))
    texts = list(shown)
    texts += [x.toolTip() for x in app_widgets(top_level=False) if isinstance(x, QWidget)]
    texts += [a.toolTip() for a in w.findChildren(QAction)]
    for picker in (w.editor.acc_picker, w.editor.region.picker):
        texts += [picker.model().index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(picker.count())]
    for lst in w.findChildren(QListWidget):
        texts += [lst.item(r).toolTip() for r in range(lst.count())]
    texts += [lab.text() for lab in w.findChildren(QLabel) if lab.textFormat() != Qt.TextFormat.PlainText]
    assert any("&lt;img src='/dev/zero'&gt;" in t for t in texts)  # the hostile text is shown, as written
    raw = [t for t in texts if "<img" in t or "<b>Bold" in t or "<a href" in t]
    assert raw == []
    assert any("lab:x" in t for t in shown) and "Bold" in w.statusBar().toolTip()
    w.state.mark_saved("x")
