"""Before Qt: a window that cannot open says why in one line, naming the packages to install (issue 21)."""

from planner.ui import display

LDD = """\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
"""


def test_missing_xcb_libraries_are_named_with_their_packages(tmp_path):
    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not a library")  # the plugin cannot load: ldd says why
    why = display.problem(env={"DISPLAY": ":0"}, platform="linux", plugin=broken, ldd=lambda p: LDD)
    assert why.startswith("cannot open the window") and "\n" not in why
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in why and "libxcb-cursor" not in why
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in why and "dnf install xcb-util-wm xcb-util-keysyms" in why


def test_no_display_is_said_and_other_platforms_are_left_to_qt():
    assert "DISPLAY is not set" in display.problem(env={}, platform="linux")
    assert display.problem(env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert display.problem(env={"WAYLAND_DISPLAY": "wayland-0"}, platform="linux") is None
    assert display.problem(env={}, platform="darwin") is None


def test_a_plugin_that_loads_is_remembered(monkeypatch):
    plugin = display.xcb_plugin()
    if plugin is None:
        return
    calls = []
    monkeypatch.setattr(display, "missing_libraries", lambda p, ldd=None: calls.append(p) or [])
    assert display.problem(env={"DISPLAY": ":0"}, platform="linux", plugin=plugin) is None
    assert display.problem(env={"DISPLAY": ":0"}, platform="linux", plugin=plugin) is None
    assert calls == [plugin]  # loaded once; the next start trusts the mark


def test_the_app_says_it_and_stops_before_qt(monkeypatch, capsys):
    from planner.ui import app

    monkeypatch.setattr(display, "problem", lambda: "no display to open the window on (DISPLAY is not set)")
    assert app.run_app([]) == 2
    assert capsys.readouterr().err == "planner: no display to open the window on (DISPLAY is not set)\n"
