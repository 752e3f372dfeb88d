"""What leaves the window: the PDF summary (written on a worker thread), tables (CSV or Excel) and the
reporting paragraph on the clipboard. Each reads the plan's results (``planner.core.results``): nothing the
window computed is computed again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QFileDialog

from planner.ui import dialogs
from planner.ui.document import slug


class ExportJob(QThread):
    """Writes the PDF off the GUI thread from an immutable snapshot of the plan and its results."""

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


class Exporter(QObject):
    busy = Signal(bool)  # a PDF is being written (File → Export PDF is off meanwhile)

    def __init__(self, hub, settings, parent):
        super().__init__(parent)
        self.hub, self.state, self.settings, self.parent_ = hub, hub.state, settings, parent
        self.job: ExportJob | None = None
        self.last_export: str | None = None

    def _cannot(self) -> bool:
        if self.state.estimate is None:
            from planner.core.present import error_text

            dialogs.warn(self.parent_, "Cannot export",
                         f"This plan cannot be estimated yet:\n{error_text(self.state.error)}")
            return True
        return False

    def _may_replace(self, path: str) -> bool:
        """A read-only file is replaced only when the user says so (as Save asks; the command line refuses)."""
        from planner.core.fileio import is_read_only, resolve_target

        if not is_read_only(resolve_target(path)):
            return True
        answer = dialogs.ask(self.parent_, "Replace read-only file?", f"{path} is read-only. Replace it anyway?",
                             dialogs.Button.Yes | dialogs.Button.Cancel, dialogs.Button.Cancel)
        return answer == dialogs.Button.Yes

    # -- PDF
    def export_pdf(self, path: str | None = None) -> None:
        """Ask where (unless ``path`` is given), then write the PDF on a worker thread."""
        if self.job is not None:
            self.hub.say("An export is already running…", 4000)
            return
        if self._cannot():
            return
        if path is None:
            stem = slug(self.state.plan.name)
            start = str(Path(self.last_export).parent / f"{stem}.pdf") if self.last_export else str(
                Path.home() / f"{stem}.pdf")
            path, _ = QFileDialog.getSaveFileName(self.parent_, "Export PDF summary", start, "PDF files (*.pdf)")
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if not self._may_replace(path):
            return
        from planner.ui.report import ReportData

        data = ReportData.from_state(self.state, self.hub.unit, embodied=self.hub.show_embodied)
        job = ExportJob(data, path, self)
        job.done.connect(self._done)
        self.job = job
        self.busy.emit(True)
        self.hub.say(f"Exporting {path}…", 0)
        job.start()

    def _done(self, path: str, error: str) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self.busy.emit(False)
        if error:
            self.hub.say("Export failed", 8000)
            dialogs.critical(self.parent_, "Export failed", error)
        else:
            self.last_export = path
            self.hub.say(f"Exported {path}", 8000)

    def wait(self) -> None:
        """Let a running export finish: no half-written file, no stray thread (the window closes)."""
        if self.job is not None:
            self.job.wait()

    # -- tables
    def export_table(self, which: str, path: str | None = None) -> bool:
        """Write the estimate by phase and part (``which`` = "estimate") or the region ranking in view
        ("regions") as CSV, or Excel where openpyxl is installed. Asks where unless ``path`` is given."""
        from planner.core.errors import PlannerError
        from planner.core.tables import estimate_frame, excel_available, regions_frame, write_table

        if self._cannot():
            return False
        if path is None:
            folder = Path(self.settings.last_folder or Path.home())
            start = str(folder / f"{slug(self.state.plan.name)}-{which}.csv")
            filters = "CSV files (*.csv)" + (";;Excel workbooks (*.xlsx)" if excel_available() else "")
            path, chosen = QFileDialog.getSaveFileName(self.parent_, "Export table", start, filters)
            if not path:
                return False
            if not path.lower().endswith((".csv", ".xlsx")):
                path += ".xlsx" if "xlsx" in chosen else ".csv"
        if not self._may_replace(path):
            return False
        results = self.state.results
        frame = estimate_frame(results) if which == "estimate" else regions_frame(self.state.sweep)
        try:
            write_table(frame, path)
        except PlannerError as exc:
            dialogs.warn(self.parent_, "Cannot export the table", str(exc))
            return False
        except OSError as exc:
            dialogs.warn(self.parent_, "Cannot export the table", f"Cannot write {path}: {exc.strerror or exc}")
            return False
        self.hub.say(f"Exported {path}", 8000)
        return True

    # -- every text format the command line writes
    def export_text(self, key: str, path: str | None = None) -> bool:
        """Write the plan in a format of ``planner.core.exports`` (the EU AI Act's Markdown, the model-card
        metadata, JSON, …), as ``planner estimate --format KEY`` prints it. Asks where unless ``path`` is given."""
        from planner.core.exports import FORMATS
        from planner.core.fileio import atomic_write_text, describe_os_error

        if self._cannot():
            return False
        fmt = FORMATS[key]
        if path is None:
            folder = Path(self.settings.last_folder or Path.home())
            start = str(folder / f"{slug(self.state.plan.name)}{fmt.suffix}")
            path, _ = QFileDialog.getSaveFileName(self.parent_, f"Export {fmt.kind.lower()[:-1]}", start,
                                                  fmt.file_filter)
            if not path:
                return False
            if not path.lower().endswith(fmt.suffix):
                path += fmt.suffix
        if not self._may_replace(path):
            return False
        try:
            atomic_write_text(path, fmt.render(self.state.results))
        except OSError as exc:
            dialogs.warn(self.parent_, "Cannot export", f"Cannot write {path}: {describe_os_error(exc)}")
            return False
        self.hub.say(f"Exported {path}", 8000)
        return True

    # -- the clipboard
    def copy_report(self, style: str) -> None:
        from planner.core.summary import reporting_text

        results = self.state.results
        if not results.ok:
            self.hub.say("This plan cannot be estimated yet", 6000)
            return
        if style == "model-card":
            from planner.core.tables import model_card

            QApplication.clipboard().setText(model_card(results.estimate))
            self.hub.say("Copied the model-card metadata (co2_eq_emissions, grams)", 6000)
            return
        QApplication.clipboard().setText(reporting_text(results, style))
        self.hub.say(f"Copied the reporting paragraph ({style})", 6000)
