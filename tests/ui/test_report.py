"""The PDF summary: same numbers as the window, one to two pages, charts drawn,
written atomically, from the window and headless."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFileDialog, QLabel

from planner.core import Plan
from planner.core.state import PlanState
from planner.ui import report


def words(text: str) -> str:
    """Text as the PDF's text layer gives it: runs of spaces (no-break ones too) as one, no word joiners."""
    return " ".join(text.replace("\u2060", "").split())


def pdf_text(path):
    doc = QPdfDocument(None)
    assert doc.load(str(path)) == QPdfDocument.Error.None_, f"cannot read {path}"
    pages = doc.pageCount()
    text = "\n".join(doc.getAllText(k).text() for k in range(pages))
    return doc, pages, words(text)


def accent_pixels(doc, page=0):
    img = doc.render(page, QSize(600, 850))
    accent = QColor(report.ACCENT)
    hits = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = img.pixelColor(x, y)
            if abs(c.red() - accent.red()) < 12 and abs(c.green() - accent.green()) < 12 \
                    and abs(c.blue() - accent.blue()) < 12:
                hits += 1
    return hits


def test_window_export_holds_what_the_window_shows(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF files (*.pdf)"))
    with qtbot.waitSignal(window.findChild(object, "file.export_pdf").triggered, timeout=1000):
        window.findChild(object, "file.export_pdf").trigger()
    qtbot.waitUntil(lambda: window.exporter.job is None, timeout=20000)
    assert window.exporter.last_export == str(out) and out.is_file()
    doc, pages, text = pdf_text(out)
    assert 1 <= pages <= 2
    assert window.state.plan.name in text
    for name in ("result.emissions", "result.energy", "result.cost", "result.accelerator_hours"):
        shown = words(window.findChild(QLabel, name).text())
        assert shown in text, f"{name} shows {shown!r}, not in the PDF"
    for key in ("benchmarks", "phases", "regions", "map"):
        assert report.CHART_TITLES[key] in text
    assert "Assumptions and sources" in text and "Strubell" in text
    assert "For your paper" in text
    assert accent_pixels(doc) > 50  # the plan's bars are drawn


def test_export_follows_the_units(window, qtbot, tmp_path):
    window.hub.set_unit("lb")
    out = tmp_path / "lb.pdf"
    window.exporter.export_pdf(str(out))
    qtbot.waitUntil(lambda: window.exporter.job is None, timeout=20000)
    _, _, text = pdf_text(out)
    assert words(window.findChild(QLabel, "result.emissions").text()) in text and " lb" in text


def test_unwritable_path_gets_a_clear_error(window, qtbot, tmp_path, dialogs):
    target = tmp_path / "missing-folder" / "x.pdf"
    window.exporter.export_pdf(str(target))
    qtbot.waitUntil(lambda: window.exporter.job is None, timeout=20000)
    assert dialogs.warned and str(target) in dialogs.warned[0][1]
    assert window.menu_actions["file.export_pdf"].isEnabled()


def test_existing_file_is_replaced_only_when_the_new_one_is_complete(qapp, tmp_path, monkeypatch, catalog):
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"%PDF-old")
    data = report.ReportData.from_state(PlanState(catalog=catalog))

    def broken(pg, data):
        raise RuntimeError("crash mid-way")
    monkeypatch.setattr(report, "_draw", broken)
    with pytest.raises(RuntimeError):
        report.write_report(data, out)
    assert out.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]  # no partial file left
    monkeypatch.undo()
    report.write_report(data, out)
    assert out.read_bytes().startswith(b"%PDF-1")


@pytest.mark.parametrize("preset", ["gpt-3-patterson2021", "transformer-big-with-neural-architecture-search",
                                    "llm-70b-h100"])
def test_presets_fit_on_two_pages(qapp, tmp_path, catalog, preset):
    state = PlanState(Plan.from_dict(catalog.presets[preset].plan, catalog), catalog)
    out = tmp_path / f"{preset}.pdf"
    pages = report.write_report(report.ReportData.from_state(state), out)
    doc, n, text = pdf_text(out)
    assert n == pages and 1 <= n <= 2
    assert state.plan.name in text


def test_page_size_follows_the_locale():
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize

    assert report.page_size_for_locale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)).id() \
        == QPageSize.PageSizeId.Letter
    assert report.page_size_for_locale(QLocale(QLocale.Language.French, QLocale.Country.France)).id() \
        == QPageSize.PageSizeId.A4


def _cli(*args, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def test_headless_report_needs_no_display(write_plan, catalog, tmp_path):
    plan = write_plan(catalog.presets["bert-base-tuning"].plan, name="bert.plan.json")
    out = tmp_path / "out.pdf"
    result = _cli("report", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-1")
    estimate = _cli("estimate", str(plan)).stdout

    from planner.core.present import cards
    from planner.core.results import results_for
    from planner.core.text import terminal_text

    results = results_for(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    assert terminal_text(cards(results)[0].value) in estimate  # the card's figure, as the terminal prints it


def test_headless_report_text(qapp, write_plan, catalog, tmp_path):
    plan = write_plan(catalog.presets["bert-base"].plan, name="b.plan.json")
    out = tmp_path / "b.pdf"
    assert _cli("report", str(plan), "-o", str(out)).returncode == 0
    _, pages, text = pdf_text(out)
    assert "BERT base (Strubell 2019)" in text and "652 kg" in text and "1,510 kWh" in text


@pytest.mark.parametrize("content,expected", [(None, "file not found"), ("", "file is empty"),
                                              ("{", "not valid JSON")])
def test_bad_plans_get_the_same_one_line_errors(tmp_path, content, expected):
    plan = tmp_path / "bad.plan.json"
    if content is not None:
        plan.write_text(content)
    out = tmp_path / "x.pdf"
    rep = _cli("report", str(plan), "-o", str(out))
    est = _cli("estimate", str(plan))
    assert rep.returncode == est.returncode == 2
    assert rep.stderr == est.stderr and expected in rep.stderr and rep.stderr.count("\n") == 1
    assert not out.exists()


def test_unwritable_output_from_the_command_line(write_plan, catalog, tmp_path):
    plan = write_plan(catalog.presets["bert-base-tuning"].plan)
    target = tmp_path / "nope" / "x.pdf"
    result = _cli("report", str(plan), "-o", str(target))
    assert result.returncode == 2 and str(target) in result.stderr and "Traceback" not in result.stderr


def test_every_preset_fits_on_two_pages_and_its_text_reads_well(qapp, tmp_path, catalog):
    """Issue 21: 3 pages for the 70B plans; "4.94e-5 ×"; "10^19"; "Table 1 (2019)"; a key cut to "Countr"."""
    from planner.core.results import results_for

    for pid, preset in catalog.presets.items():
        results = results_for(Plan.from_dict(preset.plan, catalog), catalog)
        out = tmp_path / f"{pid}.pdf"
        assert report.write_report(report.ReportData(results, results.sweep("all"), "lb"), out) <= 2, pid
    _, _, text = pdf_text(tmp_path / "llm-70b-h100.pdf")
    assert "10^" not in text and "× 10²³" in text  # FLOPs in the PDF's scientific notation
    assert "e-5 ×" not in text and "Table 1 (2019)" not in text and "lb each" in text
    for group in ("Country", "State or province", "Reference"):
        assert group in text  # each name of the region chart's key whole
    assert "lowest CO2e" in text and "× PUE" in text  # what the region chart ranks, by name


def test_a_full_disk_never_replaces_a_pdf_with_a_broken_one(tiny_disk, tmp_path, catalog, write_plan):
    """'wrote …', exit 0 and a truncated PDF in place of the old one (issue 22): now exit 2, old file whole."""
    disk = tiny_disk("300k")
    old = disk / "summary.pdf"
    old.write_bytes(b"%PDF-1.4 old\n" + b"x" * 100_000 + b"\n%%EOF\n")
    before = old.read_bytes()
    plan = write_plan(catalog.presets["llm-70b-h100"].plan, name="big.plan.json")  # ~430 kB of PDF
    result = _cli("report", str(plan), "-o", str(old))
    assert result.returncode == 2 and "wrote" not in result.stdout
    assert str(old) in result.stderr and ("disk" in result.stderr or "space" in result.stderr)
    assert old.read_bytes() == before and sorted(p.name for p in disk.iterdir()) == ["summary.pdf"]
    new = disk / "new.pdf"
    result = _cli("report", str(plan), "-o", str(new))
    assert result.returncode == 2 and not new.exists()  # a new file: no false "wrote" either


def test_long_notes_take_at_most_two_pages_and_say_where_the_rest_is(qapp, tmp_path, catalog):
    """555 lines of notes printed 76 over the footer, and a 5,000-character word 75 (issue 22); 4,998 line breaks
    made a 74-page PDF (issue 29, item 16): notes take at most two pages, never over the footer, then say they
    continue in the plan file; runs of blank lines are one."""
    from planner.core.results import results_for

    lines = "\n".join(f"note line {k:03d}" for k in range(555))[:4900]
    plan = Plan.from_dict(catalog.presets["bert-base"].plan, catalog).with_value("notes", lines)
    results = results_for(plan, catalog)
    out = tmp_path / "notes.pdf"
    plain = report.write_report(report.ReportData(results, results.sweep("cloud")), tmp_path / "plain.pdf")
    pages = report.write_report(report.ReportData(results, results.sweep("cloud"), source_path="mine.plan.json"), out)
    doc, n, text = pdf_text(out)
    assert "note line 000" in text and n == pages == plain <= 4
    per_page = [doc.getAllText(k).text().count("note line") for k in range(n)]
    assert max(per_page) <= 90 and sum(per_page) < len(lines.splitlines())  # on the pages, not past them
    assert "the notes continue in the plan file (mine.plan.json)" in text
    word = "x" * 4990 + "ENDOFWORD"
    results = results_for(plan.with_value("notes", word), catalog)
    report.write_report(report.ReportData(results, results.sweep("cloud")), out)
    _, _, text = pdf_text(out)
    assert "ENDOFWORD" in text.replace(" ", "") and "continue" not in text
    blank = "first" + "\n" * 4990 + "last"
    results = results_for(plan.with_value("notes", blank), catalog)
    _, n, text = pdf_text(out) if report.write_report(report.ReportData(results, results.sweep("cloud")), out) \
        else (None, 0, "")
    assert n <= 3 and "first" in text and "last" in text


def test_a_long_unbroken_name_is_printed_whole(qapp, tmp_path, catalog):
    """A 200-character name without spaces was cut at 30 characters, with no ellipsis (issue 29, item 16)."""
    from planner.core.results import results_for

    name = "Q" * 190 + "ENDOFNAME"
    plan = Plan.from_dict(catalog.presets["bert-base"].plan, catalog).with_value("name", name)
    results = results_for(plan, catalog)
    out = tmp_path / "name.pdf"
    report.write_report(report.ReportData(results, results.sweep("cloud")), out)
    doc, _, _ = pdf_text(out)
    first = "".join(doc.getAllText(0).text().split())
    assert name in first  # the title, whole (wrapped)
    width = doc.pagePointSize(0).width()
    assert max(poly.boundingRect().right() for poly in doc.getAllText(0).bounds()) <= width  # on the page
    assert "…" in doc.getAllText(0).text()  # the footer's copy, elided


def test_the_year_chart_and_its_credit_are_printed_for_a_grid_with_hourly_data(qapp, tmp_path, catalog):
    from planner.core.results import results_for
    from planner.core.schedule import CREDIT

    base = {"schema_version": 1, "name": "scheduled", "hardware": {"accelerator": "H100-SXM", "count": 64},
            "run": {"hours": 300}, "schedule": {"start": "2026-03-01T09:00Z", "flex_hours": 72}}
    gb = results_for(Plan.from_dict({**base, "site": {"region": "GB"}}, catalog), catalog)
    nl = results_for(Plan.from_dict({**base, "site": {"region": "NL"}}, catalog), catalog)
    assert report.write_report(report.ReportData(gb, gb.sweep("cloud"), "auto"), tmp_path / "gb.pdf") <= 2
    assert report.write_report(report.ReportData(nl, nl.sweep("cloud"), "auto"), tmp_path / "nl.pdf") <= 2
    _, _, text = pdf_text(tmp_path / "gb.pdf")
    year = gb.when()
    assert "On every start day (UTC)" in text
    from planner.core.schedule import day_words

    assert words(CREDIT) in text and f"Best start {day_words(year.best_start, hour=True)}" in text
    assert "2026-03-01 09:00 UTC" in text and "72 h (pauses in the dirtiest hours)" in text  # the inputs table
    assert "Run's grid intensity" in text  # and the sources
    _, _, text = pdf_text(tmp_path / "nl.pdf")
    assert "On every start day" not in text and "no hourly data for this grid" in text


def test_a_served_plan_prints_its_life_and_serving_inputs(qapp, tmp_path, catalog):
    from planner.core.results import results_for

    plan = Plan.from_dict({"schema_version": 1, "name": "served", "model": {"parameters": 7e9,
                                                                           "training_tokens": 2e12},
                           "hardware": {"accelerator": "H100-SXM", "count": 512}, "site": {"region": "FR"},
                           "serving": {"requests_per_day": 1e8, "months": 12}}, catalog)
    results = results_for(plan, catalog)
    report.write_report(report.ReportData(results, results.sweep("cloud"), "auto"), tmp_path / "s.pdf")
    _, _, text = pdf_text(tmp_path / "s.pdf")
    assert "The model's life: training, then serving" in text
    assert "Requests per day" in text and "Serving on" in text  # the inputs table
    assert words("serving overtakes training after") in text
    unserved = results_for(plan.with_value("serving.requests_per_day", None), catalog)
    report.write_report(report.ReportData(unserved, unserved.sweep("cloud"), "auto"), tmp_path / "t.pdf")
    _, _, text = pdf_text(tmp_path / "t.pdf")
    assert "The model's life" not in text and "Requests per day" not in text


def test_the_region_chart_says_what_it_ranks_and_every_word_is_whole(qapp, tmp_path, catalog):
    """The region chart's caption was cut ("…highe…"), it silently followed the window's "Show: Named sites" filter
    under "every region", the map's key said "▲ Azure, Canada" (the window: ◆ for provinces) and the everyday terms
    "(1.10e-5 kt each)" (issue 30, item 11)."""
    import re

    from planner.core.results import results_for

    plan = Plan.from_dict(catalog.presets["gpt-3-patterson2021"].plan, catalog)
    results = results_for(plan, catalog)
    out = tmp_path / "sites.pdf"
    report.write_report(report.ReportData(results, results.sweep("site"), region_filter="site"), out)
    _, _, text = pdf_text(out)
    n = len(results.sweep("site"))
    assert f"Ranked: named sites, {n} of them; lowest CO2e" in text and "highest" in text
    assert "…" not in text.split("Ranked:")[1].split("The plan's inputs")[0]
    assert "◆ Canadian province" in text and "Azure, Canada" not in text
    assert not re.search(r"\d\.\d+e-\d+ \w+ each", text)
    big = results_for(plan.with_value("experiment.final_runs", 1000.0), catalog)  # kt: the benchmarks in kg, t
    report.write_report(report.ReportData(big, big.sweep("cloud")), out)
    _, _, text = pdf_text(out)
    assert "(11 kg each)" in text and not re.search(r"e-\d+ kt each", text)


def test_every_window_chart_has_its_place_in_the_pdf():
    """Issue 31, item 4: the PDF's charts are declared by the window's chart names, read from one registry."""
    from planner.ui.panels.charts import CHARTS

    assert {c.name for c in CHARTS} == {c.name for c in report.PDF_CHARTS} | set(report.PDF_SECTIONS)


def test_a_pdf_chart_is_one_entry_drawn_beside_its_row(qapp, tmp_path, catalog, monkeypatch):
    from planner.core.results import results_for

    drawn = []
    extra = report.PdfChart("extra", 1, 48.0, lambda pg, data, x, y, w, h: drawn.append((x, w, h)))
    monkeypatch.setattr(report, "PDF_CHARTS", report.PDF_CHARTS + (extra,))
    plan = Plan.from_dict({"schema_version": 1, "name": "pdf", "hardware": {"accelerator": "H100-SXM", "count": 8},
                           "run": {"hours": 100}, "site": {"region": "NL"}}, catalog)  # no hourly data: no When
    results = results_for(plan, catalog)
    assert report.write_report(report.ReportData(results, results.sweep("cloud"), "auto"), tmp_path / "x.pdf") <= 2
    ((x, w, h),) = drawn
    assert h == 48.0 and x == pytest.approx(2 * (w + 4.0))  # the third of a row of three (regions, map, it)


def test_a_plan_with_budgets_prints_them_what_fits_and_the_trade_offs(qapp, catalog, tmp_path):
    from planner.core.present import fit_note
    from planner.core.results import results_for

    plan = Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog).with_values(
        {"budget.co2e_kg": 150_000.0, "budget.cost_usd": 5e6})
    results = results_for(plan, catalog)
    out = tmp_path / "budget.pdf"
    report.write_report(report.ReportData(results, results.sweep("cloud")), out)
    _, pages, text = pdf_text(out)
    assert "Budgets and trade-offs" in text and words(fit_note(results)) in text
    assert "Over budget: CO2e" in text and "the CO2e budget binds" in text
    assert words(results.front().points[0].label) in text
    assert pages <= 3
    plain = Plan.from_dict(catalog.presets["llm-70b-h100"].plan, catalog)
    report.write_report(report.ReportData(results_for(plain, catalog), results.sweep("cloud")), out)
    assert "Budgets and trade-offs" not in pdf_text(out)[2]  # (no budget: no section)
