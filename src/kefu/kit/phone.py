"""Phone numbers as people type them and PBXes send them, reduced to one form.

``+86 138-0013-8000``, ``0086 13800138000`` and ``138 0013 8000`` are one number; the
comparison form is its digits without the country code 86 (a mainland number)."""

from __future__ import annotations

import re

from kefu.kit.errors import BadInput

_SEPARATORS = re.compile(r"[\s\-().]")


def normalise(number: str) -> str:
    """The number's digits without the +86/0086 prefix (a mainland landline keeps its
    leading 0); 422 for anything that is not a number."""
    digits = _SEPARATORS.sub("", number.strip())
    international = digits.startswith(("+", "00"))
    digits = digits.removeprefix("+") if digits.startswith("+") else digits
    digits = digits[2:] if digits.startswith("00") and international else digits
    if not digits.isdigit() or not 5 <= len(digits) <= 20:
        raise BadInput(f"电话号码无效：{number}", code="bad_phone")
    if digits.startswith("861") and len(digits) == 13:
        return digits[2:]  # a mobile number, with or without the "+"
    if international and digits.startswith("86"):
        return f"0{digits[2:]}"  # a landline: +86 21 … is 021 …
    return digits


def same_number(stored: str | None, wanted: str) -> bool:
    """Whether a stored number (any format, maybe invalid) is the normalised ``wanted``."""
    if not stored:
        return False
    try:
        return normalise(stored) == wanted
    except BadInput:
        return False
