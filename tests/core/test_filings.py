"""Standard filings (planner.core.filings): SPDX 3.0.1's AI profile, a BoAmps report and the EU GPAI Model
Documentation Form, each checked against its specification's own field names, and the BoAmps report against
BoAmps' JSON schemas with the reference validator (jsonschema), offline."""

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from planner.core import Plan
from planner.core.filings import (
    INFERENCE_TOKENS,
    TO_COMPLETE,
    boamps_quality,
    boamps_report,
    energy_methodology,
    gpai_form,
    order_of_magnitude,
    spdx_document,
    training_time_range,
)
from planner.core.results import Results
from planner.core.units import fmt

DATA = Path(__file__).resolve().parent.parent / "data"
DAY = date(2026, 12, 6)


def llm(**values) -> Plan:
    base = {"hardware.accelerator": "H100-SXM", "hardware.count": 64, "model.parameters": 7e9,
            "model.training_tokens": 1e12, "site.region": "GB", "experiment.tuning_runs": 2}
    return Plan().with_values({**base, **values})


SERVED = {"serving.requests_per_day": 1e6, "serving.energy_wh_per_request": 0.3}  # (a given energy: no derivation)
HOURS_ONLY = {"hardware.accelerator": "V100", "hardware.count": 8, "run.hours": 10.0, "site.region": "FR"}


# ------------------------------------------------------------------ SPDX 3.0.1
# From the SPDX 3.0.1 model (https://github.com/spdx/spdx-3-model, tag 3.0.1; https://spdx.github.io/spdx-spec/v3.0.1/):
# the classes that are Agents (Core/Classes/Agent.md and its subclasses), each vocabulary the export uses, the
# required (minCount 1) properties of the classes it writes, and the DateTime format (Core/Datatypes/DateTime.md).
AGENT_CLASSES = {"Agent", "Person", "Organization", "SoftwareAgent"}
VOCABULARIES = {  # property -> its vocabulary's entries
    "ai_energyUnit": {"kilowattHour", "megajoule", "other"},  # AI/Vocabularies/EnergyUnitType.md
    "software_primaryPurpose": {"application", "archive", "bom", "configuration", "container", "data", "device",
                                "diskImage", "deviceDriver", "documentation", "evidence", "executable", "file",
                                "filesystemImage", "firmware", "framework", "install", "library", "manifest",
                                "model", "module", "operatingSystem", "other", "patch", "platform", "requirement",
                                "source", "specification", "test"},  # Software/Vocabularies/SoftwarePurpose.md
    "profileConformance": {"core", "software", "simpleLicensing", "expandedLicensing", "security", "build", "ai",
                           "dataset", "extension", "lite"},  # Core/Vocabularies/ProfileIdentifierType.md
}
REQUIRED = {
    "CreationInfo": {"specVersion", "created", "createdBy"},
    "ai_EnergyConsumptionDescription": {"ai_energyQuantity", "ai_energyUnit"},
}
ELEMENT_REQUIRED = {"spdxId", "creationInfo"}  # Core/Classes/Element.md
DATETIME = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]*)?$")  # xsd:decimal's lexical form


@pytest.fixture(scope="module")
def spdx_terms() -> set:
    """Every term of the SPDX 3.0.1 JSON-LD context (tests/data/spdx: a copy of spdx-context.jsonld)."""
    return set(json.loads((DATA / "spdx" / "spdx-context.jsonld").read_text())["@context"])


def nodes(value):
    """Every JSON object in ``value``, nested ones too."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from nodes(v)
    elif isinstance(value, list):
        for v in value:
            yield from nodes(v)


def spdx_of(catalog, plan) -> tuple[dict, Results]:
    r = Results(plan, catalog)
    doc = json.loads(json.dumps(spdx_document(r, DAY), allow_nan=False))  # as it is written: JSON
    return doc, r


def package(doc) -> dict:
    (model,) = [n for n in doc["@graph"] if n["type"] == "ai_AIPackage"]
    return model


def test_the_spdx_document_uses_only_the_specs_terms_and_vocabularies(catalog, spdx_terms):
    doc, _ = spdx_of(catalog, llm(**SERVED))
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    for node in nodes(doc["@graph"]):
        assert set(node) - {"@id"} <= spdx_terms, set(node) - spdx_terms
        assert node["type"] in spdx_terms and node["type"][node["type"].find("_") + 1].isupper(), node["type"]
        assert REQUIRED.get(node["type"], set()) <= set(node), node["type"]
        for prop, entries in VOCABULARIES.items():
            values = node.get(prop, [])
            assert set(values if isinstance(values, list) else [values]) <= entries, prop
    elements = [n for n in doc["@graph"] if "spdxId" in n]
    assert {n["type"] for n in elements} == {"SoftwareAgent", "Tool", "SpdxDocument", "ai_AIPackage"}
    assert all(ELEMENT_REQUIRED <= set(n) and n["creationInfo"] == "_:creationinfo" for n in elements)
    by_id = {n["spdxId"]: n for n in elements}
    assert len(by_id) == len(elements) and all(re.match(r"^(?!_:).+:.+", i) for i in by_id)  # IRIs, each once
    (info,) = [n for n in doc["@graph"] if n["type"] == "CreationInfo"]
    assert info["@id"] == "_:creationinfo" and info["specVersion"] == "3.0.1"
    assert DATETIME.match(info["created"]) and info["created"] == "2026-12-06T00:00:00Z"
    assert [by_id[a]["type"] for a in info["createdBy"]] == ["SoftwareAgent"]  # createdBy: an Agent
    assert AGENT_CLASSES >= {by_id[a]["type"] for a in info["createdBy"]}
    assert [by_id[t]["type"] for t in info["createdUsing"]] == ["Tool"]
    assert "Footprint Planner" in by_id[info["createdUsing"][0]]["name"]
    (document,) = [n for n in elements if n["type"] == "SpdxDocument"]
    assert document["rootElement"] == [package(doc)["spdxId"]] and set(document["element"]) <= set(by_id)
    assert "ai" not in document["profileConformance"]  # its licence and release facts are the provider's to add


def test_the_spdx_energy_is_the_estimates_in_kilowatt_hours_and_said_to_be_an_estimate(catalog):
    doc, r = spdx_of(catalog, llm(**SERVED))
    model = package(doc)
    assert model["name"] == r.plan.name and model["software_primaryPurpose"] == "model"
    energy = model["ai_energyConsumption"]
    assert energy["type"] == "ai_EnergyConsumption"
    (training,) = energy["ai_trainingEnergyConsumption"]
    (inference,) = energy["ai_inferenceEnergyConsumption"]
    for description in (training, inference):
        assert description["type"] == "ai_EnergyConsumptionDescription"
        assert description["ai_energyUnit"] == "kilowattHour" and DECIMAL.match(description["ai_energyQuantity"])
    assert float(training["ai_energyQuantity"]) == r.estimate.energy_kwh  # every digit: the same figure
    assert float(inference["ai_energyQuantity"]) == r.serving.energy_kwh
    assert "estimate" in model["comment"] and "not a measurement" in model["comment"]
    # not served: no inference; fine-tuning: the fine-tuning energy, not a training one
    doc, r = spdx_of(catalog, llm(**{"experiment.fine_tune": True}))
    energy = package(doc)["ai_energyConsumption"]
    assert set(energy) == {"type", "ai_finetuningEnergyConsumption"}
    assert float(energy["ai_finetuningEnergyConsumption"][0]["ai_energyQuantity"]) == r.estimate.energy_kwh


def test_a_small_energy_is_a_decimal_and_the_document_is_the_same_all_day(catalog):
    plan = Plan().with_values({"hardware.accelerator": "T4", "run.hours": 0.001, "site.region": "FR"})
    doc, r = spdx_of(catalog, plan)
    quantity = package(doc)["ai_energyConsumption"]["ai_trainingEnergyConsumption"][0]["ai_energyQuantity"]
    assert r.estimate.energy_kwh < 1e-4 and "e" not in quantity and float(quantity) == r.estimate.energy_kwh
    assert spdx_document(r, DAY) == spdx_document(Results(plan, catalog), DAY)  # ids from the plan and the day
    other = spdx_document(r, date(2026, 12, 7))
    assert other["@graph"][0]["created"] == "2026-12-07T00:00:00Z"
    assert package(other)["spdxId"] != package(doc)["spdxId"]


# ------------------------------------------------------------------ BoAmps
def boamps_dir() -> Path:
    """BoAmps' schemas: ../shared/reference/boamps where it is, else the copy in tests/data/boamps (CC BY 4.0)."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "reference" / "boamps"
    return shared if (shared / "report_schema.json").is_file() else DATA / "boamps"


SCHEMAS = ("report", "algorithm", "dataset", "hardware", "measure")


@pytest.fixture(scope="module")
def boamps_schemas() -> dict:
    return {name: json.loads((boamps_dir() / f"{name}_schema.json").read_text()) for name in SCHEMAS}


def validators(schemas: dict) -> list:
    """The report schema's validators, its references resolved from the local files by their ids (a reference not
    among them fails; nothing is fetched): the schemas' own dialect (draft-04) and the 2020-12 dialect BoAmps' own
    validator (tools/schema_validator/validate-schema.py) uses."""
    from jsonschema import Draft4Validator, Draft202012Validator
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource

    def offline(uri: str):
        raise NoSuchResource(ref=uri)

    registry = Registry(retrieve=offline).with_resources(
        (schema["id"], Resource.from_contents(schema)) for schema in schemas.values())
    out = []
    for cls in (Draft4Validator, Draft202012Validator):
        cls.check_schema(schemas["report"])
        out.append(cls(schemas["report"], registry=registry))
    return out


def undeclared(instance, schema: dict, schemas: dict, path: str = "") -> list[str]:
    """Fields of ``instance`` its schema does not declare (BoAmps' schemas allow any: a misspelt field passes the
    validator, so the names are checked here)."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1].removesuffix("_schema.json")]
    if isinstance(instance, list):
        return [p for k, item in enumerate(instance)
                for p in undeclared(item, schema["items"], schemas, f"{path}[{k}]")]
    if not isinstance(instance, dict):
        return []
    props = schema.get("properties", {})
    return ([f"{path}.{key}" for key in instance if key not in props]
            + [p for key, value in instance.items() if key in props
               for p in undeclared(value, props[key], schemas, f"{path}.{key}")])


def boamps_plans() -> dict:
    return {"llm": llm(), "served": llm(**SERVED), "fine-tune": llm(**{"experiment.fine_tune": True}),
            "hours only": Plan().with_values(HOURS_ONLY),
            "cloud": llm(**{"site.region": "aws:us-east-1"}),
            "measured": llm(**{"run.energy_kwh": 5000.0}), "world": llm(**{"site.region": "world"})}


@pytest.mark.parametrize("name", list(boamps_plans()))
def test_the_boamps_report_is_valid_against_boamps_schemas(catalog, boamps_schemas, name):
    report = json.loads(json.dumps(boamps_report(Results(boamps_plans()[name], catalog), DAY), allow_nan=False))
    for validator in validators(boamps_schemas):
        assert list(validator.iter_errors(report)) == []
    assert undeclared(report, boamps_schemas["report"], boamps_schemas) == []


def test_the_validators_hold_boamps_example_and_refuse_a_wrong_report(catalog, boamps_schemas):
    example = json.loads((boamps_dir() / "energy-report-llm-inference.json").read_text())
    report = boamps_report(Results(llm(), catalog), DAY)
    for validator in validators(boamps_schemas):
        assert validator.is_valid(example)
        assert not validator.is_valid({**report, "header": {**report["header"], "reportStatus": "estimate"}})
        assert not validator.is_valid({**report, "measures": [{"measurementMethod": "flops-compute"}]})
    assert undeclared({**report, "qualiti": "high"}, boamps_schemas["report"], boamps_schemas) == [".qualiti"]


def test_the_boamps_report_is_a_draft_of_the_estimated_it_energy(catalog):
    r = Results(llm(), catalog)
    report = boamps_report(r, DAY)
    est = r.estimate
    assert report["header"]["reportStatus"] == "draft" and report["header"]["reportDatetime"] == "2026-12-06 00:00:00"
    (measure,) = report["measures"]
    assert measure["measurementMethod"] == "flops-compute"
    assert measure["powerConsumption"] == pytest.approx(est.it_energy_kwh)  # kWh, before the PUE, as a meter reads
    assert measure["powerConsumption"] * est.inputs.pue == pytest.approx(est.energy_kwh)
    assert measure["measurementDuration"] == pytest.approx(est.wall_hours * 3600)
    task = report["task"]
    assert task["taskStage"] == "training" and task["taskFamily"] == TO_COMPLETE
    assert "estimate" in task["taskDescription"]
    assert task["algorithms"] == [{"parametersNumber": 7.0}]
    assert task["dataset"] == [{"dataUsage": "input", "dataType": "token", "dataQuantity": 1e12}]
    (gpu,) = report["infrastructure"]["components"]
    assert gpu["componentType"] == "gpu" and gpu["nbComponent"] == 64 and gpu["manufacturer"] == "NVIDIA"
    p = r.uncertainty.percentiles["energy_kwh"]
    assert report.get("quality") == boamps_quality(p["p5"], p["p95"])
    assert boamps_report(Results(llm(**{"experiment.fine_tune": True}), catalog), DAY)["task"]["taskStage"] == \
        "finetuning"
    cloud = boamps_report(Results(llm(**{"site.region": "aws:us-east-1"}), catalog), DAY)["infrastructure"]
    assert cloud["infraType"] == "publicCloud" and cloud["cloudProvider"] == "aws"


@pytest.mark.parametrize("p5, p95, grade", [(100, 100, "high"), (90, 110, "high"), (89, 111, "medium"),
                                            (75, 125, "medium"), (74, 126, "low"), (50, 150, "low"),
                                            (49, 151, None), (10, 1000, None)])
def test_boamps_quality_is_the_90_percent_interval_read_as_plus_or_minus(p5, p95, grade):
    """high: ±10%, medium: ±25%, low: ±50% (report_schema.json, quality); the interval's half-width over its
    midpoint; wider than ±50%: no grade."""
    assert boamps_quality(p5, p95) == grade


def test_the_boamps_copy_in_tests_data_is_the_shared_one():
    shared = Path(__file__).resolve().parents[3] / "shared" / "reference" / "boamps"
    if not shared.is_dir():
        pytest.skip("../shared/reference/boamps is not here")
    for path in shared.iterdir():
        assert (DATA / "boamps" / path.name).read_bytes() == path.read_bytes(), path.name


# ------------------------------------------------------------------ the EU GPAI Model Documentation Form
# the form's items (GPAI Code of Practice, Transparency chapter, Model Documentation Form, July 2025)
SECTIONS = ("## Computational resources (during training)", "## Energy consumption (during training and inference)")
ITEMS = ("Training time (for national competent authorities)", "Training time (for the AI Office)",
         "Amount of computation used for training (for national competent authorities)",
         "Amount of computation used for training (for the AI Office)", "Measurement methodology",
         "Amount of energy used for training", "Benchmarked amount of computation used for inference")


def items(text: str) -> dict[str, list[str]]:
    """{label: [value, …]} of the form's bullet items (a label may repeat: "Measurement methodology")."""
    out: dict[str, list[str]] = {}
    for label, value in re.findall(r"^- \*\*(.+?):\*\* (.*)$", text, re.M):
        out.setdefault(label, []).append(html.unescape(value))
    return out


def test_the_form_fills_its_items_each_figure_the_planners_estimate(catalog):
    r = Results(llm(), catalog)
    est = r.estimate
    text = gpai_form(r)
    for section in SECTIONS:
        assert section in text
    found = items(text)
    assert set(ITEMS) <= set(found)
    for label, values in found.items():  # every figure said to be the planner's estimate
        for value in values:
            assert "estimate" in value.lower(), (label, value)
    (energy,) = found["Amount of energy used for training"]
    assert f"{fmt(est.energy_kwh / 1000, 2)} MWh" in energy and est.energy_kwh > 1000  # MWh, two figures
    mwh = float(re.search(r"([\d,.]+) MWh", energy).group(1).replace(",", ""))
    assert mwh == pytest.approx(est.energy_kwh / 1000, rel=0.05)
    (aio,) = found["Amount of computation used for training (for the AI Office)"]
    mantissa, exponent = re.search(r"(\d\.\d+)\s×\s10([⁰¹²³⁴⁵⁶⁷⁸⁹]+) floating point operations", aio).groups()
    assert len(mantissa.replace(".", "")) >= 2  # at least two significant figures
    power = int(exponent.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")))
    assert float(mantissa) * 10 ** power == pytest.approx(est.flops, rel=0.01)
    (nca,) = found["Amount of computation used for training (for national competent authorities)"]
    assert f"order of magnitude {order_of_magnitude(est.flops)}" in nca
    (for_aio,) = found["Training time (for the AI Office)"]
    assert f"{fmt(est.wall_hours / 24)} wall-clock days" in for_aio
    assert f"{fmt(est.accelerator_hours / 24)} hardware days" in for_aio
    (for_nca,) = found["Training time (for national competent authorities)"]
    assert for_nca.split(" (")[0].endswith(training_time_range(est.wall_hours))
    (inference,) = found["Benchmarked amount of computation used for inference"]
    assert "1.40 × 10¹⁵ floating point operations" in inference.replace("\xa0", " ")  # 2 × 7e9 × 100,000
    assert 2 * 7e9 * INFERENCE_TOKENS == 1.4e15
    methods = found["Measurement methodology"]
    assert len(methods) == 3 and any(f"generating {INFERENCE_TOKENS:,} tokens" in m for m in methods)


@pytest.mark.parametrize("days, expected", [(29, "<1 month"), (30.4375, "1–3 months"), (91.3, "1–3 months"),
                                            (92, "3–6 months"), (182.6, "3–6 months"), (183, ">6 months")])
def test_the_training_time_ranges_the_authorities_are_given(days, expected):
    assert training_time_range(days * 24) == expected


def test_what_the_plan_cannot_know_is_left_to_the_provider(catalog):
    """Hours without a model size: no FLOPs, no inference benchmark; said, never made up."""
    text = gpai_form(Results(Plan().with_values(HOURS_ONLY), catalog))
    found = items(text)
    assert found["Amount of computation used for training"][0].startswith(f"_{TO_COMPLETE}_")
    assert found["Benchmarked amount of computation used for inference"][0].startswith(f"_{TO_COMPLETE}_")
    assert "floating point operations" not in "".join(found["Amount of computation used for training"])


def test_the_energy_methodology_is_about_100_words_for_every_preset(catalog):
    for key, preset in catalog.presets.items():
        r = Results(Plan.from_dict(preset.plan, catalog), catalog)
        words = len(energy_methodology(r).split())
        assert 60 <= words <= 150, (key, words)


def test_names_from_files_are_shown_never_run_in_the_form(catalog):
    plan = llm(**{"name": "Budget](https://evil.example/x) <script>alert(1)</script> ![p](http://evil.example/p.png)"})
    text = gpai_form(Results(plan, catalog))
    for raw in (r"<script", r"(?<!\\)\]\(", r"(?<!\\)!(?<!\\)\[", r"https?://"):
        assert not re.search(raw, text), raw
    assert "evil.example" in text and "&lt;script&gt;" in text


# ------------------------------------------------------------------ the command line
@pytest.mark.parametrize("key", ["spdx", "boamps", "gpai-form"])
def test_planner_estimate_writes_each_format(catalog, tmp_path, capsys, key):
    from planner.cli import main
    from planner.core.plan import save_plan

    path = tmp_path / "p.plan.json"
    save_plan(llm(**SERVED), path)
    assert main(["estimate", str(path), "--format", key]) == 0
    out = capsys.readouterr().out
    if key == "gpai-form":
        assert out.startswith("# ") and "Energy consumption (during training and inference)" in out
    else:
        data = json.loads(out)
        assert ("@graph" in data) if key == "spdx" else (data["header"]["reportStatus"] == "draft")
