"""Numbers for people: three significant figures, thousands separators, mass units.

A figure and its unit are joined by a no-break space (``NB``), and a sign by a word joiner, so a wrapped line
never leaves "kWh" or "$58.7" alone on the next one.
"""

from __future__ import annotations

import math

NB = "\u00a0"  # no-break space: between a figure and its unit
WJ = "\u2060"  # word joiner: between a sign and what it signs

KG_PER_LB = 0.45359237
# "auto" picks kg, t, kt or Mt by size; kg, t and lb stay available as fixed choices
MASS_UNITS = {"kg": 1.0, "t": 1000.0, "kt": 1e6, "Mt": 1e9, "lb": KG_PER_LB}
MASS_LABELS = {"kg": "kg", "t": "t", "kt": "kt", "Mt": "Mt", "lb": "lb"}
MASS_CHOICES = {"auto": "Automatic", "kg": "kg", "t": "t", "lb": "lb"}


def resolve_mass_unit(unit: str, kg: float | None) -> str:
    """The concrete unit for ``unit`` ("auto" or a fixed one) at the size ``kg``: one view shows every mass
    in the unit of its headline figure, so figures side by side compare at a glance."""
    if unit != "auto":
        return unit
    ax = abs(kg or 0.0)
    return "kg" if ax < 1e3 else "t" if ax < 1e6 else "kt" if ax < 1e9 else "Mt"


def fmt_energy(kwh: float | None, sig: int = 3) -> str:
    """``5,270 kWh``, ``52.7 MWh``, ``2.08 GWh``: at most four digits before the point."""
    if kwh is None:
        return "–"
    ax = abs(kwh)
    for limit, unit, scale in ((1e4, "kWh", 1.0), (1e6, "MWh", 1e3), (1e9, "GWh", 1e6)):
        if ax < limit:
            return f"{fmt(kwh / scale, sig)}{NB}{unit}"
    return f"{fmt(kwh / 1e9, sig)}{NB}TWh"


def fmt_volume(litres: float | None, sig: int = 3) -> str:
    """``850 L``, ``12,900 L``, ``3.79 million L``, ``2.1 billion L`` (never "ML", which reads as machine
    learning here)."""
    if litres is None:
        return "–"
    ax = abs(litres)
    if ax < 1e6:
        return f"{fmt(litres, sig)}{NB}L"
    if ax < 1e9:
        return f"{fmt(litres / 1e6, sig)}{NB}million{NB}L"
    return f"{fmt(litres / 1e9, sig)}{NB}billion{NB}L"


# everyday water, litres each (sources in docs/methodology.md, Water): each phrase says it is water
WATER_BENCHMARKS = (("Olympic pool of water", "Olympic pools of water", 2_500_000.0),
                    ("shower's worth of water", "showers' worth of water", 65.0),
                    ("day of drinking water", "days of drinking water", 2.0),
                    ("half-litre bottle of water", "half-litre bottles of water", 0.5))


def water_equivalent(litres: float) -> str:
    """The everyday measure that reads best: ``≈ 2.1 Olympic pools of water``, ``≈ 230 showers' worth of water``,
    ``≈ 7.51 days of drinking water``."""
    for one, many, each in WATER_BENCHMARKS:
        n = litres / each
        if n >= 1 or each == WATER_BENCHMARKS[-1][2]:
            return f"≈ {fmt(n)} {one if fmt(n) == '1' else many}"
    return ""  # pragma: no cover


def fmt_money(x: float, sig: int = 3) -> str:
    """``$13,100``, ``$8.81 M``, ``$2.63 B``."""
    ax = abs(x)
    if ax < 1e6:
        return f"${fmt(x, sig)}"
    for limit, suffix, scale in ((1e9, "M", 1e6), (1e12, "B", 1e9)):
        if ax < limit:
            return f"${fmt(x / scale, sig)}{NB}{suffix}"
    return f"${fmt(x / 1e12, sig)}{NB}T"


def fmt(x: float | None, sig: int = 3, none: str = "–") -> str:
    """``x`` rounded to ``sig`` significant figures with thousands separators.

    >>> fmt(1437.2), fmt(0.012345), fmt(3.14e23)
    ('1,440', '0.0123', '3.14e23')
    >>> fmt(2.5), fmt(1.0)
    ('2.5', '1')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return none
    if x == 0:
        return "0"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    ax = abs(x)
    if ax >= 1e15 or ax < 1e-4:
        mant, exp = f"{x:.{sig - 1}e}".split("e")
        return f"{mant}e{int(exp)}"
    digits = sig - 1 - math.floor(math.log10(ax))
    r = round(x, digits)
    if r != 0 and math.floor(math.log10(abs(r))) != math.floor(math.log10(ax)):
        digits -= 1  # rounding carried to the next power of ten (999.6 -> 1,000)
        r = round(x, digits)
    text = f"{r:,.{max(digits, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


NICE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(x: float) -> float:
    """The next round axis limit (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) at or above ``x`` (0 -> 1)."""
    if x <= 0 or not math.isfinite(x):
        return 1.0
    e = math.floor(math.log10(x))
    for m in NICE_STEPS:
        if m * 10 ** e >= x * (1 - 1e-12):
            return m * 10.0 ** e
    return 10.0 ** (e + 1)


def nice_axis(top: float, most: int = 5) -> tuple[float, float]:
    """A round axis for data up to ``top``: (limit, step) with step 1, 2, 2.5 or 5 x 10^k and at most ``most``
    steps, limit a multiple of step (600 in steps of 200, never 375 or 1,120)."""
    if top <= 0 or not math.isfinite(top):
        return 1.0, 0.2
    mag = 10.0 ** math.floor(math.log10(top / most))
    for m in (1, 2, 2.5, 5, 10, 20):
        step = m * mag
        n = math.ceil(top / step * (1 - 1e-12))
        if n <= most:
            return n * step, step
    return most * 20 * mag, 20 * mag  # pragma: no cover - the loop always returns


def to_unit(kg: float, unit: str) -> float:
    return kg / MASS_UNITS[unit]


def fmt_mass(kg: float | None, unit: str = "kg", sig: int = 3) -> str:
    """``kg`` in ``unit``; "auto" picks the unit by this value's own size."""
    if kg is None:
        return "–"
    unit = resolve_mass_unit(unit, kg)
    return f"{fmt(to_unit(kg, unit), sig)}{NB}{MASS_LABELS[unit]}"


def fmt_mass_beside(kg: float, unit: str, chosen: str = "auto") -> str:
    """A side figure beside a headline (the embodied share, a saving, the life with serving): in the headline's
    ``unit``, unless the unit is automatic (``chosen``) and it would read below 0.1 or above 1,000 of that unit;
    then in its own ("7.88 t", not "0.00788 kt"; "360 t", not "360,000 kg")."""
    if chosen == "auto" and kg and not 0.1 <= abs(to_unit(kg, unit)) < 1000:
        unit = resolve_mass_unit("auto", kg)
    return fmt_mass(kg, unit)


def fmt_percent_of(part: float, whole: float) -> str:
    """A part of a whole in percent, never "0%" for something: "12%", "less than 1%"."""
    if not whole:
        return "–"
    share = 100 * part / whole
    return "less than 1%" if 0 < abs(share) < 0.5 else f"{share:.0f}%"


def fmt_range(lo: float | None, hi: float | None, sig: int = 3, scale: float = 1.0) -> str:
    if lo is None or hi is None:
        return "–"
    return f"{fmt(lo / scale, sig)} – {fmt(hi / scale, sig)}"


def fmt_usd(lo: float | None, hi: float | None) -> str:
    """A price range, each end whole and both in the scale of the larger: ``$13,100 – $43,900``,
    ``$2.63 M – $8.81 M``, ``$0.943 M – $3.2 M`` (never "$0.943 – 3.2 M", which reads as 94 cents)."""
    if lo is None or hi is None:
        return "no price"
    if fmt_money(lo) == fmt_money(hi):
        return fmt_money(lo)
    big = fmt_money(hi)
    if big[-1] in "MBT" and big[-2] == NB:
        scale = {"M": 1e6, "B": 1e9, "T": 1e12}[big[-1]]
        return f"${fmt(lo / scale)}{NB}{big[-1]} – {big}"
    return f"{fmt_money(lo)} – {big}"


def fmt_usd_short(lo: float | None, hi: float | None) -> str:
    """``fmt_usd`` in fewer characters, for a narrow card: "$3.52–10.9 M", "$11,000–14,500"."""
    text = fmt_usd(lo, hi)
    if lo is None or hi is None or " – " not in text:
        return text
    big = fmt_money(hi)
    if big[-1] in "MBT" and big[-2] == NB:
        scale = {"M": 1e6, "B": 1e9, "T": 1e12}[big[-1]]
        return f"${fmt(lo / scale)}–{fmt(hi / scale)}{NB}{big[-1]}"
    return f"{fmt_money(lo)}–{fmt_money(hi)[1:]}"


def fmt_rate(lo: float | None, hi: float | None) -> str:
    """A price per hour to the cent, as price lists give it: ``$12.29``, ``$0.99 – $3.06``."""
    if lo is None or hi is None:
        return "no price"

    def one(x):
        return f"${x:,.2f}" if x < 1000 else f"${fmt(x)}"
    return one(lo) if one(lo) == one(hi) else f"{one(lo)} – {one(hi)}"


def fmt_signed(d: float, unit: str = "", sig: int = 3) -> str:
    """A change with its sign: ``+1,230 kg``, ``−$3,000``, ``±0 h`` (``$`` goes in front)."""
    sign = "+" if d > 0 else "−" if d < 0 else "±"
    if unit == "$":
        return f"{sign}{WJ}{fmt_money(abs(d), sig)}"  # −$10.8 M, like the cost card
    amount = fmt(abs(d), sig)
    return f"{sign}{amount}{NB + unit if unit else ''}"


def fmt_delta(value: float, reference: float, unit: str = "", show=None) -> str:
    """``+1,230 kg (+54%)``: the difference to a reference, for comparing scenarios; ten times the reference or
    more reads as a factor, ``+626,000 lb (×436)``, not ``(+44,000%)``. ``show``: how the difference's size is
    written, in the unit its figure is (``fmt_energy``: "+2.44 GWh", not "+2,440,000 kWh")."""
    d = value - reference
    signed = fmt_signed(d, unit) if show is None else ("+" if d > 0 else "−" if d < 0 else "±") + show(abs(d))
    if reference and value / reference >= 10:
        return f"{signed} (×{fmt(value / reference)})"
    if reference:
        return f"{signed} ({fmt_signed(d / reference * 100, sig=2)}%)"
    return signed


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fmt_flops(x: float | None) -> str:
    """``3.14 × 10²³`` (never ``10^23``)."""
    if x is None:
        return "unknown"
    mant, exp = f"{x:.2e}".split("e")
    return f"{mant}{NB}×{NB}10{str(int(exp)).translate(_SUPERSCRIPT)}"


def fmt_start(start: str, utc: bool = True) -> str:
    """A plan's start as people read it: "2026-03-01T09:00Z" -> "2026-03-01 09:00 UTC" (``utc``: with the zone)."""
    return start.replace("T", " ").replace("Z", " UTC" if utc else "")


def fmt_share(x: float) -> str:
    """A share as the editor shows it, in percent to three figures: "15.6%", "10%", "0.25%" (never 16% in one place
    and 15.6 in another)."""
    return f"{fmt(x * 100)}%"


def fmt_hours(h: float) -> str:
    """A duration: "79.2 h", "11.4 days", "3.9 years"."""
    if h < 72:
        return f"{fmt(h)} h"
    if h < 2 * 8766:
        return f"{fmt(h / 24)} days"
    return f"{fmt(h / 8766)} years"


def fmt_sci(x: float) -> str:
    """A large number as a paper writes it in running text: ``3.14e23``."""
    mant, exp = f"{x:.3g}".split("e") if "e" in f"{x:.3g}" else (f"{x:.3g}", "")
    return f"{mant}e{int(exp)}" if exp else mant


def best_equivalent(est, catalog) -> tuple[str, float, str]:
    """The everyday comparison that reads best: the first preferred benchmark whose count is 0.5-100.

    Returns (text, count, benchmark id), e.g. ("≈ 2.54 round-trip flights NY-SF", 2.54, "flight_ny_sf").
    """
    prefer = ("flight_ny_sf", "car_lifetime", "human_life_year", "tree_year", "car_km_eu")
    eq = {b.id: (b, n) for b, n in est.equivalents(catalog)}
    choice = None
    for bid in prefer:
        if bid in eq and 0.5 <= eq[bid][1] < 100:
            choice = eq[bid]
            break
    if choice is None:
        choice = min(eq.values(), key=lambda bn: abs(math.log10(bn[1])) if bn[1] > 0 else 1e9) if eq else None
    if choice is None:
        return "", 0.0, ""
    b, n = choice
    return f"≈ {fmt(n)} {b.short_name}", n, b.id


_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
# what a duration may be typed in, in hours ("m" stays "million": minutes are "min")
_HOURS = {"s": 1 / 3600, "sec": 1 / 3600, "secs": 1 / 3600, "second": 1 / 3600, "seconds": 1 / 3600,
          "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
          "h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0,
          "d": 24.0, "day": 24.0, "days": 24.0, "w": 168.0, "wk": 168.0, "wks": 168.0, "week": 168.0,
          "weeks": 168.0, "month": 730.0, "months": 730.0, "y": 8760.0, "yr": 8760.0, "yrs": 8760.0,
          "year": 8760.0, "years": 8760.0}
# other units a field accepts, as a factor to the field's own unit
_UNIT_WORDS = {
    "W": {"w": 1.0, "watt": 1.0, "watts": 1.0, "kw": 1e3},
    "g/kWh": {"g/kwh": 1.0, "gco2/kwh": 1.0, "gco2e/kwh": 1.0, "kg/kwh": 1e3, "kg/mwh": 1.0, "t/gwh": 1.0},
    "$/h": {"$/h": 1.0, "/h": 1.0, "$/hr": 1.0, "/hr": 1.0, "$": 1.0, "usd/h": 1.0, "usd": 1.0},
    "FLOP": {"flop": 1.0, "flops": 1.0},
    "runs": {"runs": 1.0, "run": 1.0, "x": 1.0, "×": 1.0},
    "%": {"%": 1.0},
}


_SPACES = str.maketrans("", "", " _'\u00a0\u202f\u2009\u2019")  # grouping people type: spaces, _, ' (Swiss)


def _separators(body: str, decimal: str, text: str) -> str:
    """``body`` (digits, points and commas) with the locale's thousands separators taken out and its decimal sign
    as a point; ValueError for a separator that can be neither (never dropped: "14,8" is not 148)."""
    group = "," if decimal == "." else "."
    if group in body:
        whole, _, frac = body.partition(decimal)
        parts = whole.split(group)
        if decimal not in frac and group not in frac and parts[0] and len(parts[0]) <= 3 \
                and all(len(p) == 3 and p.isdigit() for p in parts[1:]):
            body = "".join(parts) + (decimal + frac if decimal in body else "")
        elif decimal == ".":
            hint = f"; write {text.strip().replace(',', '.')}" if body.count(",") == 1 and "." not in body else ""
            raise ValueError(f"{text.strip()!r}: a comma here can only group thousands (1,000), and the decimal "
                             f"sign is a point{hint}")
        else:
            hint = f"; write {text.strip().replace('.', ',')}" if body.count(".") == 1 and "," not in body else ""
            raise ValueError(f"{text.strip()!r}: a point here can only group thousands (1.000), and the decimal "
                             f"sign is a comma{hint}")
    return body.replace(decimal, ".") if decimal != "." else body


def parse_number(text: str, decimal: str = ".") -> float:
    """Parse what a person types: ``1.1e8``, ``110M``, ``1,000``, ``2.5k``, ``7B``, ``2T``. ``decimal``: the
    locale's decimal sign ("." or ","); the other sign only groups thousands (in threes), and a separator that can
    do neither is refused, never dropped. Raises ValueError."""
    import re

    s = text.strip().translate(_SPACES).replace("\u2212", "-")
    if not s:
        raise ValueError("empty")
    mult = 1.0
    if s[-1].lower() in _SUFFIX and not s.lower().endswith("e"):
        mult = _SUFFIX[s[-1].lower()]
        s = s[:-1]
    number = re.fullmatch(r"([+-]?)([\d.,]+)([eE][+-]?\d+)?", s)
    if number is not None:
        sign, body, exp = number.groups()
        s = sign + _separators(body, decimal, text) + (exp or "")
    try:
        x = float(s) * mult
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if x != x:
        raise ValueError("NaN is not a number")
    if x in (float("inf"), float("-inf")):
        raise ValueError("must be finite")
    return x


def parse_quantity(text: str, unit: str = "", decimal: str = ".") -> float:
    """A number as people type it for a field shown in ``unit``, in that unit.

    ``72 h``, ``3 days``, ``2 weeks`` for hours; ``10%`` for a field shown in %; ``700 W``, ``1.2 kW``;
    ``$2.50``, ``2.5 $/h``; ``418 g/kWh``; plus everything :func:`parse_number` reads (``1.5k``, ``7B``,
    ``2T``, ``1e21``), with ``decimal`` the locale's decimal sign. Raises ValueError saying what was expected.
    """
    s = text.strip()
    low = s.lower().replace(" ", "")
    if unit == "$/h" and low.startswith("$"):
        low = low[1:]
    words = _HOURS if unit == "h" else _UNIT_WORDS.get(unit, {})
    factor = 1.0
    # the longest unit word the text ends with (so "days" wins over "s", "kw" over "w")
    for word in sorted(words, key=len, reverse=True):
        if low.endswith(word) and len(low) > len(word):
            head = low[: -len(word)]
            if head[-1].isdigit() or head[-1] in ".," or head[-1].lower() in _SUFFIX:
                low, factor = head, words[word]
                break
    if low.endswith("%") and unit != "%":
        raise ValueError(f"{s!r}: a percentage does not fit this field" + (f" (in {unit})" if unit else ""))
    try:
        return parse_number(low, decimal) * factor
    except ValueError as exc:
        if str(exc) in ("empty",) or "finite" in str(exc) or "NaN" in str(exc) or "thousands" in str(exc):
            raise
        examples = {"h": "72 h, 3 days, 2 weeks", "%": "10%"}.get(unit, "1.5k, 7B" + (f", 2 {unit}" if unit else ""))
        hint = f" (e.g. {examples})"
        raise ValueError(f"{s!r} is not a number{hint}") from None


def fmt_exact(x: float | None, sig: int = 6, decimal: str = ".") -> str:
    """An editor's text for ``x``, as people write it and as exact as it is (to ``sig`` significant figures), so it
    reads back the same: ``10,000``, ``3,263.33``, ``0.4``, ``8B``, ``110M``, ``2.5T``, ``1e21``. ``decimal`` ","
    writes the decimal comma and groups with points (``3.263,33``), as :func:`parse_number` reads them back."""
    if x is None:
        return ""
    text = _exact(x, sig)
    return text if decimal == "." else text.translate(_SWAP_SEPARATORS)


_SWAP_SEPARATORS = str.maketrans(",.", ".,")


def _exact(x: float, sig: int) -> str:
    ax = abs(x)
    if 1e6 <= ax < 1e15:
        scale, suffix = next((s, n) for s, n in ((1e12, "T"), (1e9, "B"), (1e6, "M")) if ax >= s)
        figure = float(f"{x / scale:.{sig}g}")
        if float(f"{figure:.4g}") == figure:  # a round figure: 8B, 110M, 2.5T
            return f"{figure:g}{suffix}"
        return f"{round(float(f'{x:.{sig}g}')):,}"  # else every digit, grouped: 1,234,570
    x = float(f"{x:.{sig}g}")
    if x.is_integer() and ax < 1e6:
        return f"{int(x):,}"
    text = f"{x:.{sig}g}"
    if "e" in text:
        mant, exp = text.split("e")
        return f"{mant}e{int(exp)}"
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")
