"""Re-shipping and invoices in the history exchange (docs/history-extensions.md):
made through the services, exported, imported into an empty database and exported
again unchanged; unknown fields on the new lines are kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.history import service as history_service
from kefu.invoice import checks
from kefu.invoice import service as invoice_service
from kefu.invoice.schemas import InvoiceRequestIn, IssueIn
from kefu.models import Intercept, Invoice, Message, Reship
from kefu.models.reship import InterceptStatus
from kefu.order import actions, order_review
from kefu.order import service as order_service
from kefu.reship import intercepts
from kefu.reship import service as reship_service
from kefu.reship.schemas import ReshipIn
from tests.chat_helpers import frozen_at
from tests.ord2_data import VALID_CODE, T, order, staff
from tests.test_history_service import TZ, table_counts


def export(session: Session) -> list[dict[str, Any]]:
    return list(history_service.export_lines(session, tz=TZ))


def shop_with_reship_and_invoice(session: Session) -> None:
    people = staff(session)
    with frozen_at(T + dt.timedelta(days=2)):
        original = order(session, gift=True)
        body = ReshipIn.model_validate(
            {
                "items": [{"line_no": 2, "qty": 1}],
                "reason": "wrong",
                "freight_payer": "supplier",
                "freight": "10.00",
                "note": "发错颜色",
            }
        )
        reship = reship_service.do_create(
            session, original=original, body=body, actor=people["mei"]
        )
        new = order_service.get_order(session, order_id=reship.order_id)
        order_review.do_review(
            session,
            order=new,
            reviewer=people["chen"],
            checked=order_review.Checked(remark_read=True, packs=2),
        )
        request = InvoiceRequestIn(
            order_id="o1",
            title_type="company",
            title="福建某某科技有限公司",
            tax_id=VALID_CODE,
            email="cw@example.com",
        )
        invoice = invoice_service.do_request(
            session, order=original, body=request, actor=people["mei"]
        )
        digest = checks.save_pdf(b"%PDF-1.4\n%%EOF\n")
        invoice_service.do_issue(
            session,
            invoice=invoice,
            body=IssueIn(number="12345678", amount=Decimal("199.00")),
            pdf_sha256=digest,
            actor=people["chen"],
        )


class TestRoundTrip:
    def test_export_import_export_is_lossless(self, session: Session) -> None:
        with session.begin_nested() as first_database:
            shop_with_reship_and_invoice(session)
            exported = export(session)
            first_database.rollback()
        assert set(table_counts(session).values()) == {0}
        report = history_service.import_lines(session, [orjson.dumps(line) for line in exported])
        assert (report.created["reship"], report.created["invoice"]) == (1, 1)
        assert export(session) == exported
        by_type = {line["type"]: line for line in exported if line["type"] in ("reship", "invoice")}
        assert by_type["reship"] | {"id": "x"} == {
            "type": "reship",
            "id": "x",
            "order": "o1-BF1",
            "original_order": "o1",
            "reason": "wrong",
            "freight_payer": "supplier",
            "freight": "10.00",
            "note": "发错颜色",
            "created_at": "2026-11-22T10:00:00+08:00",
            "created_by": "mei",
        }
        invoice = by_type["invoice"]
        assert (invoice["status"], invoice["number"], invoice["amount"], invoice["tax_id"]) == (
            "issued",
            "12345678",
            "199.00",
            VALID_CODE,
        )
        assert invoice["due_at"] == "2026-11-25T00:00:00+08:00"
        reship_order = next(
            line for line in exported if line["type"] == "order" and line["id"] == "o1-BF1"
        )
        assert (reship_order["amount"], reship_order["packs"]) == ("0.00", 2)
        stored = session.get(Invoice, invoice["id"])
        assert stored is not None and stored.pdf_sha256 == invoice["pdf_sha256"]

    def test_unknown_fields_on_the_new_lines_are_kept(self, session: Session) -> None:
        shop_with_reship_and_invoice(session)
        lines = export(session)
        for line in lines:
            if line["type"] in ("reship", "invoice"):
                line["id"] += "-copy"
                line["erp_ref"] = "ERP-9"
        reship = next(line for line in lines if line["type"] == "reship")
        reship["order"] = "o1"  # any existing order will do for the copy
        history_service.import_lines(
            session, [orjson.dumps(line) for line in lines if line["type"] in ("reship", "invoice")]
        )
        again = {(line["type"], line.get("id")): line for line in export(session)}
        assert again[("reship", reship["id"])]["erp_ref"] == "ERP-9"
        copy = next(line for line in lines if line["type"] == "invoice")
        assert again[("invoice", copy["id"])]["erp_ref"] == "ERP-9"
        assert session.get(Reship, reship["id"]) is not None


CARD_CHAT = [
    {"type": "agent", "id": "a1", "name": "小美", "role": "presale"},
    {"type": "customer", "id": "c1", "nick": "tb_sunny"},
    {
        "type": "session",
        "id": "s1",
        "customer": "c1",
        "channel": "web",
        "opened_at": "2026-11-11T09:00:00+08:00",
    },
    {
        "type": "message",
        "id": "m1",
        "session": "s1",
        "at": "2026-11-11T09:00:04+08:00",
        "from": "agent",
        "agent": "a1",
        "text": "【为您推荐】电热水壶",
        "kind": "card",
        "card": {
            "product_id": "kettle",
            "title": "电热水壶",
            "price": "129.00",
            "image": "https://img.example.cn/kettle.jpg",
            "link": "https://shop.example.cn/kettle",
            "badge": "爆款",  # a field Kefu does not know: kept
        },
        "erp_ref": "ERP-1",
    },
]


class TestProductCards:
    def test_a_card_message_round_trips_with_unknown_fields(self, session: Session) -> None:
        history_service.import_lines(session, [orjson.dumps(line) for line in CARD_CHAT])
        stored = session.get_one(Message, "m1")
        assert stored.kind == "card" and stored.extra is not None
        assert stored.extra["card"]["title"] == "电热水壶"
        [line] = [line for line in export(session) if line["type"] == "message"]
        assert line == CARD_CHAT[-1]
        again = history_service.import_lines(session, [orjson.dumps(line) for line in CARD_CHAT])
        assert sum(again.created.values()) == 0


class TestIntercepts:
    def test_an_intercept_round_trips_and_keeps_unknown_fields(self, session: Session) -> None:
        with session.begin_nested() as first_database:
            people = staff(session)
            paid = order(session, status="paid")
            with frozen_at(T):
                order_review.do_review(
                    session, order=paid, checked=order_review.Checked(), reviewer=people["chen"]
                )
                actions.do_cancel(session, order=paid, reason="买家拍错了", actor=people["mei"])
            stored = session.scalars(select(Intercept)).one()
            with frozen_at(T + dt.timedelta(hours=1)):
                intercepts.do_record_result(
                    session,
                    intercept=stored,
                    result=InterceptStatus.too_late,
                    note="仓库已拦下",
                    actor=people["chen"],
                )
            exported = export(session)
            first_database.rollback()
        [line] = [line for line in exported if line["type"] == "intercept"]
        [refund] = [line for line in exported if line["type"] == "refund"]
        assert line | {"id": "x"} == {
            "type": "intercept",
            "id": "x",
            "refund": refund["id"],  # too late: the parcel left, a return was opened
            "order": "o1",
            "reason": "买家拍错了",
            "status": "too_late",
            "requested_at": "2026-11-20T10:00:00+08:00",
            "requested_by": "mei",
            "due_at": "2026-11-20T12:00:00+08:00",
            "result_at": "2026-11-20T11:00:00+08:00",
            "result_by": "chen",
            "result_note": "仓库已拦下",
        }
        line["wms_ref"] = "WMS-7"  # a field Kefu does not know
        report = history_service.import_lines(session, [orjson.dumps(one) for one in exported])
        assert (report.created["intercept"], report.created["refund"]) == (1, 1)
        assert export(session) == exported
        assert session.get_one(Intercept, line["id"]).extra == {"wms_ref": "WMS-7"}
