"""Invoices (发票): requests with title and tax id checks, the issue deadline across
midnight in the shop's zone, issue with a PDF checked by its bytes, e-mail through
the outbox or post with tracking, the 审单 queue, and the bot's "my invoice"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.bot import records
from kefu.invoice import checks, service, worklist
from kefu.invoice.schemas import InvoiceFilters, InvoiceRequestIn, IssueIn, PostIn
from kefu.kit.errors import BadInput, Conflict
from kefu.kit.paging import PageParams
from kefu.models import Order, OutgoingMail
from kefu.order import actions
from kefu.order import service as order_service
from tests.chat_helpers import frozen_at
from tests.ord2_data import SHANGHAI, VALID_CODE, T, order, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored(session: Session, order_id: str = "o1") -> Order:
    return order_service.get_order(session, order_id=order_id)


def request_in(**overrides: object) -> InvoiceRequestIn:
    body = {
        "order_id": "o1",
        "title_type": "company",
        "title": "福建某某科技有限公司",
        "tax_id": VALID_CODE,
        "delivery": "email",
        "email": "caiwu@example.com",
    }
    return InvoiceRequestIn.model_validate(body | overrides)


class TestCreditCode:
    @pytest.mark.parametrize(
        ("code", "ok"),
        [
            (VALID_CODE, True),
            ("91110000802100433B", True),
            ("91350100M000100Y44", False),  # wrong check digit
            ("91350100M000100Y4", False),  # 17 characters
            ("91350100I000100Y43", False),  # I is not in the alphabet
        ],
    )
    def test_check_digit(self, code: str, ok: bool) -> None:
        assert checks.credit_code_ok(code) is ok


class TestDoRequest:
    def test_company_title_with_a_valid_tax_id(self, session: Session) -> None:
        people = staff(session)
        with frozen_at(T):
            invoice = service.do_request(
                session,
                order=order(session),
                body=request_in(tax_id=VALID_CODE.lower()),
                actor=people["mei"],
            )
        assert (invoice.status, invoice.tax_id, invoice.source, invoice.requested_by) == (
            "requested",
            VALID_CODE,
            "agent",
            "mei",
        )
        assert "申请发票：福建某某科技有限公司" in [
            e.text for e in actions.timeline(session, order=stored(session))
        ]

    def test_title_checks(self, session: Session) -> None:
        people = staff(session)
        o = order(session)
        with pytest.raises(BadInput, match="校验位"):
            service.do_request(
                session, order=o, body=request_in(tax_id="91350100M000100Y44"), actor=people["mei"]
            )
        with pytest.raises(BadInput, match="18 位"):
            service.do_request(session, order=o, body=request_in(tax_id="123"), actor=people["mei"])
        with pytest.raises(BadInput, match="需要填写税号"):
            service.do_request(session, order=o, body=request_in(tax_id=None), actor=people["mei"])
        with pytest.raises(BadInput, match="个人抬头不需要税号"):
            service.do_request(
                session,
                order=o,
                body=request_in(title_type="personal", title="王丽"),
                actor=people["mei"],
            )
        with pytest.raises(BadInput, match="专用发票"):
            service.do_request(
                session,
                order=o,
                body=request_in(title_type="personal", title="王丽", tax_id=None, kind="special"),
                actor=people["mei"],
            )
        with pytest.raises(BadInput, match="邮箱"):
            service.do_request(
                session, order=o, body=request_in(email="not-mail"), actor=people["mei"]
            )

    def test_personal_title_by_the_buyer_posted(self, session: Session) -> None:
        invoice = service.do_request(
            session,
            order=order(session),
            body=request_in(
                title_type="personal",
                title="王丽",
                tax_id=None,
                delivery="post",
                post_address="浙江省杭州市西湖区文三路100号",
            ),
            actor=None,
        )
        assert (invoice.source, invoice.tax_id, invoice.post_address) == (
            "chat",
            None,
            "浙江省杭州市西湖区文三路100号",
        )

    def test_one_live_invoice_per_paid_order(self, session: Session) -> None:
        people = staff(session)
        service.do_request(session, order=order(session), body=request_in(), actor=people["mei"])
        with pytest.raises(Conflict, match="已有发票申请"):
            service.do_request(
                session, order=stored(session), body=request_in(), actor=people["mei"]
            )
        with pytest.raises(Conflict, match="已付款"):
            service.do_request(
                session,
                order=order(session, "o2", status="unpaid"),
                body=request_in(order_id="o2"),
                actor=people["mei"],
            )


class TestIssueDue:
    @pytest.mark.parametrize(
        ("requested", "due"),
        [
            # 23:50 on the 30th in Shanghai (15:50 UTC): the 30th, 1st and 2nd, due 3rd 00:00
            (
                dt.datetime(2026, 11, 30, 15, 50, tzinfo=dt.UTC),
                dt.datetime(2026, 12, 3, tzinfo=SHANGHAI),
            ),
            # twenty minutes later it is the 1st in Shanghai (still the 30th in UTC): a day more
            (
                dt.datetime(2026, 11, 30, 16, 10, tzinfo=dt.UTC),
                dt.datetime(2026, 12, 4, tzinfo=SHANGHAI),
            ),
        ],
    )
    def test_across_midnight_in_shanghai(
        self, session: Session, requested: dt.datetime, due: dt.datetime
    ) -> None:
        with frozen_at(requested):
            invoice = service.do_request(
                session, order=order(session), body=request_in(), actor=None
            )
        session.expire_all()
        assert service.get(session, invoice_id=invoice.id).due_at == due
        assert service.issue_due(requested) == due


class TestDoIssue:
    def test_number_amount_and_pdf(self, session: Session) -> None:
        people = staff(session)
        invoice = service.do_request(
            session, order=order(session), body=request_in(), actor=people["mei"]
        )
        with pytest.raises(BadInput, match="PDF"):
            service.do_issue(
                session,
                invoice=invoice,
                body=IssueIn(number="12345678", amount=Decimal("199")),
                pdf_sha256=None,
                actor=people["chen"],
            )
        with pytest.raises(BadInput, match="不能超过订单金额"):
            service.do_issue(
                session,
                invoice=invoice,
                body=IssueIn(number="12345678", amount=Decimal("200")),
                pdf_sha256="x",
                actor=people["chen"],
            )
        with pytest.raises(BadInput, match="8 位或 20 位"):
            service.do_issue(
                session,
                invoice=invoice,
                body=IssueIn(number="12AB", amount=Decimal("199")),
                pdf_sha256="x",
                actor=people["chen"],
            )
        digest = checks.save_pdf(PDF)
        service.do_issue(
            session,
            invoice=invoice,
            body=IssueIn(number="26332000000012345678", amount=Decimal("199.00")),
            pdf_sha256=digest,
            actor=people["chen"],
        )
        assert (invoice.status, invoice.number, invoice.amount, invoice.issued_by) == (
            "issued",
            "26332000000012345678",
            Decimal("199.00"),
            "chen",
        )
        assert checks.pdf_path(digest).read_bytes() == PDF

    def test_a_pdf_is_known_by_its_bytes(self) -> None:
        with pytest.raises(BadInput, match="PDF"):
            checks.save_pdf(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
        with pytest.raises(BadInput, match="PDF"):
            checks.save_pdf(b"%PDF-1.4 truncated")


class TestDoSend:
    def test_mailed_once_through_the_outbox(self, session: Session) -> None:
        people = staff(session)
        invoice = service.do_request(
            session, order=order(session), body=request_in(), actor=people["mei"]
        )
        service.do_issue(
            session,
            invoice=invoice,
            body=IssueIn(number="12345678", amount=Decimal("199")),
            pdf_sha256=checks.save_pdf(PDF),
            actor=people["chen"],
        )
        service.do_send(session, invoice=invoice, actor=people["chen"])
        [mail] = session.scalars(select(OutgoingMail)).all()
        assert (mail.recipient, invoice.status) == ("caiwu@example.com", "sent")
        assert b"application/pdf" in mail.raw
        with pytest.raises(Conflict):
            service.do_send(session, invoice=invoice, actor=people["chen"])


class TestDoPost:
    def test_paper_invoice_posted_with_tracking(self, session: Session) -> None:
        people = staff(session)
        body = request_in(delivery="post", email=None, post_address="浙江省杭州市西湖区文三路100号")
        invoice = service.do_request(session, order=order(session), body=body, actor=people["mei"])
        service.do_issue(
            session,
            invoice=invoice,
            body=IssueIn(number="12345678", amount=Decimal("99")),
            pdf_sha256=None,
            actor=people["chen"],
        )
        assert service.allowed_actions(invoice) == ["post"]
        service.do_post(
            session,
            invoice=invoice,
            body=PostIn(courier="顺丰速运", tracking_no="SF123456"),
            actor=people["chen"],
        )
        assert (invoice.status, invoice.tracking_no) == ("posted", "SF123456")


class TestDoReject:
    def test_rejected_with_reason_then_a_new_request_is_allowed(self, session: Session) -> None:
        people = staff(session)
        invoice = service.do_request(session, order=order(session), body=request_in(), actor=None)
        service.do_reject(session, invoice=invoice, reason="抬头与税号不符", actor=people["chen"])
        assert (invoice.status, invoice.reject_reason) == ("rejected", "抬头与税号不符")
        again = service.do_request(session, order=stored(session), body=request_in(), actor=None)
        assert again.status == "requested"


class TestInvoiceList:
    def test_queue_overdue_first_with_labels(self, session: Session) -> None:
        people = staff(session)
        with frozen_at(T):
            service.do_request(
                session, order=order(session), body=request_in(), actor=people["mei"]
            )
        with frozen_at(T + dt.timedelta(days=2)):
            service.do_request(
                session, order=order(session, "o2"), body=request_in(order_id="o2"), actor=None
            )
        with frozen_at(T + dt.timedelta(days=4)):
            page = worklist.invoice_list(session, filters=InvoiceFilters(), params=PageParams())
            late = worklist.invoice_list(
                session, filters=InvoiceFilters(overdue=True), params=PageParams()
            )
        assert [(r.order_id, r.overdue, r.source_label, r.status_label) for r in page["items"]] == [
            ("o1", True, "客服代填", "待开票"),
            ("o2", False, "买家申请", "待开票"),
        ]
        assert [r.order_id for r in late["items"]] == ["o1"]
        assert page["items"][0].requested_by_name == "mei"


class TestBotAnswer:
    def test_my_invoice_from_the_buyers_own_records(self, session: Session) -> None:
        people = staff(session)
        assert records.invoice_answer(session, customer_id="c1") is None
        invoice = service.do_request(session, order=order(session), body=request_in(), actor=None)
        order(session, "o9", customer_id="c2")
        service.do_request(
            session,
            order=stored(session, "o9"),
            body=request_in(order_id="o9", title="别人的公司"),
            actor=None,
        )
        service.do_issue(
            session,
            invoice=invoice,
            body=IssueIn(number="12345678", amount=Decimal("199")),
            pdf_sha256=checks.save_pdf(PDF),
            actor=people["chen"],
        )
        service.do_send(session, invoice=invoice, actor=people["chen"])
        answer = records.invoice_answer(session, customer_id="c1")
        assert answer is not None
        assert (
            "订单 o1 的发票（抬头：福建某某科技有限公司）：电子发票已发送到 caiwu@example.com"
            in answer
        )
        assert "别人的公司" not in answer
