"""Plan-editor widgets: a slider with an exact editor, and searchable pickers.

Widgets only display values and report edits; the editor panel binds them
to the core's PlanState through the window's hub.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import (
    QAbstractListModel,
    QLocale,
    QModelIndex,
    QSignalBlocker,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.metrics import wrap_tip
from planner.core.plan import origin_name
from planner.core.readings import follows_results
from planner.core.text import matches, search_key
from planner.core.units import fmt, fmt_exact, fmt_start, parse_quantity

SLIDER_STEPS = 1000


ERROR_COLOR = QColor("#b3261e")  # 6.5:1 on white
ERROR_COLOR_DARK = QColor("#ff8a80")  # 7:1 on a dark window (#2b2b2b), 8:1 on black


def plain_tip(text: str) -> str:
    """A tooltip that shows its text as written. Qt renders a tooltip that looks like markup as rich text: a
    plan's or a user catalog's ``<b>``, links, or ``<img src='/dev/zero'>`` (which made Qt read until the process
    aborted). Every tooltip that can hold text from a file goes through here: escaped, line breaks kept, and long
    lines wrapped evenly at 80 characters (Qt cuts a tooltip where the screen ends)."""
    if not text:
        return ""
    return _TIP_OPEN + html.escape(wrap_tip(text), quote=False) + _TIP_CLOSE


_TIP_OPEN, _TIP_CLOSE = "<p style='white-space:pre-wrap'>", "</p>"


def tip_text(tip: str) -> str:
    """The text a ``plain_tip`` shows (what a reader sees)."""
    if tip.startswith(_TIP_OPEN) and tip.endswith(_TIP_CLOSE):
        return html.unescape(tip[len(_TIP_OPEN):-len(_TIP_CLOSE)])
    return tip


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    """Error text that keeps at least 4.5:1 contrast (WCAG AA) on the palette's window colour."""
    return ERROR_COLOR_DARK if is_dark(palette) else ERROR_COLOR


def set_text_color(widget, color: QColor) -> None:
    pal = widget.palette()
    if pal.color(QPalette.ColorRole.WindowText) != color:
        pal.setColor(QPalette.ColorRole.WindowText, color)
        widget.setPalette(pal)


def styled(widget, point_delta: float = 0.0, bold: bool = False, color: QColor | None = None):
    """Font size/weight and text colour without a style sheet (style sheets slow start-up and painting)."""
    font = QFont(widget.font())
    if point_delta:
        font.setPointSizeF(max(font.pointSizeF() + point_delta, 6.0))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    widget.setFont(font)
    if color is not None:
        pal = widget.palette()
        pal.setColor(QPalette.ColorRole.WindowText, color)
        widget.setPalette(pal)
    return widget


class _WheelWithFocus:
    """A control in a scrolling editor: the mouse wheel changes it only when it has the focus; otherwise the wheel
    scrolls the editor (the desktop convention: scrolling past a control never changes it)."""

    def wheelEvent(self, event):  # noqa: N802 (Qt naming)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class FocusWheelSlider(_WheelWithFocus, QSlider):
    """A slider that the wheel moves only with the focus."""


class FocusWheelCombo(_WheelWithFocus, QComboBox):
    """A drop-down that the wheel changes only with the focus."""


class ScaledSlider(FocusWheelSlider):
    """A horizontal slider over [lo, hi], linear or logarithmic, optionally with 0 at its left end."""

    def __init__(self, lo: float, hi: float, log: bool = False, zero: bool = False, integer: bool = False,
                 parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.lo, self.hi, self.log, self.zero, self.integer = lo, hi, log, zero, integer
        self.setRange(0, SLIDER_STEPS)
        self.setSingleStep(5 if log else 10)
        self.setPageStep(100)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _span(self):
        start = 1 if self.zero else 0
        return start, SLIDER_STEPS - start

    def to_value(self, pos: int) -> float:
        start, n = self._span()
        if self.zero and pos == 0:
            return 0.0
        t = (pos - start) / n
        if self.log:
            v = 10 ** (math.log10(self.lo) + t * (math.log10(self.hi) - math.log10(self.lo)))
        else:
            v = self.lo + t * (self.hi - self.lo)
        if self.integer:
            return float(max(round(v), 1 if not self.zero else 0))
        # keep 3 significant figures so dragged values read cleanly
        return float(f"{v:.3g}")

    def to_pos(self, value: float | None) -> int:
        if value is None:
            return self.value()
        start, n = self._span()
        if self.zero and value <= 0:
            return 0
        v = min(max(value, self.lo), self.hi)
        if self.log:
            t = (math.log10(v) - math.log10(self.lo)) / (math.log10(self.hi) - math.log10(self.lo))
        else:
            t = (v - self.lo) / (self.hi - self.lo)
        return start + round(t * n)


class StepEdit(QLineEdit):
    """A field's exact editor: Up/Down and Page Up/Down ask to step the value like its slider."""

    stepped = Signal(object)  # a QSlider.SliderAction

    STEP_KEYS = {Qt.Key.Key_Up: QSlider.SliderAction.SliderSingleStepAdd,
                 Qt.Key.Key_Down: QSlider.SliderAction.SliderSingleStepSub,
                 Qt.Key.Key_PageUp: QSlider.SliderAction.SliderPageStepAdd,
                 Qt.Key.Key_PageDown: QSlider.SliderAction.SliderPageStepSub}

    def keyPressEvent(self, event):  # noqa: N802 (Qt naming)
        action = self.STEP_KEYS.get(event.key())
        if action is None:
            super().keyPressEvent(event)
        else:
            self.stepped.emit(action)


class AdviceList(QListWidget):
    """The ranked suggestions: each as tall as its wrapped text at the list's width; Enter or Space asks to
    apply the selected one (``applyRequested(row)``)."""

    applyRequested = Signal(int)

    def keyPressEvent(self, event):  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.applyRequested.emit(self.currentRow())
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event):  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self.fit_items()

    def fit_items(self) -> None:
        from PySide6.QtCore import QRect, QSize
        from PySide6.QtGui import QFontMetrics

        width = self.viewport().width() - 2 * self.spacing() - 4
        text_width = max(width - 24, 40)  # the item's own margins and focus frame, with room to spare
        metrics = QFontMetrics(self.font())
        for k in range(self.count()):
            item = self.item(k)
            h = metrics.boundingRect(QRect(0, 0, text_width, 100_000), int(Qt.TextFlag.TextWordWrap),
                                     item.text()).height()
            item.setSizeHint(QSize(max(width, 40), h + 8))


class NumberField(QWidget):
    """A plan number, built from its field spec: slider and exact editor kept in sync, an optional reset to the
    catalog.

    ``edited(path, value)`` reports a wish to change the plan; ``value`` is None when the user asks for the
    catalog's value. The editor panel answers with :meth:`show_value`, or :meth:`show_error` if the core
    refused it.
    """

    edited = Signal(str, object)
    dragStarted = Signal(str)
    dragFinished = Signal(str)

    def __init__(self, spec, parent=None):
        super().__init__(parent)
        scale, label = spec.scale, spec.editor_text
        self.path, self.nullable, self.integer = spec.path, spec.nullable, scale.integer
        self.year = spec.year
        self.scale = 100.0 if spec.percent else 1.0  # the editor shows value x scale in unit (a share in %)
        self.unit_text = spec.unit_text
        # the locale's decimal sign: what the field shows and reads ("1,5" is 1.5 in German, "1.000" a thousand)
        self.decimal = "," if QLocale().decimalPoint() == "," else "."
        self.bounds = (spec.minimum, spec.maximum)  # the plan's bounds, checked here in the editor's unit
        self._value: float | None = None
        self._shown = None  # (value, value in use) last shown: a tick that changes neither does nothing
        self.empty_text = spec.empty_text  # the placeholder when there is no value in use to show
        self.follows_plan = follows_results(spec.path)  # an empty field shows a value in use (when the plan has one)
        self.setObjectName(f"field:{spec.path}")

        self.label = QLabel(label)
        self.slider = ScaledSlider(scale.lo, scale.hi, log=scale.log, zero=scale.zero, integer=scale.integer)
        self.slider.setObjectName(f"slider:{spec.path}")
        self.slider.setAccessibleName(f"{label} slider")
        # one tab stop per field: the editor; arrows and Page Up/Down on it step like the slider
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.editor = StepEdit()
        self.editor.setObjectName(spec.path)
        self.editor.setAccessibleName(label)
        metrics = self.editor.fontMetrics()  # room for a long number and the placeholder, in the font in use
        self.editor.setFixedWidth(max(92, 18 + max(metrics.horizontalAdvance(t) for t in (spec.empty_text,
                                                                                        "1,234,567.8"))))
        self.editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editor.stepped.connect(lambda action: self.isEnabled() and self.slider.triggerAction(action))
        self.label.setBuddy(self.editor)
        self.unit = QLabel(self.unit_text)
        self.unit.setFixedWidth(max(40, self.unit.fontMetrics().horizontalAdvance(self.unit_text) + 6))
        self.reset = QToolButton()
        self.reset.setText("↺")
        self.reset.setObjectName(f"reset:{spec.path}")
        self.reset.setAccessibleName(f"Use the catalog's {label.lower()}")
        self.reset.setToolTip("Use the catalog's value")
        self.reset.setAutoRaise(True)
        self.reset.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # from the keyboard: empty the field
        keep = self.reset.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.reset.setSizePolicy(keep)
        self.reset.setVisible(spec.nullable)
        self._origin = self._hint = None  # lines under the field, made when first needed (most never are)

        keys = "Up/Down and Page Up/Down step the value."
        # "Empty = the catalog's value" where the catalog gives one and the help does not already say what empty is
        empty = spec.nullable and self.follows_plan and "empty" not in spec.help.lower()
        tip = "\n".join(t for t in (spec.help, "Empty = the catalog's value." if empty else "", keys) if t)
        for w in (self.label, self.slider, self.editor):
            w.setToolTip(plain_tip(tip.strip()))

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.label.setMinimumWidth(118)
        row.addWidget(self.label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.editor)
        row.addWidget(self.unit)
        row.addWidget(self.reset)
        self._col = col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addLayout(row)

        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderPressed.connect(lambda: self.dragStarted.emit(self.path))
        self.slider.sliderReleased.connect(lambda: self.dragFinished.emit(self.path))
        self.editor.editingFinished.connect(self._text_entered)
        self.reset.clicked.connect(lambda: self.edited.emit(self.path, None))

    def _line(self, kind: str, point_delta: float) -> QLabel:
        """A small wrapped line under the field (``origin`` or ``hint``), hidden until shown."""
        label = QLabel()
        label.setObjectName(f"{kind}:{self.path}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # it can quote what was typed, or a preset's source
        styled(label, point_delta)
        label.hide()
        return label

    @property
    def origin(self) -> QLabel:
        """Where a pinned value came from (a preset's paper), under the field; made when first needed."""
        if self._origin is None:
            self._origin = self._line("origin", -1.5)
            self._col.insertWidget(1, self._origin)
        return self._origin

    @property
    def hint(self) -> QLabel:
        """Why a typed value was refused, under the field (after the origin line); made when first needed."""
        if self._hint is None:
            self._hint = self._line("hint", -1)
            self._col.addWidget(self._hint)
        return self._hint

    # -- from the user
    def _slider_moved(self, pos: int) -> None:
        value = self.slider.to_value(pos)
        if self._value is not None and math.isclose(value, self._value, rel_tol=1e-9):
            return
        self.edited.emit(self.path, int(value) if self.integer else value)

    def _text_entered(self) -> None:
        text = self.editor.text().strip()
        if not text:
            if self.nullable:
                if self._value is not None:
                    self.edited.emit(self.path, None)
                return
            self.show_error("a value is required")
            return
        try:
            shown = parse_quantity(text, self.unit_text, self.decimal)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        value = shown / self.scale
        lo, hi = self.bounds
        if self.scale != 1.0 and lo is not None and value < lo:
            self.show_error(f"must be at least {fmt(lo * self.scale)}{self.unit_text}, got {text}")
            return
        if self.scale != 1.0 and hi is not None and value > hi:
            self.show_error(f"must be at most {fmt(hi * self.scale)}{self.unit_text}, got {text}")
            return
        if self.integer:
            if not float(value).is_integer():
                self.show_error(f"must be a whole number, got {text}")
                return
            value = int(value)
        if self._value is not None and value == self._value:
            self.show_value(self._value, force=True)  # normalise the text
            return
        self.edited.emit(self.path, value)

    # -- from the editor panel
    def show_value(self, value: float | None, catalog_value: float | None = None, force: bool = False) -> None:
        """Display the plan's value (None: the value in use, shown as placeholder and slider position). Nothing
        happens when neither changed since the last call (unless ``force``)."""
        key = (value, catalog_value)
        if key == self._shown and not force:
            return
        self._shown = key
        self._value = value
        self.clear_error()
        shown = value if value is not None else catalog_value
        if shown is not None or not self.follows_plan:  # empty, and nothing in use ("not served"): the left end;
            # a value in use not known now (the plan cannot be estimated): where it was
            with QSignalBlocker(self.slider):
                self.slider.setValue(self.slider.to_pos(shown) if shown is not None else 0)
        if self.year:
            show = show_in_use = _year
        else:  # as typed (every digit) in the field; the value in use to three figures, both in the locale's signs
            def show(x):
                return fmt_exact(x, decimal=self.decimal)

            def show_in_use(x):
                return fmt_exact(x, sig=3, decimal=self.decimal)
        text = show(None if value is None else value * self.scale)
        if self.editor.text() != text:
            self.editor.setText(text)
        placeholder = show_in_use(catalog_value * self.scale) if catalog_value is not None else self.empty_text
        if self.editor.placeholderText() != placeholder:
            self.editor.setPlaceholderText(placeholder)
        self.reset.setEnabled(value is not None)

    def set_range(self, lo: float, hi: float) -> None:
        """The slider's span (a grid year: the years the region's data holds); the handle stays on the value."""
        if (self.slider.lo, self.slider.hi) != (lo, hi):
            self.slider.lo, self.slider.hi = lo, max(hi, lo + 1e-9)
            if self._shown is not None:
                value, in_use = self._shown
                self.show_value(value, in_use, force=True)

    def show_origin(self, kind: str, origin: str | None = None) -> None:
        """Say where the value comes from: ``catalog`` (the placeholder shows it), ``user`` or ``preset``."""
        text = {"catalog": "Catalog value (empty field)", "user": "Your value",
                "preset": f"Pinned by {origin}" if origin else "Pinned by a preset"}[kind]
        if self.editor.accessibleDescription() != text:
            self.editor.setAccessibleDescription(text)
        if kind == "preset":
            short = origin_name(origin or "")
            if self.origin.text() != f"↳ {short}":
                self.origin.setText(f"↳ {short}")
                self.origin.setToolTip(plain_tip(f"{origin}\nChanging what it describes releases it; ↺ releases it "
                                                 "now."))
            self.origin.show()
        elif self._origin is not None and self._origin.isVisible():
            self._origin.hide()

    def show_error(self, message: str) -> None:
        self._shown = None  # the next value shown clears it
        mark_refused(self.editor, self.hint, message)

    def clear_error(self) -> None:
        if self._hint is not None:
            clear_refused(self.editor, self._hint, self.slider.toolTip())

    @property
    def error_text(self) -> str:
        return self._hint.text() if self._hint is not None and self._hint.isVisible() else ""


def align_columns(fields) -> None:
    """Every number field's editor and unit as wide as the widest one needs (its placeholder, its unit, in the font
    in use), so the editor's columns line up and nothing in them is cut."""
    fields = list(fields)
    editor = max(f.editor.width() for f in fields)
    unit = max(f.unit.width() for f in fields)
    for f in fields:
        f.editor.setFixedWidth(editor)
        f.unit.setFixedWidth(unit)


class DateField(QWidget):
    """A date and time field (the start), built from its spec: typed as people write it, shown without the "T"
    and "Z" (the label says UTC), a refusal said under it. ``edited(path, text or None)`` asks to change it."""

    edited = Signal(str, object)

    def __init__(self, spec, parent=None):
        super().__init__(parent)
        self.path, self.tip = spec.path, plain_tip(spec.help)
        self._value = None
        self.editor = QLineEdit()
        self.editor.setObjectName(spec.path)
        self.editor.setAccessibleName(spec.label)
        self.editor.setPlaceholderText(spec.empty_text)
        self.editor.setToolTip(self.tip)
        self.editor.setClearButtonEnabled(True)
        self.hint = info_label(f"hint:{spec.path}")  # why a typed value was refused
        self.hint.hide()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        labelled_row(spec.editor_text, self.editor, col)
        col.addWidget(self.hint)
        self.editor.editingFinished.connect(self._typed)

    @staticmethod
    def shown(value: str | None) -> str:
        return "" if value is None else fmt_start(value, utc=False)  # the label says UTC

    def _typed(self) -> None:
        text = self.editor.text().strip()
        if text != self.shown(self._value):
            self.edited.emit(self.path, text or None)
        else:
            clear_refused(self.editor, self.hint, self.tip)

    def show_value(self, value: str | None, force: bool = False) -> None:
        """The plan's value (the text is left alone while it is being typed, unless ``force``: a new plan)."""
        self._value = value
        if force or not self.editor.hasFocus():
            self.editor.setText(self.shown(value))
        clear_refused(self.editor, self.hint, self.tip)

    def show_error(self, message: str) -> None:
        mark_refused(self.editor, self.hint, message)


class _Items(QAbstractListModel):
    """The picker's list: ids, with their text and tooltip made when a view asks for them (a user catalog of
    100,000 regions is listed at once, not formatted at once), and their search keys when a search first needs
    them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ids: list[str] = []
        self._text_of, self._tip = str, str
        self._texts: dict[str, str] = {}  # each id's text, made once (a combo asks for it again and again)
        self._keys: list[str] | None = None

    def set(self, ids: list[str], text_of, tip_of) -> None:
        self.beginResetModel()
        self.ids, self._text_of, self._tip, self._keys, self._texts = list(ids), text_of, tip_of, None, {}
        self.endResetModel()

    def _text(self, item_id: str) -> str:
        text = self._texts.get(item_id)
        if text is None:
            text = self._texts[item_id] = self._text_of(item_id)
        return text

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt naming and signature)
        return 0 if parent.isValid() else len(self.ids)

    def text(self, row: int) -> str:
        return self._text(self.ids[row])

    def key(self, row: int) -> str:
        if self._keys is None:
            self._keys = [search_key(f"{i} {self._text(i)}") for i in self.ids]
        return self._keys[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        rid = self.ids[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(rid)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tip(rid))
        if role == Qt.ItemDataRole.UserRole:
            return rid
        if role == SEARCH_ROLE:
            return self.key(index.row())
        return None


class _SearchFilter(QSortFilterProxyModel):
    """The picker's list as its completer shows it: the rows whose id or name hold every typed word, without
    regard to case or accents ("quebec" finds Québec; "us iowa" finds Google Cloud us-central1)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.query = ""

    def set_query(self, text: str) -> None:
        self.query = text
        self.invalidate()  # (invalidateFilter is deprecated from Qt 6.10)

    def filterAcceptsRow(self, row, parent):  # noqa: N802 (Qt naming)
        return not self.query.strip() or matches(self.query, self.sourceModel().key(row))


SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
POPUP_MAX_PX = 760  # a list never wider than this (nor than its window)


class Picker(FocusWheelCombo):
    """A searchable combo box of catalog ids: type any part of an id or a name (or several), in any case, with or
    without accents, and pick from the list that follows; Enter takes the best match."""

    picked = Signal(str, str)  # path, id ("" for typed text that matches nothing)

    def __init__(self, path: str, label: str, parent=None):
        super().__init__(parent)
        self.path = path
        self.setObjectName(path)
        self.setAccessibleName(label)
        self.setEditable(True)
        self.lineEdit().setAccessibleName(f"{label} search")
        self.lineEdit().setPlaceholderText("type to search…")
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self._model = _Items(self)
        self.setModel(self._model)
        self.view().setUniformItemSizes(True)  # long lists scroll without measuring every row
        self._filter = _SearchFilter(self)
        self._filter.setSourceModel(self._model)
        completer = QCompleter(self._filter, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)  # the filter filters
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self._index: dict[str, int] = {}
        self.activated.connect(self._activated)
        completer.activated[str].connect(self._completed)
        self.lineEdit().textEdited.connect(self._search)
        self.lineEdit().editingFinished.connect(self._typed)

    @property
    def _ids(self) -> list[str]:
        return self._model.ids

    def set_items(self, ids, text_of, tip_of) -> None:
        """The ids to list, and how each is shown (``text_of(id)``) and explained (``tip_of(id)``), asked when
        a view shows it."""
        with QSignalBlocker(self):
            self._model.set(ids, text_of, tip_of)
            self._index = {k: i for i, k in enumerate(self._model.ids)}
        self._text_of, self._measured = text_of, False  # (the lists are measured when first shown: wording and
        # measuring every name took 16 ms of a window's start, for lists most windows never open)

    def _fit_lists(self) -> None:
        """The list and the search's popup as wide as the widest name (whole names, not "aws:ap-southeast-…pore)"),
        measured once per set of items, when one is first shown."""
        if getattr(self, "_measured", True):
            return
        self._measured = True
        metrics = self.view().fontMetrics()
        sample = self._model.ids[:2000]  # the widest of the first ones: measuring 100,000 names takes seconds
        widest = max((metrics.horizontalAdvance(self._text_of(i)) for i in sample), default=0) + 48
        for view in (self.view(), self.completer().popup()):
            view.setMinimumWidth(min(widest, POPUP_MAX_PX, self.window().width() or POPUP_MAX_PX))

    def showPopup(self) -> None:  # noqa: N802 (Qt naming)
        self._fit_lists()
        super().showPopup()

    def lists(self, item_id: str) -> bool:
        """Is ``item_id`` among the picker's items?"""
        return item_id in self._index

    def current_id(self) -> str | None:
        i = self.currentIndex()
        return self._ids[i] if 0 <= i < len(self._ids) else None

    def show_id(self, item_id: str) -> None:
        k = self._index.get(item_id, -1)
        if k == self.currentIndex() and k >= 0 and self.lineEdit().text() == self.itemText(k):
            return  # shown already (a tick that changes something else costs nothing here)
        with QSignalBlocker(self):
            self.setCurrentIndex(k)
            self.lineEdit().setCursorPosition(0)
            i = self._index.get(item_id)
            if i is not None:
                self.setToolTip(self._model.data(self._model.index(i, 0), Qt.ItemDataRole.ToolTipRole))

    def _activated(self, index: int) -> None:
        if 0 <= index < len(self._ids):
            self.picked.emit(self.path, self._ids[index])

    def _search(self, text: str) -> None:
        self._filter.set_query(text)
        if text.strip():
            self._fit_lists()
            self.completer().complete()

    def _completed(self, text: str) -> None:
        row = next((r for r in range(self._filter.rowCount())
                    if self._filter.index(r, 0).data() == text), None)  # the completer lists the filter's rows
        if row is not None:
            self.picked.emit(self.path, self._filter.index(row, 0).data(Qt.ItemDataRole.UserRole))

    def best_match(self, text: str) -> str | None:
        """The id typed text means, without regard to case or accents: an exact id or name, else the best partial
        match (an id that starts with it, then one that contains it, then a name that holds every typed word;
        the shortest, then the first listed)."""
        low = search_key(text.strip())
        if not low:
            return None
        best = None
        for i, item_id in enumerate(self._ids):
            iid, key = search_key(item_id), self._model.key(i)  # key: the id, then the name
            if iid == low or key == f"{iid} {low}":
                return item_id
            rank = 0 if iid.startswith(low) else 1 if low in iid else 2 if matches(low, key) else None
            if rank is not None and (best is None or (rank, len(iid), i) < best[0]):
                best = ((rank, len(iid), i), item_id)
        return None if best is None else best[1]

    def _typed(self) -> None:
        text = self.lineEdit().text().strip()
        if not text:
            return
        # the best match, or "" for none: the editor then shows what the plan holds and says so
        self.picked.emit(self.path, self.best_match(text) or "")


def mark_refused(editor: QLineEdit, hint: QLabel, message: str) -> None:
    """Why a typed value was refused: said under its editor (``hint``), whose border turns the error colour."""
    color = error_color(editor.palette())
    set_text_color(hint, color)
    hint.setText(message)
    hint.show()
    editor.setStyleSheet(f"QLineEdit {{ border: 2px solid {color.name()}; }}")
    editor.setToolTip(plain_tip(message))


def clear_refused(editor: QLineEdit, hint: QLabel, tip: str) -> None:
    """The editor holds an accepted value again: the reason and the border go, its own tooltip is back."""
    if hint.isVisible():
        hint.hide()
        editor.setStyleSheet("")
        editor.setToolTip(tip)


def steady_height(label: QLabel, lines: int) -> None:
    """Room for ``lines`` lines from the start, so a text that changes with a slider (a region's, a price's) does
    not re-lay out its panel on every tick."""
    from PySide6.QtGui import QFontMetrics

    label.setMinimumHeight(QFontMetrics(label.font()).lineSpacing() * lines)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def _year(value) -> str:
    return "" if value is None else str(round(value))


def labelled_row(text: str, widget, layout) -> None:
    """A row of the editor: its label (the widget's buddy, aligned with the fields' labels), then the widget."""
    row = QHBoxLayout()
    lab = QLabel(text)
    lab.setMinimumWidth(max(118, lab.fontMetrics().horizontalAdvance(text.replace("&", "")) + 4))
    lab.setBuddy(widget)
    row.addWidget(lab)
    row.addWidget(widget, 1)
    layout.addLayout(row)


def info_label(name: str, lines: int = 0) -> QLabel:
    """A small wrapped line of plain text (it shows names and sources from files), optionally of steady height."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    styled(label, -1)
    if lines:
        steady_height(label, lines)
    return label
