"""The plan as a document: new, open, save, recent files, autosave and recovery, measured runs, comparing.

``Documents`` is the window's document handling, its own object: it works on the plan state and the settings,
asks its questions over ``parent`` (the window) and says what happened through the hub.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from planner.core.errors import PlannerError
from planner.core.fileio import describe_os_error, is_read_only, links_note, other_names, resolve_target
from planner.core.plan import Plan, load_plan, save_plan
from planner.core.present import baseline_note, error_text
from planner.core.settings import MAX_RECENT, AutosaveSlot, find_recoverable, moved, recovered_document
from planner.ui import dialogs
from planner.ui.dialogs import Button
from planner.ui.hub import VIEW_ONLY
from planner.ui.widgets import plain_tip

AUTOSAVE_MS = 1500


def _fingerprint(path) -> str | None:
    """What a plan file holds, to tell whether someone else saved it since (None: it is gone or unreadable)."""
    import hashlib

    from planner.core.fileio import read_regular_bytes
    from planner.core.plan import MAX_PLAN_BYTES

    try:
        return hashlib.sha256(read_regular_bytes(path, MAX_PLAN_BYTES)).hexdigest()
    except OSError:
        return None


def document_name(path: str | None) -> str:
    """How the window names the file it edits: its name, or "untitled" before it is saved anywhere."""
    return Path(path).name if path else "untitled"


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "plan"


class Documents(QObject):
    def __init__(self, hub, settings, parent, recent_menu, startup_messages, save_settings):
        """``parent``: the window the questions are asked over; ``recent_menu``: File → Open Recent, rebuilt
        here; ``startup_messages(list)``: where problems found at start-up go; ``save_settings()``: writes the
        window's settings."""
        super().__init__(parent)
        self.hub, self.state, self.settings, self.parent_ = hub, hub.state, settings, parent
        self.recent_menu = recent_menu
        self.startup_messages = startup_messages
        self.save_settings = save_settings
        self._on_disk: tuple | None = None  # (path, fingerprint) of what this window opened or saved last
        self.autosave = AutosaveSlot()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.write_autosave)
        hub.planChanged.connect(lambda changed: bool(changed - VIEW_ONLY) and self._timer.start())
        recent_menu.triggered.connect(self._recent_triggered)
        self.rebuild_recent_menu()

    # -- asking
    def maybe_save(self) -> bool:
        """True if it is fine to drop the current plan (saved, discarded, or not modified)."""
        if not self.state.modified:
            return True
        answer = dialogs.ask(self.parent_, "Unsaved changes", f"Save the changes to “{self.state.plan.name}”?",
                             Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def _folder(self) -> str:
        return self.settings.last_folder or str(Path.home())

    # -- file actions
    def new_plan(self, preset_id: str = "default") -> bool:
        """File → New (the default plan) or a preset: a new, untitled document, so Save asks where and the file
        that was open is never replaced. False if the user kept the current plan."""
        if not self.maybe_save():
            return False
        catalog = self.state.catalog
        self.state.open_document(Plan.from_dict(catalog.presets[preset_id].plan, catalog))
        self._on_disk = None
        self.autosave.clear()
        return True

    def open_plan(self, path: str | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.parent_, "Open plan", self._folder(), dialogs.PLAN_FILTER)
            if not path:
                return False
        return self._load(path)

    def _load(self, path: str) -> bool:
        try:
            plan = load_plan(path, self.state.catalog)
        except PlannerError as exc:  # the current plan stays untouched
            dialogs.warn(self.parent_, "Cannot open plan", f"{exc}\n\nThe plan that was open is unchanged.")
            return False
        self.state.open_document(plan, str(path))
        self._on_disk = (str(path), _fingerprint(path))
        self._remember(str(path))
        self.autosave.clear()
        self.hub.say(f"Opened {path}.{baseline_note(self.state.baseline)}", 10000)
        return True

    def save(self) -> bool:
        if self.state.path is None:
            return self.save_as()
        if self._changed_on_disk(self.state.path):  # another window or program saved it since: ask, never lose it
            answer = dialogs.ask(
                self.parent_, "The file changed on disk",
                f"{self.state.path} changed since it was opened or last saved here (another window or program saved "
                "it).\n\nOverwrite it with this plan, reload it (this plan's changes are lost), or save this plan "
                "as another file?", Button.Save | Button.Discard | Button.Yes | Button.Cancel, Button.Cancel,
                {Button.Save: "Overwrite", Button.Discard: "Reload from disk", Button.Yes: "Save As…"})
            if answer == Button.Discard:
                return self._load(self.state.path) and False
            if answer == Button.Yes:
                return self.save_as()
            if answer != Button.Save:
                return False
        return self.write(self.state.path)

    def _changed_on_disk(self, path: str) -> bool:
        """Does the file hold something else than what this window opened or last saved there?"""
        return self._on_disk is not None and self._on_disk[0] == path and _fingerprint(path) not in (
            None, self._on_disk[1])

    def save_as(self) -> bool:
        start = self.state.path or str(Path(self._folder()) / f"{slug(self.state.plan.name)}.plan.json")
        path, _ = QFileDialog.getSaveFileName(self.parent_, "Save plan as", start, dialogs.PLAN_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".plan.json"
        return self.write(path)

    def write(self, path: str) -> bool:
        if is_read_only(resolve_target(path)):
            answer = dialogs.ask(self.parent_, "Replace read-only file?",
                                 f"{path} is read-only. Replace it with this plan anyway?",
                                 Button.Yes | Button.Cancel, Button.Cancel)
            if answer != Button.Yes:
                return False
        links = other_names(path)
        try:
            save_plan(self.state.plan, path)
        except OSError as exc:
            dialogs.critical(self.parent_, "Cannot save", f"Cannot save {path}: {describe_os_error(exc)}\n\n"
                                                          "Your plan is still open; try another folder.")
            return False
        self.state.mark_saved(path)
        self._on_disk = (path, _fingerprint(path))
        self._remember(path)
        self.autosave.clear()
        note = links_note(path, links)
        self.hub.say(f"Saved {path}" + (f". {note}." if note else ""), 15000 if note else 6000)
        return True

    # -- recent files
    def _remember(self, path: str) -> None:
        self.settings.add_recent(path)
        self.rebuild_recent_menu()
        self.save_settings()

    def rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        existing = [p for p in self.settings.recent_files[:MAX_RECENT] if os.path.exists(p)]
        for k, p in enumerate(existing):
            name = Path(p).name.replace("&", "&&")  # an & in a file name is shown, not a shortcut
            act = QAction(f"&{k + 1} {name}" if k < 9 else name, menu)
            act.setData(p)
            act.setToolTip(plain_tip(p))
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
            self.rebuild_recent_menu()
            self.save_settings()

    # -- autosave and recovery
    def write_autosave(self) -> None:
        try:
            if self.state.modified:
                known = self._on_disk[1] if self._on_disk and self._on_disk[0] == self.state.path else None
                self.autosave.write(self.state.plan, self.state.path, known)
            else:
                self.autosave.clear()
        except OSError as exc:
            self.hub.say(f"Autosave failed: {describe_os_error(exc)}", 8000)

    def close(self) -> None:
        """The window closes on purpose: nothing to recover."""
        self._timer.stop()
        self.autosave.release()

    def offer_recovery(self) -> bool:
        """After a crash: offer back the newest autosave no live window owns. True if it was restored.

        Autosaves of other open windows are never offered or touched; one that cannot be read is moved
        aside and named in the start-up messages. Others left over are offered at the next start. Whatever goes
        wrong while offering one moves it aside too, and the window opens on its own plan.
        """
        found, warnings = find_recoverable(self.state.catalog)
        self.startup_messages(warnings)
        if not found:
            return False
        rec, rest = found[0], found[1:]
        for other in rest:
            other.let_go()
        try:
            return self._restore(rec, len(rest))
        except Exception as exc:  # noqa: BLE001 - never a failed start: the autosave is kept aside, and said
            rec.let_go(remove_lock=True)
            self.startup_messages([f"Autosave: {moved(rec.path, f'it could not be restored: {exc}')}"])
            return False

    def _restore(self, rec, more: int) -> bool:
        when = datetime.fromtimestamp(rec.saved_at).strftime("%Y-%m-%d %H:%M") if rec.saved_at else "earlier"
        where = f" (from {rec.document})" if rec.document else ""
        answer = dialogs.ask(self.parent_, "Recover unsaved work?",
                             f"Footprint Planner closed with unsaved changes to “{rec.plan.name}”{where}, "
                             f"autosaved {when}. Restore them?", Button.Yes | Button.No, Button.Yes)
        if answer != Button.Yes:
            rec.discard()
            return False
        path, why_untitled = recovered_document(rec, self.state.catalog)
        self.state.open_document(rec.plan, path, modified=True)
        # what the file held when the crashed window last opened or saved it: a save asks if it changed since
        self._on_disk = None if path is None else (path, rec.fingerprint)
        self.write_autosave()  # this window's own autosave holds it now, before the old one goes
        rec.discard()
        note = f" {why_untitled}" if why_untitled else ""
        later = f" {more} more autosaved plan(s) will be offered at the next start." if more else ""
        self.hub.say(f"Restored the autosaved plan; save it to keep it.{note}{later}", 15000)
        return True

    # -- measured runs and comparing
    def import_measured(self, path: str | None = None):
        """Read a CodeCarbon emissions.csv (whole, or not at all) and show it beside the plan."""
        from planner.core.measured import read_codecarbon
        from planner.ui.measured import MeasuredDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.parent_, "Import measured runs (CodeCarbon emissions.csv)",
                                                  self._folder(), "CodeCarbon emissions (*.csv);;All files (*)")
            if not path:
                return None
        try:
            runs = read_codecarbon(path)
        except PlannerError as exc:
            dialogs.warn(self.parent_, "Cannot import measured runs", f"{exc}\n\nNothing was imported.")
            return None
        if self.state.estimate is None:
            dialogs.warn(self.parent_, "Cannot compare",
                         f"This plan cannot be estimated yet:\n{error_text(self.state.error)}")
            return None
        dlg = MeasuredDialog(self.hub, path, runs, self.parent_)
        dlg.show()
        return dlg

    def open_portfolio(self, path: str | None = None):
        """File → Open portfolio…: a folder of plan files summed in the Portfolio window (its plans open here on
        double-click)."""
        from planner.ui.portfolio import PortfolioDialog

        if path is None:
            path = QFileDialog.getExistingDirectory(self.parent_, "Open a folder of plans as a portfolio",
                                                    self._folder())
            if not path:
                return None
        dlg = PortfolioDialog(self.hub, [path], path, self.parent_)
        dlg.openPlan.connect(self.open_plan)
        dlg.show()
        return dlg

    def show_compare(self):
        from planner.ui.compare import CompareDialog

        dlg = CompareDialog(self.hub, self.settings.last_folder, self.parent_)
        dlg.show()
        return dlg
