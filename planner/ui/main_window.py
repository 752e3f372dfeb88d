"""The main window: a plan editor with sliders on the left, results and live charts on the right.

It is thin: every edit goes to the core's PlanState, every number shown
comes from the state's estimate and sweep. All signals are wired in
``_connect``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (QApplication, QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget,
                               QLineEdit, QListWidgetItem, QMainWindow, QMessageBox, QPlainTextEdit,
                               QPushButton, QRadioButton, QScrollArea, QSizePolicy, QSlider, QSplitter,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from planner import __version__
from planner.core.errors import PlanError
from planner.core.estimate import PHASE_LABELS
from planner.core.plan import FIELD_RULES, MAX_TEXT_CHARS, origin_name
from planner.core.state import REGION_FILTERS, PlanState
from planner.core.units import (MASS_CHOICES, best_equivalent, fmt, fmt_delta, fmt_energy, fmt_mass, fmt_range, fmt_rate,
                                fmt_signed, fmt_usd, fmt_volume, resolve_mass_unit, to_unit, water_equivalent)
from planner.ui.charts import BenchmarksChart, PhasesChart, RegionsChart
from planner.core.settings import AutosaveSlot
from planner.ui import dialogs
from planner.ui.cards import MIN_HEIGHT, MIN_WIDTH, ResultCard
from planner.ui.document import DocumentMixin
from planner.ui.insights import InsightsMixin
from planner.ui.widgets import AdviceList, NumberField, Picker, error_color, set_text_color, styled

# path -> slider scale (lo, hi, log, zero, integer)
SCALES = {
    "model.parameters": (1e6, 1e12, True, False, False),
    "model.training_tokens": (1e6, 1e14, True, False, False),
    "model.training_flops": (1e15, 1e26, True, False, False),
    "hardware.count": (1, 100_000, True, False, True),
    "hardware.power_w": (10, 2000, True, False, False),
    "hardware.host_power_w": (10, 1e6, True, True, False),
    "hardware.utilization": (0.05, 1.0, False, False, False),
    "run.hours": (0.1, 1e6, True, False, False),
    "experiment.final_runs": (1, 100, True, True, True),
    "experiment.tuning_runs": (1, 10_000, True, True, True),
    "experiment.tuning_run_fraction": (0.01, 1.0, True, False, False),
    "experiment.nas_multiplier": (1, 10_000, True, False, False),
    "site.pue": (1.0, 3.0, False, False, False),
    "site.carbon_intensity_g_per_kwh": (0, 1200, False, False, False),
    "site.market_matched_fraction": (0.0, 1.0, False, False, False),
    "site.wue_l_per_kwh": (0.0, 3.0, False, False, False),
    "site.offsite_water_l_per_kwh": (0.0, 5.0, False, False, False),
    "pricing.usd_per_accelerator_hour_low": (0.01, 100, True, False, False),
    "pricing.usd_per_accelerator_hour_high": (0.01, 100, True, False, False),
}
UNIT_TEXT = {"W": "W", "h": "h", "g/kWh": "g/kWh", "$/h": "$/h", "runs": "runs", "FLOP": "FLOP", "L/kWh": "L/kWh"}
# shares the plan holds as fractions (0-1) and the editor shows in % ("10" or "10%" is 0.1)
PERCENT_FIELDS = {"hardware.utilization", "experiment.tuning_run_fraction", "site.market_matched_fraction"}


class ExportJob(QThread):
    """Writes the PDF off the GUI thread from an immutable snapshot of the plan and results."""

    done = Signal(str, str)  # path, error ("" when written)

    def __init__(self, data, path: str, parent=None):
        super().__init__(parent)
        self.data, self.path = data, path

    def run(self) -> None:
        from planner.ui.report import write_report

        try:
            write_report(self.data, self.path)
        except OSError as exc:
            self.done.emit(self.path, f"Cannot write {self.path}: {exc.strerror or exc}")
        except Exception as exc:  # never lose the window over an export
            self.done.emit(self.path, f"Cannot export {self.path}: {type(exc).__name__}: {exc}")
        else:
            self.done.emit(self.path, "")


def default_state() -> tuple[PlanState, list[str]]:
    """The default plan on the built-in catalog plus the user's own entries (and any problems with them)."""
    from planner.core.catalog import default_catalog
    from planner.core.settings import data_dir
    from planner.core.userdata import catalog_with_user_data

    catalog, problems = catalog_with_user_data(default_catalog(), data_dir())
    return PlanState(catalog=catalog), problems


class MainWindow(InsightsMixin, DocumentMixin, QMainWindow):
    def __init__(self, state: PlanState | None = None, settings=None, parent=None):
        super().__init__(parent)
        from planner.core.settings import Settings

        self.user_data_problems: list[str] = []
        if state is None:
            state, self.user_data_problems = default_state()
        self.state = state
        self.catalog = self.state.catalog
        self.settings_warning = None
        if settings is None:
            settings, self.settings_warning = Settings.load()
        self.settings = settings
        self.autosave = AutosaveSlot()
        self.startup_messages: list[str] = []
        self.unit = "auto"
        self.log_axis = True  # benchmarks span five orders of magnitude
        self.show_embodied = True
        self.fields: dict[str, NumberField] = {}
        self.startup_finished = False  # until the first paint (what it does not need waits for it)
        self._sources_dialog: QDialog | None = None
        self._export_job: ExportJob | None = None
        self.last_export: str | None = None
        self.setObjectName("MainWindow")
        self.resize(1280, 800)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)

        editor = self._build_editor()
        right = self._build_results()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(editor)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 850])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.setAcceptDrops(True)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(1500)
        self._advice_timer = QTimer(self)  # the ranking waits until a drag pauses
        self._advice_timer.setSingleShot(True)
        self._advice_timer.setInterval(120)
        self._build_menus()
        self.apply_settings()
        self._connect()
        self.refresh({"*"})
        for label in (self.acc_info, self.region_info, self.mode_note, self.error_banner):
            label.setTextFormat(Qt.TextFormat.PlainText)  # they show names and sources from files
        self.add_startup_messages([self.settings_warning, *self.user_data_problems])
        # after the first paint of the charts (or soon anyway, if the window is never shown)
        self.chart_regions.firstPainted.connect(lambda: QTimer.singleShot(0, self, self._finish_startup))
        QTimer.singleShot(400, self, self._finish_startup)  # the window as context: never after it is gone

    def _finish_startup(self) -> None:
        """What the first paint does not need: the full region list, presets, legend, labels."""
        if self.startup_finished:
            return
        self.startup_finished = True
        order = {"cloud": 0, "reference": 1, "world": 1, "country": 2}
        self._fill_region_picker(sorted(self.catalog.regions.values(), key=lambda r: (order.get(r.kind, 3), r.id)))
        self._build_presets_menu()
        if self.settings.region_view == "map":
            self.show_map()
        self.chart_benchmarks.add_value_labels()
        self.chart_phases.show_key()
        self.chart_regions.show_key()
        self.refresh({"startup"})

    def _fill_region_picker(self, regions) -> None:
        self.region_picker.set_items([(r.id, f"{r.id} — {r.name} · {fmt(r.carbon_intensity)} g/kWh"
                                       + (" (yours)" if r.user else ""),
                                       self._region_tooltip(r)) for r in regions])
        self.region_picker.show_id(self.state.plan.site.region)

    # ------------------------------------------------------------ building
    def _field(self, path: str, layout, label: str | None = None) -> NumberField:
        rule = FIELD_RULES[path]
        lo, hi, log, zero, integer = SCALES[path]
        percent = path in PERCENT_FIELDS
        f = NumberField(path, label or rule.label, lo, hi, log=log, zero=zero, integer=integer,
                        nullable=rule.nullable, unit="%" if percent else UNIT_TEXT.get(rule.unit, rule.unit),
                        tooltip=rule.help, scale=100.0 if percent else 1.0, bounds=(rule.minimum, rule.maximum))
        self.fields[path] = f
        layout.addWidget(f)
        return f

    def _group(self, title: str, parent_layout) -> QVBoxLayout:
        box = QGroupBox(title)
        box.setObjectName(f"group:{title.lower()}")
        lay = QVBoxLayout(box)
        lay.setSpacing(4)
        lay.setContentsMargins(8, 6, 8, 8)
        parent_layout.addWidget(box)
        return lay

    @staticmethod
    def _labelled_row(text: str, widget, layout) -> None:
        """A row of the editor: its label (the widget's buddy, aligned with the fields' labels), then the widget."""
        row = QHBoxLayout()
        lab = QLabel(text)
        lab.setMinimumWidth(118)
        lab.setBuddy(widget)
        row.addWidget(lab)
        row.addWidget(widget, 1)
        layout.addLayout(row)

    def _build_editor(self) -> QScrollArea:
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(8, 8, 8, 8)
        col.setSpacing(8)

        # The plan: its name (title, PDF, file name, compare dialog) and notes (printed in the PDF)
        g = self._group("Plan", col)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("plan.name")
        self.name_edit.setAccessibleName("Plan name")
        self.name_edit.setMaxLength(MAX_TEXT_CHARS)
        self.name_edit.setToolTip("The plan's name: the window title, the PDF title and its suggested file name")
        self._labelled_row("&Name", self.name_edit, g)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("plan.notes")
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setPlaceholderText("Notes: why this plan — printed in the PDF under the inputs")
        self.notes_edit.setToolTip(FIELD_RULES["notes"].help)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(52)
        g.addWidget(self.notes_edit)
        self._notes_timer = QTimer(self)  # notes are saved to the plan when typing pauses
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(700)

        # Hardware
        g = self._group("Hardware", col)
        self.acc_picker = Picker("hardware.accelerator", "Accelerator")
        self.acc_picker.set_items([(a.id, f"{a.id} — {a.name}" + (" (yours)" if a.user else ""), self._acc_tooltip(a))
                                   for a in self.catalog.accelerators.values()])
        self._labelled_row("Accelerator", self.acc_picker, g)
        self.acc_info = QLabel()
        self.acc_info.setObjectName("hardware.accelerator.info")
        self.acc_info.setWordWrap(True)
        styled(self.acc_info, -1)
        self._steady_height(self.acc_info, 3)
        g.addWidget(self.acc_info)
        for path in ("hardware.count", "hardware.power_w", "hardware.host_power_w"):
            self._field(path, g)

        # Run length: two ways to say it
        g = self._group("Model and run length", col)
        self.mode_hours = QRadioButton("Hours per run")
        self.mode_hours.setObjectName("run.mode.hours")
        self.mode_derived = QRadioButton("From model size and tokens")
        self.mode_derived.setObjectName("run.mode.derived")
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.mode_hours)
        self.mode_group.addButton(self.mode_derived)
        row = QHBoxLayout()
        row.addWidget(self.mode_hours)
        row.addWidget(self.mode_derived)
        row.addStretch(1)
        g.addLayout(row)
        self._field("run.hours", g)
        self.model_fields = [self._field(p, g) for p in
                             ("model.parameters", "model.training_tokens", "model.training_flops",
                              "hardware.utilization")]
        self.mode_note = QLabel()
        self.mode_note.setObjectName("run.mode.note")
        self.mode_note.setWordWrap(True)
        styled(self.mode_note, -1)
        g.addWidget(self.mode_note)

        # Experiment
        g = self._group("Experiment", col)
        self.fine_tune = QCheckBox("Starts from a pre-trained model (fine-tuning)")
        self.fine_tune.setObjectName("experiment.fine_tune")
        self.fine_tune.setAccessibleName("Starts from a pre-trained model")
        self.fine_tune.setToolTip(FIELD_RULES["experiment.fine_tune"].help)
        g.addWidget(self.fine_tune)
        for path in ("experiment.final_runs", "experiment.tuning_runs", "experiment.tuning_run_fraction"):
            self._field(path, g)
        self.nas = QCheckBox("Neural architecture search")
        self.nas.setObjectName("experiment.nas")
        self.nas.setAccessibleName("Neural architecture search")
        self.nas.setToolTip("Add a neural architecture search costing the multiplier's number of full runs.")
        g.addWidget(self.nas)
        self._field("experiment.nas_multiplier", g)
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
        g.addLayout(row)

        # Site
        g = self._group("Site", col)
        self.region_filter = QComboBox()
        self.region_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.region_filter.setObjectName("site.region_filter")
        self.region_filter.setAccessibleName("Region filter")
        self.region_filter.setToolTip("Which regions the region slider and the region chart show")
        for key, (label, _) in REGION_FILTERS.items():
            self.region_filter.addItem(label, key)
        self._labelled_row("Show", self.region_filter, g)
        self.region_picker = Picker("site.region", "Region")
        self._fill_region_picker([self.catalog.regions[self.state.plan.site.region]])  # the rest after first paint
        self._labelled_row("Region", self.region_picker, g)
        self.region_slider = QSlider(Qt.Orientation.Horizontal)
        self.region_slider.setObjectName("slider:site.region")
        self.region_slider.setAccessibleName("Region slider, cleanest to dirtiest grid")
        self.region_slider.setToolTip("Drag across regions, from the cleanest grid to the dirtiest")
        self.region_slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row = QHBoxLayout()
        lab = QLabel("Cleanest")
        lab.setMinimumWidth(118)
        row.addWidget(lab)
        row.addWidget(self.region_slider, 1)
        row.addWidget(QLabel("dirtiest"))
        g.addLayout(row)
        self.region_info = QLabel()
        self.region_info.setObjectName("site.region.info")
        self.region_info.setWordWrap(True)
        styled(self.region_info, -1)
        self._steady_height(self.region_info, 3)
        g.addWidget(self.region_info)
        self._field("site.pue", g)
        self._field("site.carbon_intensity_g_per_kwh", g)
        self._field("site.market_matched_fraction", g, "Market-matched").empty_text = "not stated"
        row = QHBoxLayout()
        self.cfe_button = QPushButton()
        self.cfe_button.setObjectName("site.market_matched_fraction.provider")
        self.cfe_button.setAccessibleName("Use the provider's published carbon-free energy share")
        keep = self.cfe_button.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # shown for some regions only: no re-layout as the region changes
        self.cfe_button.setSizePolicy(keep)
        row.addWidget(self.cfe_button)
        row.addStretch(1)
        g.addLayout(row)
        self._field("site.wue_l_per_kwh", g, "On-site water")
        self._field("site.offsite_water_l_per_kwh", g, "Grid water")

        # Pricing
        g = self._group("Pricing", col)
        self._field("pricing.usd_per_accelerator_hour_low", g, "Price, spot")
        self._field("pricing.usd_per_accelerator_hour_high", g, "Price, on-demand")
        col.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("editor")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(400)
        return scroll

    def _build_results(self) -> QWidget:
        w = QWidget()
        col = QVBoxLayout(w)
        col.setContentsMargins(6, 8, 8, 8)
        col.setSpacing(6)
        self.error_banner = QLabel()
        self.error_banner.setObjectName("result.error")
        self.error_banner.setWordWrap(True)
        styled(self.error_banner, bold=True)
        self.error_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_banner.setMargin(6)
        self.error_banner.hide()
        col.addWidget(self.error_banner)

        cards = QGridLayout()
        cards.setSpacing(6)
        self.cards = {
            "emissions": ResultCard("result.emissions", "CO2e, location-based"),
            "energy": ResultCard("result.energy", "Energy"),
            "cost": ResultCard("result.cost", "Cloud cost"),
            "accelerator_hours": ResultCard("result.accelerator_hours", "Accelerator-hours"),
            "water": ResultCard("result.water", "Water, on and off site"),
        }
        for k, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, k)
        col.addLayout(cards)

        row = QHBoxLayout()
        self.comparison = QLabel()
        self.comparison.setObjectName("result.comparison")
        self.comparison.setAccessibleName("Everyday comparison")
        styled(self.comparison, 2)
        self.comparison.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # text never re-lays out
        row.addWidget(self.comparison, 1)
        row.addWidget(QLabel("Units"))
        self.units_box = QComboBox()
        self.units_box.setObjectName("units")
        self.units_box.setAccessibleName("Mass units")
        for u, label in (("auto", "auto"), ("kg", "kg"), ("t", "tonnes"), ("lb", "lb")):
            self.units_box.addItem(label, u)
        row.addWidget(self.units_box)
        self.log_box = QCheckBox("Log axis")
        self.log_box.setObjectName("chart.benchmarks.log")
        self.log_box.setAccessibleName("Logarithmic benchmark axis")
        self.log_box.setToolTip("Show the benchmark chart on a logarithmic axis")
        row.addWidget(self.log_box)
        col.addLayout(row)

        self.chart_benchmarks = BenchmarksChart(self.catalog.benchmarks)
        self.chart_phases = PhasesChart()
        self.chart_regions = RegionsChart()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.chart_benchmarks)
        # where it comes from, and (a tab away) which assumption matters most: made when first shown
        self.chart_tabs, self._sensitivity_page = self._chart_tabs(
            "charts.tabs", self.chart_phases, "Breakdown", "Where the footprint comes from: by phase and by part",
            "Sensitivity", "Which assumption matters most: the CO2e with each uncertain input at its 5th and 95th "
                           "percentile, the others as estimated")
        self.chart_sensitivity = None
        self.uncertainty = None  # of the plan in self._uncertainty_plan, computed when the plan settles
        self._uncertainty_plan = None
        top.addWidget(self.chart_tabs)
        top.setSizes([480, 390])  # the benchmark labels need the room
        # what would cut it most, beside the region chart
        advice = QWidget()
        acol = QVBoxLayout(advice)
        acol.setContentsMargins(0, 0, 0, 0)
        acol.setSpacing(4)
        title = QLabel("What would cut it most")
        styled(title, 0, bold=True)
        self.advice_list = AdviceList()
        self.advice_list.setObjectName("advice")
        self.advice_list.setAccessibleName("Suggestions that would cut the footprint, largest first")
        self.advice_list.setWordWrap(True)
        self.advice_list.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap the items when the width changes
        self.advice_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.advice_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.advice_list.setAlternatingRowColors(True)
        self.advice_list.setSpacing(3)
        self.advice_list.setToolTip("Click a suggestion, or select it and press Enter or Space, to apply it; "
                                    "Ctrl+Z undoes it")
        self._advice_stale = True  # greyed until the first ranking
        self.advice_list.setEnabled(False)
        self.advice_apply = QPushButton("Apply")
        self.advice_apply.setObjectName("advice.apply")
        self.advice_apply.setToolTip("Apply the selected suggestion to the plan (undoable)")
        acol.addWidget(title)
        acol.addWidget(self.advice_list, 1)
        acol.addWidget(self.advice_apply)
        self.suggestions = []
        bottom = QSplitter(Qt.Orientation.Horizontal)
        # the ranked bars and the map share their place (the choice is remembered); the map is made when shown
        self.region_tabs, self._map_page = self._chart_tabs(
            "regions.tabs", self.chart_regions, "Ranked", "The same plan in every region of the filter, cleanest to "
                                                          "dirtiest",
            "Map", "The same plan in every country, US state, Canadian province and cloud region; click one to "
                   "pick it")
        self.chart_map = None
        self._map_shown_at = 0.0
        self._map_timer = QTimer(self)
        self._map_timer.setSingleShot(True)
        bottom.addWidget(self.region_tabs)
        bottom.addWidget(advice)
        bottom.setSizes([600, 260])
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(top)
        charts.addWidget(bottom)
        charts.setSizes([360, 300])
        charts.setChildrenCollapsible(False)
        col.addWidget(charts, 1)
        return w

    def _chart_tabs(self, name: str, chart, label: str, tip: str, later_label: str, later_tip: str):
        """Two charts sharing a place: ``chart`` (with its key) now, and an empty page for one made when its
        tab is first shown. Returns (tabs, that page)."""
        tabs = QTabWidget()
        tabs.setObjectName(name)
        tabs.setDocumentMode(True)
        tabs.addTab(self._with_key(chart), label)
        tabs.setTabToolTip(0, tip)
        page = QWidget()
        QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
        tabs.addTab(page, later_label)
        tabs.setTabToolTip(1, later_tip)
        return tabs, page

    @staticmethod
    def _steady_height(label: QLabel, lines: int) -> None:
        """Room for ``lines`` lines from the start, so a text that changes with a slider (a region's, a
        price's) does not re-lay out the editor on every tick."""
        label.setMinimumHeight(QFontMetrics(label.font()).lineSpacing() * lines)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    @staticmethod
    def _with_key(chart) -> QWidget:
        """A chart with its key (legend) under it."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(chart, 1)
        styled(chart.key, -1)
        chart.key.setMinimumHeight(QFontMetrics(chart.key.font()).lineSpacing() * 2)  # no jump when it fills
        lay.addWidget(chart.key)
        return box

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")

        def action(name, text, shortcut=None, tip=""):
            act = QAction(text, self)
            act.setObjectName(name)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            if tip:
                act.setStatusTip(tip)
            return act

        self.action_new = action("file.new", "&New", QKeySequence.StandardKey.New, "Start from the default plan")
        self.action_open = action("file.open", "&Open…", QKeySequence.StandardKey.Open, "Open a plan file")
        self.action_save = action("file.save", "&Save", QKeySequence.StandardKey.Save, "Save the plan")
        self.action_save_as = action("file.save_as", "Save &As…", QKeySequence("Ctrl+Shift+S"),
                                     "Save the plan under a new name")
        m.addAction(self.action_new)
        m.addAction(self.action_open)
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.setObjectName("file.recent")
        self.recent_menu.setToolTipsVisible(True)
        m.addAction(self.action_save)
        m.addAction(self.action_save_as)
        m.addSeparator()
        self.action_measured = action("file.import_measured", "Import &measured runs (CodeCarbon)…", None,
                                      "Compare CodeCarbon's emissions.csv with the plan, and calibrate it")
        m.addAction(self.action_measured)
        self.action_export = QAction("&Export PDF…", self)
        self.action_export.setObjectName("file.export_pdf")
        self.action_export.setShortcut(QKeySequence("Ctrl+E"))
        self.action_export.setStatusTip("Write a one- to two-page PDF summary for a compute request or paper")
        m.addAction(self.action_export)
        tables = m.addMenu("Export &table")
        tables.setObjectName("file.export_table")
        self.action_export_estimate = action("file.export_table.estimate", "By &phase and part…", None,
                                             "The estimate as a table (CSV, or Excel where openpyxl is installed)")
        self.action_export_regions = action("file.export_table.regions", "Every &region in view…", None,
                                            "The region ranking as a table (CSV, or Excel where openpyxl is "
                                            "installed)")
        tables.addAction(self.action_export_estimate)
        tables.addAction(self.action_export_regions)
        m.addSeparator()
        self.action_quit = QAction("&Quit", self)
        self.action_quit.setObjectName("file.quit")
        self.action_quit.setShortcut(QKeySequence.StandardKey.Quit)
        m.addAction(self.action_quit)

        m = bar.addMenu("&Edit")
        self.action_undo = action("edit.undo", "&Undo", QKeySequence("Ctrl+Z"))
        self.action_redo = action("edit.redo", "&Redo", QKeySequence("Ctrl+Shift+Z"))
        m.addAction(self.action_undo)
        m.addAction(self.action_redo)
        m.addSeparator()
        self.action_pin = action("compare.pin", "&Pin as baseline", QKeySequence("Ctrl+B"),
                                 "Compare later changes against this plan")
        self.action_unpin = action("compare.clear", "&Clear baseline", None, "Stop comparing")
        self.action_compare = action("compare.view", "&Compare plans…", QKeySequence("Ctrl+Shift+C"),
                                     "Several plans side by side")
        m.addAction(self.action_pin)
        m.addAction(self.action_unpin)
        m.addAction(self.action_compare)
        m.addSeparator()
        copy = m.addMenu("Copy &reporting paragraph")
        self.copy_actions = []
        for style, label, keys in (("plain", "as plain text", "Ctrl+Shift+R"), ("markdown", "as Markdown", None),
                                   ("latex", "as LaTeX", None), ("model-card", "as model-card metadata (Hugging Face)",
                                                                 None)):
            act = action(f"edit.copy_report.{style}", label, keys,
                         "Copy a paragraph on compute, energy, CO2e and cost, with sources, for a paper")
            act.setData(style)
            copy.addAction(act)
            self.copy_actions.append(act)
        self.copy_menu = copy

        m = bar.addMenu("&View")
        self.unit_actions = QActionGroup(self)
        for k, (u, label) in enumerate((("auto", "Automatic units"), ("kg", "Kilograms"), ("t", "Tonnes"),
                                        ("lb", "Pounds"))):
            act = QAction(label, self, checkable=True)
            act.setObjectName(f"view.units.{u}")
            act.setShortcut(QKeySequence(f"Ctrl+{k + 1}"))
            act.setData(u)
            act.setChecked(u == self.unit)
            self.unit_actions.addAction(act)
            m.addAction(act)
        m.addSeparator()
        self.action_log = QAction("&Logarithmic benchmark axis", self, checkable=True)
        self.action_log.setObjectName("view.log_axis")
        self.action_log.setShortcut(QKeySequence("Ctrl+L"))
        m.addAction(self.action_log)
        self.action_embodied = QAction("Show &embodied emissions", self, checkable=True)
        self.action_embodied.setObjectName("view.embodied")
        self.action_embodied.setChecked(True)
        self.action_embodied.setStatusTip("The accelerators' manufacturing footprint, shown apart from operational CO2e")
        m.addAction(self.action_embodied)

        self.presets_menu = bar.addMenu("&Presets")
        self.presets_menu.setToolTipsVisible(True)
        self.preset_actions = []

        m = bar.addMenu("&Help")
        self.action_sources = QAction("&Sources of these numbers…", self)
        self.action_sources.setObjectName("help.sources")
        self.action_sources.setShortcut(QKeySequence("F1"))
        m.addAction(self.action_sources)
        self.action_startup_messages = action("help.startup_messages", "Start-up &messages…",
                                              tip="Problems found in settings, autosave and your own data files")
        self.action_startup_messages.setEnabled(False)
        m.addAction(self.action_startup_messages)
        self.action_about = QAction("&About Footprint Planner", self)
        self.action_about.setObjectName("help.about")
        m.addAction(self.action_about)

    def _build_presets_menu(self) -> None:
        for p in self.catalog.presets.values():
            act = QAction(p.name, self)
            act.setObjectName(f"preset.{p.id}")
            act.setData(p.id)
            act.setToolTip(p.source)
            act.setStatusTip(p.source)
            self.presets_menu.addAction(act)
            self.preset_actions.append(act)

    # ------------------------------------------------------------ wiring
    def _connect(self) -> None:
        """The one place where widgets are connected to the state and to each other."""
        self.state.subscribe(self._state_changed)
        for f in self.fields.values():
            f.edited.connect(self._edit)
            f.dragStarted.connect(lambda _path: self.state.begin_group())  # a drag is one undo step
            f.dragFinished.connect(lambda _path: self.state.end_group())
        self.region_slider.sliderPressed.connect(self.state.begin_group)
        self.region_slider.sliderReleased.connect(self.state.end_group)
        self.action_new.triggered.connect(self.new_plan)
        self.action_open.triggered.connect(lambda: self.open_plan())
        self.action_save.triggered.connect(lambda: self.save())
        self.action_save_as.triggered.connect(lambda: self.save_as())
        self.recent_menu.triggered.connect(self._recent_triggered)
        self.action_undo.triggered.connect(self.state.undo)
        self.action_redo.triggered.connect(self.state.redo)
        self.action_pin.triggered.connect(lambda: self.state.pin_baseline())
        self.action_unpin.triggered.connect(self.state.clear_baseline)
        self.action_compare.triggered.connect(self.show_compare)
        self._autosave_timer.timeout.connect(self._autosave)
        self.copy_menu.triggered.connect(lambda act: self.copy_report(act.data()))
        self.action_embodied.toggled.connect(self.set_show_embodied)
        self.action_measured.triggered.connect(lambda: self.import_measured())
        self._advice_timer.timeout.connect(self._settled)
        self.chart_tabs.currentChanged.connect(lambda k: k == 1 and self.show_sensitivity())
        self.region_tabs.currentChanged.connect(lambda k: k == 1 and self.show_map())
        self._map_timer.timeout.connect(lambda: self._show_map())
        # one click applies (undoable); Enter on the selected one, or the Apply button, for the keyboard
        self.advice_list.itemClicked.connect(lambda item: self.apply_suggestion(self.advice_list.row(item)))
        self.advice_apply.clicked.connect(lambda: self.apply_suggestion(self.advice_list.currentRow()))
        self.advice_list.applyRequested.connect(self.apply_suggestion)
        self.acc_picker.picked.connect(self._pick)
        self.name_edit.editingFinished.connect(lambda: self._edit("name", self.name_edit.text().strip()
                                                                  or "Untitled plan"))
        self.notes_edit.textChanged.connect(self._notes_timer.start)
        self._notes_timer.timeout.connect(lambda: self._edit("notes", self.notes_edit.toPlainText()))
        self.region_picker.picked.connect(self._pick)
        self.region_slider.valueChanged.connect(self._region_slider_moved)
        self.region_filter.currentIndexChanged.connect(
            lambda _: self.state.set_region_filter(self.region_filter.currentData()))
        self.chart_regions.regionClicked.connect(lambda rid: self._edit("site.region", rid))
        self.nas.toggled.connect(lambda on: self._edit("experiment.nas", on))
        self.fine_tune.toggled.connect(lambda on: self._edit("experiment.fine_tune", on))
        self.cfe_button.clicked.connect(lambda: self._edit(
            "site.market_matched_fraction", self.catalog.regions[self.state.plan.site.region].provider_cfe))
        self.nas_strubell.clicked.connect(lambda: self._edit("experiment.nas_multiplier", None))
        self.nas_proxy.clicked.connect(lambda: self._edit(
            "experiment.nas_multiplier", self.catalog.assumptions["nas_multiplier_proxy"].value))
        self.mode_hours.toggled.connect(lambda on: on and self._set_mode(derived=False))
        self.mode_derived.toggled.connect(lambda on: on and self._set_mode(derived=True))
        self.units_box.currentIndexChanged.connect(lambda _: self.set_unit(self.units_box.currentData()))
        self.unit_actions.triggered.connect(lambda act: self.set_unit(act.data()))
        self.log_box.toggled.connect(self.set_log_axis)
        self.action_log.toggled.connect(self.set_log_axis)
        self.presets_menu.triggered.connect(lambda act: self.load_preset(act.data()))
        self.action_quit.triggered.connect(self.close)
        self.action_export.triggered.connect(lambda: self.export_pdf())
        self.action_export_estimate.triggered.connect(lambda: self.export_table("estimate"))
        self.action_export_regions.triggered.connect(lambda: self.export_table("regions"))
        self.action_sources.triggered.connect(self.show_sources)
        self.action_about.triggered.connect(self.show_about)
        self.action_startup_messages.triggered.connect(self.show_startup_messages)

    # ------------------------------------------------------------ edits
    def _edit(self, path: str, value) -> None:
        try:
            self.state.set(path, value)
        except PlanError as exc:
            field = self.fields.get(exc.field) or self.fields.get(path)
            if field is not None:
                field.show_error(exc.message)
            else:
                self.statusBar().showMessage(str(exc), 8000)

    def _pick(self, path: str, item_id: str) -> None:
        if not item_id:  # typed text matching nothing: show the plan's choice again
            self.statusBar().showMessage(f"{path}: no match; choose from the list", 6000)
            self.refresh({path})
            return
        self._edit(path, item_id)

    def _region_slider_moved(self, pos: int) -> None:
        order = self.state.region_order()
        if 0 <= pos < len(order):
            self._edit("site.region", order[pos])

    def _set_mode(self, derived: bool) -> None:
        plan = self.state.plan
        if derived == (plan.run.hours is None):
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
                self._edit("run.hours", None)
        else:
            est = self.state.estimate
            hours = float(f"{est.inputs.hours_per_run:.4g}") if est else 1.0
            self._edit("run.hours", hours)

    def set_unit(self, unit: str) -> None:
        if unit not in MASS_CHOICES or unit == self.unit:
            return
        self.unit = unit
        self.refresh({"unit"})

    def set_log_axis(self, on: bool) -> None:
        if on == self.log_axis:
            return
        self.log_axis = on
        self.refresh({"log"})

    def set_show_embodied(self, on: bool) -> None:
        if on != self.show_embodied:
            self.show_embodied = on
            self.refresh({"embodied"})

    def load_preset(self, preset_id: str) -> None:
        from planner.core.plan import Plan

        preset = self.catalog.presets[preset_id]
        self.state.replace(Plan.from_dict(preset.plan, self.catalog))
        self.statusBar().showMessage(f"Preset: {preset.name} — {preset.source}", 10000)

    # ------------------------------------------------------------ display
    def _state_changed(self, state, changed: set) -> None:
        if "released" in changed:
            labels = list(dict.fromkeys(FIELD_RULES[path].label.lower().replace("price low", "prices")
                                        .replace("price high", "prices") for path, _, _ in state.released))
            preset = origin_name(state.released[0][2]).removeprefix("preset ")
            self.statusBar().showMessage(
                f"Released {', '.join(labels)} of preset {preset}: catalog values for the new choice apply "
                f"(Ctrl+Z undoes)", 12000)
        self.refresh(changed)

    # changes that alter nothing worth autosaving; the advice list also ignores them, except the unit it shows
    VIEW_ONLY = {"unit", "log", "startup", "baseline", "history", "region_filter", "document", "embodied"}
    ADVICE_IGNORES = VIEW_ONLY - {"unit"}

    def refresh(self, changed: set) -> None:
        plan = self.state.plan
        est = self.state.estimate
        self.setWindowTitle(f"{plan.name}[*] — Footprint Planner")
        self.setWindowModified(self.state.modified)
        self.action_undo.setEnabled(self.state.can_undo)
        self.action_redo.setEnabled(self.state.can_redo)
        self.action_unpin.setEnabled(self.state.baseline is not None)
        if changed - self.VIEW_ONLY:
            self._schedule_autosave()
        if changed - self.ADVICE_IGNORES:
            self._advice_timer.start()
            if not self._advice_stale:  # never show a ranking for another plan: grey it until it is redone
                self._advice_stale = True
                self.advice_list.setEnabled(False)
                self.advice_apply.setEnabled(False)
        self._water = None
        if est is not None and self.startup_finished:  # after the first paint: the water table is read then
            from planner.core.water import water

            self._water = water(est, self.catalog)
        self._show_plan(plan, est)
        error = self.state.error
        if error is not None:
            set_text_color(self.error_banner, error_color(self.palette()))
            self.error_banner.setText(f"Cannot estimate this plan — {error}")
            self.error_banner.show()
            field = self.fields.get(error.field)
            if field is not None:
                field.show_error(error.message)
            return
        self.error_banner.hide()
        self._show_results(est)

    def _show_plan(self, plan, est) -> None:
        if not self.name_edit.hasFocus() and self.name_edit.text() != plan.name:
            self.name_edit.setText(plan.name)
            self.name_edit.setCursorPosition(0)  # show the start of a long name
        if not self.notes_edit.hasFocus() and self.notes_edit.toPlainText() != plan.notes:
            with QSignalBlocker(self.notes_edit):
                self.notes_edit.setPlainText(plan.notes)
        i = est.inputs if est else None
        catalog_values = {
            "hardware.power_w": i.power_w if i else None,
            "hardware.host_power_w": i.host_power_w if i else 0.0,
            "hardware.utilization": self.catalog.assumptions["utilization"].value,
            "run.hours": i.hours_per_run if i else None,
            "experiment.nas_multiplier": self.catalog.assumptions["nas_multiplier"].value,
            "site.pue": i.pue if i else None,
            "site.carbon_intensity_g_per_kwh": self.catalog.regions[plan.site.region].carbon_intensity,
            "pricing.usd_per_accelerator_hour_low": i.price_low if i else None,
            "site.wue_l_per_kwh": self._water.wue if self._water else None,
            "site.offsite_water_l_per_kwh": self._water.offsite_l_per_kwh if self._water else None,
            "pricing.usd_per_accelerator_hour_high": i.price_high if i else None,
        }
        for path, field in self.fields.items():
            field.show_value(plan.get(path), catalog_values.get(path))
            field.show_origin(plan.provenance(path), plan.origin(path))
        self.acc_picker.show_id(plan.hardware.accelerator)
        acc = self.catalog.accelerators[plan.hardware.accelerator]
        reg = self.catalog.regions[plan.site.region]
        price = self.catalog.price_for(acc, reg)
        info = self._acc_info_text(acc, i)
        if self.acc_info.text() != info:
            self.acc_info.setText(info)
        self.acc_info.setToolTip(self._acc_tooltip(acc, price))
        self.region_picker.show_id(plan.site.region)
        pue = self.catalog.pue_for(reg)
        own = (f" · {reg.provider.upper()}'s own figure {fmt(reg.provider_intensity)} g (operational; "
               f"information only)" if reg.provider_intensity is not None else "")
        self.region_info.setText(f"{fmt(reg.carbon_intensity)} g CO2e/kWh ({reg.basis or 'as published'}, "
                                 f"{reg.year}){' · grid zone ' + reg.zone if reg.zone and reg.zone != reg.id else ''}"
                                 f" · default PUE {pue.pue:.2f}{own}")
        self.region_info.setToolTip(self._region_tooltip(reg))
        if self.cfe_button.isVisibleTo(self) != (reg.provider_cfe is not None):
            self.cfe_button.setVisible(reg.provider_cfe is not None)
        cfe_text = "" if reg.provider_cfe is None else f"Use {reg.provider.upper()} CFE {reg.provider_cfe:.0%}"
        if cfe_text and self.cfe_button.text() != cfe_text:  # only when the region changes: setText re-lays out
            self.cfe_button.setText(cfe_text)
            self.cfe_button.setToolTip(f"Set the market-matched share to the provider's published hourly "
                                       f"carbon-free energy share for this region.\n{reg.provider_source}")
        order = self.state.region_order()
        with QSignalBlocker(self.region_slider):
            self.region_slider.setRange(0, max(len(order) - 1, 0))
            self.region_slider.setValue(order.index(plan.site.region))
        with QSignalBlocker(self.region_filter):
            self.region_filter.setCurrentIndex(self.region_filter.findData(self.state.region_filter))
        with QSignalBlocker(self.nas), QSignalBlocker(self.fine_tune):
            self.nas.setChecked(plan.experiment.nas)
            self.fine_tune.setChecked(plan.experiment.fine_tune)
        self.fields["experiment.nas_multiplier"].setEnabled(plan.experiment.nas)
        derived = plan.run.hours is None
        with QSignalBlocker(self.mode_hours), QSignalBlocker(self.mode_derived):
            self.mode_hours.setChecked(not derived)
            self.mode_derived.setChecked(derived)
        if derived:
            self.mode_note.setText(
                "In use: hours derived from FLOPs ÷ (accelerators × peak FLOP/s × utilization)"
                + (f" = {fmt(i.hours_per_run)} h per run." if i else "."))
        else:
            self.mode_note.setText("In use: hours per run as given. Model size and tokens only report FLOPs.")
        for f in self.model_fields:
            f.label.setEnabled(derived or f.path != "hardware.utilization")
        self.fields["run.hours"].label.setEnabled(not derived)
        with QSignalBlocker(self.units_box):
            self.units_box.setCurrentIndex(self.units_box.findData(self.unit))
        for act in self.unit_actions.actions():
            with QSignalBlocker(act):
                act.setChecked(act.data() == self.unit)
        with QSignalBlocker(self.log_box), QSignalBlocker(self.action_log):
            self.log_box.setChecked(self.log_axis)
            self.action_log.setChecked(self.log_axis)

    def _show_results(self, est) -> None:
        u = resolve_mass_unit(self.unit, est.emissions_kg)  # one unit for every mass in view
        base = self.state.baseline_estimate

        def delta(value_of, unit_text):
            if base is None or value_of(est) is None or value_of(base) is None:
                return None
            return fmt_delta(value_of(est), value_of(base), unit_text)

        iv = self.interval(est, "emissions_kg")
        band = self._interval_text(iv, lambda lo, hi: f"{fmt_range(to_unit(lo, u), to_unit(hi, u))} {u}")
        if est.market_emissions_kg is not None:
            band += (f" · market-based {fmt_mass(est.market_emissions_kg, u)} "
                     f"({est.inputs.market_matched_fraction:.0%} matched)")
        if self.show_embodied:
            band += f" · +{fmt_mass(est.embodied_kg, u)} embodied"
        self.cards["emissions"].show(fmt_mass(est.emissions_kg, u), band,
                                     f"Operational CO2e, location-based: energy × grid intensity "
                                     f"({est.inputs.carbon_intensity_basis}). Market-based, when the plan states "
                                     "a matched share: the unmatched share at the same intensity. Embodied: the "
                                     "accelerators' manufacturing, by the share of their life this plan uses "
                                     "(not in the total).\n90%: the 5th to 95th percentile of a Monte Carlo over "
                                     "the uncertain inputs (Which assumption matters, Help → Sources); "
                                     f"the conservative bounds are {fmt_mass(est.emissions_range[0], u)} – "
                                     f"{fmt_mass(est.emissions_range[1], u)}.",
                                     delta(lambda e: to_unit(e.emissions_kg, u), u))
        iv = self.interval(est, "energy_kwh")
        self.cards["energy"].show(fmt_energy(est.energy_kwh),
                                  self._interval_text(iv, lambda lo, hi: f"{fmt_energy(lo)} – {fmt_energy(hi)}"),
                                  "Energy including datacenter overhead (PUE)", delta(lambda e: e.energy_kwh, "kWh"))
        cost = fmt_usd(est.cost_low, est.cost_high)
        if est.cost_low is None:
            cost_band = "give a price to see cost"
        elif " – " in cost:
            cost_band = est.inputs.price_basis
        else:  # one figure: say which price it is, not a range's two ends
            cost_band = (f"at {fmt_rate(est.inputs.price_high, est.inputs.price_high)}/h "
                         f"({est.inputs.price_basis.split(' to ')[-1]})")
        self.cards["cost"].show(cost, cost_band, est.inputs.price_source, delta(lambda e: e.cost_high, "$"))
        i = est.inputs
        self.cards["accelerator_hours"].show(
            fmt(est.accelerator_hours),
            self._interval_text(self.interval(est, "accelerator_hours"), fmt_range) if i.hours_derived
            else "exact: hours per run given",
            f"{fmt(i.hours_per_run)} h × {i.count:,} accelerators × {fmt(sum(i.runs.values()))} runs",
            delta(lambda e: e.accelerator_hours, "h"))
        w = self._water
        if w is None:
            self.cards["water"].show("…", "on site · off site", "Water: computed after the window opens")
        else:
            self.cards["water"].show(
                fmt_volume(w.total_l), f"on site {fmt_volume(w.onsite_l)} · off {fmt_volume(w.offsite_l)}",
                "Water consumed: on site, cooling (IT energy × WUE "
                f"{fmt(w.wue)} L/kWh: {w.wue_source}); off site, generating the electricity (energy × "
                f"{fmt(w.offsite_l_per_kwh)} L/kWh: {w.offsite_source}).\nRange {fmt_volume(w.low_l)} – "
                f"{fmt_volume(w.high_l)}. By phase: " + ", ".join(f"{PHASE_LABELS[p]} {fmt_volume(v)}"
                                                               for p, v in w.phases.items() if est.phases[p].runs > 0),
                None if base is None else fmt_delta(w.total_l, self._baseline_water(base), "L"))
        text, _, _ = best_equivalent(est, self.catalog)
        phases = ", ".join(f"{PHASE_LABELS[p]} {fmt_mass(r.emissions_kg, u)}" for p, r in est.phases.items()
                           if r.runs > 0)
        self.comparison.setText(f"<b>{escape(text)}</b>"
                                + ("" if w is None else f" &nbsp;·&nbsp; <b>{escape(water_equivalent(w.total_l))}</b> "
                                   "<span style='font-size:11px'>of water</span>"))
        self.comparison.setToolTip(f"By phase: {phases}\n" + "\n".join(f"{fmt(n)} × {b.name}"
                                                                     for b, n in est.equivalents(self.catalog)))
        base_kg = None if base is None else base.emissions_kg
        self.chart_benchmarks.update_chart(est.emissions_kg, u, self.log_axis, base_kg)
        self.chart_phases.update_chart(est, u, base_kg, self.show_embodied)
        self.chart_regions.update_chart(self.state.sweep, self.state.plan.site.region, u,
                                        None if base is None else (base.inputs.region.id, base.emissions_kg))
        self._show_map(est)

    @staticmethod
    def _acc_info_text(acc, inputs) -> str:
        """One line on the accelerator: the power and price the estimate uses (the cost card's), each once."""
        if acc.avg_power_w is not None:
            power = (f"{fmt(acc.avg_power_w)} W {'estimated mean' if acc.tdp_w is None else 'measured mean'}"
                     + (f" of TDP {fmt(acc.tdp_w)} W" if acc.tdp_w else ""))
        else:
            power = f"TDP {fmt(acc.tdp_w)} W"
        memory = f" · {fmt(acc.memory_gb)} GB" if acc.memory_gb else ""
        text = f"{power} · {fmt(acc.peak_flops / 1e12)} TFLOP/s {acc.flops_precision}, {acc.peak_basis}{memory}"
        if inputs is None:
            return text
        if inputs.price_low is None:
            return text + " · no price: give one under Pricing"
        return text + f" · {fmt_rate(inputs.price_low, inputs.price_high)}/h ({inputs.price_basis})"

    # ------------------------------------------------------------ tooltips, dialogs
    def _acc_tooltip(self, a, price=None) -> str:
        if price is None:  # no region in view (the picker's list): the general, provider-free row
            price = self.catalog.price_for(a, self.catalog.regions["world"])
        price_text = (f"{fmt_usd(price.low, price.high)} per hour ({price.describe()})"
                      if price is not None else "no price in the catalog")
        tdp = f"{fmt(a.tdp_w)} W" if a.tdp_w else "not published"
        user = " [your entry]" if a.user else ""
        return (f"{a.name}{user}\nTDP: {tdp}\nDefault power: {a.power_source}\n"
                f"Peak: {fmt(a.peak_flops / 1e12)} TFLOP/s {a.flops_precision}, {a.peak_basis}\n"
                f"Price: {price_text}\nSource: {a.source} ({a.year})")

    def _region_tooltip(self, r) -> str:
        pue = self.catalog.pue_for(r)
        user = " [your entry]" if r.user else ""
        own = (f"\nProvider's own figure (information, not ranked): {fmt(r.provider_intensity)} g CO2e/kWh, "
               f"CFE {r.provider_cfe:.0%} ({r.provider_source})" if r.provider_intensity is not None else "")
        return (f"{r.name}{user}\nGrid: {fmt(r.carbon_intensity)} g CO2e/kWh ({r.basis or 'as published'}, {r.year})"
                f"\nSource: {r.source}\nDefault PUE: {pue.pue:.2f} ({pue.source}){own}")

    def show_sources(self) -> None:
        from planner.core.summary import sources

        est = self.state.estimate
        if self._sources_dialog is None:
            dlg = QDialog(self)
            dlg.setObjectName("dialog.sources")
            dlg.setWindowTitle("Sources of these numbers")
            dlg.resize(720, 420)
            lay = QVBoxLayout(dlg)
            self._sources_text = QTextBrowser()
            self._sources_text.setObjectName("dialog.sources.text")
            lay.addWidget(self._sources_text)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(dlg.close)
            lay.addWidget(buttons)
            self._sources_dialog = dlg
        if est is None:
            html = "<p>This plan cannot be estimated yet.</p>"
        else:
            rows = "".join(f"<tr><td><b>{escape(w)}</b></td><td>{escape(v)}</td><td>{escape(s)}</td></tr>"
                           for w, v, s in sources(est, self.catalog))
            html = f"<table cellspacing='6'><tr><th>Input</th><th>Value</th><th>Source</th></tr>{rows}</table>"
        self._sources_text.setHtml(html)
        self._sources_dialog.show()
        self._sources_dialog.raise_()

    # ------------------------------------------------------------ decision support
    def _settled(self) -> None:
        """The plan has stopped changing: what is too slow for every slider tick."""
        self._update_uncertainty()
        self._update_advice()

    def _update_advice(self) -> None:
        from planner.core.advise import advise
        from planner.core.errors import PlanError

        self.advice_list.clear()
        try:
            self.suggestions = advise(self.state.plan, self.catalog) if self.state.estimate else []
        except PlanError:
            self.suggestions = []
        est = self.state.estimate
        u = resolve_mass_unit(self.unit, est.emissions_kg if est else 0.0)
        for s in self.suggestions:
            head = (f"−{fmt_mass(s.emissions_kg_saved, u)} ({fmt(s.percent_saved)}%)" if s.emissions_kg_saved > 0
                    else "same CO2e")
            cost = ("" if s.cost_usd_delta is None or abs(s.cost_usd_delta) < 0.5 else
                    f" · cost {fmt_signed(s.cost_usd_delta, '$')}")
            item = QListWidgetItem(f"{head}{cost}\n{s.change}")
            item.setToolTip(f"{s.change}\nCO2e after: {fmt_mass(s.emissions_kg_after, u)}\n"
                            f"Wall-clock: {fmt_signed(s.wall_clock_hours_delta, 'h')}\nSource: {s.source}")
            self.advice_list.addItem(item)
        self.advice_apply.setEnabled(bool(self.suggestions))
        self.advice_list.fit_items()
        self.advice_list.setEnabled(True)
        self._advice_stale = False
        if self.suggestions:
            self.advice_list.setCurrentRow(0)
        self._describe_charts()

    def _describe_charts(self) -> None:
        """Each chart's numbers as its accessible description (when the plan settles, not on every tick)."""
        for chart in (self.chart_benchmarks, self.chart_phases, self.chart_regions, self.chart_map):
            if chart is None:
                continue
            text = chart.describe()
            if chart.accessibleDescription() != text:
                chart.setAccessibleDescription(text)



    def apply_suggestion(self, row: int) -> None:
        if not self._advice_stale and 0 <= row < len(self.suggestions):
            s = self.suggestions[row]
            self.state.replace(s.plan)  # one undoable step
            self.statusBar().showMessage(f"Applied: {s.change} (Ctrl+Z to undo)", 8000)

    def copy_report(self, style: str) -> None:
        from planner.core.summary import reporting_text

        est = self.state.estimate
        if est is None:
            self.statusBar().showMessage("This plan cannot be estimated yet", 6000)
            return
        if style == "model-card":
            from planner.core.tables import model_card

            QApplication.clipboard().setText(model_card(est))
            self.statusBar().showMessage("Copied the model-card metadata (co2_eq_emissions, grams)", 6000)
            return
        QApplication.clipboard().setText(reporting_text(est, style, self.catalog))
        self.statusBar().showMessage(f"Copied the reporting paragraph ({style})", 6000)

    def export_table(self, which: str, path: str | None = None) -> bool:
        """Write the estimate by phase and part (``which`` = "estimate") or the region ranking in view
        ("regions") as CSV, or Excel where openpyxl is installed. Asks where unless ``path`` is given."""
        from planner.core.errors import PlannerError
        from planner.core.tables import estimate_frame, excel_available, regions_frame, write_table

        est = self.state.estimate
        if est is None:
            dialogs.warn(self, "Cannot export", f"This plan cannot be estimated yet:\n{self.state.error}")
            return False
        if path is None:
            from planner.ui.document import slug

            folder = Path(self.settings.last_folder or Path.home())
            start = str(folder / f"{slug(self.state.plan.name)}-{which}.csv")
            filters = "CSV files (*.csv)" + (";;Excel workbooks (*.xlsx)" if excel_available() else "")
            path, chosen = QFileDialog.getSaveFileName(self, "Export table", start, filters)
            if not path:
                return False
            if not path.lower().endswith((".csv", ".xlsx")):
                path += ".xlsx" if "xlsx" in chosen else ".csv"
        frame = estimate_frame(est, self.catalog) if which == "estimate" else regions_frame(self.state.sweep)
        try:
            write_table(frame, path)
        except PlannerError as exc:
            dialogs.warn(self, "Cannot export the table", str(exc))
            return False
        except OSError as exc:
            dialogs.warn(self, "Cannot export the table", f"Cannot write {path}: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Exported {path}", 8000)
        return True

    # ------------------------------------------------------------ PDF export
    def export_pdf(self, path: str | None = None) -> None:
        """Ask where (unless ``path`` is given), then write the PDF on a worker thread."""
        if self._export_job is not None:
            self.statusBar().showMessage("An export is already running…", 4000)
            return
        if self.state.estimate is None:
            dialogs.warn(self, "Cannot export", f"This plan cannot be estimated yet:\n{self.state.error}")
            return
        if path is None:
            from pathlib import Path

            from planner.ui.document import slug

            stem = slug(self.state.plan.name)
            start = str(Path(self.last_export).parent / f"{stem}.pdf") if self.last_export else str(
                Path.home() / f"{stem}.pdf")
            path, _ = QFileDialog.getSaveFileName(self, "Export PDF summary", start, "PDF files (*.pdf)")
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from planner.ui.report import ReportData

        job = ExportJob(ReportData.from_state(self.state, self.unit), path, self)
        job.done.connect(self._export_done)
        self._export_job = job
        self.action_export.setEnabled(False)
        self.statusBar().showMessage(f"Exporting {path}…")
        job.start()

    def _export_done(self, path: str, error: str) -> None:
        job, self._export_job = self._export_job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self.action_export.setEnabled(True)
        if error:
            self.statusBar().showMessage("Export failed", 8000)
            dialogs.critical(self, "Export failed", error)
        else:
            self.last_export = path
            self.statusBar().showMessage(f"Exported {path}", 8000)

    def closeEvent(self, event):  # noqa: N802 (Qt naming)
        if self._export_job is not None:  # let a running export finish: no half-written file, no stray thread
            self._export_job.wait()
        if not self.maybe_save():
            event.ignore()
            return
        self._autosave_timer.stop()
        self.save_settings()
        self.autosave.release()  # closed on purpose: nothing to recover
        super().closeEvent(event)

    def add_startup_messages(self, messages) -> None:
        """Keep every start-up warning: all in the status bar (first, with a count) and in Help → Start-up
        messages, none replacing another."""
        new = [m for m in messages if m]
        if not new:
            return
        self.startup_messages.extend(new)
        n = len(self.startup_messages)
        more = f"  (+{n - 1} more: Help → Start-up messages)" if n > 1 else ""
        self.statusBar().showMessage(self.startup_messages[0] + more, 30000)
        self.statusBar().setToolTip("\n".join(self.startup_messages))
        self.action_startup_messages.setEnabled(True)

    def show_startup_messages(self) -> None:
        text = "\n\n".join(self.startup_messages) or "No problems were found at start-up."
        dialogs.run_box(dialogs.message_box(self, dialogs.QMessageBox.Icon.Information, "Start-up messages", text))

    def show_about(self) -> None:
        QMessageBox.about(self, "About Footprint Planner",
                          f"<b>Footprint Planner {__version__}</b><p>Plan the energy, carbon and cost of "
                          "training machine-learning models before requesting the compute.</p>"
                          "<p>Methods after Strubell et al. (2019) and Patterson et al. (2021); every "
                          "reference number names its source (Help → Sources).</p>")
