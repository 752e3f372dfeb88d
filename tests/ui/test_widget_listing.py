"""The suite's own listing of the application's widgets (``app_widgets`` in conftest.py) survives windows that
only the cyclic garbage collector frees: listing them with ``QApplication.topLevelWidgets()`` directly segfaulted
the suite about one run in five."""

import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py")

# Windows kept only by a reference cycle, each with combo boxes whose popups Qt made (no Python wrapper yet):
# wrapping those popups allocates, a collection starts, and the windows are freed mid-list.
SCRIPT = """
import gc, importlib.util, sys
from PySide6.QtWidgets import QApplication, QComboBox, QVBoxLayout, QWidget
spec = importlib.util.spec_from_file_location("ui_conftest", sys.argv[1])
conftest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conftest)
app = QApplication([])
kept = [QComboBox() for _ in range(30)]
for c in kept:
    c.view()
gc.collect()
gc.disable()
for _ in range(30):
    w = QWidget()
    w.me = w
    lay = QVBoxLayout(w)
    for _ in range(3):
        c = QComboBox()
        lay.addWidget(c)
        c.view()
    del w, c, lay
gc.set_threshold(5)
gc.enable()
listed = conftest.app_widgets(top_level=sys.argv[2] == "top")
print(len(listed), sum(x.isVisible() for x in listed), gc.isenabled())
"""


def test_listing_widgets_survives_windows_the_garbage_collector_frees():
    for which, count in (("top", 60), ("all", 120)):  # 30 combos, each with its popup and (all) its view parts
        run = subprocess.run([sys.executable, "-X", "faulthandler", "-c", SCRIPT, str(CONFTEST), which],
                             capture_output=True, text=True, timeout=120,
                             env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
        assert run.returncode == 0, run.stderr[-2000:]
        listed, visible, collector_on = run.stdout.split()
        assert int(listed) >= count and visible == "0" and collector_on == "True"
