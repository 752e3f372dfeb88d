"""Settings, autosave and the user's own data folder, all under platformdirs.

Settings (recent files, window geometry, units, last folder) live in the
config folder as JSON. A corrupt or unreadable settings file gives the
defaults and a warning, never a failed start. Unsaved work is autosaved to
the state folder and offered back after a crash.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planner.core.fileio import atomic_write_text

APP = "footprint-planner"
MAX_RECENT = 10


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def state_dir() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP, appauthor=False))


def data_dir() -> Path:
    """Where the user's own ``accelerators.csv`` and ``grid_regions.csv`` live."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


@dataclass
class Settings:
    recent_files: list = field(default_factory=list)
    geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    units: str = "kg"
    log_axis: bool = True
    last_folder: str = ""
    region_filter: str = "cloud"

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path]
        del self.recent_files[MAX_RECENT:]
        self.last_folder = str(Path(path).parent)

    @staticmethod
    def path() -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls, path: Path | None = None) -> tuple["Settings", str | None]:
        """The settings, and a warning (or None). Never raises."""
        path = path or cls.path()
        if not path.exists():
            return cls(), None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            return cls(), f"Settings file {path} could not be read ({exc}); using the defaults."
        s = cls()
        problems = []
        for name, default in asdict(cls()).items():
            if name not in data:
                continue
            value = data[name]
            if name == "recent_files":
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            elif name == "log_axis":
                ok = isinstance(value, bool)
            elif name == "units":
                ok = value in ("kg", "t", "lb")
            else:
                ok = isinstance(value, str)
            if ok:
                setattr(s, name, list(value) if isinstance(value, list) else value)
            else:
                problems.append(name)
        warning = (f"Settings file {path}: ignored bad value(s) for {', '.join(problems)}; using the defaults for them."
                   if problems else None)
        return s, warning

    def save(self, path: Path | None = None) -> None:
        path = path or self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(asdict(self), indent=2) + "\n")


# ------------------------------------------------------------------ autosave
def autosave_path() -> Path:
    return state_dir() / "autosave.plan.json"


def write_autosave(plan, document_path: str | None) -> None:
    """Keep unsaved work: the plan, the file it belongs to, and when."""
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps({"saved_at": time.time(), "document": document_path,
                                        "plan": plan.to_dict()}, indent=2))


def read_autosave(catalog) -> tuple | None:
    """(plan, document path, saved_at) of a left-over autosave, or None. A corrupt one is dropped."""
    from planner.core.errors import PlannerError
    from planner.core.plan import Plan

    path = autosave_path()
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Plan.from_dict(data["plan"], catalog), data.get("document"), float(data.get("saved_at", 0))
    except (OSError, ValueError, KeyError, TypeError, PlannerError):
        clear_autosave()
        return None


def clear_autosave() -> None:
    try:
        autosave_path().unlink()
    except FileNotFoundError:
        pass
