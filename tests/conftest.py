import csv
import json
import os
import subprocess

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


# ---------------------------------------------------------------- CodeCarbon files
# CodeCarbon's standard header (v2/v3 emissions.csv)
HEADER = ["timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
          "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
          "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os", "python_version",
          "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
          "ram_total_size", "tracking_mode", "on_cloud", "pue"]


def write_emissions(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in HEADER})
    return path


def run_row(**over):
    # 10 h on 8 GPUs at 250 W, host 400 W, PUE 1.2, 50 g/kWh
    gpu, host, hours, pue = 8 * 250 * 10 / 1000, 400 * 10 / 1000, 10.0, 1.2
    total = (gpu + host) * pue
    row = {"timestamp": "2026-05-01T10:00:00", "project_name": "bert", "run_id": "r1", "duration": hours * 3600,
           "emissions": total * 0.05, "cpu_energy": host * 0.75 * pue, "ram_energy": host * 0.25 * pue,
           "gpu_energy": gpu * pue, "energy_consumed": total, "country_name": "Canada", "country_iso_code": "CAN",
           "region": "quebec", "cloud_provider": "gcp", "cloud_region": "northamerica-northeast1",
           "gpu_count": 8, "gpu_model": "8 x NVIDIA A100-SXM4-40GB", "pue": pue, "os": "Linux"}
    row.update(over)
    return row


@pytest.fixture
def codecarbon():
    """Write CodeCarbon-format emissions.csv files: ``codecarbon.write(path, [codecarbon.row(...)])``."""
    from types import SimpleNamespace

    return SimpleNamespace(write=write_emissions, row=run_row, header=HEADER)


# ---------------------------------------------------------------- a full disk
def _tiny_disk(tmp_path, size: str):
    """A small tmpfs at tmp_path/disk (root only), or skip."""
    import shutil

    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk is made with a small tmpfs, which needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    return disk


@pytest.fixture
def tiny_disk(tmp_path):
    made = []

    def make(size="64k"):
        made.append(_tiny_disk(tmp_path, size))
        return made[-1]
    yield make
    for disk in made:
        subprocess.run(["umount", str(disk)], capture_output=True)


