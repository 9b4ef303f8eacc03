"""Money is Decimal yuan in Python and integer fen (分) in the database.

Integer fen keeps sums exact on every backend (SQLite has no decimal type) and
makes SQL aggregates cheap.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


MAX_YUAN = Decimal(10) ** 12


def parse_yuan(value: str | int | Decimal) -> Decimal:
    """Parse an amount in yuan; refuse more than two decimals and non-numbers."""
    if isinstance(value, float):
        raise ValueError("money must be a decimal string, not a float")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    if abs(amount) >= MAX_YUAN:  # beyond it, quantize() overflows the decimal context
        raise ValueError(f"amount too large: {value!r}")
    if amount != amount.quantize(CENT):
        raise ValueError(f"more than two decimals: {value!r}")
    return amount.quantize(CENT)


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


def format_yuan(amount: Decimal) -> str:
    return f"{amount.quantize(CENT):f}"
