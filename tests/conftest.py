import json
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def catalog():
    from planner.core import default_catalog

    return default_catalog()


@pytest.fixture
def write_plan(tmp_path):
    """Write a plan dict (or raw text) to a file and return its path."""
    def write(data, name="plan.plan.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data))
        return path
    return write


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """Point platformdirs (settings, autosave, user data) at a temporary folder."""
    home = tmp_path / "home"
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture(scope="session")
def published_runs():
    """Rows of shared/reference/published_runs.csv (a copy is kept in tests/data)."""
    import csv
    from pathlib import Path

    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / "shared" / "reference" / "published_runs.csv",
                      here / "data" / "published_runs.csv"):
        if candidate.is_file():
            with open(candidate, newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))
    raise FileNotFoundError("published_runs.csv")
