"""The window's menus as a table of actions: where each sits, what it says, its key, and what it calls.

A ``slot`` is a dotted name on the window (``documents.save``, ``hub.set_unit``); it is called with the
action's ``data`` when it has some, with the checked state when the action is checkable, else with nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from planner.core.exports import TEXT_FORMATS

Std = QKeySequence.StandardKey
REPORT_TIP = "Copy a paragraph on compute, energy, CO2e and cost, with sources, for a paper"
TABLE_TIP = "(CSV, or Excel where openpyxl is installed)"


@dataclass(frozen=True)
class ActionSpec:
    name: str  # objectName, which tests and scripts drive
    menu: str  # "&File", or a submenu: "&File/Export &table"
    text: str
    slot: str = ""
    keys: object = None  # a shortcut: text, or a QKeySequence.StandardKey
    tip: str = ""
    data: object = None
    checkable: bool = False
    checked: bool = False
    group: str = ""  # checkable actions of one group exclude each other
    separator: bool = False  # a separator before it


ACTIONS = (
    ActionSpec("file.new", "&File", "&New", "documents.new_plan", Std.New, "Start from the default plan"),
    ActionSpec("file.open", "&File", "&Open…", "documents.open_plan", Std.Open, "Open a plan file"),
    ActionSpec("file.recent", "&File/Open &Recent", ""),  # filled by the document handling (Documents)
    ActionSpec("file.save", "&File", "&Save", "documents.save", Std.Save, "Save the plan"),
    ActionSpec("file.save_as", "&File", "Save &As…", "documents.save_as", "Ctrl+Shift+S",
               "Save the plan under a new name"),
    ActionSpec("file.open_portfolio", "&File", "Open &portfolio…", "documents.open_portfolio",
               tip="Sum a folder of plans: totals with 90% intervals, by month, region and accelerator"),
    ActionSpec("file.import_measured", "&File", "Import &measured runs (CodeCarbon)…", "documents.import_measured",
               tip="Compare CodeCarbon's emissions.csv with the plan, and calibrate it", separator=True),
    ActionSpec("file.export_pdf", "&File", "&Export PDF…", "exporter.export_pdf", "Ctrl+E",
               "Write a one- to two-page PDF summary for a compute request or paper"),
    ActionSpec("file.export_table", "&File/Export &table", ""),
    ActionSpec("file.export_table.estimate", "&File/Export &table", "By &phase and part…", "exporter.export_table",
               tip=f"The estimate as a table {TABLE_TIP}", data="estimate"),
    ActionSpec("file.export_table.regions", "&File/Export &table", "Every &region in view…",
               "exporter.export_table", tip=f"The region ranking as a table {TABLE_TIP}", data="regions"),
    ActionSpec("file.export_as", "&File/Export &as", ""),  # every format planner estimate --format writes
    *(ActionSpec(f"file.export_as.{f.key}", "&File/Export &as", f.label, "exporter.export_text",
                 tip=f"Write {f.help} ({f.kind}, as planner estimate --format {f.key} prints it)", data=f.key)
      for f in TEXT_FORMATS),
    ActionSpec("file.quit", "&File", "&Quit", "close", Std.Quit, separator=True),
    ActionSpec("edit.undo", "&Edit", "&Undo", "state.undo", "Ctrl+Z"),
    ActionSpec("edit.redo", "&Edit", "&Redo", "state.redo", "Ctrl+Shift+Z"),
    ActionSpec("compare.pin", "&Edit", "&Pin as baseline", "state.pin_baseline", "Ctrl+B",
               "Compare later changes against this plan", separator=True),
    ActionSpec("compare.clear", "&Edit", "&Clear baseline", "state.clear_baseline", tip="Stop comparing"),
    ActionSpec("compare.view", "&Edit", "&Compare plans…", "documents.show_compare", "Ctrl+Shift+C",
               "Several plans side by side"),
    ActionSpec("edit.copy_report", "&Edit/Copy &reporting paragraph", "", separator=True),
    *(ActionSpec(f"edit.copy_report.{style}", "&Edit/Copy &reporting paragraph", label, "exporter.copy_report",
                 keys, REPORT_TIP, data=style)
      for style, label, keys in (("plain", "as plain text", "Ctrl+Shift+R"), ("markdown", "as Markdown", None),
                                 ("latex", "as LaTeX", None),
                                 ("model-card", "as model-card metadata (Hugging Face)", None))),
    *(ActionSpec(f"view.units.{unit}", "&View", label, "hub.set_unit", f"Ctrl+{k + 1}", data=unit,
                 checkable=True, group="units")
      for k, (unit, label) in enumerate((("auto", "Automatic units"), ("kg", "Kilograms"), ("t", "Tonnes"),
                                         ("lb", "Pounds")))),
    ActionSpec("view.log_axis", "&View", "&Logarithmic benchmark axis", "hub.set_log_axis", "Ctrl+L",
               checkable=True, separator=True),
    ActionSpec("view.embodied", "&View", "Show &embodied emissions", "hub.set_show_embodied",
               tip="The accelerators' manufacturing footprint, shown apart from operational CO2e", checkable=True,
               checked=True),
    ActionSpec("presets", "&Presets", ""),  # filled after the first paint
    ActionSpec("help.sources", "&Help", "&Sources of these numbers…", "show_sources", "F1"),
    ActionSpec("help.startup_messages", "&Help", "Start-up &messages…", "show_startup_messages",
               tip="Problems found in settings, autosave and your own data files"),
    ActionSpec("help.about", "&Help", "&About Footprint Planner", "show_about"),
)


def build_menus(window, bar) -> dict:
    """Make the menus of ``bar`` from ``ACTIONS``, each action connected to its slot on ``window``. Returns
    {name: QAction, or QMenu for the menus filled later}."""
    menus, groups, out = {}, {}, {}

    def menu(path: str):
        if path not in menus:
            parent, _, title = path.rpartition("/")
            menus[path] = (menu(parent).addMenu(title) if parent else bar.addMenu(title))
            menus[path].setToolTipsVisible(True)
        return menus[path]

    for spec in ACTIONS:
        if not spec.text:  # a (sub)menu: its entries follow, or are filled later
            if spec.separator:
                menu(spec.menu.rpartition("/")[0]).addSeparator()
            m = out[spec.name] = menu(spec.menu)
            m.setObjectName(spec.name)
            continue
        m = menu(spec.menu)
        if spec.separator:
            m.addSeparator()
        act = QAction(spec.text, window, checkable=spec.checkable)
        act.setObjectName(spec.name)
        if spec.keys is not None:
            act.setShortcut(QKeySequence(spec.keys))
        if spec.tip:
            act.setStatusTip(spec.tip)
        if spec.data is not None:
            act.setData(spec.data)
        act.setChecked(spec.checked)
        if spec.group:
            groups.setdefault(spec.group, QActionGroup(window)).addAction(act)
        slot = attrgetter(spec.slot)  # looked up when triggered: the window's parts may be made after its menus
        if spec.data is not None:
            act.triggered.connect(lambda _=False, slot=slot, data=spec.data: slot(window)(data))
        elif spec.checkable:
            act.toggled.connect(lambda on, slot=slot: slot(window)(on))
        else:
            act.triggered.connect(lambda _=False, slot=slot: slot(window)())
        m.addAction(act)
        out[spec.name] = act
    return out


class WindowKeys(QObject):
    """The window's shortcuts work from any text field: a line edit claims some of them for itself (Ctrl+E moves to
    the end of the line on X11, Ctrl+Z undoes only its own text), so the window's action never fired. Installed on
    the window's text fields, this hands those keys back to the window; a field keeps copy, cut, paste and select
    all. The plan's undo then drops a field's pending text (the editor re-shows every field on a new plan)."""

    FIELD_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste,
                  QKeySequence.StandardKey.SelectAll)

    def __init__(self, actions, parent=None):
        super().__init__(parent)
        keep = {k.toString() for std in self.FIELD_KEYS for k in QKeySequence.keyBindings(std)}
        self.keys = {k.toString() for a in actions if isinstance(a, QAction) for k in a.shortcuts()} - keep

    def watch(self, widgets) -> None:
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.ShortcutOverride \
                and QKeySequence(event.keyCombination()).toString() in self.keys:
            event.ignore()  # not the field's: the window's shortcut fires
            return True
        return False
