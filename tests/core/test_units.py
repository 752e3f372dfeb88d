"""Units that scale by themselves (issue 12.3), and fixed ones that stay available."""

import pytest

from planner.core.units import fmt_energy, fmt_mass, fmt_money, fmt_usd, resolve_mass_unit


@pytest.mark.parametrize("kg,text", [(509_000, "509 t"), (2_280, "2.28 t"), (312, "312 kg"), (0, "0 kg"),
                                     (5.02e8, "502 kt"), (3.1e9, "3.1 Mt")])
def test_automatic_mass(kg, text):
    assert fmt_mass(kg, "auto") == text


def test_fixed_mass_units_stay():
    assert fmt_mass(509_000, "kg") == "509,000 kg" and fmt_mass(509_000, "t") == "509 t"
    assert fmt_mass(1000, "lb") == "2,200 lb"
    assert resolve_mass_unit("lb", 1e9) == "lb" and resolve_mass_unit("auto", 1e9) == "Mt"


@pytest.mark.parametrize("kwh,text", [(5_270, "5,270 kWh"), (52_700, "52.7 MWh"), (2_080_000, "2.08 GWh"),
                                      (3.2e9, "3.2 TWh"), (0.5, "0.5 kWh")])
def test_automatic_energy(kwh, text):
    assert fmt_energy(kwh) == text


def test_money_and_price_ranges():
    assert fmt_money(13_100) == "$13,100" and fmt_money(8_810_000) == "$8.81 M" and fmt_money(2.5e9) == "$2.5 B"
    assert fmt_usd(2_630_000, 8_810_000) == "$2.63 – 8.81 M"  # was "$2,630,000 – $8,810,0…", clipped
    assert fmt_usd(13_100, 43_900) == "$13,100 – $43,900"
    assert fmt_usd(500_000, 1_500_000) == "$0.5 – 1.5 M" and fmt_usd(7, 7) == "$7"
