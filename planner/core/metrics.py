"""Every output of a plan, declared once: a ``MetricSpec`` per figure, in ``METRICS``.

A spec says what the figure is (key, label, unit kind), how it is read from a plan's ``Results`` (``value``), how
it follows the model's draws (``sample``: then it has a 90% interval, from the Monte Carlo, and the uncertain
inputs it moves with are found by moving each one, never listed by hand), whether it adds across plans, how it
is worded on a card, and where it shows:

* ``card``: the window's result cards (in this order), and word for word the PDF's (``pdf``) and the summary
  ``planner estimate`` prints (``summary``);
* ``json``: ``planner estimate --json`` and File → Export as JSON (the key, and its percentiles);
* ``csv``: the CSV/Excel table's total row (a column of its own);
* ``compare``: a row of the compare dialog and ``planner compare``.

The window's cards, the exports, the compare rows, the PDF's cards, the summary, the Monte Carlo's percentiles
and the cards' "exact" are loops over ``METRICS``: a new output is one entry here (``docs/architecture.md``).
No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.core.estimate import PHASE_LABELS, Draw, Draws
from planner.core.units import (
    NB,
    fmt,
    fmt_delta,
    fmt_energy,
    fmt_flops,
    fmt_mass,
    fmt_mass_beside,
    fmt_range,
    fmt_rate,
    fmt_share,
    fmt_usd,
    fmt_usd_short,
    fmt_volume,
    resolve_mass_unit,
    to_unit,
)

PLACES = ("card", "pdf", "summary", "json", "csv", "compare")
EVERYWHERE = frozenset(PLACES)

SERVED_CO2E_TITLE = "CO2e of training"  # the CO2e card of a plan that also serves its model: what it covers
NO_PRICE = "no price: give one under Pricing"
PENDING = "90%: …"  # an interval not computed yet
# what a card's figure is, when an input is uncertain (the tooltip says it on the card)
CENTRAL = ("The figure: the plan with each input it leaves empty at the median of its distribution (power at the "
           "chip's measured mean, else the median share of TDP measured in training; the PUE and grid as published; "
           "the utilization prior's median, or a pilot's posterior); the 90% interval spreads those inputs.")


@dataclass(frozen=True)
class Card:
    """One headline figure as every view prints it."""
    key: str
    title: str
    value: str
    band: str  # the line under the figure: its 90% interval, basis or split
    tooltip: str
    delta: str | None = None  # against a pinned baseline
    short: str = ""  # the value in fewer characters, for a narrow card ("$3.52–10.9 M")


@dataclass(frozen=True)
class CardView:
    """How the cards are shown: the mass unit in use and the one chosen ("auto"), a pinned baseline's Results, the
    embodied share in the CO2e band, the intervals to show (``interval(key)``), the water computed yet."""
    unit: str
    chosen: str = "auto"
    baseline: Any = None
    embodied: bool = True
    interval: Callable[[str], tuple | None] | None = None
    water: bool = True


# ------------------------------------------------------------------ the units a figure is written in
@dataclass(frozen=True)
class Kind:
    """How a kind of figure is written: ``show(x, view_unit, sig)``, its interval ``span(lo, hi, view_unit)``, a
    difference ``delta(value, reference, view_unit)``."""
    show: Callable[[float, str, int], str]
    span: Callable[[float, float, str], str]
    delta: Callable[[float, float, str], str]


KINDS = {
    "mass": Kind(lambda x, u, sig: fmt_mass(x, u, sig),
                 lambda lo, hi, u: f"{fmt_range(to_unit(lo, u), to_unit(hi, u))}{NB}{u}",
                 lambda v, r, u: fmt_delta(to_unit(v, u), to_unit(r, u), u)),
    "energy": Kind(lambda x, u, sig: fmt_energy(x, sig), lambda lo, hi, u: f"{fmt_energy(lo)} – {fmt_energy(hi)}",
                   lambda v, r, u: fmt_delta(v, r, "kWh", fmt_energy)),
    "volume": Kind(lambda x, u, sig: fmt_volume(x, sig), lambda lo, hi, u: f"{fmt_volume(lo)} – {fmt_volume(hi)}",
                   lambda v, r, u: fmt_delta(v, r, "L", fmt_volume)),
    "usd": Kind(lambda x, u, sig: fmt_usd(x, x), lambda lo, hi, u: fmt_usd(lo, hi),
                lambda v, r, u: fmt_delta(v, r, "$")),
    "hours": Kind(lambda x, u, sig: fmt(x, sig), lambda lo, hi, u: fmt_range(lo, hi),
                  lambda v, r, u: fmt_delta(v, r, "h")),
    "flops": Kind(lambda x, u, sig: fmt_flops(x), lambda lo, hi, u: f"{fmt_flops(lo)} – {fmt_flops(hi)}",
                  lambda v, r, u: fmt_delta(v, r)),
    "number": Kind(lambda x, u, sig: fmt(x, sig), lambda lo, hi, u: fmt_range(lo, hi),
                   lambda v, r, u: fmt_delta(v, r)),
}


@dataclass(frozen=True)
class MetricSpec:
    """One output of a plan (see the module's docstring)."""
    key: str  # the data key: JSON, CSV column, percentiles ("emissions_kg")
    name: str  # the card's name ("emissions": the widget ``result.emissions``)
    label: str  # the title on a card, a compare row's label
    kind: str  # how it is written: a key of ``KINDS``
    value: Callable[[Any], float | None]  # Results -> the central figure (None: not known for this plan)
    sample: Callable[[Draw], Any] | None = None  # the model's draws -> the figure's draws: a 90% interval
    adds: bool = True  # a sum over plans means something (a lab's portfolio)
    shows: frozenset = EVERYWHERE  # the places of ``PLACES`` it shows in
    short: str = ""  # the title in fewer characters, for a narrow card
    help: str = ""  # what it is (a card's tooltip when it has no wording of its own)
    applies: Callable[[Any], bool] | None = None  # shown for this plan at all (default: always)
    served_label: str = ""  # the label when the plan also serves its model (what the figure covers)
    card: Callable[[MetricSpec, Any, CardView], Card] | None = None  # its own wording (default: ``plain_card``)
    export: Callable[[Any], Any] | None = None  # its JSON value (default: ``value``)
    columns: Callable[[Any], dict] | None = None  # its CSV columns (default: {key: value})
    text: Callable[[Any, str], str] | None = None  # a compare cell, in the mass unit (default: as the card)
    order: int = 0  # within a place: by order, then as listed

    def shows_in(self, place: str, results=None) -> bool:
        return place in self.shows and (results is None or self.applies is None or bool(self.applies(results)))

    def json_value(self, results):
        return self.export(results) if self.export is not None else self.value(results)

    def csv_values(self, results) -> dict:
        return self.columns(results) if self.columns is not None else {self.key: self.value(results)}

    def words(self, results, unit: str, sig: int = 3) -> str:
        """The figure as text ("–" when not known)."""
        if self.text is not None:
            return self.text(results, unit)
        x = self.value(results)
        return "–" if x is None else KINDS[self.kind].show(x, unit, sig)


# ------------------------------------------------------------------ what a figure moves with
def moves(results, key: str) -> set:
    """The uncertain inputs figure ``key`` moves with: each of the plan's uncertain inputs moved on its own in
    the model (``Draws``), and the figure compared with its central value. Derived, never listed: a measured energy
    leaves power and utilization out of the energy, and the hours it implies move with the power."""
    m = METRIC[key]
    if m.sample is None or results.estimate is None:
        return set()
    return results.moves.get(key, set())


def _moves(results) -> dict:
    """{metric key: the uncertain inputs it moves with}, for every metric with draws: one run of the model over
    arrays whose first element is the plan as it is and each next one has one input moved by half again."""
    names = sorted(results.uncertain_inputs)
    n = len(names) + 1
    factors = {}
    for k, name in enumerate(names, start=1):
        f = np.ones(n)
        f[k] = 1.5
        factors[name] = f
    draw = Draws(results.estimate, results.catalog).run(factors, n)
    out: dict[str, set] = {}
    for m in METRICS:
        if m.sample is None:
            continue
        x = m.sample(draw)
        if x is None or np.ndim(x) == 0:  # none, or the same whatever the inputs
            out[m.key] = set()
            continue
        moved = (np.abs(x[1:] - x[0]) > 1e-9 * abs(x[0])).tolist()
        out[m.key] = {name for name, yes in zip(names, moved) if yes}
    return out


def exact(results, key: str) -> bool:
    """Nothing ``key`` moves with is uncertain (every such input given), known without the Monte Carlo: the
    figure is shown to the digit people check against a paper (1,438 lb, not 1,440)."""
    return not (moves(results, key) & results.uncertain_inputs)


def interval_text(lo: float, hi: float, show) -> str:
    """A 90% interval as the cards, the PDF and the summary print it: "90%: <show(lo, hi)>", or "exact" when
    nothing the figure depends on is uncertain."""
    if hi - lo <= 1e-9 * max(abs(hi), 1e-300):
        return "exact (inputs given)"
    return f"90%: {show(lo, hi)}"


def percentiles(draw: Draw, samples: int) -> dict:
    """The Monte Carlo's p5, p50 and p95 of every metric with draws (None where the plan has no such figure)."""
    out: dict[str, dict | None] = {}
    for m in METRICS:
        if m.sample is None:
            continue
        x = m.sample(draw)
        if x is None:
            out[m.key] = None
            continue
        p5, p50, p95 = np.percentile(np.broadcast_to(x, (samples,)), [5, 50, 95])
        out[m.key] = {"p5": float(p5), "p50": float(p50), "p95": float(p95)}
    return out


# ------------------------------------------------------------------ the cards
def unit_of(results, unit: str = "auto") -> str:
    """The one mass unit of a view: the chosen one, or the headline's (automatic)."""
    est = results.estimate
    return resolve_mass_unit(unit, est.emissions_kg if est is not None else 0.0)


def life_kg(results) -> float:
    """The CO2e the advice ranks by: training's, plus serving's when the plan serves the model (its life)."""
    sv = results.serving
    return results.estimate.emissions_kg + (sv.emissions_kg if sv is not None else 0.0)


def wrap_tip(text: str, width: int = 80) -> str:
    """A tooltip in lines a reader can follow (a one-line paragraph of 300 characters is wider than a window):
    each line longer than ``width`` broken at spaces, greedily; a word longer than a line (a path, a web
    address) stays whole. (Cards' tooltips are worded on every slider tick: this is ~10x textwrap's speed.)"""
    if len(text) <= width and "\n" not in text:
        return text
    out = []
    for part in text.split("\n"):
        if len(part) <= width:
            out.append(part)
            continue
        line = ""
        for word in part.split():
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
    return "\n".join(out)


def _interval(m: MetricSpec, results, view: CardView):
    """The interval a card shows: an exact figure's is the figure itself, known now."""
    if exact(results, m.key):
        x = m.value(results)
        return x, x
    return (view.interval or results.interval)(m.key)


def _band(iv, show) -> str:
    return PENDING if iv is None else interval_text(iv[0], iv[1], show)


def _delta(m: MetricSpec, results, view: CardView) -> str | None:
    if view.baseline is None or view.baseline.estimate is None:
        return None
    now, then = m.value(results), m.value(view.baseline)
    if now is None or then is None:
        return None
    return KINDS[m.kind].delta(now, then, view.unit)


def _sig(m: MetricSpec, results) -> int:
    return 4 if m.sample is not None and exact(results, m.key) else 3


def plain_card(m: MetricSpec, results, view: CardView) -> Card:
    """A figure's card from its spec alone: the figure, its 90% interval (when it has draws), its help."""
    x = m.value(results)
    kind = KINDS[m.kind]
    band = "" if m.sample is None or x is None else _band(_interval(m, results, view),
                                                        lambda lo, hi: kind.span(lo, hi, view.unit))
    tip = m.help + ("" if m.sample is None or exact(results, m.key) else f"\n{CENTRAL}")
    return Card(m.name, m.label, m.words(results, view.unit, _sig(m, results)), band, wrap_tip(tip),
                _delta(m, results, view))


def _emissions_card(m: MetricSpec, results, view: CardView) -> Card:
    est, u, unit = results.estimate, view.unit, view.chosen
    i = est.inputs
    band = _band(_interval(m, results, view), lambda lo, hi: KINDS["mass"].span(lo, hi, u))
    sv = results.serving
    if sv is not None:  # the model's life beside training's: the total the advice ranks by
        band += f" · with serving {fmt_mass_beside(life_kg(results), u, unit)}"
    if est.market_emissions_kg is not None:
        band += (f" · market-based {fmt_mass_beside(est.market_emissions_kg, u, unit)} "
                 f"({fmt_share(i.market_matched_fraction)} matched)")
    if view.embodied and sv is None:  # (a served plan's band says its life instead: the embodied is in the tooltip)
        band += f" · +{fmt_mass_beside(est.embodied_kg, u, unit)} embodied"
    spread = ("Every uncertain input is given: the figure is exact." if exact(results, m.key) else
              f"{CENTRAL}\n"
              "90%: the 5th to 95th percentile of a Monte Carlo over the uncertain inputs (Which assumption "
              "matters, Help → Sources); the conservative bounds are "
              f"{fmt_mass(est.emissions_range[0], u)} – {fmt_mass(est.emissions_range[1], u)}.")
    served = "" if sv is None else (
        f"Training only. With {fmt(sv.months)} months of serving ({fmt_mass(sv.emissions_kg, u)}), the model's life "
        f"is {fmt_mass(life_kg(results), u)}: the total the advice ranks by.\n")
    return Card(m.name, m.served_label if sv is not None else m.label,
                fmt_mass(est.emissions_kg, u, _sig(m, results)), band,
                wrap_tip(served + "Operational CO2e, location-based: energy × grid intensity "
                         f"({i.carbon_intensity_basis})."
                         + (f" Market-based, {fmt_mass(est.market_emissions_kg, u)}: {i.market_basis}."
                            if est.market_emissions_kg is not None else
                            " Market-based: state a matched share (0 too) under Site.")
                         + " Embodied, "
                         f"+{fmt_mass_beside(est.embodied_kg, u, unit)}: manufacturing the accelerators "
                         f"({fmt_mass_beside(est.embodied_parts['accelerators'], u, unit)}) and their servers "
                         f"({fmt_mass_beside(est.embodied_parts['server'], u, unit)}), by the "
                         f"share of their life this plan uses (not in the total).\n{spread}"),
                _delta(m, results, view))


def _energy_card(m: MetricSpec, results, view: CardView) -> Card:
    est = results.estimate
    return Card(m.name, m.label, fmt_energy(est.energy_kwh, _sig(m, results)),
                _band(_interval(m, results, view), lambda lo, hi: KINDS["energy"].span(lo, hi, view.unit)),
                wrap_tip("Energy including datacenter overhead (PUE)."
                         + ("" if exact(results, m.key) else f"\n{CENTRAL}")),
                _delta(m, results, view))


def _cost_card(m: MetricSpec, results, view: CardView) -> Card:
    est = results.estimate
    i = est.inputs
    cost = fmt_usd(est.cost_low, est.cost_high)
    if est.cost_low is None:
        band = NO_PRICE
    elif " – " in cost:
        band = i.price_basis
    else:  # one figure: say which price it is, not a range's two ends
        band = f"at {fmt_rate(i.price_high, i.price_high)}/h ({i.price_basis.split(' to ')[-1]})"
    return Card(m.name, m.label, cost, band, wrap_tip(i.price_source), _delta(m, results, view),
                fmt_usd_short(est.cost_low, est.cost_high))


def _hours_card(m: MetricSpec, results, view: CardView) -> Card:
    est = results.estimate
    i = est.inputs
    return Card(m.name, m.label, fmt(est.accelerator_hours, 4 if i.hours_given else _sig(m, results)),
                "exact: hours per run given" if i.hours_given
                else _band(_interval(m, results, view), fmt_range),
                wrap_tip(f"{fmt(i.hours_per_run)} h × {i.count:,} accelerators × {fmt(sum(i.runs.values()))} runs"
                         + ("; hours per run as given." if i.hours_given else
                            f", the hours {i.hours_basis}.\n{CENTRAL}")),
                _delta(m, results, view))


def _water_card(m: MetricSpec, results, view: CardView) -> Card:
    w = results.water if view.water else None
    if w is None:
        return Card(m.name, m.label, "…", "on site · off site", "Water: computed after the window opens")
    est = results.estimate
    return Card(
        m.name, m.label, fmt_volume(w.total_l), f"on site {fmt_volume(w.onsite_l)} · off {fmt_volume(w.offsite_l)}",
        wrap_tip("Water consumed: on site, cooling (IT energy × WUE "
                 f"{fmt(w.wue)} L/kWh: {w.wue_source}); off site, generating the electricity (energy × "
                 f"{fmt(w.offsite_l_per_kwh)} L/kWh: {w.offsite_source}).\nRange {fmt_volume(w.low_l)} – "
                 f"{fmt_volume(w.high_l)}. By phase: " + ", ".join(
                     f"{PHASE_LABELS[p]} {fmt_volume(v)}" for p, v in w.phases.items() if est.phases[p].runs > 0)),
        None if view.baseline is None or view.baseline.water is None else _delta(m, results, view))


def _market_card(m: MetricSpec, results, view: CardView) -> Card:
    """The market-based CO2e (the summary's line): the figure, and what prices the unmatched share."""
    est = results.estimate
    i = est.inputs
    share = "" if i.market_matched_fraction is None else f"; {fmt_share(i.market_matched_fraction)} matched"
    r = i.residual_mix
    band = (f"residual mix {fmt(r.g_per_kwh)} g/kWh, {r.name} {r.year}{share}" if r is not None
            else f"no residual mix: the location-based intensity{share}")
    return Card(m.name, m.label, m.words(results, view.unit), band, wrap_tip(f"Market-based: {i.market_basis}."),
                _delta(m, results, view))


def _has_market(results) -> bool:
    return results.estimate is not None and results.estimate.market_emissions_kg is not None


def _serving_kg(results) -> float | None:
    return None if results.serving is None else results.serving.emissions_kg


def _served(results) -> bool:
    return results.serving is not None


# ------------------------------------------------------------------ SCI for AI (Green Software Foundation, 2025)
# The provider's SCI of the plan: (E × I + M) per R, the operational CO2e of every run (location-based: the SCI
# admits no market-based measure) plus the embodied share of its hardware, in grams, per functional unit R: the
# plan's FLOPs (as planned: gross), its training tokens (as given: gross) or its parameters in billions (the
# active ones where the plan gives them: effective). Serving is the consumer's SCI, not this. docs/formats.md.
def _flops_1e18(plan, i) -> float | None:
    return None if i.flops_per_run is None else i.flops_per_run * sum(i.runs.values()) / 1e18


def _tokens_1e6(plan, i) -> float | None:
    return None if plan.model.training_tokens is None else plan.model.training_tokens / 1e6


def _parameters_1e9(plan, i) -> float | None:
    n = plan.model.active_parameters or plan.model.parameters
    return None if n is None else n / 1e9


# key -> (R, the functional unit's count from the plan and its inputs; how the summary names the unit)
SCI_UNITS = {"sci_g_per_1e18_flop": (_flops_1e18, "per 10¹⁸ FLOP"),
             "sci_g_per_1m_training_tokens": (_tokens_1e6, "per 1M training tokens"),
             "sci_g_per_billion_parameters": (_parameters_1e9, "per billion parameters")}
SCI_KEYS = tuple(SCI_UNITS)


def _sci_spec(key: str, name: str, label: str, help: str, **more) -> MetricSpec:
    """The SCI per one functional unit: in the JSON (with its 90% interval) where the plan has the unit."""
    unit = SCI_UNITS[key][0]

    def value(results) -> float | None:
        est = results.estimate
        r = unit(est.plan, est.inputs)
        return None if not r else (est.emissions_kg + est.embodied_kg) * 1000.0 / r

    def sample(draw):
        r = unit(draw.plan, draw.inputs)
        return None if not r else (draw.emissions_kg + draw.embodied_kg) * 1000.0 / r

    spec = {"sample": sample, "adds": False, "shows": frozenset({"json"}), "help": help,
            "applies": lambda results: value(results) is not None}
    return MetricSpec(key, name, label, "number", value, **{**spec, **more})


def fmt_grams(g: float) -> str:
    """A mass in grams as the SCI line says it: "505 g"; from 1 kg up in its own unit ("8.75 t")."""
    return f"{fmt(g)}{NB}g" if abs(g) < 1000 else fmt_mass(g / 1000.0, "auto")


def sci_words(results) -> list[str]:
    """Each SCI for AI the plan has, as the summary says it: "505 g per 10¹⁸ FLOP", "1.7 g per 1M training
    tokens", "8.75 t per billion active parameters"."""
    words = []
    for key, (_, unit) in SCI_UNITS.items():
        g = METRIC[key].value(results)
        if g is not None:
            active = key == "sci_g_per_billion_parameters" and results.plan.model.active_parameters
            words.append(f"{fmt_grams(g)} {unit.replace('billion', 'billion active') if active else unit}")
    return words


def _has_sci(results) -> bool:
    return results.estimate is not None and bool(sci_words(results))


def _sci_card(m: MetricSpec, results, view: CardView) -> Card:
    """The summary's one SCI for AI line: the first unit the plan has, then the others and what is counted."""
    first, *rest = sci_words(results)
    band = " · ".join(rest + ["GSF SCI for AI, provider: CO2e location-based + embodied, every run"])
    return Card(m.name, m.label, first, band, wrap_tip(m.help))


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("emissions_kg", "emissions", "CO2e, location-based", "mass", lambda r: r.estimate.emissions_kg,
               sample=lambda d: d.emissions_kg, short="CO2e, location", card=_emissions_card,
               served_label=SERVED_CO2E_TITLE,
               help="Operational CO2e, location-based: energy × grid intensity."),
    MetricSpec("market_emissions_kg", "market", "CO2e, market-based", "mass", lambda r: r.estimate.market_emissions_kg,
               shows=frozenset({"summary", "json", "csv", "compare"}), applies=_has_market, card=_market_card,
               help="The matched share at zero, the rest at the grid's residual mix (GHG Protocol Scope 2)."),
    MetricSpec("serving_emissions_kg", "serving", "CO2e, serving", "mass", _serving_kg,
               shows=frozenset({"compare"}), applies=_served,
               text=lambda r, u: "not served" if _serving_kg(r) is None else fmt_mass(_serving_kg(r), u)),
    MetricSpec("life_emissions_kg", "life", "CO2e over the life (training + serving)", "mass", life_kg,
               shows=frozenset({"compare"}), applies=_served),
    MetricSpec("energy_kwh", "energy", "Energy", "energy", lambda r: r.estimate.energy_kwh,
               sample=lambda d: d.energy_kwh, card=_energy_card),
    MetricSpec("cost_usd", "cost", "Cloud cost", "usd", lambda r: r.estimate.cost_high,
               sample=lambda d: d.cost_usd, card=_cost_card,
               export=lambda r: (None if r.estimate.cost_low is None
                                 else {"low": r.estimate.cost_low, "high": r.estimate.cost_high}),
               columns=lambda r: {"cost_usd_low": r.estimate.cost_low, "cost_usd_high": r.estimate.cost_high},
               text=lambda r, u: fmt_usd(r.estimate.cost_low, r.estimate.cost_high)),
    MetricSpec("accelerator_hours", "accelerator_hours", "Accelerator-hours", "hours",
               lambda r: r.estimate.accelerator_hours, sample=lambda d: d.accelerator_hours, short="Accel.-hours",
               card=_hours_card),
    MetricSpec("water_l", "water", "Water, on and off site", "volume", lambda r: r.water.total_l,
               short="Water, on+off site", card=_water_card, columns=lambda r: {"water_l": r.water.total_l}),
    MetricSpec("embodied_kg", "embodied", "Embodied CO2e (manufacturing)", "mass", lambda r: r.estimate.embodied_kg,
               sample=lambda d: d.embodied_kg, shows=frozenset({"json"}),
               help="Manufacturing the accelerators and their servers, by the share of their life this plan uses "
                    "(not in the total)."),
    MetricSpec("flops", "flops", "FLOPs", "flops", lambda r: r.estimate.flops, shows=frozenset({"summary", "json"}),
               text=lambda r, u: fmt_flops(r.estimate.flops),
               help="The training compute of every run (floating-point operations)."),
    _sci_spec("sci_g_per_1e18_flop", "sci", "SCI for AI",
              "GSF SCI for AI, provider: g CO2e (location-based operational + embodied, every run) per 10^18 FLOP "
              "of the plan (null without FLOPs); the summary's line says every unit the plan has.",
              shows=frozenset({"summary", "json"}), applies=_has_sci, card=_sci_card),
    _sci_spec("sci_g_per_1m_training_tokens", "sci_tokens", "SCI per 1M training tokens",
              "GSF SCI for AI, provider: g CO2e (location-based + embodied, every run) per million training tokens "
              "as the plan gives them."),
    _sci_spec("sci_g_per_billion_parameters", "sci_parameters", "SCI per billion parameters",
              "GSF SCI for AI, provider: g CO2e (location-based + embodied, every run) per billion parameters, the "
              "active ones where the plan gives them."),
)
METRIC = {m.key: m for m in METRICS}


def in_place(place: str, results=None) -> list[MetricSpec]:
    """The metrics shown in ``place`` (for ``results``, those that apply to it), in order."""
    return sorted((m for m in METRICS if m.shows_in(place, results)), key=lambda m: m.order)


def cards(results, view: CardView, place: str = "card") -> list[Card]:
    """The cards of ``place`` ("card": the window's; "pdf"; "summary"), worded by each metric."""
    return [(m.card or plain_card)(m, results, view) for m in in_place(place, results)]


SHORT_TITLES = {m.label: m.short for m in METRICS if m.short}
