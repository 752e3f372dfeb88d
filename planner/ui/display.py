"""Can a window open here? Asked before Qt is, because Qt aborts the process (with a message that names the
wrong package) when its xcb platform plugin cannot load its libraries, or when there is no display.

On Linux with X11, the plugin is loaded the way Qt would load it; if a library is missing, ``ldd`` lists all of
them and the one line said names each with the package that has it on Debian/Ubuntu and on Fedora.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

# the libraries Qt's xcb plugin needs beyond a base system: (Debian/Ubuntu package, Fedora package)
PACKAGES = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
}


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, if this installation has one."""
    try:
        import PySide6
    except ImportError:  # pragma: no cover - the app cannot run at all then
        return None
    path = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return path if path.is_file() else None


def missing_libraries(plugin: Path, ldd=None) -> list[str]:
    """The libraries ``plugin`` needs that this system lacks (empty when it loads)."""
    try:
        ctypes.CDLL(str(plugin), mode=getattr(os, "RTLD_LAZY", 1) | getattr(os, "RTLD_LOCAL", 0))
        return []
    except OSError as exc:
        first = str(exc).split(":", 1)[0].strip()
    listing = ldd(plugin) if ldd is not None else _ldd(plugin)
    found = [line.split("=>")[0].strip() for line in listing.splitlines() if "not found" in line]
    return list(dict.fromkeys(found)) or ([first] if first.startswith("lib") else [])


def _ldd(plugin: Path) -> str:
    if shutil.which("ldd") is None:
        return ""
    try:
        return subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _known_good(plugin: Path, remember: bool = False) -> bool:
    """Did this plugin (this file, as it is) load here before? A mark in the state folder says so."""
    from planner.core.settings import state_dir

    try:
        st = plugin.stat()
        key = f"{plugin}\n{st.st_size}\n{st.st_mtime_ns}\n"
        mark = state_dir() / "display-ok"
        if remember:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.write_text(key, encoding="utf-8")
            return True
        return mark.is_file() and mark.stat().st_size < 10_000 and mark.read_text(encoding="utf-8") == key
    except (OSError, UnicodeDecodeError):
        return False


def install_hint(missing: list[str]) -> str:
    """The commands that install what is missing, on Debian/Ubuntu and on Fedora."""
    debian = " ".join(dict.fromkeys(PACKAGES.get(lib, (lib, lib))[0] for lib in missing))
    fedora = " ".join(dict.fromkeys(PACKAGES.get(lib, (lib, lib))[1] for lib in missing))
    return f"Debian/Ubuntu: sudo apt-get install {debian}; Fedora: sudo dnf install {fedora}"


def problem(env=None, platform: str = sys.platform, plugin: Path | None = None, ldd=None) -> str | None:
    """Why no window can open here, in one line, or None when it can (or when Qt will be the judge: another
    platform, Wayland, offscreen)."""
    env = os.environ if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or (chosen and not chosen.startswith("xcb")):
        return None
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None  # Qt may choose Wayland
    if not env.get("DISPLAY"):
        return ("no display to open the window on (DISPLAY is not set). The commands estimate, regions, advise, "
                "sensitivity and report work without one; for the window, run it in a desktop session (or under "
                "xvfb-run)")
    plugin = plugin or xcb_plugin()
    if plugin is None or _known_good(plugin):
        return None
    missing = missing_libraries(plugin, ldd)
    if not missing:
        _known_good(plugin, remember=True)  # the next start need not load it twice
        return None
    return (f"cannot open the window: Qt's X11 support needs {', '.join(missing)}, which this system lacks. "
            f"Install them ({install_hint(missing)}) and start planner again")
