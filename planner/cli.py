"""The ``planner`` command.

``planner`` opens the app; ``planner PLAN.json`` opens a plan in it;
``planner estimate``, ``planner regions`` and ``planner presets`` work with
no display. Bad input exits with status 2 and one line naming the file and
field, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from planner import __version__

EXIT_BAD_INPUT = 2
PLAN_HELP = "a plan file (*.plan.json), or a preset's id (see planner presets)"
COMMANDS = ("estimate", "regions", "presets", "report", "advise", "measured", "sensitivity", "when", "fit", "pareto",
            "portfolio")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, like every other bad input
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _say(text: str, file=None) -> None:
    """Print a line for people: through ``terminal_text`` (no raw control characters from a file's names)."""
    _write(f"{text}\n", file)


def _write(text: str, file=None) -> None:
    from planner.core.text import terminal_text

    (file or sys.stdout).write(terminal_text(text))


def _fail(message: str) -> int:
    _say(f"planner: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _catalog():
    """The catalog the window uses too: the built-in data plus the user's own CSVs (a bad file is
    named on stderr and left out, as the window does)."""
    from planner.core import default_catalog
    from planner.core.settings import data_dir
    from planner.core.userdata import catalog_with_user_data

    catalog, problems = catalog_with_user_data(default_catalog(), data_dir())
    for problem in problems:
        _say(f"planner: warning: {problem} (left out)", file=sys.stderr)
    return catalog


def _check_output(path: str) -> None:
    """Raise PlanFileError naming ``path`` if it cannot be written: its folder is missing, it is a folder or
    a device, or it is read-only (the command line has no one to ask, so a read-only file is never replaced)."""
    from pathlib import Path

    from planner.core.errors import PlanFileError
    from planner.core.fileio import describe_os_error, is_read_only, resolve_target

    try:
        target = resolve_target(path)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise PlanFileError(path, "cannot write: its folder does not exist")
        if target.exists() and not target.is_file():
            raise PlanFileError(path, "cannot write: it is a folder or a device, not a file")
        read_only = is_read_only(target)
    except OSError as exc:  # a name too long, a loop of links, …
        raise PlanFileError(path, f"cannot write ({describe_os_error(exc)})") from None
    if read_only:
        raise PlanFileError(path, "is read-only; not replaced (choose another file or make it writable)")


def _write_output(path: str, write) -> None:
    """Run ``write(path)``; an OSError becomes PlanFileError naming the file. A file that had other names (hard
    links) becomes a file of its own, and stderr says so."""
    from planner.core.errors import PlanFileError
    from planner.core.fileio import describe_os_error, links_note, other_names

    _check_output(path)
    links = other_names(path)
    try:
        write(path)
    except OSError as exc:
        raise PlanFileError(path, f"cannot write ({describe_os_error(exc)})") from None
    if links:
        _say(f"planner: note: {links_note(path, links)}", file=sys.stderr)


def _load(path: str):
    """(catalog, plan, results) of a plan file; PlanFileError naming the file (and field) when it cannot be
    estimated."""
    from planner.core.errors import PlanFileError
    from planner.core.plan import load_plan_or_preset
    from planner.core.results import results_for

    catalog = _catalog()
    plan, _ = load_plan_or_preset(path, catalog)
    results = results_for(plan, catalog)
    error = results.error or results.serving_error  # e.g. hours, or the serving, not derivable
    if error is not None:
        raise PlanFileError(path, error.message, error.field) from None
    return catalog, plan, results


def cmd_estimate(args) -> int:
    from planner.core.exports import FORMATS

    _, _, results = _load(args.plan)
    key = "json" if args.json else args.format
    if key == "json":  # data: printed as it is (names in it are JSON-escaped)
        print(FORMATS[key].render(results), end="")
    elif key != "text":
        _write(FORMATS[key].render(results))
    else:  # the text in the unit asked for
        from planner.core.present import summary_text

        _say(summary_text(results, args.units))
    return 0


def cmd_regions(args) -> int:
    from planner.core import region_mask, sweep
    from planner.core.units import fmt, fmt_mass, resolve_mass_unit

    catalog, plan, results = _load(args.plan)
    est = results.estimate
    unit = resolve_mass_unit(args.units, est.emissions_kg)
    providers = [p.strip().lower() for p in args.provider.split(",")] if args.provider else None
    if providers:
        unknown = sorted(set(providers) - set(catalog.providers))
        if unknown:
            return _fail(f"--provider: unknown provider {unknown[0]!r} (known: {', '.join(catalog.providers)})")
    result = sweep(est, catalog, region_mask(catalog, providers=providers))
    top = args.top if args.top is not None else (None if args.json or args.csv else TEXT_TOP)
    n = len(result) if top is None else min(top, len(result))
    if args.by == "water":
        return _regions_by_water(args, plan, results, result, n)
    if args.csv:
        from planner.core.tables import regions_frame, to_csv

        _write(to_csv(regions_frame(result).head(n)))
        return 0
    if args.json:
        print(json.dumps([{"rank": k + 1, "region": result.ids[k], "name": result.names[k],
                           "carbon_intensity_g_per_kwh": result.intensity[k], "pue": result.pue[k],
                           "emissions_kg": result.emissions_kg[k]} for k in range(n)], indent=2))
        return 0
    _say(f"{plan.name}: the same plan in {len(result)} regions, cleanest first, ranked by its CO2e there "
          "(the grid's g/kWh × the site's PUE; * = the plan's region)")
    _say(f"{'rank':>4}  {'region':<28} {'name':<34} {'g/kWh':>7} {'PUE':>5} {'CO2e':>12}")
    shown = list(range(n))
    own = result.index(plan.site.region)
    if own >= n:
        shown.append(own)  # the plan's own region, wherever it ranks
    for k in shown:
        mark = "*" if result.ids[k] == plan.site.region else " "
        _say(f"{k + 1:>4}{mark} {result.ids[k]:<28} {_cut(result.names[k], 34):<34} {fmt(result.intensity[k]):>7} "
              f"{result.pue[k]:>5.2f} {fmt_mass(result.emissions_kg[k], unit):>12}")
    if n < len(result):
        _say(f"  … and {len(result) - n} more (--top N, or --top all)")
    return 0


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _regions_by_water(args, plan, results, result, n) -> int:
    """The same regions ranked by the water the plan would consume there (on site and off site)."""
    from planner.core.units import fmt, fmt_volume

    litres = results.region_water()
    order = sorted(range(len(result)), key=lambda k: litres[result.ids[k]])[:n]
    rows = [{"rank": r + 1, "region": result.ids[k], "name": result.names[k], "water_l": litres[result.ids[k]],
             "emissions_kg": result.emissions_kg[k]} for r, k in enumerate(order)]
    if args.csv:
        import pandas as pd

        from planner.core.tables import to_csv

        _write(to_csv(pd.DataFrame(rows)))
    elif args.json:
        print(json.dumps(rows, indent=2, allow_nan=False))
    else:
        _say(f"{plan.name}: the same plan in {len(result)} regions, least water first (* = the plan's region)")
        _say(f"{'rank':>4}  {'region':<34} {'water':>10} {'CO2e kg':>12}")
        for row in rows:
            mark = "*" if row["region"] == plan.site.region else " "
            _say(f"{row['rank']:>4}{mark} {row['region']:<34} {fmt_volume(row['water_l']):>10} "
                  f"{fmt(row['emissions_kg']):>12}")
    return 0


def cmd_advise(args) -> int:
    from planner.core.present import PROJECT_HEADING, advice_effect, advice_heading, advice_unit
    from planner.core.units import fmt, fmt_signed, fmt_volume

    catalog, plan, results = _load(args.plan)
    suggestions = results.advice(args.by)
    if args.json:
        print(json.dumps([s.to_dict() for s in suggestions], indent=2, allow_nan=False))
        return 0
    if args.by == "water":
        _say(f"{plan.name}: {fmt_volume(results.water.total_l)} of water. What would cut it most:")
        for k, s in enumerate(suggestions, 1):
            if s.changes_project and (k == 1 or not suggestions[k - 2].changes_project):
                _say(f"  {PROJECT_HEADING}:")
            _say(f"{k:>2}. {s.change}\n    saves {fmt_volume(s.water_l_saved)} ({fmt(s.percent_saved)}%), "
                  f"CO2e {fmt_signed(-s.emissions_kg_saved, 'kg')}")
        return 0
    _say(f"{plan.name}: {advice_heading(results)}. What would cut it most:")
    unit = advice_unit(results)  # the unit of the total it ranks by: savings read against it
    for k, s in enumerate(suggestions, 1):
        if s.changes_project and (k == 1 or not suggestions[k - 2].changes_project):
            _say(f"  {PROJECT_HEADING}:")
        _say(f"{k:>2}. {s.change}\n    {advice_effect(s, unit)}")
    return 0


def cmd_measured(args) -> int:
    from planner.core.errors import CatalogError, PlanError
    from planner.core.measured import calibrate, compare, narrow, read_codecarbon
    from planner.core.plan import save_plan
    from planner.core.units import fmt

    def ratio(x):
        return "n/a" if x is None else f"{fmt(x)}×"

    catalog, plan, _ = _load(args.plan)
    runs = read_codecarbon(args.emissions)
    rows = compare(plan, runs, catalog)
    if args.json:
        print(json.dumps([{"row": c.run.row, "run": c.run.label, "measured": {
            "hours": c.run.hours, "energy_kwh": c.run.energy_kwh, "emissions_kg": c.run.emissions_kg},
            "planned_per_run": {"hours": c.planned_hours, "energy_kwh": c.planned_energy_kwh,
                                "emissions_kg": c.planned_emissions_kg},
            "ratio": {"hours": c.hours_ratio, "energy": c.energy_ratio, "emissions": c.emissions_ratio}}
            for c in rows], indent=2, allow_nan=False))
    else:
        _say(f"{len(rows)} measured run(s) against one run of {plan.name} "
              f"({fmt(rows[0].planned_hours)} h, {fmt(rows[0].planned_energy_kwh)} kWh, "
              f"{fmt(rows[0].planned_emissions_kg)} kg):")
        _say(f"{'run':<24} {'hours':>8} {'kWh':>10} {'kg CO2e':>10}   measured / planned (h, kWh, kg)")
        for c in rows:
            r = c.run
            _say(f"{r.label[:24]:<24} {fmt(r.hours):>8} {fmt(r.energy_kwh):>10} {fmt(r.emissions_kg):>10}   "
                  f"{ratio(c.hours_ratio)}, {ratio(c.energy_ratio)}, {ratio(c.emissions_ratio)}")
    if args.calibrate is not None:
        if not 1 <= args.calibrate <= len(runs):
            return _fail(f"--calibrate: choose a run from 1 to {len(runs)}")
        if not args.output:
            return _fail("--calibrate needs -o OUT.plan.json")
        run = runs[args.calibrate - 1]
        try:
            calibrated = calibrate(plan, run)
        except PlanError as exc:
            raise CatalogError(args.emissions, f"run {args.calibrate} cannot calibrate the plan: {exc}",
                               row=run.row) from None
        _write_output(args.output, lambda path: save_plan(calibrated, path))
        _say(f"wrote {args.output} (hours and power from run {args.calibrate})", file=sys.stderr)
    if args.narrow is not None:
        if not 1 <= args.narrow <= len(runs):
            return _fail(f"--narrow: choose a run from 1 to {len(runs)}")
        if args.share is None:
            return _fail("--narrow needs --share S: the share of one full run the pilot covered (0 < S <= 1)")
        run = runs[args.narrow - 1]
        try:
            narrowed = narrow(plan, run, args.share)
        except PlanError as exc:
            raise CatalogError(args.emissions, f"run {args.narrow} cannot narrow the plan: {exc}",
                               row=run.row) from None
        from planner.core.present import narrowing_lines
        from planner.core.results import results_for

        for line in narrowing_lines(results_for(plan, catalog), results_for(narrowed, catalog)):
            _say(line, file=sys.stderr if args.json else sys.stdout)
        if args.output:
            _write_output(args.output, lambda path: save_plan(narrowed, path))
            _say(f"wrote {args.output} (the plan with run {args.narrow} as its pilot)", file=sys.stderr)
    return 0


def cmd_fit(args) -> int:
    from planner.core.errors import PlanError, PlanFileError
    from planner.core.fields import SPECS
    from planner.core.plan import save_plan
    from planner.core.solve import BY_KEY, fit, parse_budgets, plan_budgets

    catalog, plan, _ = _load(args.plan)
    try:  # the command line's budgets join the plan's (and are written into the fitted plan)
        given = parse_budgets(args.budget or "")
        plan = plan.with_values({BY_KEY[k].path: v for k, v in given.items()})
        if args.solve in dict(SPECS["budget.solve"].choices):
            plan = plan.with_value("budget.solve", args.solve)
        result = fit(plan, catalog, plan_budgets(plan), args.solve or plan.budget.solve, args.confidence)
    except PlanError as exc:
        raise PlanFileError(args.plan, exc.message, exc.field) from None
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, allow_nan=False))
    else:
        _say(result.text())
    if args.output:
        _write_output(args.output, lambda path: save_plan(result.plan, path))
        _say(f"wrote {args.output} (the fitted plan)", file=sys.stderr)
    return 0


def cmd_pareto(args) -> int:
    from planner.core.errors import PlanError, PlanFileError
    from planner.core.solve import pareto
    from planner.core.units import fmt_hours, fmt_mass, fmt_money

    catalog, plan, _ = _load(args.plan)
    over = tuple(o.strip() for o in args.over.split(",") if o.strip())
    try:
        front = pareto(plan, catalog, over)
    except PlanError as exc:
        raise PlanFileError(args.plan, exc.message, exc.field) from None
    if args.json:
        print(json.dumps(front.to_dict(), indent=2, allow_nan=False))
        return 0
    _say(f"{len(front.points)} plans no other beats on CO2e, cost and wall-clock time, of {front.considered:,} "
         f"combinations over {', '.join(front.over)}:")
    width = max(len(p.label) for p in front.points)
    for p in front.points:
        _say(f"{p.label:<{width}}  {fmt_mass(p.emissions_kg, 'auto'):>10}  {fmt_money(p.cost_usd):>9}  "
             f"{fmt_hours(p.wall_clock_hours)}")
    return 0


def cmd_portfolio(args) -> int:
    from planner.core.portfolio import check_budgets, portfolio_lines, read_portfolio
    from planner.core.solve import parse_budgets

    budgets = parse_budgets(args.budget or "")
    check_budgets(budgets)  # (before reading hundreds of plans: wall-clock hours do not add across them)
    if args.output:
        _check_output(args.output)
    portfolio = read_portfolio(args.paths, _catalog())
    for problem in portfolio.problems:  # a file that cannot be read is left out; the rest are summed
        _say(f"planner: warning: {problem} (left out)", file=sys.stderr)
    if not len(portfolio):
        return _fail("no plan could be read, nothing to sum")
    if args.json:
        print(json.dumps(portfolio.to_dict(budgets), indent=2, allow_nan=False))
    elif not args.output:
        _say("\n".join(portfolio_lines(portfolio, budgets)))
    if args.output:
        try:
            from planner.ui.portfolio_report import write_portfolio_report_headless
        except ImportError as exc:  # pragma: no cover - depends on the installed Qt
            return _fail(f"cannot make PDFs here: {exc}")
        _write_output(args.output, lambda path: write_portfolio_report_headless(portfolio, path, budgets))
        _say(f"wrote {args.output}", file=sys.stderr if args.json else None)
    return 0


def cmd_sensitivity(args) -> int:
    from planner.core.present import sensitivity_text
    from planner.core.uncertainty import DEFAULT_SEED, analyse

    catalog, plan, results = _load(args.plan)
    est = results.estimate
    # the default seed is the one every view uses: its result is the plan's own; another seed is computed apart
    result = results.uncertainty if args.seed in (None, DEFAULT_SEED) else analyse(est, catalog, seed=args.seed)
    if args.json:
        print(json.dumps({"plan": plan.name, "emissions_kg": est.emissions_kg, **result.to_dict()}, indent=2,
                         allow_nan=False))
    else:
        _say(sensitivity_text(results, result, args.units))
    return 0


def cmd_when(args) -> int:
    from planner.core.present import when_text

    _, plan, results = _load(args.plan)
    if args.json:
        year = results.when()
        data = {"plan": plan.name, "region": results.inputs.region.id, "start": plan.schedule.start,
                "flex_hours": plan.schedule.flex_hours, "emissions_kg": results.estimate.emissions_kg,
                "carbon_intensity_g_per_kwh": results.inputs.carbon_intensity,
                "carbon_intensity_yearly_g_per_kwh": results.inputs.carbon_intensity_yearly}
        if year is None:
            from planner.core.present import no_year_note

            data.update(hourly_data=False, note=no_year_note(results))
        else:
            data.update(hourly_data=True, **year.to_dict())
        print(json.dumps(data, indent=2, allow_nan=False))
    else:
        _say(when_text(results, args.units))
    return 0


def cmd_presets(args) -> int:
    for p in _catalog().presets.values():
        _say(f"{p.id:<48} {p.name}")
    return 0


def cmd_report(args) -> int:
    from planner.core.errors import PlannerError

    catalog, plan, _ = _load(args.plan)
    source = args.plan if os.path.lexists(args.plan) else f"preset {args.plan}"
    try:
        from planner.ui.report import write_report_headless
    except ImportError as exc:  # pragma: no cover - depends on the installed Qt
        return _fail(f"cannot make PDFs here: {exc}")
    try:
        _write_output(args.output, lambda path: write_report_headless(plan, path, catalog, source))
    except PlannerError as exc:
        return _fail(str(exc))
    _say(f"wrote {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from planner.core.exports import FORMATS

    parser = _Parser(prog="planner", description="Plan the energy, carbon and cost of training ML models.")
    parser.add_argument("--version", action="version", version=f"Footprint Planner {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("estimate", help="print a plan's footprint")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("--json", action="store_true", help="print the result as JSON (as --format json)")
    p.add_argument("--format", choices=tuple(FORMATS), default="text",
                   help="; ".join(f"{f.key}: {f.help}" for f in FORMATS.values()) + " (default: text)")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e in the text (default auto: kg, t, kt or Mt by size)")
    p.set_defaults(func=cmd_estimate)

    p = sub.add_parser("regions", help="rank every region for a plan")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("--provider", help="only these cloud providers (comma-separated: aws,gcp,azure)")
    p.add_argument("--top", type=_top, metavar="N",
                   help=f"show only the N cleanest, or all (default: {TEXT_TOP} in the text, all in --json and --csv)")
    p.add_argument("--json", action="store_true", help="print the ranking as JSON")
    p.add_argument("--csv", action="store_true", help="print the ranking as CSV (units in column names)")
    p.add_argument("--by", choices=("emissions", "water"), default="emissions",
                   help="rank by CO2e (default) or by the water consumed on and off site")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e (default auto: kg, t, kt or Mt by size)")
    p.set_defaults(func=cmd_regions)

    p = sub.add_parser("advise", help="rank the changes that would cut a plan's footprint most")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("--by", choices=("emissions", "water"), default="emissions",
                   help="rank by CO2e saved (default) or by water saved")
    p.add_argument("--json", action="store_true", help="print the ranking as JSON")
    p.set_defaults(func=cmd_advise)

    p = sub.add_parser("measured", help="compare measured runs (CodeCarbon emissions.csv) with a plan")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("emissions", help="CodeCarbon's emissions.csv")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--calibrate", type=int, metavar="N", help="write the plan calibrated from run N (1 = first)")
    p.add_argument("--narrow", type=int, metavar="N", help="take run N as a pilot of the plan: its hours and power "
                   "narrow the utilization and power, and every interval (with --share; -o writes the plan)")
    p.add_argument("--share", type=_share, metavar="S", help="the share of one full run the pilot covered (0 < S <= 1)")
    p.add_argument("-o", "--output", help="where --calibrate or --narrow writes the plan")
    p.set_defaults(func=cmd_measured)

    p = sub.add_parser("sensitivity", help="90%% intervals and which uncertain input moves the CO2e most")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("--json", action="store_true", help="print percentiles and the tornado as JSON")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e (default auto: kg, t, kt or Mt by size)")
    p.add_argument("--seed", type=_seed, default=None, metavar="N",
                   help="the Monte Carlo seed, a whole number from 0 (default: fixed, so runs agree)")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("when", help="the plan on every start day of the year, its best start and what "
                                    "flexibility saves")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("--json", action="store_true", help="print the best start, the CO2e by start day and the "
                                                       "flexibility savings as JSON")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e (default auto: kg, t, kt or Mt by size)")
    p.set_defaults(func=cmd_when)

    p = sub.add_parser("fit", help="the largest value of a field that keeps the plan within its budgets")
    p.add_argument("plan", help="a plan file or a preset id")
    p.add_argument("--budget", help="budgets, e.g. co2e=20t,energy=500MWh,cost=250k,hours=30d,"
                                    "accelerator_hours=100k,water=2ML (added to the plan's budget.* fields)")
    p.add_argument("--solve", help="the field to solve for: a numeric plan field (model.training_tokens, "
                                   "model.parameters, experiment.tuning_runs, hardware.count, run.hours, …) or "
                                   "compute-optimal (parameters and 20 tokens a parameter); default: the plan's "
                                   "budget.solve")
    p.add_argument("--confidence", type=float, choices=(50.0, 95.0), default=None,
                   help="fit the 50th or 95th percentile of the Monte Carlo, not the central estimate")
    p.add_argument("--json", action="store_true", help="print field, value, binding, plan and estimate as JSON")
    p.add_argument("-o", "--output", help="write the fitted plan to this file")
    p.set_defaults(func=cmd_fit)

    p = sub.add_parser("pareto", help="the plans no other beats on CO2e, cost and wall-clock time")
    p.add_argument("plan", help="a plan file or a preset id")
    p.add_argument("--over", default="regions,accelerators,precision",
                   help="what to vary: any of regions, accelerators, precision, start (each point also at its "
                        "grid's cleanest start of the year); default: regions,accelerators,precision")
    p.add_argument("--json", action="store_true", help="print the points (each with its plan) as JSON")
    p.set_defaults(func=cmd_pareto)

    p = sub.add_parser("portfolio", help="a lab's plans summed: each plan's figures, the totals with their 90%% "
                                         "intervals, by month, region and accelerator, against yearly budgets")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER",
                   help="plan files, or folders: every *.json in one (not its sub-folders); a file that cannot be "
                        "read is named on stderr and left out")
    p.add_argument("--budget", help="yearly budgets, e.g. co2e=20t,energy=500MWh,cost=250k,accelerator_hours=100k,"
                                    "water=2ML: each calendar year's total (by the plans' starts) against them")
    p.add_argument("--json", action="store_true", help="print plans, total, by_month, by_year, by_region, "
                                                       "by_accelerator, budgets and problems as JSON")
    p.add_argument("-o", "--output", help="write a one- or two-page PDF summary (no display needed)")
    p.set_defaults(func=cmd_portfolio)

    p = sub.add_parser("presets", help="list the preset plans")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("report", help="write a PDF summary of a plan (no display needed)")
    p.add_argument("plan", help=PLAN_HELP)
    p.add_argument("-o", "--output", required=True, help="the PDF to write")
    p.set_defaults(func=cmd_report)
    return parser


APP_FLAGS = ("--smoke-test",)
TEXT_TOP = 20  # regions listed by planner regions in its text output, unless --top says otherwise


def _share(text: str) -> float:
    """--share: a share of a run, above 0 and at most 1."""
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < x <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, got {text}")
    return x


def _seed(text: str) -> int:
    """--seed: a whole number from 0 (NumPy's generators take no negative seed)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= n < 2**63:
        raise argparse.ArgumentTypeError(f"must be from 0 to 2**63 - 1, got {n}")
    return n


def _top(text: str) -> int:
    """--top: a positive whole number, or all."""
    if text.strip().lower() == "all":
        return sys.maxsize
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of regions or 'all', got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _app_usage_problem(argv: list[str]) -> str | None:
    """Why ``argv`` is not ``planner [PLAN.json]`` (the app), or None. A word that is neither a command
    nor an existing file nor a *.json name is taken for a mistyped command, not a plan."""
    flags = [a for a in argv if a.startswith("-")]
    paths = [a for a in argv if not a.startswith("-")]
    unknown = [f for f in flags if f not in APP_FLAGS]
    if unknown:
        return f"unrecognized option {unknown[0]!r} (commands: {', '.join(COMMANDS)}; see planner --help)"
    if paths:
        word = paths[0]
        if not os.path.lexists(word) and not word.lower().endswith(".json") and "/" not in word \
                and "\\" not in word and not _is_preset(word):
            import difflib

            close = difflib.get_close_matches(word, COMMANDS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            return f"unknown command {word!r} ({hint}commands: {', '.join(COMMANDS)}; see planner --help)"
    if len(paths) > 1:
        return f"one plan file at a time, got {len(paths)} (see planner --help)"
    return None


def _is_preset(word: str) -> bool:
    from planner.core import default_catalog

    return word in default_catalog().presets


def _safe_streams() -> None:
    """Text that the terminal cannot encode (a lone surrogate in a file name) is escaped, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # pragma: no cover - replaced streams
            pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _safe_streams()
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        # planner [PLAN.json]: the desktop app
        problem = _app_usage_problem(argv)
        if problem:
            _say(f"planner: error: {problem}", file=sys.stderr)
            return EXIT_BAD_INPUT
        from planner.ui.app import run_app

        return run_app(argv)
    args = build_parser().parse_args(argv)
    if args.command is None:
        from planner.ui.app import run_app

        return run_app([])
    from planner.core.errors import PlannerError

    try:
        return args.func(args)
    except PlannerError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # planner regions x | head
        return 0
    except Exception as exc:  # never a traceback for the user
        _say(f"planner: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
