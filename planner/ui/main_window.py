"""The main window: it only composes its panels, its menus (from ``planner.ui.actions``) and its status bar.

The plan and its results live in the core (``PlanState``, ``Results``); the panels bind to them through one
hub (``planner.ui.hub``): the editor (``panels.editor``) on the left; on the right the result cards
(``panels.results``) over the charts (``panels.charts``) with the advice (``panels.advice``) beside the
regions. Document handling (``Documents``), exports (``Exporter``) and the heavy results computed when the plan
settles (``Insights``) are objects of their own. See docs/architecture.md.
"""

from __future__ import annotations

import base64

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMessageBox, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from planner import __version__
from planner.core.present import baseline_note, released_note
from planner.core.state import PlanState
from planner.ui import dialogs
from planner.ui.actions import WindowKeys, build_menus
from planner.ui.cards import MIN_WIDTH, min_size
from planner.ui.document import Documents, document_name
from planner.ui.export import Exporter
from planner.ui.hub import VIEW_ONLY, Hub
from planner.ui.insights import Insights
from planner.ui.panels.advice import AdvicePanel
from planner.ui.panels.charts import ChartsPanel
from planner.ui.panels.editor import EditorPanel
from planner.ui.panels.results import ResultsPanel
from planner.ui.widgets import plain_tip

STARTUP_FALLBACK_MS = 400  # the deferred start-up work runs at the latest this long after construction


def default_state() -> tuple[PlanState, list[str]]:
    """The default plan on the built-in catalog plus the user's own entries (and any problems with them)."""
    from planner.core.catalog import default_catalog
    from planner.core.settings import data_dir
    from planner.core.userdata import catalog_with_user_data

    catalog, problems = catalog_with_user_data(default_catalog(), data_dir())
    return PlanState(catalog=catalog), problems


class MainWindow(QMainWindow):
    def __init__(self, state: PlanState | None = None, settings=None, parent=None):
        super().__init__(parent)
        from planner.core.settings import Settings

        self.user_data_problems: list[str] = []
        if state is None:
            state, self.user_data_problems = default_state()
        self.state = state
        self.catalog = state.catalog
        self.settings_warning = None
        if settings is None:
            settings, self.settings_warning = Settings.load()
        self.settings = settings
        self.startup_messages: list[str] = []
        self._sources = None
        self._preset_message = None  # the status line that says which preset was loaded, while it is true
        self.setObjectName("MainWindow")
        self.resize(1280, 800)
        self.setMinimumSize(*min_size(self.font().pointSizeF(), self.screen()))
        self.hub = hub = Hub(state, self)
        self._apply_view_settings()

        self.insights = Insights(hub, self)
        self.editor = EditorPanel(hub)
        self.results = ResultsPanel(hub, self.insights.interval)
        self.advice = AdvicePanel(hub)
        self.charts = ChartsPanel(hub, aside=self.advice)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(6, 8, 8, 8)
        col.setSpacing(6)
        col.addWidget(self.results)
        col.addWidget(self.charts, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.editor)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        grow = self.minimumWidth() / MIN_WIDTH  # a larger font: the editor's share grows with the window
        splitter.setSizes([round(460 * grow), round(820 * grow)])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.setAcceptDrops(True)

        self.menu_actions = build_menus(self, self.menuBar())
        self.keys = WindowKeys(self.menu_actions.values(), self)  # window shortcuts from any field
        self.keys.watch([*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)])
        self.documents = Documents(hub, settings, self, self.menu_actions["file.recent"], self.add_startup_messages,
                                   self.save_settings)
        self.exporter = Exporter(hub, settings, self)
        self.menu_actions["help.startup_messages"].setEnabled(False)
        self._sync_view_actions()
        self._restore_geometry()

        hub.planChanged.connect(self._plan_changed)
        hub.viewChanged.connect(lambda _: self._sync_view_actions())
        hub.status.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.exporter.busy.connect(lambda busy: self.menu_actions["file.export_pdf"].setEnabled(not busy))
        self._plan_changed({"*"})
        self.add_startup_messages([self.settings_warning, *self.user_data_problems])
        # after the first paint of the charts (or soon anyway, if the window is never shown); the window as the
        # timers' context: never after it is gone
        self.charts.benchmarks.firstPainted.connect(lambda: QTimer.singleShot(0, self, self._finish_startup))
        QTimer.singleShot(STARTUP_FALLBACK_MS, self, self._finish_startup)

    @property
    def startup_finished(self) -> bool:
        return self.hub.is_started

    def _finish_startup(self) -> None:
        """What the first paint does not need: the presets menu, the full region list, keys and labels, water."""
        if self.hub.is_started:
            return
        menu = self.menu_actions["presets"]
        for p in self.catalog.presets.values():
            act = QAction(p.name, self)
            act.setObjectName(f"preset.{p.id}")
            act.setData(p.id)
            act.setToolTip(plain_tip(p.source))
            act.setStatusTip(p.source)
            act.triggered.connect(lambda _=False, pid=p.id: self.load_preset(pid))
            menu.addAction(act)
        self.hub.start()
        if self.settings.region_view in ("map", "when"):  # ("chart": the ranked regions, shown already)
            self.charts.show_chart(self.settings.region_view)

    # ------------------------------------------------------------ what the window itself shows
    def _plan_changed(self, changed: set) -> None:
        state = self.state
        # the plan's name, then the file it is saved to (or "untitled"), then the unsaved mark: "[*]" is Qt's
        # place for it; doubled, it is shown as written (a plan named "v2 [*]")
        title = f"{state.plan.name.replace('[*]', '[*][*]')} — {document_name(state.path)}[*] — Footprint Planner"
        if self.windowTitle() != title:
            self.setWindowTitle(title)
            self.setWindowFilePath(state.path or "")
        self.setWindowModified(state.modified)
        self.menu_actions["edit.undo"].setEnabled(state.can_undo)
        self.menu_actions["edit.redo"].setEnabled(state.can_redo)
        self.menu_actions["compare.clear"].setEnabled(state.baseline is not None)
        if "released" in changed and state.released:
            self.statusBar().showMessage(released_note(state.released), 12000)
        elif changed - VIEW_ONLY - {"*"} and self.statusBar().currentMessage() == self._preset_message:
            self.statusBar().clearMessage()  # "inputs as published" is no longer true once the plan is edited

    def _sync_view_actions(self) -> None:
        hub = self.hub
        for unit in ("auto", "kg", "t", "lb"):
            self.menu_actions[f"view.units.{unit}"].setChecked(unit == hub.unit)
        for name, on in (("view.log_axis", hub.log_axis), ("view.embodied", hub.show_embodied)):
            act = self.menu_actions[name]
            if act.isChecked() != on:
                act.blockSignals(True)
                act.setChecked(on)
                act.blockSignals(False)

    # ------------------------------------------------------------ the plan as a document
    def open_plan(self, path: str | None = None) -> bool:
        return self.documents.open_plan(path)

    def load_preset(self, preset_id: str) -> None:
        """A preset opens as a new, untitled document (the open file is never saved over)."""
        preset = self.catalog.presets[preset_id]
        if not self.documents.new_plan(preset_id):
            return
        self._preset_message = f"Preset: {preset.name} — {preset.source}.{baseline_note(self.state.baseline)}"
        self.statusBar().showMessage(self._preset_message, 12000)

    def dragEnterEvent(self, event):  # noqa: N802 (Qt naming)
        if any(u.isLocalFile() and u.toLocalFile().lower().endswith(".json") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 (Qt naming)
        for u in event.mimeData().urls():
            if u.isLocalFile() and u.toLocalFile().lower().endswith(".json"):
                event.acceptProposedAction()
                self.open_plan(u.toLocalFile())
                return

    def closeEvent(self, event):  # noqa: N802 (Qt naming)
        self.exporter.wait()  # let a running export finish: no half-written file, no stray thread
        if not self.documents.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.documents.close()
        self.hub.detach()
        super().closeEvent(event)

    # ------------------------------------------------------------ settings
    def _apply_view_settings(self) -> None:
        s, hub = self.settings, self.hub
        hub.unit, hub.log_axis = s.units, s.log_axis
        try:
            self.state.set_region_filter(s.region_filter)
        except ValueError:
            pass

    def _restore_geometry(self) -> None:
        if self.settings.geometry:
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(self.settings.geometry)))
            except (ValueError, TypeError):
                pass

    def save_settings(self) -> None:
        s = self.settings
        s.units, s.log_axis, s.region_filter = self.hub.unit, self.hub.log_axis, self.state.region_filter
        view = self.charts.current("regions")
        s.region_view = "chart" if view == "regions" else view
        s.geometry = base64.b64encode(bytes(self.saveGeometry())).decode("ascii")
        try:
            s.save()
        except OSError as exc:
            self.statusBar().showMessage(f"Cannot save settings: {exc}", 8000)

    # ------------------------------------------------------------ messages and help
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
        self.statusBar().setToolTip(plain_tip("\n".join(self.startup_messages)))
        self.menu_actions["help.startup_messages"].setEnabled(True)

    def show_startup_messages(self) -> None:
        text = "\n\n".join(self.startup_messages) or "No problems were found at start-up."
        dialogs.run_box(dialogs.message_box(self, dialogs.QMessageBox.Icon.Information, "Start-up messages", text))

    def show_sources(self):
        from planner.ui.sources import SourcesDialog

        if self._sources is None:
            self._sources = SourcesDialog(self.state, self)
        self._sources.present()
        return self._sources

    def show_about(self) -> None:
        QMessageBox.about(self, "About Footprint Planner",
                          f"<b>Footprint Planner {__version__}</b><p>Plan the energy, carbon and cost of "
                          "training machine-learning models before requesting the compute.</p>"
                          "<p>Methods after Strubell et al. (2019) and Patterson et al. (2021); every "
                          "reference number names its source (Help → Sources).</p>")
