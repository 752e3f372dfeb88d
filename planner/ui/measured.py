"""Measured runs (CodeCarbon's emissions.csv) beside the plan's per-run estimate; calibrate the plan from one, or take
one as a pilot that narrows the plan's utilization, power and intervals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from planner.ui import dialogs


class MeasuredDialog(QDialog):
    """Measured runs (CodeCarbon) beside the plan's per-run estimate; calibrate the plan from one."""

    def __init__(self, hub, path: str, runs, parent=None):
        super().__init__(parent)
        self.setObjectName("dialog.measured")
        self.setWindowTitle(f"Measured runs: {Path(path).name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(860, 360)
        self.hub, self.state, self.runs = hub, hub.state, runs
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
        self.narrow_button = QPushButton("Narrow: the selected run as a pilot…")
        self.narrow_button.setObjectName("dialog.measured.narrow")
        self.narrow_button.setToolTip("A short run of the same setup: its hours and power narrow the utilization and "
                                      "power the plan estimates, and every interval (asks the share of a run it "
                                      "covered; undoable)")
        self.narrow_button.clicked.connect(lambda: self.narrow(max(self.table.currentRow(), 0)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.calibrate_button)
        row.addWidget(self.narrow_button)
        row.addStretch(1)
        row.addWidget(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(row)
        self.fill()

    def fill(self) -> None:
        from planner.core.measured import compare
        from planner.core.units import fmt

        rows = compare(self.state.plan, self.runs, self.state.catalog)
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
        from planner.core.errors import PlanError
        from planner.core.measured import calibrate

        if 0 <= row < len(self.runs):
            try:
                calibrated = calibrate(self.state.plan, self.runs[row])
            except PlanError as exc:
                dialogs.warn(self, "Cannot calibrate", f"Run {self.runs[row].label} would set {exc}\n\n"
                                                       "The plan is unchanged.")
                return
            self.state.replace(calibrated)
            self.hub.say(f"Calibrated hours and power from measured run {self.runs[row].label} (Ctrl+Z to undo)",
                         8000)
            self.fill()

    def narrow(self, row: int, share: float | None = None) -> None:
        """Take a run as a pilot of the plan (``planner.core.measured.narrow``); ``share``: the share of a run it
        covered (asked when not given)."""
        from planner.core.errors import PlanError
        from planner.core.measured import narrow
        from planner.core.present import narrowing_lines
        from planner.core.results import results_for

        if not 0 <= row < len(self.runs):
            return
        run = self.runs[row]
        if share is None:
            share = dialogs.ask_share(self, "Narrow with a pilot run",
                                      f"Run {run.label} covered what share of one full run (%)? Its tokens or "
                                      "steps ÷ a run's.", self.state.plan.pilot.share or 0.01)
            if share is None:
                return
        try:
            narrowed = narrow(self.state.plan, run, share)
        except PlanError as exc:
            dialogs.warn(self, "Cannot narrow", f"Run {run.label} would set {exc}\n\nThe plan is unchanged.")
            return
        before = results_for(self.state.plan, self.state.catalog)
        self.state.replace(narrowed)
        lines = narrowing_lines(before, results_for(narrowed, self.state.catalog), self.hub.unit)
        self.hub.say(f"{lines[-1].strip()} (Ctrl+Z to undo)", 12000)
        self.fill()
