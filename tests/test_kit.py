"""Domain-free helpers: money, time, column types."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kefu.kit import clock
from kefu.kit.errors import NotFound, found
from kefu.kit.money import format_yuan, from_fen, parse_yuan, to_fen
from kefu.kit.types import AwareDateTime, Money


class TestMoney:
    @pytest.mark.parametrize(
        ("text", "fen"), [("199.00", 19900), ("0.1", 10), ("39.9", 3990), (12, 1200)]
    )
    def test_parse_and_fen(self, text: str, fen: int) -> None:
        assert to_fen(parse_yuan(text)) == fen
        assert from_fen(fen) == parse_yuan(text)

    @pytest.mark.parametrize("bad", ["1.999", "abc", "NaN", "Infinity", ""])
    def test_refuses_what_is_not_an_amount(self, bad: str) -> None:
        with pytest.raises(ValueError):
            parse_yuan(bad)

    def test_format_keeps_two_decimals(self) -> None:
        assert format_yuan(Decimal("5")) == "5.00"

    def test_column_type_round_trips_exactly(self) -> None:
        column = Money()
        assert column.process_bind_param(Decimal("0.07"), None) == 7  # type: ignore[arg-type]
        assert column.process_result_value(7, None) == Decimal("0.07")  # type: ignore[arg-type]


class TestTime:
    def test_naive_datetimes_are_refused_by_the_column_type(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            AwareDateTime().process_bind_param(dt.datetime(2026, 11, 11, 9), _Dialect("postgresql"))  # type: ignore[arg-type]

    def test_sqlite_stores_utc_and_gives_back_aware_times(self) -> None:
        column, sqlite = AwareDateTime(), _Dialect("sqlite")
        shanghai = dt.datetime.fromisoformat("2026-11-11T09:00:00+08:00")
        stored = column.process_bind_param(shanghai, sqlite)  # type: ignore[arg-type]
        assert stored == dt.datetime(2026, 11, 11, 1, 0)
        assert column.process_result_value(stored, sqlite) == shanghai  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-11-01", "2026-11-01T00:00:00+08:00"),
            ("2026-11-01T09:30", "2026-11-01T09:30:00+08:00"),
            ("2026-11-01T01:00Z", "2026-11-01T01:00:00+00:00"),
        ],
    )
    def test_period_bounds_are_read_in_the_shop_zone(self, text: str, expected: str) -> None:
        assert clock.parse_bound(text, "Asia/Shanghai") == dt.datetime.fromisoformat(expected)

    def test_frozen_clock_moves_only_when_told(self) -> None:
        frozen = clock.FrozenClock(dt.datetime(2026, 11, 11, tzinfo=dt.UTC))
        previous = clock.use_clock(frozen)
        try:
            first = clock.now()
            frozen.advance(dt.timedelta(hours=12))
            assert clock.now() - first == dt.timedelta(hours=12)
        finally:
            clock.use_clock(previous)


class _Dialect:
    def __init__(self, name: str) -> None:
        self.name = name


class TestFound:
    def test_a_row_comes_back_as_it_is(self) -> None:
        row = object()
        assert found(row, "没有", code="x_not_found") is row

    def test_nothing_is_a_404_with_the_code_and_reason(self) -> None:
        with pytest.raises(NotFound) as caught:
            found(None, "没有这个订单", code="order_not_found")
        assert (caught.value.status_code, caught.value.code, caught.value.reason) == (
            404,
            "order_not_found",
            "没有这个订单",
        )


class TestShiftedClock:
    def test_starts_at_the_given_instant_and_ticks_on(self) -> None:
        start = dt.datetime(2026, 12, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
        shifted = clock.ShiftedClock(start)
        first = shifted.now()
        assert abs((first - start).total_seconds()) < 1
        time.sleep(0.02)
        assert shifted.now() > first
