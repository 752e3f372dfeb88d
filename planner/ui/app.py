"""Start the desktop app."""

from __future__ import annotations

import sys

APP_ID = "org.footprintplanner.Planner"  # the desktop entry, metainfo and MIME files use it


def app_icon():
    """The application icon at every packaged size (PNG: no SVG plugin needed at start-up)."""
    from PySide6.QtGui import QIcon

    from planner.core.resources import resources_dir

    icon = QIcon()
    for png in sorted((resources_dir() / "icons" / "hicolor").glob("footprint-planner-*.png")):
        icon.addFile(str(png))
    return icon


def make_app(argv: list[str] | None = None):
    """The QApplication (created once), styled to follow the system's light or dark palette."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *(argv or [])])
        app.setApplicationName("Footprint Planner")
        app.setOrganizationName("footprint-planner")
        app.setDesktopFileName(APP_ID)
        from planner.ui.theme import ReadableStyle, follow

        app.setStyle(ReadableStyle("Fusion"))  # Fusion (it follows the platform's colour scheme on Qt >= 6.5), with
        follow(app)  # rings, placeholders and the selection readable in light and dark (WCAG AA)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: app.setWindowIcon(app_icon()))  # after the first paint
    return app


def run_app(argv: list[str]) -> int:
    from planner import __version__
    from planner.ui.display import problem

    why = problem()  # before Qt, which would abort with a message naming the wrong package
    if why:
        print(f"planner: {why}", file=sys.stderr)
        return 2

    smoke = "--smoke-test" in argv  # packaging/build.sh: open, paint, exit 0
    paths = [a for a in argv if not a.startswith("-")]
    app = make_app([a for a in argv if a != "--smoke-test"])
    app.setApplicationVersion(__version__)
    from planner.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if smoke:
        from PySide6.QtCore import QTimer

        app.processEvents()
        ok = window.state.estimate is not None and window.charts.regions.isVisible()
        print(f"smoke test: window painted, CO2e {window.results.cards['emissions'].value.text()}")
        QTimer.singleShot(0, lambda: app.exit(0 if ok else 1))
        return app.exec()
    if not window.documents.offer_recovery() and paths:  # planner my.plan.json, or planner bert-base
        import os

        if not os.path.lexists(paths[0]) and paths[0] in window.catalog.presets:
            window.load_preset(paths[0])
        else:
            window.open_plan(paths[0])
    return app.exec()
