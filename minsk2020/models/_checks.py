"""The one input check the models share: an amount must be a finite, non-negative number."""

from __future__ import annotations

import math
from numbers import Real


def finite_nonneg(name: str, value) -> float:
    """``value`` as a float, or a ValueError naming ``name`` if it is missing, not a number, NaN, infinite or negative."""
    if value is None or isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    number = float(value)
    if math.isnan(number) or math.isinf(number) or number < 0:
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    return number


def finite_nonneg_all(**values) -> None:
    """:func:`finite_nonneg` for every keyword argument."""
    for name, value in values.items():
        finite_nonneg(name, value)
