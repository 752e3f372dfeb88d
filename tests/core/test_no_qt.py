"""planner.core never imports Qt: checked in a fresh interpreter and in the source."""

import ast
import subprocess
import sys
from pathlib import Path

import planner.core

CORE = Path(planner.core.__file__).parent
QT = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pyqtgraph", "qtpy")


def test_importing_and_using_the_core_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib, planner.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('planner.core.' + m.name)\n"
        "cat = c.default_catalog()\n"
        "e = c.estimate(c.Plan.from_dict(cat.presets['default'].plan, cat), cat)\n"
        "c.sweep(e, cat).to_frame()\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_source_has_no_qt_import():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in QT]
    assert offenders == []
