"""The portfolio's PDF: one or two pages that hold the totals with their intervals, the years against their
budgets and the largest plans; written whole or not at all; ``planner portfolio -o`` with no display."""

import json
import os

import pytest
from PySide6.QtPdf import QPdfDocument

from planner.cli import main
from planner.core import Plan
from planner.core.portfolio import UNSCHEDULED, interval, portfolio_of, show, total_words
from planner.ui import portfolio_report
from planner.ui.portfolio_report import TOP_PLANS, write_portfolio_report


def words(text: str) -> str:
    """Text as the PDF's text layer gives it: runs of spaces (no-break ones too) as one, no word joiners."""
    return " ".join(text.replace("\u2060", "").split())


def pdf_text(path):
    doc = QPdfDocument(None)
    assert doc.load(str(path)) == QPdfDocument.Error.None_, f"cannot read {path}"
    return doc.pageCount(), words("\n".join(doc.getAllText(k).text() for k in range(doc.pageCount())))


def plans(catalog, n: int):
    """``n`` plans from the presets in turn, every third without a start, the rest over 2026 and 2027."""
    presets = list(catalog.presets.values())
    out = []
    for k in range(n):
        plan = Plan.from_dict(presets[k % len(presets)].plan, catalog)
        start = None if k % 3 == 0 else f"{2026 + k % 2}-{1 + k % 12:02d}-{1 + k % 27:02d}T00:00Z"
        out.append((f"plan-{k}.plan.json", plan.with_values({"schedule.start": start, "name": f"{plan.name} #{k}"})))
    return out


@pytest.fixture(scope="module")
def small(catalog):
    return portfolio_of(plans(catalog, 5), catalog)


def test_the_pdf_holds_the_totals_and_every_plan(qapp, small, tmp_path):
    out = tmp_path / "portfolio.pdf"
    pages = write_portfolio_report(small, out, {"co2e": 1000.0})
    count, text = pdf_text(out)
    assert pages == count == 1
    assert "Portfolio summary: 5 plans" in text
    for label, value, band in total_words(small):
        assert words(label) in text and words(value) in text and words(band.split(" · ")[0]) in text
    co2e = small.total["emissions_kg"]
    assert words(show("emissions_kg", co2e.value)) in text and words(interval("emissions_kg", co2e)) in text
    for e in small.entries:
        assert words(e.name) in text
    assert "CO2e by month" in text and "no start" in text and UNSCHEDULED in text
    assert "Yearly budget" in text and "CO2e ≤ 1 t" in text and "over" in text


def test_a_large_portfolio_stays_on_two_pages_and_counts_the_rest(qapp, catalog, tmp_path):
    folder = tmp_path / "lab"
    folder.mkdir()
    for file, plan in plans(catalog, 60):
        (folder / file).write_text(json.dumps(plan.to_dict()))
    for k in range(8):
        (folder / f"zz-broken-{k}.json").write_text("{")
    from planner.core.portfolio import read_portfolio

    pf = read_portfolio([folder], catalog)
    out = tmp_path / "portfolio.pdf"
    budgets = {"co2e": 1e5, "energy": 1e6, "cost": 1e7, "accelerator_hours": 1e6, "water": 1e7}
    pages = write_portfolio_report(pf, out, budgets)
    count, text = pdf_text(out)
    assert pages == count == 2
    assert f"the first {TOP_PLANS} of 60" in text and f"and {60 - TOP_PLANS} more plans" in text
    assert "Left out: 8 files could not be read" in text and "and 3 more" in text
    assert "more years" in text  # a 31-year search run: the years are capped, the unscheduled row kept
    assert text.count("unscheduled") >= 2


def test_a_failed_write_leaves_the_old_file_whole(qapp, small, tmp_path, monkeypatch):
    out = tmp_path / "portfolio.pdf"
    out.write_bytes(b"the old report")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(portfolio_report, "render_portfolio_pdf", broken)
    with pytest.raises(OSError):
        write_portfolio_report(small, out)
    assert out.read_bytes() == b"the old report" and os.listdir(tmp_path) == ["portfolio.pdf"]


def test_the_command_writes_it_with_no_display(capsys, catalog, tmp_path):
    folder = tmp_path / "lab"
    folder.mkdir()
    for file, plan in plans(catalog, 3):
        (folder / file).write_text(json.dumps(plan.to_dict()))
    out = tmp_path / "summary.pdf"
    assert main(["portfolio", str(folder), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    count, text = pdf_text(out)
    assert count == 1 and "Portfolio summary: 3 plans" in text
