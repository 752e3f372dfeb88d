"""The plan as a document: new, open, save, recent files, drop, autosave, settings, comparing.

A mixin for MainWindow; the window's ``_connect`` wires its actions.
"""

from __future__ import annotations

import base64
import os
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from planner.core.errors import PlannerError
from planner.core.fileio import describe_os_error, is_read_only, resolve_target
from planner.core.plan import Plan, load_plan, save_plan
from planner.core.settings import MAX_RECENT, find_recoverable
from planner.ui import dialogs
from planner.ui.dialogs import Button
from planner.core.summary import compare_rows

PLAN_FILTER = "Footprint plans (*.plan.json *.json);;All files (*)"


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "plan"


class DocumentMixin:
    # -- asking
    def maybe_save(self) -> bool:
        """True if it is fine to drop the current plan (saved, discarded, or not modified)."""
        if not self.state.modified:
            return True
        answer = dialogs.ask(self, "Unsaved changes", f"Save the changes to “{self.state.plan.name}”?",
                             Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    # -- file actions
    def new_plan(self) -> None:
        if not self.maybe_save():
            return
        self.state.open_document(Plan.from_dict(self.catalog.presets["default"].plan, self.catalog))
        self.autosave.clear()

    def open_plan(self, path: str | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Open plan", self.settings.last_folder or str(Path.home()),
                                                  PLAN_FILTER)
            if not path:
                return False
        try:
            plan = load_plan(path, self.catalog)
        except PlannerError as exc:  # the current plan stays untouched
            dialogs.warn(self, "Cannot open plan", f"{exc}\n\nThe plan that was open is unchanged.")
            return False
        self.state.open_document(plan, str(path))
        self._remember(str(path))
        self.autosave.clear()
        self.statusBar().showMessage(f"Opened {path}", 6000)
        return True

    def save(self) -> bool:
        if self.state.path is None:
            return self.save_as()
        return self._write(self.state.path)

    def save_as(self) -> bool:
        start = self.state.path or str(Path(self.settings.last_folder or Path.home())
                                       / f"{slug(self.state.plan.name)}.plan.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save plan as", start, PLAN_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".plan.json"
        return self._write(path)

    def _write(self, path: str) -> bool:
        if is_read_only(resolve_target(path)):
            answer = dialogs.ask(self, "Replace read-only file?",
                                 f"{path} is read-only. Replace it with this plan anyway?",
                                 Button.Yes | Button.Cancel, Button.Cancel)
            if answer != Button.Yes:
                return False
        try:
            save_plan(self.state.plan, path)
        except OSError as exc:
            dialogs.critical(self, "Cannot save", f"Cannot save {path}: {describe_os_error(exc)}\n\n"
                                                  "Your plan is still open; try another folder.")
            return False
        self.state.mark_saved(path)
        self._remember(path)
        self.autosave.clear()
        self.statusBar().showMessage(f"Saved {path}", 6000)
        return True

    def _remember(self, path: str) -> None:
        self.settings.add_recent(path)
        self._rebuild_recent_menu()
        self.save_settings()

    def _rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        existing = [p for p in self.settings.recent_files[:MAX_RECENT] if os.path.exists(p)]
        for k, p in enumerate(existing):
            act = QAction(f"&{k + 1} {Path(p).name}" if k < 9 else Path(p).name, self)
            act.setData(p)
            act.setToolTip(p)
            act.setObjectName(f"file.recent.{k}")
            menu.addAction(act)
        if existing:
            menu.addSeparator()
        clear = menu.addAction("Clear recent files")
        clear.setObjectName("file.recent.clear")
        clear.setEnabled(bool(existing))
        clear.setData("")
        menu.setEnabled(True)

    def _recent_triggered(self, action: QAction) -> None:
        path = action.data()
        if path:
            self.open_plan(path)
        else:
            self.settings.recent_files = []
            self._rebuild_recent_menu()
            self.save_settings()

    # -- drag and drop of plan files
    def dragEnterEvent(self, event):  # noqa: N802 (Qt naming)
        if any(u.isLocalFile() and u.toLocalFile().lower().endswith(".json") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 (Qt naming)
        for u in event.mimeData().urls():
            if u.isLocalFile() and u.toLocalFile().lower().endswith(".json"):
                event.acceptProposedAction()
                self.open_plan(u.toLocalFile())
                return

    # -- autosave and recovery
    def _schedule_autosave(self) -> None:
        self._autosave_timer.start()

    def _autosave(self) -> None:
        try:
            if self.state.modified:
                self.autosave.write(self.state.plan, self.state.path)
            else:
                self.autosave.clear()
        except OSError as exc:
            self.statusBar().showMessage(f"Autosave failed: {describe_os_error(exc)}", 8000)

    def offer_recovery(self) -> bool:
        """After a crash: offer back the newest autosave no live window owns. True if it was restored.

        Autosaves of other open windows are never offered or touched; one that cannot be read is moved
        aside and named in the status bar. Others left over are offered at the next start.
        """
        found, warnings = find_recoverable(self.catalog)
        self.add_startup_messages(warnings)
        if not found:
            return False
        rec, rest = found[0], found[1:]
        for other in rest:
            other.let_go()
        when = datetime.fromtimestamp(rec.saved_at).strftime("%Y-%m-%d %H:%M") if rec.saved_at else "earlier"
        where = f" (from {rec.document})" if rec.document else ""
        answer = dialogs.ask(self, "Recover unsaved work?",
                             f"Footprint Planner closed with unsaved changes to “{rec.plan.name}”{where}, "
                             f"autosaved {when}. Restore them?", Button.Yes | Button.No, Button.Yes)
        if answer != Button.Yes:
            rec.discard()
            return False
        self.state.open_document(rec.plan, rec.document, modified=True)
        self._autosave()  # this window's own autosave holds it now, before the old one goes
        rec.discard()
        more = f" {len(rest)} more autosaved plan(s) will be offered at the next start." if rest else ""
        self.statusBar().showMessage(f"Restored the autosaved plan; save it to keep it.{more}", 10000)
        return True

    # -- settings
    def apply_settings(self) -> None:
        s = self.settings
        self.unit = s.units
        self.log_axis = s.log_axis
        try:
            self.state.set_region_filter(s.region_filter)
        except ValueError:
            pass
        if s.geometry:
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(s.geometry)))
            except (ValueError, TypeError):
                pass
        self._rebuild_recent_menu()

    def save_settings(self) -> None:
        s = self.settings
        s.units, s.log_axis, s.region_filter = self.unit, self.log_axis, self.state.region_filter
        s.region_view = "map" if self.region_tabs.currentIndex() == 1 else "chart"
        s.geometry = base64.b64encode(bytes(self.saveGeometry())).decode("ascii")
        try:
            s.save()
        except OSError as exc:
            self.statusBar().showMessage(f"Cannot save settings: {exc}", 8000)

    # -- measured runs
    def import_measured(self, path: str | None = None):
        """Read a CodeCarbon emissions.csv (whole, or not at all) and show it beside the plan."""
        from planner.core.measured import read_codecarbon

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import measured runs (CodeCarbon emissions.csv)",
                                                  self.settings.last_folder or str(Path.home()),
                                                  "CodeCarbon emissions (*.csv);;All files (*)")
            if not path:
                return None
        try:
            runs = read_codecarbon(path)
        except PlannerError as exc:
            dialogs.warn(self, "Cannot import measured runs", f"{exc}\n\nNothing was imported.")
            return None
        if self.state.estimate is None:
            dialogs.warn(self, "Cannot compare", f"This plan cannot be estimated yet:\n{self.state.error}")
            return None
        dlg = MeasuredDialog(self, path, runs)
        dlg.show()
        return dlg

    # -- comparing scenarios
    def show_compare(self) -> "CompareDialog":
        dlg = CompareDialog(self)
        dlg.show()
        return dlg


class CompareDialog(QDialog):
    """Several plans side by side: the current one, the baseline, and any plan files added."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("dialog.compare")
        self.setWindowTitle("Compare plans")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 420)
        self.window_ = window
        self.extra: list[tuple[str, Plan]] = []
        self.table = QTableWidget()
        self.table.setObjectName("dialog.compare.table")
        self.table.setAccessibleName("Plans compared")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        add = QPushButton("Add plan files…")
        add.setObjectName("dialog.compare.add")
        add.clicked.connect(lambda: self.add_files())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        row.addWidget(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(row)
        window.state.subscribe(self._changed)
        self.fill()

    def _changed(self, state, changed) -> None:
        self.fill()

    def closeEvent(self, event):  # noqa: N802 (Qt naming)
        self.window_.state.unsubscribe(self._changed)
        super().closeEvent(event)

    def plans(self) -> list[tuple[str, Plan]]:
        st = self.window_.state
        out = [(f"Current: {st.plan.name}", st.plan)]
        if st.baseline is not None:
            out.append((f"Baseline: {st.baseline.name}", st.baseline))
        return out + self.extra

    def add_files(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Add plans to compare",
                                                    self.window_.settings.last_folder or str(Path.home()), PLAN_FILTER)
        problems = []
        for p in paths:
            try:
                self.extra.append((Path(p).name, load_plan(p, self.window_.catalog)))
            except PlannerError as exc:
                problems.append(str(exc))
        if problems:
            dialogs.warn(self, "Some plans could not be added", "\n".join(problems))
        self.fill()

    def fill(self) -> None:
        plans = self.plans()
        reference = 1 if self.window_.state.baseline is not None else 0  # Δ = plan − baseline, as on the cards
        header, rows = compare_rows([p for _, p in plans], self.window_.catalog, self.window_.unit, reference)
        self.table.setColumnCount(len(plans))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([name for name, _ in plans])
        self.table.setVerticalHeaderLabels([label for label, _ in rows])
        for r, (_, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()


class MeasuredDialog(QDialog):
    """Measured runs (CodeCarbon) beside the plan's per-run estimate; calibrate the plan from one."""

    def __init__(self, window, path: str, runs):
        super().__init__(window)
        self.setObjectName("dialog.measured")
        self.setWindowTitle(f"Measured runs: {Path(path).name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(860, 360)
        self.window_, self.runs = window, runs
        self.table = QTableWidget()
        self.table.setObjectName("dialog.measured.table")
        self.table.setAccessibleName("Measured runs against the plan")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.calibrate_button = QPushButton("Calibrate the plan from the selected run")
        self.calibrate_button.setObjectName("dialog.measured.calibrate")
        self.calibrate_button.setToolTip("Set hours per run and power per accelerator from the measurement "
                                         "(undoable)")
        self.calibrate_button.clicked.connect(lambda: self.calibrate(max(self.table.currentRow(), 0)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.calibrate_button)
        row.addStretch(1)
        row.addWidget(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(row)
        self.fill()

    def fill(self) -> None:
        from planner.core.measured import compare
        from planner.core.units import fmt

        rows = compare(self.window_.state.plan, self.runs, self.window_.catalog)
        headers = ["Run", "Where", "Hours", "kWh", "kg CO2e", "Plan: h / kWh / kg per run", "Measured ÷ plan (kWh)",
                   "Measured ÷ plan (kg)"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            cells = [c.run.label, c.run.where, fmt(c.run.hours), fmt(c.run.energy_kwh), fmt(c.run.emissions_kg),
                     f"{fmt(c.planned_hours)} / {fmt(c.planned_energy_kwh)} / {fmt(c.planned_emissions_kg)}",
                     *("n/a" if x is None else f"{fmt(x)}×" for x in (c.energy_ratio, c.emissions_ratio))]
            for k, text in enumerate(cells):
                self.table.setItem(r, k, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.selectRow(0)

    def calibrate(self, row: int) -> None:
        from planner.core.measured import calibrate

        from planner.core.errors import PlanError

        if 0 <= row < len(self.runs):
            try:
                calibrated = calibrate(self.window_.state.plan, self.runs[row])
            except PlanError as exc:
                dialogs.warn(self, "Cannot calibrate", f"Run {self.runs[row].label} would set {exc}\n\n"
                                                       "The plan is unchanged.")
                return
            self.window_.state.replace(calibrated)
            self.window_.statusBar().showMessage(
                f"Calibrated hours and power from measured run {self.runs[row].label} (Ctrl+Z to undo)", 8000)
            self.fill()
