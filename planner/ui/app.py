"""Start the desktop app."""

from __future__ import annotations

import sys


def app_icon():
    from PySide6.QtGui import QIcon

    from planner.core.resources import resources_dir

    return QIcon(str(resources_dir() / "icons" / "footprint-planner.svg"))


def make_app(argv: list[str] | None = None):
    """The QApplication (created once), styled to follow the system's light or dark palette."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *(argv or [])])
        app.setApplicationName("Footprint Planner")
        app.setOrganizationName("footprint-planner")
        app.setDesktopFileName("footprint-planner")
        app.setStyle("Fusion")  # Fusion follows the platform's colour scheme on Qt >= 6.5
        from PySide6.QtCore import QTimer

        # the SVG icon loads Qt's SVG plugin: after the first paint, not before it
        QTimer.singleShot(0, lambda: app.setWindowIcon(app_icon()))
    return app


def run_app(argv: list[str]) -> int:
    from planner import __version__

    paths = [a for a in argv if not a.startswith("-")]
    app = make_app(argv)
    app.setApplicationVersion(__version__)
    from planner.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if not window.offer_recovery() and paths:  # planner my.plan.json
        window.open_plan(paths[0])
    return app.exec()
