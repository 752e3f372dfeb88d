"""Settings, autosave and the user's own data folder, all under platformdirs.

Settings (recent files, window geometry, units, last folder) live in the
config folder as JSON. A corrupt or unreadable settings file gives the
defaults and a warning, never a failed start (the bad file is moved aside,
not lost). Unsaved work is autosaved per window to the state folder and
offered back after a crash.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planner.core.fileio import atomic_write_text, describe_os_error, read_regular_bytes

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


MAX_SETTINGS_BYTES = 16 * 1024 * 1024
MAX_PATH_CHARS = 4096


def _read_json_file(path: Path, limit: int):
    """The JSON in ``path``; raises ValueError with a short reason for anything else."""
    from planner.core.plan import parse_json

    try:
        raw = read_regular_bytes(path, limit)
    except OSError as exc:
        raise ValueError(describe_os_error(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    return parse_json(text, path, lambda _path, reason: ValueError(reason))


def move_aside(path: Path) -> Path | None:
    """Rename a corrupt file (or folder) of ours to ``<name>.corrupt-<time>`` so it is kept but no longer read;
    the new name, or None if it could not be moved."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for k in range(100):
        aside = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{k}" if k else ""))
        if os.path.lexists(aside):
            continue
        try:
            os.rename(path, aside)
        except OSError:
            return None
        return aside
    return None


def moved(path: Path, reason: str) -> str:
    """Move a file of ours that cannot be used aside, and say so: "<name> could not be used (<reason>); kept as …"."""
    aside = move_aside(path)
    kept = f"kept as {aside.name}" if aside else "it could not be moved aside"
    return f"{path.name} could not be used ({reason}); {kept}"


def _clean_path(value) -> str | None:
    """A path string we can show and open, or None (wrong type, too long, NUL, not valid Unicode)."""
    if not isinstance(value, str) or not value or len(value) > MAX_PATH_CHARS or "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


@dataclass
class Settings:
    recent_files: list = field(default_factory=list)
    geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    units: str = "auto"
    log_axis: bool = True
    last_folder: str = ""
    region_filter: str = "cloud"
    region_view: str = "chart"  # the ranked region chart, the map ("map") or the year ("when")

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path]
        del self.recent_files[MAX_RECENT:]
        self.last_folder = str(Path(path).parent)

    @staticmethod
    def path() -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[Settings, str | None]:
        """The settings, and a warning (or None). Never raises.

        A file that cannot be used whole (not JSON, not an object, too large, not a regular file) is moved
        aside and the defaults are used; a bad value is ignored by name, and the file is kept aside too
        before it is next saved over. A long recent-files list is cut to its first ``MAX_RECENT``.
        """
        path = path or cls.path()
        if not os.path.lexists(path):
            return cls(), None
        try:
            data = _read_json_file(path, MAX_SETTINGS_BYTES)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            return cls(), f"Settings: {moved(path, str(exc))}; using the defaults."
        s = cls()
        problems = []
        for name in asdict(cls()):
            if name not in data:
                continue
            value = data[name]
            if name == "recent_files":
                ok = isinstance(value, list)
                if ok:
                    value = [p for p in (_clean_path(v) for v in value[:MAX_RECENT * 10]) if p][:MAX_RECENT]
            elif name == "log_axis":
                ok = isinstance(value, bool)
            elif name == "units":
                ok = value in ("auto", "kg", "t", "lb")
            elif name == "region_view":
                ok = value in ("chart", "map", "when")
            elif name == "geometry":
                ok = isinstance(value, str) and len(value) <= 20_000
            elif name == "last_folder":
                ok = value == "" or _clean_path(value) is not None
            else:
                ok = isinstance(value, str) and len(value) <= 100
            if ok:
                setattr(s, name, value)
            else:
                problems.append(name)
        if not problems:
            return s, None
        aside = move_aside(path)
        kept = f" (the file is kept as {aside.name})" if aside else ""
        return s, (f"Settings: ignored bad value(s) for {', '.join(problems)}{kept}; "
                   "using the defaults for them.")

    def save(self, path: Path | None = None) -> None:
        path = path or self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(asdict(self), indent=2) + "\n")


# ------------------------------------------------------------------ autosave
# Each window autosaves to its own file, <id>.plan.json in the autosave folder, and holds a lock on
# <id>.lock while it lives (an OS lock, released by the OS when the process dies). At start-up, an
# autosave whose lock nobody holds was left by a window that did not close: that is what is offered back.
# A window never offers, reads or deletes an autosave whose lock another live window holds.
MAX_AUTOSAVE_BYTES = 5 * 1024 * 1024


def autosave_dir() -> Path:
    return state_dir() / "autosave"


def legacy_autosave_path() -> Path:
    """Where planners before per-window autosave kept the one autosave (still offered back)."""
    return state_dir() / "autosave.plan.json"


def _try_lock(fd: int) -> bool:
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            return True
        except OSError:
            return False
    except OSError:
        return False


def _lock(path: Path) -> int | None:
    """An open descriptor holding the lock on ``path``, or None if another holds it (or it cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
    if _try_lock(fd):
        return fd
    os.close(fd)
    return None


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _ensure_dir(folder: Path) -> list[str]:
    """Make the autosave folder; a file in its way is moved aside. Warnings, if any."""
    warnings = []
    if os.path.lexists(folder) and not folder.is_dir():
        warnings.append(f"Autosave: {moved(folder, 'not a folder')}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        warnings.append(f"Autosave: cannot use {folder} ({describe_os_error(exc)})")
    return warnings


class AutosaveSlot:
    """One window's autosave: its own file, locked while the window lives."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else autosave_dir()
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.path = self.folder / f"{self.id}.plan.json"
        self.lock_path = self.folder / f"{self.id}.lock"
        self._fd: int | None = None

    def _hold(self) -> None:
        if self._fd is None:
            _ensure_dir(self.folder)
            self._fd = _lock(self.lock_path)

    def write(self, plan, document_path: str | None, document_sha256: str | None = None) -> None:
        """Keep unsaved work: the plan, the file it belongs to and what that file held when the window last
        opened or saved it (its SHA-256, so a restored plan's save knows whether the file changed since), and
        when. Raises OSError."""
        self._hold()
        atomic_write_text(self.path, json.dumps({"saved_at": time.time(), "document": document_path,
                                                 "document_sha256": document_sha256,
                                                 "plan": plan.to_dict()}, indent=2))

    def clear(self) -> None:
        _remove(self.path)

    def release(self, keep: bool = False) -> None:
        """The window closes: drop the autosave (``keep`` leaves it, as a crash would) and the lock."""
        if not keep:
            self.clear()
        if self._fd is not None:
            fd, self._fd = self._fd, None
            if not keep:
                _remove(self.lock_path)
            os.close(fd)


@dataclass
class Recovered:
    """An autosave left by a window that did not close."""
    path: Path
    plan: object
    document: str | None
    saved_at: float | None  # None: unknown
    lock_fd: int | None = None
    fingerprint: str | None = None  # the SHA-256 of what ``document`` held when it was last opened or saved

    def discard(self) -> None:
        """Delete it (restored or declined) and let go of its lock."""
        _remove(self.path)
        self.let_go(remove_lock=True)

    def let_go(self, remove_lock: bool = False) -> None:
        if self.lock_fd is not None:
            fd, self.lock_fd = self.lock_fd, None
            if remove_lock:
                _remove(self.path.with_name(self.path.name.removesuffix(".plan.json") + ".lock"))
            os.close(fd)


def _read_autosave(path: Path, catalog) -> Recovered:
    """Raises ValueError with the reason the file cannot be used."""
    from planner.core.errors import PlannerError
    from planner.core.plan import Plan

    data = _read_json_file(path, MAX_AUTOSAVE_BYTES)
    if not isinstance(data, dict) or "plan" not in data:
        raise ValueError("not an autosave file")
    try:
        plan = Plan.from_dict(data["plan"], catalog)
    except PlannerError as exc:
        raise ValueError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a plan that breaks the reader: the autosave goes aside, said
        raise ValueError(f"its plan cannot be read ({type(exc).__name__}: {exc})") from None
    saved_at = data.get("saved_at")
    ok = isinstance(saved_at, (int, float)) and not isinstance(saved_at, bool) \
        and 0 < saved_at < time.time() + 86400
    sha = data.get("document_sha256")
    sha = sha if isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha) else None
    return Recovered(path, plan, _clean_path(data.get("document")), float(saved_at) if ok and saved_at else None,
                     fingerprint=sha)


def recovered_document(rec: Recovered, catalog) -> tuple[str | None, str]:
    """The file a restored autosave goes on editing, or None (untitled: Save asks where), and why not, in
    words. An autosave can name any file: only a plan file (``*.json`` that reads as a plan) is kept, or
    one that is gone (a save then makes it anew); anything else is never written to without Save As."""
    from planner.core.errors import PlannerError
    from planner.core.plan import load_plan

    doc = rec.document
    if doc is None:
        return None, ""
    if not doc.lower().endswith(".json"):
        return None, f"It named {doc}, which is not a plan file: Save asks where to save it."
    if not os.path.lexists(doc):
        return doc, ""
    try:
        load_plan(doc, catalog)
    except PlannerError:
        return None, f"It named {doc}, which does not hold a plan now: Save asks where to save it."
    return doc, ""


def find_recoverable(catalog, folder: Path | None = None) -> tuple[list[Recovered], list[str]]:
    """Autosaves left by windows that did not close (newest first, each locked for the caller until it is
    discarded or let go), and warnings naming the files that could not be used and were moved aside."""
    folder = Path(folder) if folder is not None else autosave_dir()
    warnings = _ensure_dir(folder) if os.path.lexists(folder) else []
    candidates: list[tuple[Path, Path | None]] = []
    try:
        if folder.is_dir():
            names = sorted(os.listdir(folder))[:1000]
            candidates = [(folder / n, folder / (n.removesuffix(".plan.json") + ".lock"))
                          for n in names if n.endswith(".plan.json")]
    except OSError as exc:
        warnings.append(f"Autosave: cannot read {folder} ({describe_os_error(exc)})")
    legacy = legacy_autosave_path() if folder == autosave_dir() else None
    if legacy is not None and os.path.lexists(legacy):
        candidates.append((legacy, None))
    found = []
    for path, lock_path in candidates:
        fd = None
        if lock_path is not None:
            if os.path.lexists(lock_path) and not (os.path.isfile(lock_path) and not os.path.islink(lock_path)):
                # a lock that is a folder (or a link, a FIFO) can never be held: no window owns this autosave
                warnings.append(f"Autosave: {moved(lock_path, 'its lock is not a file')}; the autosave is offered")
            fd = _lock(lock_path)
            if fd is None:  # a live window's own autosave
                continue
        try:
            rec = _read_autosave(path, catalog)
        except ValueError as exc:
            warnings.append(f"Autosave: {moved(path, str(exc))}")
            if fd is not None:
                if lock_path is not None:
                    _remove(lock_path)
                os.close(fd)
            continue
        rec.lock_fd = fd
        found.append(rec)
    found.sort(key=lambda r: r.saved_at or 0.0, reverse=True)
    return found, warnings
