"""The README's set-up commands stay true: CI runs exactly its test command."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands():
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", (ROOT / "README.md").read_text())


def test_readme_has_the_two_setup_commands():
    app, tests = _commands()[:2]
    assert app.endswith(".venv/bin/planner")
    assert "pytest" in tests and "[test]" in tests
    assert "ruff check" in tests and "lint-imports" in tests and "mypy" in tests  # the gates run before the tests


def test_ci_runs_exactly_the_readme_test_command():
    tests = _commands()[1]
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert tests in ci_lines
