"""Where the reference data lives, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The folder holding the catalog CSVs and icons.

    A built wheel carries it as ``planner/resources``; a source checkout
    (and an editable install) has it at the top level beside ``planner/``.
    """
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "accelerators.csv").is_file():
            return candidate
    raise FileNotFoundError(f"reference data not found next to {here}")
