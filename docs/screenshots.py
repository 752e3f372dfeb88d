"""Pictures of the window for review (not a test): the minimum size and 1920x1080, light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py OUT_DIR [PRESET]

Each picture is OUT_DIR/<size>-<scheme>.png, taken after the plan has settled (intervals and advice shown).
"""

from __future__ import annotations

import os
import sys
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


def main(out: str, preset: str | None = None) -> None:
    import tempfile

    home = tempfile.mkdtemp(prefix="planner-shots-")  # the app's defaults, not this machine's settings
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    from planner.ui.app import make_app

    app = make_app([])
    from planner.ui.main_window import MainWindow

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    light = app.palette()
    for scheme in ("light", "dark"):
        app.setPalette(dark_palette() if scheme == "dark" else light)
        w = MainWindow()
        if preset:
            w.load_preset(preset)
        for name, size in (("min", (w.minimumWidth(), w.minimumHeight())), ("1920x1080", (1920, 1080))):
            w.resize(*size)
            w.show()
            settle(app)
            w.grab().save(str(folder / f"{name}-{scheme}.png"))
        w.state.mark_saved("x")  # nothing to ask about
        w.close()
        settle(app, 0.2)
    print(f"wrote {len(list(folder.glob('*.png')))} pictures to {folder}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
