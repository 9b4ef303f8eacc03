"""History import/export (shared/spec/conversation-log.md), against a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.history import service as history_service
from kefu.history.repository import TABLES
from kefu.history.schemas import LINE
from kefu.history.service import ImportLineError

EVERY_TYPE = Path(__file__).parent / "data" / "every_type.jsonl"
TZ = "Asia/Shanghai"


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def table_counts(session: Session) -> dict[str, int]:
    return {
        key: session.scalar(select(func.count()).select_from(table))
        for key, table in TABLES.items()
    }


def export(session: Session, **period: Any) -> list[dict[str, Any]]:
    return list(history_service.export_lines(session, tz=TZ, **period))


def normalised(lines: Iterator[bytes | dict[str, Any]] | list[Any]) -> list[str]:
    """Lines as the spec means them (same instant, same amount), order-independent."""
    out = []
    for line in lines:
        raw = line if isinstance(line, bytes) else orjson.dumps(line)
        model = LINE.validate_json(raw)
        dumped = model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for key in list(dumped):
            if key.endswith("_at") or key in {"at", "promised_by"}:
                dumped[key] = getattr(model, key.rstrip("_")).timestamp()
        out.append(orjson.dumps(dumped, option=orjson.OPT_SORT_KEYS).decode())
    return sorted(out)


class TestImportLines:
    def test_imports_every_type_in_any_order(self, session: Session) -> None:
        report = history_service.import_lines(session, lines_of(EVERY_TYPE))
        assert report.lines == 20
        counts = table_counts(session)
        assert counts == {
            "agent_group": 2,
            "agent": 3,
            "customer": 2,
            "product": 1,
            "sku": 2,
            "session": 2,
            "message": 4,
            "handoff": 1,
            "transfer": 1,
            "order": 2,
            "order_item": 2,
            "remark_flag": 2,
            "refund": 1,
            "rating": 1,
            "review": 1,
            "complaint": 1,
            "reship": 0,  # Kefu's extensions: tests/test_history_extensions.py
            "invoice": 0,
            "intercept": 0,
        }
        assert report.created == {key: count for key, count in counts.items() if count}

    def test_reimport_stores_nothing_new(self, session: Session) -> None:
        history_service.import_lines(session, lines_of(EVERY_TYPE))
        before = table_counts(session)
        report = history_service.import_lines(session, lines_of(EVERY_TYPE))
        assert report.total_created == 0
        assert table_counts(session) == before

    def test_bad_line_in_the_middle_stores_nothing_and_names_the_line(
        self, session: Session
    ) -> None:
        lines = lines_of(EVERY_TYPE)
        lines[9] = (
            b'{"type":"message","id":"m9","session":"s1","at":"2026-11-11T09:00:00","from":"buyer","text":"x"}'
        )
        with pytest.raises(ImportLineError) as caught:
            history_service.import_lines(session, lines)
        assert caught.value.line == 10
        assert "at" in caught.value.reason and "timezone" in caught.value.reason
        assert set(table_counts(session).values()) == {0}

    def test_bad_line_after_flushed_batches_rolls_those_back(
        self, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(history_service, "BATCH", 2)  # earlier lines reach the database
        lines = [*lines_of(EVERY_TYPE), b'{"type":"rating","session":"s1","score":9}']
        with pytest.raises(ImportLineError) as caught:
            history_service.import_lines(session, lines)
        assert caught.value.line == 21
        assert "score" in caught.value.reason
        assert set(table_counts(session).values()) == {0}

    def test_reference_to_an_unknown_id_names_the_first_line_using_it(
        self, session: Session
    ) -> None:
        lines = [
            b'{"type":"customer","id":"c1"}',
            b'{"type":"session","id":"s1","customer":"c1","channel":"web","opened_at":"2026-11-11T09:00:00+08:00"}',
            b'{"type":"message","id":"m1","session":"s404","at":"2026-11-11T09:00:00+08:00","from":"buyer","text":"hi"}',
        ]
        with pytest.raises(ImportLineError) as caught:
            history_service.import_lines(session, lines)
        assert caught.value.line == 3
        assert "session 's404'" in caught.value.reason
        assert set(table_counts(session).values()) == {0}

    def test_reference_to_a_row_imported_earlier_is_fine(self, session: Session) -> None:
        history_service.import_lines(session, lines_of(EVERY_TYPE))
        more = [
            b'{"type":"message","id":"m99","session":"s2","at":"2026-11-13T08:00:00+08:00","from":"buyer","text":"hello"}'
        ]
        assert history_service.import_lines(session, more).created == {"message": 1}

    @pytest.mark.parametrize(
        ("line", "words"),
        [
            (b"{not json", "JSON"),
            (b'{"type":"parcel","id":"x"}', "parcel"),
            (
                b'{"type":"order","id":"o9","customer":"c1","created_at":"2026-11-11T09:00:00+08:00","amount":199.5}',
                "decimal string",
            ),
            (
                b'{"type":"order","id":"o9","customer":"c1","created_at":"2026-11-11T09:00:00+08:00","amount":"1.999"}',
                "two decimals",
            ),
            (b'{"type":"agent","id":"a9","name":"x","role":"boss"}', "role"),
            (
                b'{"type":"session","id":"s9","customer":"c1","channel":"fax","opened_at":"2026-11-11T09:00:00+08:00"}',
                "channel",
            ),
            (b'{"type":"customer"}', "id"),
        ],
    )
    def test_invalid_lines_are_refused_with_a_reason(
        self, session: Session, line: bytes, words: str
    ) -> None:
        with pytest.raises(ImportLineError) as caught:
            history_service.import_lines(session, [b'{"type":"customer","id":"c1"}', line])
        assert caught.value.line == 2
        assert words in caught.value.reason

    def test_blank_lines_are_skipped_but_counted(self, session: Session) -> None:
        report = history_service.import_lines(
            session, [b'{"type":"customer","id":"c1"}', b"", b"  "]
        )
        assert report.lines == 3
        assert report.created == {"customer": 1}


class TestExportLines:
    def test_import_export_import_is_lossless(self, session: Session) -> None:
        original = lines_of(EVERY_TYPE)
        with session.begin_nested() as first_database:
            history_service.import_lines(session, original)
            exported = export(session)
            first_database.rollback()
        assert set(table_counts(session).values()) == {0}

        history_service.import_lines(session, [orjson.dumps(line) for line in exported])
        again = export(session)
        assert again == exported
        assert normalised(exported) == normalised(original)

    def test_unknown_fields_survive_where_there_is_a_place(self, session: Session) -> None:
        history_service.import_lines(session, lines_of(EVERY_TYPE))
        by_id = {(line["type"], line.get("id")): line for line in export(session)}
        assert by_id[("customer", "c1")]["wechat"] == "sunny_li"
        assert by_id[("order", "o1")]["coupon"] == "SHOP5"
        assert by_id[("message", "m1")]["client_id_from_source"] == "qn-88231"
        assert by_id[("order", "o1")]["flags"][1] == {
            "colour": "green",
            "text": "已补运费",
            "author": "a1",
            "at": "2026-11-11T09:30:00+08:00",
        }

    def test_times_come_out_in_the_shop_zone_and_money_as_strings(self, session: Session) -> None:
        history_service.import_lines(session, lines_of(EVERY_TYPE))
        by_id = {(line["type"], line.get("id")): line for line in export(session)}
        assert by_id[("session", "s2")]["opened_at"] == "2026-11-13T07:59:30+08:00"
        assert by_id[("message", "m4")]["at"] == "2026-11-11T09:00:40.250000+08:00"
        assert by_id[("order", "o1")]["amount"] == "278.00"

    def test_period_selects_by_opening_time_in_the_shop_zone(self, session: Session) -> None:
        from kefu.kit.clock import parse_bound

        history_service.import_lines(session, lines_of(EVERY_TYPE))
        # s2 opened 2026-11-12T23:59:30Z, which is 11-13 07:59 in Shanghai.
        lines = export(
            session, start=parse_bound("2026-11-13", TZ), end=parse_bound("2026-11-14", TZ)
        )
        types = [(line["type"], line.get("id", line.get("session"))) for line in lines]
        assert ("session", "s2") in types
        assert ("session", "s1") not in types
        assert not any(kind in {"message", "order", "refund"} for kind, _ in types)
        assert ("customer", "c1") in types  # referenced entities always come along


class TestStagedImport:
    def test_rows_numbered_by_the_database_do_not_collide_with_rows_already_there(
        self, session: Session
    ) -> None:
        history_service.import_lines(session, lines_of(EVERY_TYPE))
        handoffs = table_counts(session)["handoff"]
        more = [
            b'{"type":"session","id":"s77","customer":"c1","channel":"web","opened_at":"2026-11-20T09:00:00+08:00"}',
            b'{"type":"handoff","session":"s77","at":"2026-11-20T09:00:05+08:00","reason":"buyer_asked"}',
        ]
        assert history_service.import_lines(session, more).created["handoff"] == 1
        assert table_counts(session)["handoff"] == handoffs + 1


class TestMalformedValues:
    """Values that once escaped as a traceback (issue 17, found by fuzzing each field
    with wrong types): each is refused naming its line."""

    @pytest.mark.parametrize(
        ("line", "words"),
        [
            (b'{"type":"product","id":"p9","title":"t","price":"1e30"}', "too large"),
            (b'{"type":"product","id":"p9","title":"t","stock":1000000000000000000000}', "stock"),
            (
                b'{"type":"session","id":"s9","customer":"c1","channel":"web",'
                b'"opened_at":"9999-12-31T23:59:59-14:00"}',
                "1900",
            ),
            (b'{"type":"customer","id":"c9","note":"a\\u0000b"}', "NUL"),
        ],
    )
    def test_malformed_values_name_their_line_instead_of_a_traceback(
        self, session: Session, line: bytes, words: str
    ) -> None:
        with pytest.raises(ImportLineError) as caught:
            history_service.import_lines(session, [b'{"type":"customer","id":"c1"}', line])
        assert caught.value.line == 2
        assert words in caught.value.reason
        assert set(table_counts(session).values()) == {0}
