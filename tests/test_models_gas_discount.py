"""minsk2020.models.gas_discount: the one gas-gap function of the book, its calorific sensitivity."""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020 import units
from minsk2020.models import gas_discount as gd
from minsk2020.models import russian_money as rm


def _inputs():
    gas = pd.DataFrame({"benchmark": [gd.GERMAN_IMPORT, gd.TTF], "year": [2019, 2019], "price_usd_per_mmbtu": [5.0, 4.0]})
    belgas = pd.DataFrame({"price_kind": ["paid_contract"], "price_usd_per_1000m3": [127.0], "date_precision": ["year"],
                           "period_start": ["2019-01-01"]})
    return gas, belgas, pd.Series({2019: 20.0}), pd.Series(dtype=float), pd.Series({2019: 64e9})


def test_one_function_for_both_pages():
    assert rm.gas_gap_by_year is gd.gas_gap_by_year
    assert rm.GERMAN_IMPORT == gd.GERMAN_IMPORT


def test_explicit_factor_hand_value():
    # 5 $/MMBtu x 36.0 = 180 $/1,000 m3; (180 - 127) x 20 bcm = 1,060 US$ million
    out = gd.gas_gap_by_year(*_inputs(), 0.0, mmbtu_per_1000m3=36.0).set_index("benchmark")
    assert out.loc[gd.GERMAN_IMPORT, "gap_usd_million"] == pytest.approx(1060.0)
    assert out.loc[gd.TTF, "gap_usd_million"] == pytest.approx((4.0 * 36.0 - 127.0) * 20.0)


def test_by_basis_covers_every_gross_factor_and_orders_the_gap():
    out = gd.gas_gap_by_basis(*_inputs(), 40.0)
    ger = out[out["benchmark"] == gd.GERMAN_IMPORT].sort_values("mmbtu_per_1000m3")
    assert set(out["basis"]) == set(units.gas_conversion_bases())
    assert ger["gap_usd_million"].is_monotonic_increasing  # a higher factor, a dearer benchmark, a wider gap
    stated = ger[ger["mmbtu_per_1000m3"] == units.mmbtu_per_1000m3_gcv()]
    assert stated["gap_usd_million"].iloc[0] == pytest.approx((5.0 * units.mmbtu_per_1000m3_gcv() - 127.0) * 20.0)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan")])
def test_bad_factor_raises(bad):
    with pytest.raises(ValueError):
        gd.gas_gap_by_year(*_inputs(), 0.0, mmbtu_per_1000m3=bad)
