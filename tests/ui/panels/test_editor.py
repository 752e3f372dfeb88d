"""The editor panel alone: a row per field spec, edits reach the state, a change touches only what it names."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QSlider

from planner.core import Plan
from planner.core.fields import FIELDS
from planner.core.readings import READINGS
from planner.ui.panels.editor import EditorPanel
from planner.ui.widgets import Picker


@pytest.fixture
def editor(showing, hub):
    return showing(EditorPanel(hub), 430, 800)


def type_into(qtbot, editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_every_field_spec_has_its_row(editor):
    for spec in FIELDS:
        if spec.numeric:
            assert editor.findChild(QLineEdit, spec.path) is not None, spec.path
            assert editor.findChild(QSlider, f"slider:{spec.path}") is not None, spec.path
            field = editor.fields[spec.path]
            assert field.label.text() == spec.editor_text and field.unit.text() == spec.unit_text
        elif spec.kind == "bool":
            assert editor.findChild(QCheckBox, spec.path).text() == spec.editor_text
        elif spec.kind == "choice":
            combo = editor.findChild(QComboBox, spec.path)
            assert [combo.itemData(k) for k in range(combo.count())] == [v for v, _ in spec.choices]
        elif spec.section is None:
            kind = QPlainTextEdit if spec.multiline else QLineEdit
            assert editor.findChild(kind, f"plan.{spec.path}") is not None, spec.path
        elif spec.kind == "datetime":
            assert editor.findChild(QLineEdit, spec.path).placeholderText() == spec.empty_text
        else:
            assert editor.findChild(Picker, spec.path) is not None, spec.path
    groups = [b.title() for b in editor.findChildren(QGroupBox)]
    assert groups == ["Plan", "Hardware", "Model and run length", "Pilot run", "Experiment", "Site", "Schedule",
                      "Serving", "Budget", "Pricing"]


def test_the_precision_follows_the_chip(editor, hub, qtbot):
    """A chip lists only the precisions it has; moving to a chip without the plan's precision trains in BF16 and
    says so; a precision picked goes to the plan."""
    said = []
    hub.status.connect(lambda text, ms: said.append(text))
    combo = editor.choices["hardware.precision"]
    hub.edit("hardware.accelerator", "H100-SXM")
    combo.activated.emit(combo.findData("fp8"))
    assert hub.state.plan.hardware.precision == "fp8" and combo.currentData() == "fp8"
    assert not combo.model().item(combo.findData("fp4")).isEnabled()
    assert "no FP4" in combo.model().item(combo.findData("fp4")).toolTip()
    assert "1,980 TFLOP/s FP8 dense (in use)" in editor.acc_info.text()  # the peak the plan trains at
    hub.edit("hardware.accelerator", "A100-80GB")
    assert hub.state.plan.hardware.precision == "bf16" and combo.currentData() == "bf16"
    assert said[-1].startswith("A100-80GB has no FP8: the plan now trains in BF16")
    hub.state.undo()
    assert hub.state.plan.hardware.precision == "fp8" and hub.state.plan.hardware.accelerator == "H100-SXM"


def test_the_field_shows_the_plan_and_its_placeholder_the_value_in_use(editor, hub):
    plan = hub.state.plan
    assert editor.fields["hardware.count"].editor.text() == str(plan.hardware.count)
    hub.state.set("hardware.power_w", None)
    power = editor.fields["hardware.power_w"]
    assert power.editor.text() == "" and power.editor.placeholderText() == f"{hub.state.estimate.inputs.power_w:g}"


def test_typing_edits_the_plan_and_a_refusal_is_shown_under_the_field(editor, hub, qtbot):
    type_into(qtbot, editor.fields["hardware.count"].editor, "1.5k")
    assert hub.state.plan.hardware.count == 1500
    before = hub.state.plan
    type_into(qtbot, editor.fields["site.pue"].editor, "0.5")
    assert hub.state.plan == before
    hint = editor.findChild(QLabel, "hint:site.pue")
    assert hint.isVisible() and "at least 1" in hint.text()


def test_a_change_touches_only_what_it_names(editor, hub, monkeypatch):
    """A tick re-shows the changed field and the empty fields whose value in use may follow; fields holding a
    value of their own are not touched."""
    shown = []
    for path, field in editor.fields.items():
        original = field.show_value
        monkeypatch.setattr(field, "show_value", lambda *a, path=path, original=original, **k: (
            shown.append(path), original(*a, **k)))
    hub.state.set("experiment.tuning_runs", 8)
    own = {p for p in editor.fields if hub.state.plan.get(p) is not None}
    assert "experiment.tuning_runs" in shown
    assert not (set(shown) & own) - {"experiment.tuning_runs"}  # e.g. hardware.count, run.hours: untouched
    shown.clear()
    hub.state.replace(hub.state.plan.with_value("hardware.count", 16))  # a whole new plan: every field
    assert set(shown) == set(editor.fields)


def test_a_released_preset_value_goes_back_to_the_catalog(editor, hub):
    origin = editor.findChild(QLabel, "origin:hardware.power_w")
    assert origin.isVisible() and "BERT base" in origin.text()
    hub.state.set("hardware.accelerator", "T4")
    assert editor.fields["hardware.power_w"].editor.text() == "" and not origin.isVisible()
    assert "T4" in editor.acc_info.text() or "70 W" in editor.acc_info.text()


def test_the_region_rows_are_in_the_site_group(editor, hub):
    editor.region.slider.setValue(0)
    assert hub.state.plan.site.region == hub.state.region_order()[0]
    assert editor.region.picker.current_id() in (None, hub.state.plan.site.region)  # listed after the first paint


def test_the_run_length_switch(editor, hub):
    editor.mode_derived.setChecked(True)
    plan = hub.state.plan
    assert plan.run.hours is None and plan.model.parameters and plan.model.training_tokens
    assert "derived" in editor.mode_note.text()
    derived = hub.state.estimate.inputs.hours_per_run
    editor.mode_hours.setChecked(True)  # the hours stay derived (and uncertain) until a value is typed
    assert hub.state.plan.run.hours is None and editor.mode_hours.isChecked()
    assert "until then they stay derived" in editor.mode_note.text()
    assert editor.fields["run.hours"].label.isEnabled()
    hub.edit("run.hours", 20.0)
    assert hub.state.plan.run.hours == 20.0 and editor.mode_hours.isChecked()
    editor.mode_derived.setChecked(True)
    assert hub.state.plan.run.hours is None and hub.state.estimate.inputs.hours_per_run == pytest.approx(derived)


def test_choosing_hours_per_run_changes_no_figure(editor, hub):
    """Clicking "Hours per run" made derived hours given: "exact: hours per run given", and the interval shrank
    from 6.49–26.1 t to 8.84–19.2 t though nothing was typed (issue 30, item 4)."""
    from planner.core.present import cards

    editor.mode_derived.setChecked(True)
    before = [(c.value, c.band) for c in cards(hub.state.results)]
    editor.mode_hours.setChecked(True)
    assert [(c.value, c.band) for c in cards(hub.state.results)] == before
    acc_hours = {c.key: c for c in cards(hub.state.results)}["accelerator_hours"]
    assert "exact" not in acc_hours.band and "The figure:" in acc_hours.tooltip


def test_a_typed_name_that_matches_nothing_keeps_the_choice(editor, hub, qtbot):
    said = []
    hub.status.connect(lambda text, ms: said.append(text))
    editor.acc_picker.picked.emit("hardware.accelerator", "")
    assert hub.state.plan.hardware.accelerator == "V100" and said[-1].startswith("No accelerator matches")
    assert editor.acc_picker.current_id() == "V100"


def test_the_water_placeholders_wait_for_the_first_paint(editor, hub):
    hub.state.set("hardware.count", 61)  # a plan no other test computed (results are kept per plan)
    wue = editor.fields["site.wue_l_per_kwh"]
    assert READINGS["site.wue_l_per_kwh"].needs_water and wue.editor.placeholderText() == "auto"
    assert not hub.state.results.has("water")  # nothing computed the water yet
    hub.start()
    assert wue.editor.placeholderText() == f"{hub.state.results.water.wue:g}"


def _wheel(widget, steps=-3) -> bool:
    """Send the wheel to ``widget``; True if it took it. (Qt passes an event a widget ignored on to its parents,
    here the editor's scroll area, for real input; a synthesized event stops where it was sent.)"""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_scrolls_the_editor_and_never_moves_a_control_it_passes(showing, hub, qtbot):
    editor = showing(EditorPanel(hub), 430, 400)  # short: it scrolls
    plan = hub.state.plan
    for widget in (editor.fields["experiment.tuning_runs"].slider, editor.region.slider, editor.region.filter,
                   editor.region.picker, editor.acc_picker):
        assert not _wheel(widget), widget.objectName()  # passed on to the editor, which scrolls
        assert hub.state.plan == plan and hub.state.region_filter == "cloud", widget.objectName()
    bar = editor.verticalScrollBar()
    assert _wheel(editor.viewport()) and bar.value() > 0
    editor.activateWindow()
    editor.region.slider.setFocus()  # a control with the focus takes the wheel, as usual
    qtbot.waitUntil(editor.region.slider.hasFocus)
    assert _wheel(editor.region.slider) and hub.state.plan.site.region != plan.site.region


def test_the_accelerator_line_says_which_power_is_in_use(editor, hub):
    """BERT base pins 188 W measured by Strubell et al.; the catalog's figure for a V100 differs (issue 21)."""
    line = editor.acc_info.text()
    assert line.startswith("in use 188 W (preset BERT base") and "catalog" in line
    hub.state.set("hardware.power_w", None)
    assert not editor.acc_info.text().startswith("in use")


def test_the_grid_year_reads_as_a_year(editor, hub):
    field = editor.fields["site.grid_year"]
    hub.edit("site.region", "DE")
    assert field.editor.text() == "" and field.editor.placeholderText() == "2025"  # the newest, not "2,020"
    hub.edit("site.grid_year", 2023)
    assert field.editor.text() == "2023" and hub.state.estimate.inputs.carbon_intensity == 379
    assert editor.fields["site.carbon_intensity_g_per_kwh"].editor.placeholderText() == "379"  # that year's, in use
    field.slider.setValue(field.slider.minimum())
    assert hub.state.plan.site.grid_year == 2021 and field.editor.text() == "2021"


@pytest.fixture
def german(qapp):
    """The window's locale is German (a decimal comma) while the test runs."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize("typed,value", [("1,5", 1.5), ("1.000", 1000.0), ("2,5 days", 60.0), ("1.234,5", 1234.5)])
def test_a_decimal_comma_is_read_as_the_locale_writes_it(german, showing, hub, qtbot, typed, value):
    """In a decimal-comma locale "1,5" is 1.5 and "1.000" a thousand (issue 29, item 17)."""
    editor = showing(EditorPanel(hub), 430, 800)
    field = editor.fields["run.hours"]
    type_into(qtbot, field.editor, typed)
    assert hub.state.plan.run.hours == pytest.approx(value) and field.error_text == ""
    shown = field.editor.text()
    type_into(qtbot, field.editor, shown)  # what the field shows, it reads back the same
    assert hub.state.plan.run.hours == pytest.approx(value) and field.error_text == ""


def test_a_comma_that_cannot_group_thousands_is_refused_never_multiplied(editor, hub, qtbot):
    """"0,5" was 5 and "12,5" 125 in any locale, with no error (issue 29, item 17)."""
    before = hub.state.plan.run.hours
    field = editor.fields["run.hours"]
    type_into(qtbot, field.editor, "12,5")
    assert hub.state.plan.run.hours == before and "write 12.5" in field.error_text


def test_every_slider_follows_its_field_when_a_plan_is_opened_or_undone(editor, hub, catalog):
    """Requests per day stayed at 200M on its slider while its field said "not served" after another plan was
    opened (issue 30, item 6)."""
    field = editor.fields["serving.requests_per_day"]
    hub.edit("serving.requests_per_day", 2e8)
    assert field.slider.value() > 0
    hub.state.open_document(Plan.from_dict(catalog.presets["bert-base"].plan, catalog))
    assert field.editor.text() == "" and field.editor.placeholderText() == "not served"
    assert field.slider.value() == 0
    hub.edit("serving.requests_per_day", 2e8)
    hub.state.undo()
    assert field.slider.value() == 0
    for path, f in editor.fields.items():  # and every other field: its slider where its value (or the one in use) is
        value = hub.state.plan.get(path)
        if value is not None:
            assert f.slider.value() == f.slider.to_pos(value), path


def test_tooltips_say_what_empty_means_once_and_wrap_evenly(editor):
    """"Empty = the catalog's value" on Parameters (no catalog gives one) and twice-told on Utilization (issue 30,
    item 9)."""
    from planner.ui.widgets import tip_text

    params = tip_text(editor.fields["model.parameters"].editor.toolTip())
    assert "catalog" not in params
    util = tip_text(editor.fields["hardware.utilization"].editor.toolTip())
    assert util.lower().count("empty") == 1
    power = tip_text(editor.fields["hardware.power_w"].editor.toolTip())
    assert power.lower().count("empty") == 1
    for f in editor.fields.values():
        assert all(len(line) <= 80 for line in tip_text(f.editor.toolTip()).splitlines()), f.path


def test_a_placeholder_says_a_large_number_as_the_field_would(editor, hub):
    """"Served parameters" showed "37,000,000,…" (issue 30, item 8): write 671B as the training field does (the
    served model is the trained one: a mixture-of-experts by its total parameters, the weights it streams)."""
    hub.state.set_many({"model.parameters": 671e9, "model.active_parameters": 37e9,
                        "serving.requests_per_day": 1e6})
    assert editor.fields["serving.parameters"].editor.placeholderText() == "671B"


# (the editor alone is the subject: at panel level, no window)
@pytest.mark.parametrize("path,text,message", [
    ("hardware.count", "abc", "not a number"), ("hardware.count", "-3", "at least 1"),
    ("hardware.count", "2.5", "whole number"), ("site.pue", "0.8", "at least 1"),
    ("hardware.utilization", "150", "at most 100%"), ("hardware.utilization", "150%", "at most 100%"),
    ("run.hours", "nan", "NaN"), ("run.hours", "3 parsecs", "not a number"),
    ("experiment.tuning_run_fraction", "0", "at least 0.01%")])
def test_invalid_text_is_refused_with_a_visible_hint(editor, hub, qtbot, path, text, message):
    plan = hub.state.plan
    field = editor.findChild(QLineEdit, path)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    hint = editor.findChild(QLabel, f"hint:{path}")
    assert hint.isVisible() and message in hint.text()
    assert hub.state.plan == plan  # nothing changed
    assert field.text() == text  # the user's text is kept to fix
    # a valid value clears the hint
    field.selectAll()
    qtbot.keyClicks(field, "50" if path in ("hardware.utilization", "experiment.tuning_run_fraction") else "2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not hint.isVisible()


@pytest.mark.parametrize("path,text,value", [
    ("run.hours", "72 h", 72.0), ("run.hours", "3 days", 72.0), ("run.hours", "2 weeks", 336.0),
    ("experiment.tuning_run_fraction", "10%", 0.1), ("experiment.tuning_run_fraction", "25", 0.25),
    ("model.parameters", "7B", 7e9), ("model.training_tokens", "2T", 2e12), ("model.training_flops", "1e21", 1e21),
    ("hardware.count", "1.5k", 1500), ("hardware.power_w", "0.5 kW", 500.0),
    ("pricing.usd_per_accelerator_hour_high", "$3.50", 3.5)])
def test_inputs_as_people_type_them(editor, hub, qtbot, path, text, value):
    type_into(qtbot, editor.fields[path].editor, text)
    assert hub.state.plan.get(path) == pytest.approx(value)
    assert not editor.fields[path].error_text

