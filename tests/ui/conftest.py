import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def window(qtbot):
    """A main window on the default plan; after the test, nothing it made may outlive it."""
    from planner.ui import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.startup_finished)
    yield w
    w.close()


@pytest.fixture(autouse=True)
def _no_leftover_windows(qtbot):
    yield
    app = QApplication.instance()
    for w in QApplication.topLevelWidgets():
        if w.isVisible():
            w.close()
    app.sendPostedEvents(None, 0)
    app.processEvents()
    leftover = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert leftover == [], f"widgets outlived the test: {leftover}"
