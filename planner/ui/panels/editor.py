"""The plan editor: a group box per field group and a row per field, all built from the field specs
(``planner.core.fields``), bound to the plan state through the hub.

A change updates only what it touches: the fields it names (a whole new plan: all), the fields that show a
value in use (their placeholder may follow), and the lines beside the accelerator, region and run length
when what they show changed. A refused edit shows its reason under its field.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.core.fields import FIELDS, SPECS, in_editor_order
from planner.core.present import (
    accelerator_info,
    accelerator_item,
    accelerator_tooltip,
    region_item,
    region_tooltip,
    run_mode_note,
    schedule_note,
    serving_note,
)
from planner.core.readings import in_use
from planner.core.units import fmt
from planner.ui.panels.budget_controls import BudgetControls
from planner.ui.panels.region_controls import RegionControls
from planner.ui.widgets import (
    DateField,
    FocusWheelCombo,
    NumberField,
    Picker,
    align_columns,
    info_label,
    labelled_row,
    plain_tip,
)

AS_TRAINING = "(as training)"  # the serving pickers' first item: the training accelerator or region
ONLY_WITH_SPECS = [f for f in FIELDS if f.only_with]  # enabled only when their field holds a value (requests
# served; a pilot's share)
EDITOR_MIN_WIDTH = 462  # a field's label, slider (~100 px at the least), editor, unit and reset


class EditorPanel(QScrollArea):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub, self.state, self.catalog = hub, hub.state, hub.catalog
        self.setObjectName("editor")
        self.fields: dict[str, NumberField] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.choices: dict[str, FocusWheelCombo] = {}
        self.serving_pickers: dict[str, Picker] = {}
        self._hours_pending = False  # "Hours per run" chosen, no hours typed yet: they stay derived
        self._groups: dict[str, QVBoxLayout] = {}
        self._keys: dict[str, object] = {}  # what each side line last showed
        body = QWidget()
        self._col = QVBoxLayout(body)
        self._col.setContentsMargins(8, 8, 8, 8)
        self._col.setSpacing(8)
        for spec in in_editor_order():
            lay = self._group(spec.group)
            if spec.path in self.BEFORE:
                getattr(self, self.BEFORE[spec.path])(lay)
            self._row(spec, lay)
            if spec.path in self.AFTER:
                getattr(self, self.AFTER[spec.path])(lay)
        self._col.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        align_columns(self.fields.values())
        self._fit_width()
        self._connect()
        self.show_plan({"*"})

    # ------------------------------------------------------------ building, from the specs
    def _group(self, title: str) -> QVBoxLayout:
        if title not in self._groups:
            box = QGroupBox(title)
            box.setObjectName(f"group:{title.lower()}")
            lay = QVBoxLayout(box)
            lay.setSpacing(4)
            lay.setContentsMargins(8, 6, 8, 8)
            self._col.addWidget(box)
            self._groups[title] = lay
        return self._groups[title]

    def _row(self, spec, lay) -> None:
        if spec.numeric:
            field = self.fields[spec.path] = NumberField(spec)
            lay.addWidget(field)
        elif spec.kind == "choice":
            combo = self.choices[spec.path] = FocusWheelCombo()
            combo.setObjectName(spec.path)
            combo.setAccessibleName(spec.label)
            combo.setToolTip(spec.help)
            for value, name in spec.choices:
                combo.addItem(name, value)
            labelled_row(spec.editor_text, combo, lay)
        elif spec.kind == "bool":
            box = self.checks[spec.path] = QCheckBox(spec.editor_text)
            box.setObjectName(spec.path)
            box.setAccessibleName(spec.label)
            box.setToolTip(spec.help)
            lay.addWidget(box)
        elif spec.multiline:
            self.notes_edit = QPlainTextEdit()
            self.notes_edit.setObjectName(f"plan.{spec.path}")
            self.notes_edit.setAccessibleName(spec.label)
            self.notes_edit.setPlaceholderText("Notes: why this plan — printed in the PDF under the inputs")
            self.notes_edit.setToolTip(spec.help)
            self.notes_edit.setTabChangesFocus(True)
            self.notes_edit.setFixedHeight(52)
            lay.addWidget(self.notes_edit)
            self._notes_timer = QTimer(self)  # notes go to the plan when typing pauses
            self._notes_timer.setSingleShot(True)
            self._notes_timer.setInterval(700)
        elif spec.section is None:
            self.name_edit = QLineEdit()
            self.name_edit.setObjectName(f"plan.{spec.path}")
            self.name_edit.setAccessibleName(spec.label)
            self.name_edit.setMaxLength(spec.max_chars)
            self.name_edit.setToolTip(spec.help)
            labelled_row(spec.editor_text, self.name_edit, lay)
        elif spec.kind == "datetime":  # the start: typed, or picked by clicking a day in the When tab
            self.start = DateField(spec)
            self.start_edit, self.start_hint = self.start.editor, self.start.hint
            lay.addWidget(self.start)
        elif spec.path in ("serving.accelerator", "serving.region"):  # the catalog's, or the training one's
            picker = self.serving_pickers[spec.path] = Picker(spec.path, spec.label)
            if spec.path == "serving.accelerator":
                items = self.catalog.accelerators
                text, tip = accelerator_item, lambda a: accelerator_tooltip(a, self.catalog)
            else:
                items = self.catalog.regions
                text, tip = region_item, lambda r: region_tooltip(r, self.catalog)
            picker.set_items([AS_TRAINING, *items], lambda i: spec.empty_text if i == AS_TRAINING else text(items[i]),
                             lambda i: spec.help if i == AS_TRAINING else tip(items[i]))
            labelled_row(spec.editor_text.replace("Serving ", "").capitalize(), picker, lay)
        elif spec.path == "hardware.accelerator":
            self.acc_picker = Picker(spec.path, spec.label)
            accs = self.catalog.accelerators
            self.acc_picker.set_items(list(accs), lambda aid: accelerator_item(accs[aid]),
                                      lambda aid: accelerator_tooltip(accs[aid], self.catalog))
            labelled_row(spec.editor_text, self.acc_picker, lay)
        else:  # the region: its filter, picker, slider and line
            self.region = RegionControls(self.hub)
            lay.addWidget(self.region)

    def _fit_width(self) -> None:
        """At least as wide as its rows need (a larger font: a wider panel), so nothing in them is cut."""
        need = self.widget().minimumSizeHint().width() + 2 * self.frameWidth() + \
            self.verticalScrollBar().sizeHint().width()
        if self.minimumWidth() < max(EDITOR_MIN_WIDTH, need):
            self.setMinimumWidth(max(EDITOR_MIN_WIDTH, need))

    def showEvent(self, event):  # noqa: N802 (Qt naming)
        super().showEvent(event)
        self._fit_width()  # again once polished: the pickers' and boxes' own minimum widths are known now

    # the rows beside the fields' own
    BEFORE = {"run.hours": "_mode_row"}
    AFTER = {"hardware.accelerator": "_acc_line", "hardware.utilization": "_mode_line",
             "experiment.nas_multiplier": "_nas_buttons", "site.market_matched_fraction": "_cfe_row",
             "schedule.flex_hours": "_schedule_line", "serving.region": "_serving_line",
             "budget.solve": "_budget_row"}

    def _acc_line(self, lay) -> None:
        self.acc_info = info_label("hardware.accelerator.info", 3)
        lay.addWidget(self.acc_info)

    def _mode_row(self, lay) -> None:
        self.mode_hours = QRadioButton("Hours per run")
        self.mode_hours.setObjectName("run.mode.hours")
        self.mode_derived = QRadioButton("From model size and tokens")
        self.mode_derived.setObjectName("run.mode.derived")
        self.mode_group = QButtonGroup(self)
        row = QHBoxLayout()
        for button in (self.mode_hours, self.mode_derived):
            self.mode_group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)

    def _mode_line(self, lay) -> None:
        self.mode_note = info_label("run.mode.note")
        lay.addWidget(self.mode_note)

    def _nas_buttons(self, lay) -> None:
        a = self.catalog.assumptions
        row = QHBoxLayout()
        self.nas_strubell = QPushButton(f"Full search ×{fmt(a['nas_multiplier'].value)}")
        self.nas_strubell.setObjectName("experiment.nas_multiplier.strubell")
        self.nas_strubell.setToolTip(a["nas_multiplier"].source)
        self.nas_proxy = QPushButton(f"Proxy task ×{fmt(a['nas_multiplier_proxy'].value)}")
        self.nas_proxy.setObjectName("experiment.nas_multiplier.proxy")
        self.nas_proxy.setToolTip(a["nas_multiplier_proxy"].source)
        row.addWidget(self.nas_strubell)
        row.addWidget(self.nas_proxy)
        row.addStretch(1)
        lay.addLayout(row)

    def _schedule_line(self, lay) -> None:
        self.schedule_info = info_label("schedule.info", 2)
        lay.addWidget(self.schedule_info)

    def _serving_line(self, lay) -> None:
        self.serving_info = info_label("serving.info", 2)
        lay.addWidget(self.serving_info)

    def _budget_row(self, lay) -> None:
        self.budget = BudgetControls(self.hub)
        lay.addWidget(self.budget)

    def _cfe_row(self, lay) -> None:
        row = QHBoxLayout()
        self.cfe_button = QPushButton()
        self.cfe_button.setObjectName("site.market_matched_fraction.provider")
        self.cfe_button.setAccessibleName("Use the provider's published carbon-free energy share")
        keep = self.cfe_button.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # shown for some regions only: no re-layout as the region changes
        self.cfe_button.setSizePolicy(keep)
        row.addWidget(self.cfe_button)
        row.addStretch(1)
        lay.addLayout(row)

    # ------------------------------------------------------------ wiring
    def _connect(self) -> None:
        hub, state = self.hub, self.state
        hub.planChanged.connect(self.show_plan)
        hub.editRefused.connect(self._refused)
        hub.started.connect(lambda: self.show_plan({"startup"}))
        for f in self.fields.values():
            f.edited.connect(hub.edit)
            f.dragStarted.connect(lambda _path: state.begin_group())  # a drag is one undo step
            f.dragFinished.connect(lambda _path: state.end_group())
        for path, box in self.checks.items():
            box.toggled.connect(lambda on, path=path: hub.edit(path, on))
        for path, combo in self.choices.items():
            combo.activated.connect(lambda k, path=path, combo=combo: hub.edit(path, combo.itemData(k)))
        self.acc_picker.picked.connect(self._pick)
        self.region.picked.connect(self._pick)
        for picker in self.serving_pickers.values():
            picker.picked.connect(self._pick)
        self.name_edit.editingFinished.connect(lambda: hub.edit("name", self.name_edit.text().strip()
                                                                 or "Untitled plan"))
        self.start.edited.connect(hub.edit)
        self.notes_edit.textChanged.connect(self._notes_timer.start)
        self._notes_timer.timeout.connect(lambda: hub.edit("notes", self.notes_edit.toPlainText()))
        self.nas_strubell.clicked.connect(lambda: hub.edit("experiment.nas_multiplier", None))
        self.nas_proxy.clicked.connect(lambda: hub.edit(
            "experiment.nas_multiplier", self.catalog.assumptions["nas_multiplier_proxy"].value))
        self.cfe_button.clicked.connect(lambda: hub.edit(
            "site.market_matched_fraction", self.catalog.regions[state.plan.site.region].provider_cfe))
        self.mode_hours.toggled.connect(lambda on: on and self._set_mode(derived=False))
        self.mode_derived.toggled.connect(lambda on: on and self._set_mode(derived=True))

    def _pick(self, path: str, item_id: str) -> None:
        if path in self.serving_pickers and item_id:
            self.hub.edit(path, None if item_id == AS_TRAINING else item_id)
            return
        if not item_id:  # typed text matching nothing: say so in words, show the plan's choice again
            picker = self.serving_pickers.get(path) or (self.acc_picker if path.endswith("accelerator")
                                                        else self.region.picker)
            what, examples = (("accelerator", "H100, a100 80, tpu") if path == "hardware.accelerator"
                              else ("region", "Quebec, Iowa, Frankfurt, eu-north-1"))
            self.hub.say(f"No {what} matches “{picker.lineEdit().text().strip()}”: type part of a name or code "
                         f"(e.g. {examples}) and pick from the list", 8000)
            picker.show_id(self.state.plan.get(path) or AS_TRAINING)
            return
        self.hub.edit(path, item_id)

    def _refused(self, path: str, message: str) -> None:
        field = self.fields.get(path)
        if field is not None:
            field.show_error(message)
        elif path == self.start.path:
            self.start.show_error(message)
        else:
            self.hub.say(f"{SPECS[path].label if path in SPECS else path}: {message}", 8000)

    def _set_mode(self, derived: bool) -> None:
        plan = self.state.plan
        if derived:
            self._hours_pending = False
        if derived == (plan.run.hours is None and not self._hours_pending):
            self._show_mode(plan, self.state.results)
            return
        if derived:
            if plan.model.training_flops is None and (plan.model.parameters is None
                                                      or plan.model.training_tokens is None):
                # offer sensible starting values so the derived mode has something to derive from
                values = {"run.hours": None}
                if plan.model.parameters is None:
                    values["model.parameters"] = 1.1e8
                if plan.model.training_tokens is None:
                    values["model.training_tokens"] = 20 * (plan.model.parameters or 1.1e8)
                self.state.set_many(values)
            else:
                self.hub.edit("run.hours", None)
        else:  # the hours stay derived (and uncertain) until one is typed: the field is open for it
            self._hours_pending = True
            self._show_mode(plan, self.state.results)
            field = self.fields["run.hours"]
            field.editor.setFocus()
            field.editor.selectAll()

    # ------------------------------------------------------------ showing the plan
    def _changed(self, key: str, value) -> bool:
        """Did what ``key`` shows change since it was last shown? (Remembers ``value``.)"""
        if self._keys.get(key, ()) == value:
            return False
        self._keys[key] = value
        return True

    def show_plan(self, changed: set) -> None:
        plan, results = self.state.plan, self.state.results
        every = "*" in changed or "startup" in changed
        new = "*" in changed  # a new plan (undo, redo, opened): a field's pending text is dropped, even in focus
        if new:
            self._hours_pending = False
        if every or "name" in changed:
            if (new or not self.name_edit.hasFocus()) and self.name_edit.text() != plan.name:
                self.name_edit.setText(plan.name)
                self.name_edit.setCursorPosition(0)  # show the start of a long name
        if (every or "notes" in changed) and (new or not self.notes_edit.hasFocus()) \
                and self.notes_edit.toPlainText() != plan.notes:
            with QSignalBlocker(self.notes_edit):
                self.notes_edit.setPlainText(plan.notes)
        released = {path for path, _, _ in self.state.released} if "released" in changed else set()
        for path, field in self.fields.items():
            value = plan.get(path)
            if every or path in changed or path in released or value is None:
                use = None if value is not None else in_use(path, results, water=self.hub.is_started)
                field.show_value(value, use, force=new)
                field.show_origin(plan.provenance(path), plan.origin(path))
        for path, box in self.checks.items():
            if box.isChecked() != plan.get(path):
                with QSignalBlocker(box):
                    box.setChecked(plan.get(path))
        for path, combo in self.choices.items():
            if combo.currentData() != plan.get(path):
                with QSignalBlocker(combo):
                    combo.setCurrentIndex(combo.findData(plan.get(path)))
        if every or "schedule.start" in changed:
            self.start.show_value(plan.schedule.start, force=new)
        self._show_schedule(results)
        self._show_serving(plan, results)
        self.budget.show_plan(plan)
        self.fields["experiment.nas_multiplier"].setEnabled(plan.experiment.nas)
        self._show_accelerator(plan, results)
        self._show_grid_years(plan)
        self.region.show_plan(changed)
        self._show_cfe(plan)
        self._show_mode(plan, results)
        error = results.error
        if error is not None and error.field in self.fields:
            self.fields[error.field].show_error(error.message)

    def _show_schedule(self, results) -> None:
        """The line under the schedule: what the start and flexibility do to the grid intensity."""
        inputs = results.inputs
        text = "" if inputs is None else schedule_note(results)
        if self._changed("schedule", text):
            self.schedule_info.setText(text)

    def _show_serving(self, plan, results) -> None:
        """The serving's pickers and line, its fields enabled only when something is served."""
        if self._changed("serving-pickers", (plan.serving.accelerator, plan.serving.region)):
            for path, picker in self.serving_pickers.items():
                picker.show_id(plan.get(path) or AS_TRAINING)
        enabled = tuple(plan.get(spec.only_with) is not None for spec in ONLY_WITH_SPECS)
        if self._changed("only-with", enabled):
            for spec, on in zip(ONLY_WITH_SPECS, enabled):
                widget = (self.fields.get(spec.path) or self.serving_pickers.get(spec.path)
                          or self.choices.get(spec.path))
                widget.setEnabled(on)
        text = "" if results.inputs is None else serving_note(results)
        if self._changed("serving", text):
            self.serving_info.setText(text)

    def _show_accelerator(self, plan, results) -> None:
        inputs = results.inputs
        key = (plan.hardware.accelerator, plan.hardware.precision, plan.site.region, plan.hardware.power_w,
               plan.origins, inputs is None or inputs.price_low, inputs is None or inputs.price_high)
        if not self._changed("accelerator", key):
            return
        self.acc_picker.show_id(plan.hardware.accelerator)
        acc = self.catalog.accelerators[plan.hardware.accelerator]
        combo, name = self.choices["hardware.precision"], SPECS["hardware.precision"].choice_name
        for k in range(combo.count()):  # what the chip lacks is listed, greyed, and says so
            item, value = combo.model().item(k), combo.itemData(k)
            has = acc.peak_at(value) is not None
            item.setEnabled(has or value == plan.hardware.precision)
            item.setToolTip(plain_tip(f"{name(value)}: {fmt(acc.peak_at(value) / 1e12)} TFLOP/s dense on {acc.id}"
                                      if has else f"{acc.id} has no {name(value)}"))
        price = self.catalog.price_for(acc, self.catalog.regions[plan.site.region])
        self.acc_info.setText(accelerator_info(acc, self.catalog, inputs, plan))
        self.acc_info.setToolTip(plain_tip(accelerator_tooltip(acc, self.catalog, price)))

    def _show_grid_years(self, plan) -> None:
        """The grid year's slider spans the years the region's data holds (read after the first paint: the
        yearly table is not needed before); a region without a yearly series greys the field and says why."""
        region = self.catalog.regions[plan.site.region]
        if not self.hub.is_started or not self._changed("grid-years", (region.id, plan.site.grid_year is None)):
            return
        years = self.catalog.grid_series(region)
        field = self.fields["site.grid_year"]
        if years:
            field.set_range(min(years), max(years))
        field.setEnabled(bool(years) or plan.site.grid_year is not None)  # (a year to clear stays reachable)
        field.setToolTip("" if years else plain_tip(f"{region.id} has no yearly series: its figure is the "
                                                    f"source's {region.year} one"))

    def _show_cfe(self, plan) -> None:
        region = self.catalog.regions[plan.site.region]
        if not self._changed("cfe", region.id):
            return
        self.cfe_button.setVisible(region.provider_cfe is not None)
        if region.provider_cfe is not None:  # only when the region changes: setText re-lays out
            self.cfe_button.setText(f"Use {region.provider.upper()} CFE {region.provider_cfe:.0%}")
            self.cfe_button.setToolTip(plain_tip(
                "Set the market-matched share to the provider's published hourly carbon-free energy share for this "
                f"region.\n{region.provider_source}"))

    def _show_mode(self, plan, results) -> None:
        if plan.run.hours is not None:
            self._hours_pending = False  # typed: the plan's own hours now
        derived = plan.run.hours is None and not self._hours_pending
        note = run_mode_note(plan.run.hours is None, results.inputs)
        if self._hours_pending:
            note += " Type hours per run to give them; until then they stay derived."
        if not self._changed("mode", (derived, note)):
            return
        with QSignalBlocker(self.mode_hours), QSignalBlocker(self.mode_derived):
            self.mode_hours.setChecked(not derived)
            self.mode_derived.setChecked(derived)
        self.mode_note.setText(note)
        self.fields["hardware.utilization"].label.setEnabled(derived)  # it only derives hours
        self.fields["run.hours"].label.setEnabled(not derived)
