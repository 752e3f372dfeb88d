"""The ``planner`` command.

``planner`` opens the app; ``planner PLAN.json`` opens a plan in it;
``planner estimate``, ``planner regions`` and ``planner presets`` work with
no display. Bad input exits with status 2 and one line naming the file and
field, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from planner import __version__

EXIT_BAD_INPUT = 2
COMMANDS = ("estimate", "regions", "presets", "report", "advise", "measured", "sensitivity")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, like every other bad input
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _fail(message: str) -> int:
    print(f"planner: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _catalog():
    """The catalog the window uses too: the built-in data plus the user's own CSVs (a bad file is
    named on stderr and left out, as the window does)."""
    from planner.core import default_catalog
    from planner.core.settings import data_dir
    from planner.core.userdata import catalog_with_user_data

    catalog, problems = catalog_with_user_data(default_catalog(), data_dir())
    for problem in problems:
        print(f"planner: warning: {problem} (left out)", file=sys.stderr)
    return catalog


def _check_output(path: str) -> None:
    """Raise PlanFileError naming ``path`` if it cannot be written: its folder is missing, it is a folder or
    a device, or it is read-only (the command line has no one to ask, so a read-only file is never replaced)."""
    from pathlib import Path

    from planner.core.errors import PlanFileError
    from planner.core.fileio import is_read_only, resolve_target

    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlanFileError(path, "cannot write: its folder does not exist")
    if target.exists() and not target.is_file():
        raise PlanFileError(path, "cannot write: it is a folder or a device, not a file")
    if is_read_only(target):
        raise PlanFileError(path, "is read-only; not replaced (choose another file or make it writable)")


def _write_output(path: str, write) -> None:
    """Run ``write(path)``; an OSError becomes PlanFileError naming the file."""
    from planner.core.errors import PlanFileError
    from planner.core.fileio import describe_os_error

    _check_output(path)
    try:
        write(path)
    except OSError as exc:
        raise PlanFileError(path, f"cannot write ({describe_os_error(exc)})") from None


def _load(path: str):
    from planner.core import estimate, load_plan
    from planner.core.errors import PlanError, PlanFileError

    catalog = _catalog()
    plan = load_plan(path, catalog)
    try:
        return catalog, plan, estimate(plan, catalog)
    except PlanError as exc:  # e.g. hours neither given nor derivable
        raise PlanFileError(path, exc.message, exc.field) from None


def summary_text(est, catalog, unit: str = "auto", uncertainty=None, water=None) -> str:
    """The readable summary ``planner estimate`` prints; every mass in one unit (automatic: by the total)."""
    from planner.core.estimate import PHASE_LABELS, PHASES
    from planner.core.units import (best_equivalent, fmt, fmt_energy, fmt_flops, fmt_mass, fmt_range, fmt_usd,
                                    fmt_volume, resolve_mass_unit, to_unit)

    unit = resolve_mass_unit(unit, est.emissions_kg)
    i = est.inputs
    if uncertainty is not None:
        pe, pk = uncertainty.percentiles["emissions_kg"], uncertainty.percentiles["energy_kwh"]
        from planner.core.uncertainty import interval_text

        band_co2 = interval_text(pe["p5"], pe["p95"],
                                 lambda lo, hi: f"{fmt_range(to_unit(lo, unit), to_unit(hi, unit))} {unit}")
        band_kwh = interval_text(pk["p5"], pk["p95"], lambda lo, hi: f"{fmt_energy(lo)} – {fmt_energy(hi)}")
    else:
        band_co2 = (f"range {fmt_range(to_unit(est.emissions_range[0], unit), to_unit(est.emissions_range[1], unit))}"
                    f" {unit}")
        band_kwh = f"range {fmt_energy(est.energy_range[0])} – {fmt_energy(est.energy_range[1])}"
    hours_note = "derived from FLOPs" if i.hours_derived else "given"
    ex = est.plan.experiment
    lines = [
        est.plan.name,
        f"  {i.accelerator.id} × {i.count}, {fmt(i.hours_per_run)} h per run ({hours_note}), "
        f"{fmt(i.power_w)} W per accelerator",
        f"  Region {i.region.id} ({i.region.name}): {fmt(i.carbon_intensity)} g CO2e/kWh "
        f"({i.carbon_intensity_basis}), PUE {i.pue:.2f}",
        f"  Runs: {fmt(ex.final_runs)} final, {fmt(ex.tuning_runs)} tuning × {fmt(ex.tuning_run_fraction)}, "
        f"NAS {'on (× ' + fmt(i.nas_multiplier) + ')' if ex.nas else 'off'}",
        "",
        f"  CO2e               {fmt_mass(est.emissions_kg, unit):>14}   ({band_co2})",
        *([f"  CO2e market-based  {fmt_mass(est.market_emissions_kg, unit):>14}   "
           f"({i.market_matched_fraction:.0%} matched by contractual instruments)"]
          if est.market_emissions_kg is not None else []),
        f"  Energy             {fmt_energy(est.energy_kwh):>14}   ({band_kwh})",
        f"  Embodied           {fmt_mass(est.embodied_kg, unit):>14}   (manufacturing share; not in CO2e above)",
        *([f"  Water              {fmt_volume(water.total_l):>14}   (on site {fmt_volume(water.onsite_l)}, "
           f"off site {fmt_volume(water.offsite_l)}; range {fmt_volume(water.low_l)} – {fmt_volume(water.high_l)})"]
          if water is not None else []),
        f"  Cost               {fmt_usd(est.cost_low, est.cost_high):>14}"
        + (f"   ({i.price_basis})" if i.price_basis else ""),
        f"  Accelerator-hours  {fmt(est.accelerator_hours):>14}",
        f"  FLOPs              {fmt_flops(est.flops):>14}",
        "",
        "  By phase: " + ", ".join(f"{PHASE_LABELS[p]} {fmt_mass(est.phases[p].emissions_kg, unit)}" for p in PHASES),
    ]
    text, _, _ = best_equivalent(est, catalog)
    if text:
        lines.append(f"  {text}")
    return "\n".join(lines)


def cmd_estimate(args) -> int:
    catalog, plan, est = _load(args.plan)
    fmt_ = "json" if args.json else args.format
    if fmt_ == "model-card":
        from planner.core.tables import model_card

        print(model_card(est), end="")
        return 0
    if fmt_ == "csv":
        from planner.core.tables import estimate_frame

        sys.stdout.write(estimate_frame(est).to_csv(index=False, lineterminator="\n"))
        return 0
    from planner.core.uncertainty import analyse
    from planner.core.water import water

    result, w = analyse(est, catalog), water(est, catalog)
    if fmt_ == "json":
        data = est.to_dict()
        data["percentiles"] = result.percentiles  # the 90% interval; "range" keeps the conservative bounds
        data["uncertainty_method"] = result.method
        data["water_l"] = w.total_l
        data["water"] = w.to_dict()
        print(json.dumps(data, indent=2, allow_nan=False))
    else:
        print(summary_text(est, catalog, args.units, result, w))
    return 0


def cmd_regions(args) -> int:
    from planner.core import region_mask, sweep
    from planner.core.units import fmt, fmt_mass, resolve_mass_unit

    catalog, plan, est = _load(args.plan)
    unit = resolve_mass_unit(args.units, est.emissions_kg)
    providers = [p.strip().lower() for p in args.provider.split(",")] if args.provider else None
    if providers:
        unknown = sorted(set(providers) - set(catalog.providers))
        if unknown:
            return _fail(f"--provider: unknown provider {unknown[0]!r} (known: {', '.join(catalog.providers)})")
    result = sweep(est, catalog, region_mask(catalog, providers=providers))
    n = len(result) if args.top is None else min(args.top, len(result))
    if args.by == "water":
        return _regions_by_water(args, plan, est, catalog, result, n)
    if args.csv:
        from planner.core.tables import regions_frame

        sys.stdout.write(regions_frame(result).head(n).to_csv(index=False, lineterminator="\n"))
        return 0
    if args.json:
        print(json.dumps([{"rank": k + 1, "region": result.ids[k], "name": result.names[k],
                           "carbon_intensity_g_per_kwh": result.intensity[k], "pue": result.pue[k],
                           "emissions_kg": result.emissions_kg[k]} for k in range(n)], indent=2))
        return 0
    print(f"{plan.name}: the same plan in {len(result)} regions, cleanest first (* = the plan's region)")
    print(f"{'rank':>4}  {'region':<34} {'g/kWh':>7} {'PUE':>5} {'CO2e':>12}")
    for k in range(n):
        mark = "*" if result.ids[k] == plan.site.region else " "
        print(f"{k + 1:>4}{mark} {result.ids[k]:<34} {fmt(result.intensity[k]):>7} "
              f"{result.pue[k]:>5.2f} {fmt_mass(result.emissions_kg[k], unit):>12}")
    return 0


def _regions_by_water(args, plan, est, catalog, result, n) -> int:
    """The same regions ranked by the water the plan would consume there (on site and off site)."""
    from planner.core.units import fmt, fmt_volume
    from planner.core.water import region_water

    litres = region_water(est, catalog)
    order = sorted(range(len(result)), key=lambda k: litres[result.ids[k]])[:n]
    rows = [{"rank": r + 1, "region": result.ids[k], "name": result.names[k], "water_l": litres[result.ids[k]],
             "emissions_kg": result.emissions_kg[k]} for r, k in enumerate(order)]
    if args.csv:
        import pandas as pd

        sys.stdout.write(pd.DataFrame(rows).to_csv(index=False, lineterminator="\n"))
    elif args.json:
        print(json.dumps(rows, indent=2, allow_nan=False))
    else:
        print(f"{plan.name}: the same plan in {len(result)} regions, least water first (* = the plan's region)")
        print(f"{'rank':>4}  {'region':<34} {'water':>10} {'CO2e kg':>12}")
        for row in rows:
            mark = "*" if row["region"] == plan.site.region else " "
            print(f"{row['rank']:>4}{mark} {row['region']:<34} {fmt_volume(row['water_l']):>10} "
                  f"{fmt(row['emissions_kg']):>12}")
    return 0


def cmd_advise(args) -> int:
    from planner.core.advise import advise
    from planner.core.units import fmt, fmt_mass, fmt_signed, resolve_mass_unit

    from planner.core.errors import PlanError, PlanFileError

    catalog, plan, est = _load(args.plan)
    try:
        suggestions = advise(plan, catalog, by=args.by)
    except PlanError as exc:  # pragma: no cover - the bounds keep every suggestion computable
        raise PlanFileError(args.plan, exc.message, exc.field) from None
    if args.json:
        print(json.dumps([s.to_dict() for s in suggestions], indent=2))
        return 0
    unit = resolve_mass_unit("auto", est.emissions_kg)
    if args.by == "water":
        from planner.core.units import fmt_volume
        from planner.core.water import water

        print(f"{plan.name}: {fmt_volume(water(est, catalog).total_l)} of water. What would cut it most:")
        for k, s in enumerate(suggestions, 1):
            print(f"{k:>2}. {s.change}\n    saves {fmt_volume(s.water_l_saved)} ({fmt(s.percent_saved)}%), "
                  f"CO2e {fmt_signed(-s.emissions_kg_saved, 'kg')}")
        return 0
    print(f"{plan.name}: {fmt_mass(est.emissions_kg, unit)} CO2e. What would cut it most:")
    for k, s in enumerate(suggestions, 1):
        cost = "" if s.cost_usd_delta is None else (
            ", cost unchanged" if abs(s.cost_usd_delta) < 0.5 else f", cost {fmt_signed(s.cost_usd_delta, '$')}")
        dh = s.wall_clock_hours_delta
        hours = "" if abs(dh) < 1e-6 else f", wall-clock {fmt_signed(dh, 'h')}"
        print(f"{k:>2}. {s.change}\n    saves {fmt_mass(s.emissions_kg_saved, unit)} ({fmt(s.percent_saved)}%)"
              f"{cost}{hours}")
    return 0


def cmd_measured(args) -> int:
    from planner.core.errors import CatalogError, PlanError
    from planner.core.measured import calibrate, compare, read_codecarbon
    from planner.core.plan import save_plan
    from planner.core.units import fmt

    def ratio(x):
        return "n/a" if x is None else f"{fmt(x)}×"

    catalog, plan, est = _load(args.plan)
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
        print(f"{len(rows)} measured run(s) against one run of {plan.name} "
              f"({fmt(rows[0].planned_hours)} h, {fmt(rows[0].planned_energy_kwh)} kWh, "
              f"{fmt(rows[0].planned_emissions_kg)} kg):")
        print(f"{'run':<24} {'hours':>8} {'kWh':>10} {'kg CO2e':>10}   measured / planned (h, kWh, kg)")
        for c in rows:
            r = c.run
            print(f"{r.label[:24]:<24} {fmt(r.hours):>8} {fmt(r.energy_kwh):>10} {fmt(r.emissions_kg):>10}   "
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
        print(f"wrote {args.output} (hours and power from run {args.calibrate})", file=sys.stderr)
    return 0


def sensitivity_text(est, result, unit: str = "auto") -> str:
    """The readable form of ``planner sensitivity``: the 90% intervals, then the tornado, largest swing first."""
    from planner.core.units import fmt_energy, fmt_mass, fmt_usd, resolve_mass_unit

    unit = resolve_mass_unit(unit, est.emissions_kg)
    pc = result.percentiles
    e, c = pc["emissions_kg"], pc["energy_kwh"]
    lines = [f"{est.plan.name}: how sure, and which assumption matters most", f"  {result.method}", "",
             f"  {'':<18}{'estimate':>14}{'p5':>14}{'p50':>14}{'p95':>14}",
             f"  {'CO2e':<18}{fmt_mass(est.emissions_kg, unit):>14}{fmt_mass(e['p5'], unit):>14}"
             f"{fmt_mass(e['p50'], unit):>14}{fmt_mass(e['p95'], unit):>14}",
             f"  {'Energy':<18}{fmt_energy(est.energy_kwh):>14}{fmt_energy(c['p5']):>14}"
             f"{fmt_energy(c['p50']):>14}{fmt_energy(c['p95']):>14}"]
    if pc["cost_usd"] is not None:
        m = pc["cost_usd"]
        lines.append(f"  {'Cost':<18}{fmt_usd(est.cost_low, est.cost_high):>14}{fmt_usd(m['p5'], m['p5']):>14}"
                     f"{fmt_usd(m['p50'], m['p50']):>14}{fmt_usd(m['p95'], m['p95']):>14}")
    lines += ["", "  CO2e with one input at its p5 and p95, the others as estimated (largest swing first):"]
    for t in result.tornado:
        lines.append(f"  {t['label']:<30}{fmt_mass(t['low_emissions_kg'], unit):>12} – "
                     f"{fmt_mass(t['high_emissions_kg'], unit):<12} swing {fmt_mass(t['swing_kg'], unit)}")
    if not result.tornado:
        lines.append("  (none: every input that moves the CO2e is given exactly)")
    lines += ["", "  " + result.reading(lambda kg: fmt_mass(kg, unit))]
    return "\n".join(lines)


def cmd_sensitivity(args) -> int:
    from planner.core.uncertainty import analyse

    catalog, plan, est = _load(args.plan)
    result = analyse(est, catalog, seed=args.seed)
    if args.json:
        print(json.dumps({"plan": plan.name, "emissions_kg": est.emissions_kg, **result.to_dict()}, indent=2,
                         allow_nan=False))
    else:
        print(sensitivity_text(est, result, args.units))
    return 0


def cmd_presets(args) -> int:
    for p in _catalog().presets.values():
        print(f"{p.id:<48} {p.name}")
    return 0


def cmd_report(args) -> int:
    from planner.core.errors import PlannerError

    catalog, plan, est = _load(args.plan)
    try:
        from planner.ui.report import write_report_headless
    except ImportError as exc:  # pragma: no cover - depends on the installed Qt
        return _fail(f"cannot make PDFs here: {exc}")
    try:
        _write_output(args.output, lambda path: write_report_headless(plan, path, catalog, args.plan))
    except PlannerError as exc:
        return _fail(str(exc))
    print(f"wrote {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planner", description="Plan the energy, carbon and cost of training ML models.")
    parser.add_argument("--version", action="version", version=f"Footprint Planner {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("estimate", help="print a plan's footprint")
    p.add_argument("plan", help="a plan file (*.plan.json)")
    p.add_argument("--json", action="store_true", help="print the result as JSON (as --format json)")
    p.add_argument("--format", choices=("text", "json", "csv", "model-card"), default="text",
                   help="text (default), json, csv (phases and parts, numbers unformatted, units in column "
                        "names) or model-card (Hugging Face co2_eq_emissions metadata, emissions in grams)")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e in the text (default auto: kg, t, kt or Mt by size)")
    p.set_defaults(func=cmd_estimate)

    p = sub.add_parser("regions", help="rank every region for a plan")
    p.add_argument("plan", help="a plan file (*.plan.json)")
    p.add_argument("--provider", help="only these cloud providers (comma-separated: aws,gcp,azure)")
    p.add_argument("--top", type=int, help="show only the N cleanest")
    p.add_argument("--json", action="store_true", help="print the ranking as JSON")
    p.add_argument("--csv", action="store_true", help="print the ranking as CSV (units in column names)")
    p.add_argument("--by", choices=("emissions", "water"), default="emissions",
                   help="rank by CO2e (default) or by the water consumed on and off site")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e (default auto: kg, t, kt or Mt by size)")
    p.set_defaults(func=cmd_regions)

    p = sub.add_parser("advise", help="rank the changes that would cut a plan's footprint most")
    p.add_argument("plan", help="a plan file (*.plan.json)")
    p.add_argument("--by", choices=("emissions", "water"), default="emissions",
                   help="rank by CO2e saved (default) or by water saved")
    p.add_argument("--json", action="store_true", help="print the ranking as JSON")
    p.set_defaults(func=cmd_advise)

    p = sub.add_parser("measured", help="compare measured runs (CodeCarbon emissions.csv) with a plan")
    p.add_argument("plan", help="a plan file (*.plan.json)")
    p.add_argument("emissions", help="CodeCarbon's emissions.csv")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--calibrate", type=int, metavar="N", help="write the plan calibrated from run N (1 = first)")
    p.add_argument("-o", "--output", help="where --calibrate writes the plan")
    p.set_defaults(func=cmd_measured)

    p = sub.add_parser("sensitivity", help="90% intervals and which uncertain input moves the CO2e most")
    p.add_argument("plan", help="a plan file (*.plan.json)")
    p.add_argument("--json", action="store_true", help="print percentiles and the tornado as JSON")
    p.add_argument("--units", choices=("auto", "kg", "t", "lb"), default="auto",
                   help="mass unit for CO2e (default auto: kg, t, kt or Mt by size)")
    p.add_argument("--seed", type=int, default=None, help="the Monte Carlo seed (default: fixed, so runs agree)")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("presets", help="list the preset plans")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("report", help="write a PDF summary of a plan (no display needed)")
    p.add_argument("plan", help="a plan file (*.plan.json)")
    p.add_argument("-o", "--output", required=True, help="the PDF to write")
    p.set_defaults(func=cmd_report)
    return parser


APP_FLAGS = ("--smoke-test",)


def _app_usage_problem(argv: list[str]) -> str | None:
    """Why ``argv`` is not ``planner [PLAN.json]`` (the app), or None. A word that is neither a command
    nor an existing file nor a *.json name is taken for a mistyped command, not a plan."""
    flags = [a for a in argv if a.startswith("-")]
    paths = [a for a in argv if not a.startswith("-")]
    unknown = [f for f in flags if f not in APP_FLAGS]
    if unknown:
        return f"unrecognized option {unknown[0]!r} (commands: {', '.join(COMMANDS)}; see planner --help)"
    if len(paths) > 1:
        return f"one plan file at a time, got {len(paths)} (see planner --help)"
    if paths:
        from pathlib import Path

        word = paths[0]
        if not Path(word).exists() and not word.lower().endswith(".json") and "/" not in word and "\\" not in word:
            return f"unknown command {word!r} (commands: {', '.join(COMMANDS)}; see planner --help)"
    return None


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
            print(f"planner: error: {problem}", file=sys.stderr)
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
        print(f"planner: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
