"""Numbers in the formats papers, model cards and spreadsheets take.

* ``estimate_frame``: the estimate by phase and by part, one row each, as a pandas DataFrame;
* ``regions_frame``: the same plan in every region (the region sweep);
* ``write_table``: a frame to CSV (or Excel, where ``openpyxl`` is installed), atomically;
* ``model_card``: the Hugging Face model-card metadata block ``co2_eq_emissions``.

Numbers are unformatted; units are in the column names. pandas is imported
here only, off the window's start-up path.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from planner.core.errors import PlanFileError
from planner.core.estimate import EMBODIED_PART_LABELS, PART_LABELS, PARTS, PHASE_LABELS, PHASES, Estimate
from planner.core.metrics import in_place
from planner.core.text import markdown_text


def estimate_frame(results):
    """One row per phase and per part, then the embodied share and the total (water by phase and total), of a
    plan's ``Results``."""
    import pandas as pd

    est, w = results.estimate, results.water
    rows = []
    for p in PHASES:
        r = est.phases[p]
        rows.append({"table": "phase", "item": PHASE_LABELS[p], "runs": r.runs,
                     "accelerator_hours": r.accelerator_hours,
                     "energy_kwh": r.energy_kwh, "emissions_kg": r.emissions_kg, "water_l": w.phases[p],
                     "cost_usd_low": r.cost_low, "cost_usd_high": r.cost_high})
    kg = est.parts_kg
    for p in PARTS:
        rows.append({"table": "part", "item": PART_LABELS[p], "energy_kwh": est.parts_kwh[p], "emissions_kg": kg[p]})
    for part, kg_part in est.embodied_parts.items():  # the accelerators, their servers: adding up to embodied_kg
        rows.append({"table": "embodied", "item": f"{EMBODIED_PART_LABELS[part]} (manufacturing, not in the total)",
                     "emissions_kg": kg_part})
    total = {"table": "total", "item": "Total (operational, location-based)", "runs": sum(est.inputs.runs.values())}
    for m in in_place("csv", results):  # every declared figure, a column each (the phases fill theirs above)
        total.update(m.csv_values(results))
    rows.append(total)
    columns = ["table", "item", "runs", "accelerator_hours", "energy_kwh", "emissions_kg", "water_l", "cost_usd_low",
               "cost_usd_high"]
    return pd.DataFrame(rows, columns=columns + [c for c in total if c not in columns])


def regions_frame(sweep):
    """The region sweep, ranked from the cleanest (units in the column names)."""
    return sweep.to_frame()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame):
    """``frame`` with every text cell a spreadsheet could run as a formula (one starting with =, +, -, @, a tab
    or a carriage return: a user catalog's "=HYPERLINK(…)") prefixed with ' so it is shown as text (OWASP,
    CSV injection). Numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def to_csv(frame) -> str:
    """The frame as CSV text, safe to open in a spreadsheet."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\n")


def excel_available() -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


def write_table(frame, path: str | Path) -> None:
    """Write ``frame`` to ``path`` by its extension (.csv, or .xlsx with openpyxl), atomically; PlanFileError
    naming the file when the format cannot be written here."""
    from planner.core.fileio import atomic_write_bytes, atomic_write_text

    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        if not excel_available():
            raise PlanFileError(path, "Excel needs the optional openpyxl package (pip install "
                                      "'footprint-planner[excel]'); CSV works without it")
        buf = io.BytesIO()
        spreadsheet_safe(frame).to_excel(buf, index=False, engine="openpyxl")
        atomic_write_bytes(path, buf.getvalue())
    else:
        atomic_write_text(path, to_csv(frame))


def _plain(x: float) -> str:
    """A number YAML reads as a float: plain decimals, no exponent (``1e+06`` is a string to YAML 1.1)."""
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


def model_card(est: Estimate) -> str:
    """The Hugging Face model-card metadata block (YAML, for the card's front matter): ``co2_eq_emissions``
    with ``emissions`` in grams, ``source``, ``training_type``, ``geographical_location`` and
    ``hardware_used``. The figure is the plan's estimate (operational, location-based)."""
    i, ex = est.inputs, est.plan.experiment

    def q(text: str) -> str:  # a YAML double-quoted scalar (JSON strings are valid YAML), in a Markdown file:
        # names and sources from files escaped, so the card shows them and runs nothing
        return json.dumps(markdown_text(text), ensure_ascii=False)

    from planner.core.present import grid_words

    source = (f"Footprint Planner estimate before training (planned, not measured): energy x grid intensity, "
              f"location-based, {grid_words(i, est.plan)}; method after Strubell et al. 2019 and Patterson et al. "
              "2021")
    return ("co2_eq_emissions:\n"
            f"  emissions: {_plain(est.emissions_kg * 1000.0)}\n"
            f"  source: {q(source)}\n"
            f"  training_type: {q('fine-tuning' if ex.fine_tune else 'pre-training')}\n"
            f"  geographical_location: {q(f'{i.region.name} ({i.region.id})')}\n"
            f"  hardware_used: {q(f'{i.count} x {i.accelerator.name}')}\n")
