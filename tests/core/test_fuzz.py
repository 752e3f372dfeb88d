"""Mutated input (hypothesis): plan documents, settings and autosave files, changed at random from real ones.

The only outcomes allowed are the project's own errors or finite results. CI runs a few hundred examples per
test; a long run sets PLANNER_FUZZ_EXAMPLES (the issue 11 closing note reports a run of 20,000):

    PLANNER_FUZZ_EXAMPLES=20000 pytest tests/core/test_fuzz.py
"""

import json
import os

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner.core import default_catalog, estimate
from planner.core.advise import advise
from planner.core.errors import PlanError, PlanFileError
from planner.core.plan import plan_from_json_text, plan_to_json
from planner.core.settings import Settings, autosave_dir, find_recoverable

CATALOG = default_catalog()
EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
SEEDS = [p.plan for p in CATALOG.presets.values()]

hostile_numbers = st.sampled_from([0, -1, 1, 10**400, -10**400, 10**20, 2**63, 1e308, -1e308, 5e-324, 1e-300,
                                   float("nan"), float("inf"), -float("inf"), 0.5, 1e15, 1e6 + 1, 3.5e304])
hostile_text = st.sampled_from(["", " ", "\ud800", "<h1 style='color:red'>x</h1>", "a\x00b", "V100", "world",
                                "H100-SXM", "aws:us-east-1", "é", "\n", "NaN"]) \
    | st.integers(190, 20_000).map("x".__mul__)
# in-range but extreme: what reaches the estimate and must stay finite there
plausible = (st.floats(0, 1e16, allow_nan=False) | st.integers(0, 10**8)
             | st.sampled_from([1e-4, 1e-3, 1.0, 10.0, 1e6, 1e7, 1e15, 1e16, 1e32, 5000.0, 100_000.0]))
leaves = (st.none() | st.booleans() | hostile_numbers | hostile_text | st.integers() | st.floats()
          | st.text(max_size=30))
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=4), max_leaves=8)


@st.composite
def mutated_plan(draw):
    doc = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    doc.setdefault("schema_version", 1)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["set"] * 6 + ["drop", "section", "origins", "top"]))
        section = draw(st.sampled_from(["model", "hardware", "run", "experiment", "site", "pricing"]))
        sec = doc.get(section) if isinstance(doc.get(section), dict) else {}
        keys = sorted(sec) or ["x"]
        if action == "set":
            sec[draw(st.sampled_from(keys))] = draw(plausible | values)
            doc[section] = sec
        elif action == "drop":
            sec.pop(draw(st.sampled_from(keys)), None)
            doc[section] = sec
        elif action == "section":
            doc[section] = draw(values)
        elif action == "origins":
            doc["origins"] = draw(values | st.dictionaries(st.sampled_from([f"{section}.{k}" for k in keys]),
                                                           hostile_text, max_size=3))
        else:
            doc[draw(st.sampled_from(["name", "schema_version", "notes", "extra"]))] = draw(values)
    return doc


def _text(doc, draw_nesting: int) -> str:
    text = json.dumps(doc, allow_nan=True)
    return "[" * draw_nesting + text + "]" * draw_nesting


def _assert_finite(data) -> None:
    json.dumps(data, allow_nan=False)


@FUZZ
@given(mutated_plan(), st.sampled_from([0] * 8 + [3, 5000]), st.booleans())
def test_mutated_plans_give_our_error_or_finite_results(doc, nesting, run_advice):
    try:
        plan = plan_from_json_text(_text(doc, nesting), "fuzz.plan.json", CATALOG)
    except PlanFileError as exc:
        event("refused")
        assert exc.path == "fuzz.plan.json"
        str(exc).encode("utf-8")
        return
    plan_from_json_text(plan_to_json(plan), "again.plan.json", CATALOG)  # what loads, saves and loads again
    try:
        est = estimate(plan, CATALOG)
    except PlanError as exc:
        event("loaded, not estimable")
        assert exc.field
        return
    event("estimated")
    _assert_finite(est.to_dict())
    if run_advice:
        for s in advise(plan, CATALOG):
            _assert_finite(s.to_dict())


settings_docs = st.dictionaries(st.sampled_from(["recent_files", "geometry", "units", "log_axis", "last_folder",
                                                 "region_filter", "other"]), values, max_size=6)


@FUZZ
@given(settings_docs | values, st.sampled_from([0, 0, 10, 100_000]), st.binary(max_size=20))
def test_mutated_settings_load_to_valid_settings(doc, nesting, junk):
    path = Settings.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob("settings.json*"):
        stale.unlink()
    raw = _text(doc, nesting).encode("utf-8", "surrogatepass") + (junk if nesting == 10 else b"")
    path.write_bytes(raw)
    s, warning = Settings.load()
    assert s.units in ("auto", "kg", "t", "lb") and isinstance(s.log_axis, bool)
    assert isinstance(s.recent_files, list) and len(s.recent_files) <= 10
    assert all(isinstance(p, str) for p in s.recent_files) and isinstance(s.geometry, str)
    s.save()  # what the window does on close: always writable JSON
    assert Settings.load()[1] is None


@FUZZ
@given(mutated_plan(), values, values, st.sampled_from([0, 0, 50_000]))
def test_mutated_autosaves_are_offered_or_moved_aside(doc, saved_at, document, nesting):
    folder = autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    text = _text({"saved_at": saved_at, "document": document, "plan": doc}, nesting)
    (folder / "dead.plan.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    found, warnings = find_recoverable(CATALOG)
    assert len(found) + len(warnings) == 1
    for rec in found:
        assert rec.saved_at is None or rec.saved_at > 0
        assert rec.document is None or isinstance(rec.document, str)
        _assert_finite(estimate(rec.plan, CATALOG).to_dict()) if _estimable(rec.plan) else None
        rec.discard()
    assert not (folder / "dead.plan.json").exists()


def _estimable(plan) -> bool:
    try:
        estimate(plan, CATALOG)
    except PlanError:
        return False
    return True
