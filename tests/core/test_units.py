"""Units that scale by themselves (issue 12.3), and fixed ones that stay available."""

import pytest

from planner.core.units import NB, WJ, fmt_energy, fmt_mass, fmt_money, fmt_signed, fmt_usd, resolve_mass_unit


@pytest.mark.parametrize("kg,text", [(509_000, "509 t"), (2_280, "2.28 t"), (312, "312 kg"), (0, "0 kg"),
                                     (5.02e8, "502 kt"), (3.1e9, "3.1 Mt")])
def test_automatic_mass(kg, text):
    assert fmt_mass(kg, "auto") == text.replace(" ", NB)  # a figure and its unit never part on a wrapped line


def test_fixed_mass_units_stay():
    assert fmt_mass(509_000, "kg") == f"509,000{NB}kg" and fmt_mass(509_000, "t") == f"509{NB}t"
    assert fmt_mass(1000, "lb") == f"2,200{NB}lb"
    assert resolve_mass_unit("lb", 1e9) == "lb" and resolve_mass_unit("auto", 1e9) == "Mt"


@pytest.mark.parametrize("kwh,text", [(5_270, "5,270 kWh"), (52_700, "52.7 MWh"), (2_080_000, "2.08 GWh"),
                                      (3.2e9, "3.2 TWh"), (0.5, "0.5 kWh")])
def test_automatic_energy(kwh, text):
    assert fmt_energy(kwh) == text.replace(" ", NB)


def test_money_and_price_ranges():
    assert fmt_money(13_100) == "$13,100" and fmt_money(8_810_000) == f"$8.81{NB}M" and fmt_money(2.5e9) == f"$2.5{NB}B"
    assert fmt_usd(2_630_000, 8_810_000) == f"$2.63{NB}M – $8.81{NB}M"  # was "$2,630,000 – $8,810,0…", clipped
    assert fmt_usd(13_100, 43_900) == "$13,100 – $43,900"
    # each end whole: "$0.943 – 3.2 M" read as 94 cents
    assert fmt_usd(943_000, 3_200_000) == f"$0.943{NB}M – $3.2{NB}M" and fmt_usd(7, 7) == "$7"


@pytest.mark.parametrize("text,unit,value", [
    ("72 h", "h", 72), ("72h", "h", 72), ("3 days", "h", 72), ("3d", "h", 72), ("2 weeks", "h", 336),
    ("90 min", "h", 1.5), ("1.5k h", "h", 1500), ("10%", "%", 10), ("10", "%", 10), ("1.5k", "", 1500),
    ("7B", "", 7e9), ("2T", "", 2e12), ("1e21", "", 1e21), ("3e23 FLOP", "FLOP", 3e23), ("700 W", "W", 700),
    ("1.2 kW", "W", 1200), ("$2.50", "$/h", 2.5), ("2.5 $/h", "$/h", 2.5), ("418 g/kWh", "g/kWh", 418),
    ("0.4 kg/kWh", "g/kWh", 400), ("1,000", "", 1000), ("−5", "", -5)])
def test_parse_quantity_reads_what_people_type(text, unit, value):
    from planner.core.units import parse_quantity

    assert parse_quantity(text, unit) == pytest.approx(value)


@pytest.mark.parametrize("text,unit,message", [
    ("10%", "h", "percentage"), ("3 parsecs", "h", "not a number"), ("abc", "", "not a number"),
    ("5 kWh", "h", "not a number"), ("nan", "", "NaN"), ("1e999", "", "finite"), ("", "h", "empty")])
def test_parse_quantity_refuses_with_a_reason(text, unit, message):
    from planner.core.units import parse_quantity

    with pytest.raises(ValueError, match=message):
        parse_quantity(text, unit)


def test_prices_per_hour_to_the_cent():
    from planner.core.units import fmt_rate

    assert fmt_rate(12.29, 12.29) == "$12.29" and fmt_rate(0.992, 3.06) == "$0.99 – $3.06"
    assert fmt_rate(None, 1) == "no price"


@pytest.mark.parametrize("top", [375, 1120, 553, 0.7, 9.99, 1e6 * 3.3, 12_345])
def test_nice_axis_is_round(top):
    from planner.core.units import nice_axis

    limit, step = nice_axis(top)
    assert limit >= top and round(limit / step) <= 5 and abs(limit / step - round(limit / step)) < 1e-9
    mantissa = step / 10 ** __import__("math").floor(__import__("math").log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)


def test_a_large_change_reads_as_a_factor():
    from planner.core.units import fmt_delta

    assert fmt_delta(626_000, 1_438, "lb") == f"+625,000{NB}lb (×435)"
    assert fmt_delta(150, 100, "kg") == f"+50{NB}kg (+50%)" and fmt_delta(50, 100, "kg") == f"−50{NB}kg (−50%)"


def test_words_and_numbers_read_as_meant():
    """Issue 21: "1.6 ML" read as machine learning; "7.51 days of drinking water of water"; "8e9" for "8B"."""
    from planner.core.units import fmt_exact, fmt_volume, water_equivalent

    assert fmt_volume(1.6e6) == f"1.6{NB}million{NB}L" and fmt_volume(2.1e9) == f"2.1{NB}billion{NB}L"
    assert water_equivalent(15) == "≈ 7.5 days of drinking water"
    assert water_equivalent(1300) == "≈ 20 showers' worth of water" and "of water" in water_equivalent(5e6)
    assert [fmt_exact(x) for x in (8e9, 1.1e8, 10_000, 3263.33, 1e21)] == ["8B", "110M", "10,000", "3,263.33",
                                                                        "1e21"]
    assert fmt_signed(-58.7, "$") == f"−{WJ}$58.7"  # a sign never parts from its figure


# ------------------------------------------------------------------ issue 29, item 17: a decimal comma
@pytest.mark.parametrize("text,decimal,value", [
    ("1,000", ".", 1000), ("1,000.5", ".", 1000.5), ("1.000", ".", 1.0), ("12,345,678", ".", 12_345_678),
    ("1,5", ",", 1.5), ("1.000", ",", 1000), ("1.000.000,25", ",", 1_000_000.25), ("14,8T", ",", 14.8e12),
    ("0,5", ",", 0.5), ("2,5e21", ",", 2.5e21), ("1 000,5", ",", 1000.5), ("1\u202f000,5", ",", 1000.5),
    ("-1.000", ",", -1000), ("7B", ",", 7e9)])
def test_numbers_read_in_the_locales_signs(text, decimal, value):
    from planner.core.units import parse_number

    assert parse_number(text, decimal) == pytest.approx(value)


@pytest.mark.parametrize("text,decimal,hint", [("14,8T", ".", "write 14.8T"), ("0,5", ".", "write 0.5"),
                                               ("12,5", ".", "write 12.5"), ("1,2345", ".", "decimal sign is a point"),
                                               ("1.5", ",", "write 1,5"), ("12.34.5", ",", "decimal sign is a comma")])
def test_a_separator_that_cannot_group_thousands_is_refused_never_dropped(text, decimal, hint):
    """"14,8T" was 148T, "0,5" was 5 and "12,5" 125, in any locale, with no error (issue 29, item 17)."""
    from planner.core.units import parse_number, parse_quantity

    with pytest.raises(ValueError, match=hint):
        parse_number(text, decimal)
    with pytest.raises(ValueError, match="thousands"):
        parse_quantity(text + " h", "h", decimal)


@pytest.mark.parametrize("decimal", [".", ","])
def test_what_the_editor_shows_it_reads_back(decimal):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from planner.core.units import fmt_exact, parse_number

    @settings(max_examples=400, deadline=None)
    @given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False, allow_infinity=False))
    def round_trip(x):
        shown = fmt_exact(x, decimal=decimal)
        assert parse_number(shown, decimal) == pytest.approx(float(f"{x:.6g}"), rel=1e-5, abs=1e-300), shown
    round_trip()


def test_dates_are_english_whatever_the_locale():
    """"6 Oktober 2026" in the PDF (written where Qt set the locale), "6 October 2026" in the command line."""
    import locale
    from datetime import datetime

    from planner.core.schedule import day_words

    old = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("no German locale on this machine")
    try:
        assert day_words(datetime(2026, 10, 6)) == "6 October 2026"
    finally:
        locale.setlocale(locale.LC_TIME, old)
