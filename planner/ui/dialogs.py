"""Message boxes built from file content: always plain text, so a plan name such as
``<h1 style='color:red'>`` is shown as typed, never rendered as markup.

Every box goes through ``run_box``; tests replace it so nothing blocks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

Button = QMessageBox.StandardButton
PLAN_FILTER = "Footprint plans (*.plan.json *.json);;All files (*)"  # the file dialogs' filter for plans
MAX_TEXT_CHARS = 4000  # a box never grows past the screen: longer text is cut, with a note


def _clip(text: str) -> str:
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate cannot reach Qt
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS] + " … (cut)"


def message_box(parent, icon, title: str, text: str, buttons=Button.Ok, default=None) -> QMessageBox:
    box = QMessageBox(icon, _clip(title), _clip(text), buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default is not None:
        box.setDefaultButton(default)
    return box


def run_box(box: QMessageBox):
    """Show ``box`` modally and return the button pressed."""
    return Button(box.exec())


def ask(parent, title: str, text: str, buttons, default, labels: dict | None = None) -> QMessageBox.StandardButton:
    """A question; ``labels`` renames standard buttons ({Button.Save: "Overwrite"})."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text, buttons, default)
    for button, label in (labels or {}).items():
        box.button(button).setText(label)
    return run_box(box)


def warn(parent, title: str, text: str) -> None:
    run_box(message_box(parent, QMessageBox.Icon.Warning, title, text))


def critical(parent, title: str, text: str) -> None:
    run_box(message_box(parent, QMessageBox.Icon.Critical, title, text))


def ask_share(parent, title: str, text: str, value: float = 1.0) -> float | None:
    """A share in percent, above 0 and at most 100 (None when cancelled); returned as 0-1."""
    from PySide6.QtWidgets import QInputDialog

    percent, ok = QInputDialog.getDouble(parent, title, _clip(text), value * 100, 0.0001, 100.0, 4)
    return percent / 100 if ok else None
