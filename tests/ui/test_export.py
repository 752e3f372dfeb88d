"""What leaves the window: every format the command line writes, from File → Export as."""

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.core.exports import FORMATS, TEXT_FORMATS


@pytest.mark.parametrize("key", list(FORMATS))
def test_every_format_the_command_line_writes_is_in_the_window(window, tmp_path, monkeypatch, capsys, key):
    """The EU AI Act export existed only in the command line (issue 30, item 12)."""
    from planner.cli import main
    from planner.core.plan import save_plan

    action = window.findChild(object, f"file.export_as.{key}")
    assert action is not None and action.text() == FORMATS[key].label
    out = tmp_path / "plan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action.trigger()
    written = tmp_path / f"plan{FORMATS[key].suffix}"
    assert written.exists()
    plan_file = tmp_path / "p.plan.json"
    save_plan(window.state.plan, plan_file)
    assert main(["estimate", str(plan_file), "--format", key]) == 0
    printed = capsys.readouterr().out
    text = written.read_text().replace("\xa0", " ").replace("\u2060", "")  # (a terminal's copy: plain spaces)
    assert text.strip() == printed.strip()


def test_the_export_menu_lists_the_formats_in_order(window):
    menu = window.findChild(object, "file.export_as")
    assert [a.objectName() for a in menu.actions()] == [f"file.export_as.{f.key}" for f in TEXT_FORMATS]
