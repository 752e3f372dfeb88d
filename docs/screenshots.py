"""Pictures of the window for review (not a test): the minimum size and 1920x1080, light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py OUT_DIR [PRESET]
        [--tab map|when|lifetime|sensitivity|tradeoffs] [--group Budget]
        [--set site.region=GB --set schedule.start=2026-03-01T09:00Z ...] [--font "DejaVu Sans,11"]

Each picture is OUT_DIR/<size>-<scheme>.png, taken after the plan has settled (intervals and advice shown).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def settle(app, seconds=1.2):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                        (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#2f2f2f"),
                        (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.Button, "#353535"),
                        (QPalette.ColorRole.ButtonText, "#e8e8e8"), (QPalette.ColorRole.Highlight, "#3d6fb5"),
                        (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.ToolTipBase, "#353535"),
                        (QPalette.ColorRole.ToolTipText, "#e8e8e8"), (QPalette.ColorRole.PlaceholderText, "#9a9a9a")):
        pal.setColor(role, QColor(color))
    return pal


def main(out: str, preset: str | None = None, tab: str | None = None, values: dict | None = None,
         font: str | None = None, group: str | None = None) -> None:
    import tempfile

    home = tempfile.mkdtemp(prefix="planner-shots-")  # the app's defaults, not this machine's settings
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    from planner.ui.app import make_app

    app = make_app([])
    if font:  # a desktop's own system font, e.g. "DejaVu Sans,11" (the default of many Linux desktops)
        from PySide6.QtGui import QFont

        family, _, size = font.partition(",")
        app.setFont(QFont(family, int(size or 10)))
    from planner.ui.main_window import MainWindow

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    from planner.ui.theme import readable

    light = app.palette()
    for scheme in ("light", "dark"):
        app.setPalette(readable(dark_palette()) if scheme == "dark" else light)
        w = MainWindow()
        if preset:
            w.load_preset(preset)
        if values:
            w.state.set_many(values)
        if tab:
            w.charts.show_chart(tab)
        for name, size in (("min", (w.minimumWidth(), w.minimumHeight())), ("1920x1080", (1920, 1080))):
            w.resize(*size)
            w.show()
            settle(app)
            if group:  # the editor scrolled to a group ("Budget")
                from PySide6.QtWidgets import QGroupBox

                box = w.editor.findChild(QGroupBox, f"group:{group.lower()}")
                w.editor.ensureWidgetVisible(box, 0, 0)
                settle(app, 0.3)
            w.grab().save(str(folder / f"{name}-{scheme}.png"))
        w.state.mark_saved("x")  # nothing to ask about
        w.close()
        settle(app, 0.2)
    print(f"wrote {len(list(folder.glob('*.png')))} pictures to {folder}")


def _value(text: str):
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("preset", nargs="?")
    parser.add_argument("--tab", choices=("map", "when", "lifetime", "sensitivity", "tradeoffs"))
    parser.add_argument("--group", help="scroll the editor to this group, e.g. Budget")
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    parser.add_argument("--font", help='the application font, e.g. "DejaVu Sans,11"')
    args = parser.parse_args()
    main(args.out, args.preset, args.tab, {k: _value(v) for k, v in (item.split("=", 1) for item in args.set)},
         args.font, args.group)
