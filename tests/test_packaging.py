"""Desktop integration files agree with each other and with the app, and validate."""

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planner.ui.app import APP_ID

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"


def test_desktop_entry_opens_plan_files():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PKG / f"{APP_ID}.desktop")
    d = entry["Desktop Entry"]
    assert d["Icon"] == APP_ID and d["Exec"].startswith("footprint-planner ") and "%f" in d["Exec"]
    assert "application/x-footprint-plan+json" in d["MimeType"].split(";")


def test_mime_type_claims_plan_json():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(PKG / f"{APP_ID}.mime.xml").getroot()
    mt = root.find("m:mime-type", ns)
    assert mt.get("type") == "application/x-footprint-plan+json"
    assert mt.find("m:glob", ns).get("pattern") == "*.plan.json"


def test_metainfo_names_the_app():
    root = ET.parse(PKG / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"


def test_icons_at_every_size_and_as_window_icon(qapp):
    from planner.ui.app import app_icon

    sizes = sorted(int(p.stem.rsplit("-", 1)[1]) for p in (ROOT / "resources/icons/hicolor").glob("*.png"))
    assert {16, 32, 48, 64, 128, 256} <= set(sizes)
    icon = app_icon()
    assert not icon.isNull() and len(icon.availableSizes()) == len(sizes)


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validates():
    r = subprocess.run(["desktop-file-validate", str(PKG / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert r.returncode == 0 and "error" not in r.stdout, r.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates():
    r = subprocess.run(["appstreamcli", "validate", "--no-net", str(PKG / f"{APP_ID}.metainfo.xml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
