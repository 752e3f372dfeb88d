"""The formats a plan's results are written in, declared once: ``planner estimate --format`` offers each, and
the window's File → Export lists each (the PDF and the tables beside them). A new format is one entry here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TextFormat:
    key: str  # ``planner estimate --format KEY``
    label: str  # the window's File → Export entry
    suffix: str  # the file's extension
    kind: str  # the file dialog's filter name ("Markdown files")
    help: str  # what it is, for --help and the menu's status tip
    render: Callable  # results -> the text

    @property
    def file_filter(self) -> str:
        return f"{self.kind} (*{self.suffix})"


def estimate_json(results) -> dict:
    """``planner estimate --json``: the estimate, its 90% intervals, the water and the serving, as data."""
    from planner.core.metrics import in_place

    data = results.estimate.to_dict()
    for m in in_place("json", results):  # every declared figure, under its key
        data[m.key] = m.json_value(results)
    data["percentiles"] = results.uncertainty.percentiles  # the 90% interval; "range": the conservative bounds
    data["uncertainty_method"] = results.uncertainty.method
    data["water"] = results.water.to_dict()
    data["serving"] = None if results.serving is None else results.serving.to_dict()
    return data


def _summary(results) -> str:
    from planner.core.present import summary_text

    return summary_text(results) + "\n"


def _json(results) -> str:
    return json.dumps(estimate_json(results), indent=2, allow_nan=False) + "\n"


def _csv(results) -> str:
    from planner.core.tables import estimate_frame, to_csv

    return to_csv(estimate_frame(results))


def _model_card(results) -> str:
    from planner.core.tables import model_card

    return model_card(results.estimate)


def _eu_ai_act(results) -> str:
    from planner.core.summary import eu_ai_act

    return eu_ai_act(results)


def _spdx(results) -> str:
    from planner.core.filings import spdx

    return spdx(results)


def _boamps(results) -> str:
    from planner.core.filings import boamps

    return boamps(results)


def _gpai_form(results) -> str:
    from planner.core.filings import gpai_form

    return gpai_form(results)


TEXT_FORMATS = (
    TextFormat("text", "Summary as &text…", ".txt", "Text files",
               "the readable summary: the plan, every card, the CO2e by phase", _summary),
    TextFormat("json", "Estimate as &JSON…", ".json", "JSON files",
               "every figure and input with its source, as data", _json),
    TextFormat("csv", "Phases and parts as &CSV…", ".csv", "CSV files",
               "phases and parts, numbers unformatted, units in column names", _csv),
    TextFormat("model-card", "&Model-card metadata (Hugging Face)…", ".yaml", "YAML files",
               "Hugging Face co2_eq_emissions metadata, emissions in grams", _model_card),
    TextFormat("eu-ai-act", "&EU AI Act documentation (Annex XI)…", ".md", "Markdown files",
               "Markdown: the EU AI Act's Annex XI 2(d)-(e) items the plan can fill", _eu_ai_act),
    TextFormat("gpai-form", "EU &GPAI Model Documentation Form…", ".md", "Markdown files",
               "Markdown: the GPAI Code of Practice's computational resources and energy items, estimated",
               _gpai_form),
    TextFormat("spdx", "SP&DX 3.0 AI package (JSON-LD)…", ".spdx.json", "SPDX JSON-LD files",
               "SPDX 3.0.1 JSON-LD: an ai_AIPackage with its estimated training (and serving) energy", _spdx),
    TextFormat("boamps", "&BoAmps energy report…", ".json", "JSON files",
               "BoAmps (Boavizta) JSON: a draft report of the training's estimated energy", _boamps),
)
FORMATS = {f.key: f for f in TEXT_FORMATS}
