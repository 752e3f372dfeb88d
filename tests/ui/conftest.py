import gc

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.ui import dialogs as dialogs_module


class Dialogs:
    """Modal boxes, patched so nothing blocks: what was asked, and the answer to give.

    Every box the app builds goes through ``planner.ui.dialogs.run_box``; ``boxes`` keeps each one's
    (title, text, text format) so tests can check that file content is shown as plain text.
    """

    def __init__(self):
        self.asked: list[tuple[str, str]] = []
        self.warned: list[tuple[str, str]] = []
        self.boxes: list[tuple[str, str, object]] = []
        self.answer = QMessageBox.StandardButton.Discard

    def run_box(self, box):
        self.boxes.append((box.windowTitle(), box.text(), box.textFormat()))
        if box.icon() == QMessageBox.Icon.Question:
            self.asked.append((box.windowTitle(), box.text()))
            answer = self.answer
        else:
            self.warned.append((box.windowTitle(), box.text()))
            answer = QMessageBox.StandardButton.Ok
        box.deleteLater()
        return answer

    def question(self, parent, title, text, *args, **kwargs):
        self.asked.append((title, text))
        return self.answer

    def warning(self, parent, title, text, *args, **kwargs):
        self.warned.append((title, text))
        return QMessageBox.StandardButton.Ok


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    d = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", d.question)
    monkeypatch.setattr(QMessageBox, "warning", d.warning)
    monkeypatch.setattr(QMessageBox, "critical", d.warning)
    monkeypatch.setattr(dialogs_module, "run_box", d.run_box)
    return d


@pytest.fixture
def make_window(qtbot):
    """Make main windows on the default plan, shown and started; each is closed after the test."""
    from planner.ui import MainWindow

    made = []

    def make():
        w = MainWindow()
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: w.startup_finished)
        made.append(w)
        return w
    yield make
    for w in made:
        w.close()


@pytest.fixture
def window(make_window):
    """A main window on the default plan; after the test, nothing it made may outlive it."""
    return make_window()


def app_widgets(top_level: bool = True) -> list:
    """The application's top-level widgets (or all its widgets) as Python objects, safely.

    A window that only a reference cycle keeps (an earlier test's, say) is freed by the cyclic garbage collector
    whenever an allocation starts a collection, and that can happen while Qt's list is being made into Python
    objects: the window takes its popups with it and the rest of the list points at freed memory, a segfault
    (it stopped the whole suite about one run in five). So: collect first, then list with the collector paused.
    """
    gc.collect()
    paused = gc.isenabled()
    gc.disable()
    try:
        return list(QApplication.topLevelWidgets() if top_level else QApplication.allWidgets())
    finally:
        if paused:
            gc.enable()


@pytest.fixture(autouse=True)
def _no_leftover_windows(qtbot):
    # What is alive when a test starts (the session's catalog, caches, modules) moves to the collector's
    # permanent generation, so the collections below walk only what this test made: a full collection of the
    # whole heap took ~0.1-0.4 s, twice a test, a third of the UI tests' time. (The previous test's windows
    # are no longer referenced here, so they are collected first and never frozen.)
    gc.collect()
    gc.freeze()
    yield
    app = QApplication.instance()
    for w in app_widgets():
        if w.isVisible():
            w.close()
    app.sendPostedEvents(None, 0)
    app.processEvents()
    leftover = [w for w in app_widgets() if w.isVisible()]
    assert leftover == [], f"widgets outlived the test: {leftover}"


@pytest.fixture(name="app_widgets")
def app_widgets_fixture():
    """``app_widgets(top_level=True)``: the application's widgets, listed without the garbage-collector hazard."""
    return app_widgets


@pytest.fixture
def bert_window(window, catalog):
    """The window with the BERT-with-tuning preset open as a fresh document: a plan whose numbers tests know."""
    from planner.core import Plan

    window.state.open_document(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog))
    return window


@pytest.fixture
def shown_text():
    """What a rich-text label reads as: ``shown_text(label)``, its plain text with every kind of space as one."""
    from PySide6.QtGui import QTextDocumentFragment

    return lambda label: " ".join(QTextDocumentFragment.fromHtml(label.text()).toPlainText().split())


@pytest.fixture
def showing(qtbot):
    """Show a widget alone at a size and wait until it is on screen: ``showing(widget, 700, 300)``."""
    def show(widget, width, height):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget
    return show


@pytest.fixture
def hub(qtbot, catalog):
    """A panel alone: a hub on a plan state (the BERT preset), no window."""
    from planner.core import Plan
    from planner.core.state import PlanState
    from planner.ui.hub import Hub

    state = PlanState(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    hub = Hub(state)
    yield hub
    hub.detach()
