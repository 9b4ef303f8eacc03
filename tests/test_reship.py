"""Re-shipping (补发): a linked order through review and shipping, kept out of sales
KPIs and counted apart; intercepts of orders cancelled after order_review."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict
from kefu.kit.paging import PageParams
from kefu.kpi import repository as kpi_repository
from kefu.models import Refund
from kefu.models.reship import InterceptStatus
from kefu.order import actions, order_review
from kefu.order import service as order_service
from kefu.reship import intercepts, service, worklist
from kefu.reship.schemas import InterceptFilters, ReshipFilters, ReshipIn
from tests.chat_helpers import frozen_at
from tests.ord2_data import T, order, staff

LATER = T + dt.timedelta(days=3)


def reship_in(**overrides: object) -> ReshipIn:
    body = {
        "items": [{"line_no": 1, "qty": 1}],
        "reason": "missing",
        "freight_payer": "shop",
        "freight": "12.00",
        "note": "少发一件",
    }
    return ReshipIn.model_validate(body | overrides)


class TestDoCreate:
    def test_a_linked_free_order_waits_for_review(self, session: Session) -> None:
        people = staff(session)
        original = order(session)
        with frozen_at(LATER):
            reship = service.do_create(
                session, original=original, body=reship_in(), actor=people["mei"]
            )
        new = order_service.get_order(session, order_id=reship.order_id)
        assert (new.id, new.status, new.amount, new.paid_at) == (
            "o1-BF1",
            "paid",
            Decimal("0.00"),
            LATER,
        )
        assert [(i.product_id, i.qty, i.price) for i in new.items] == [("p1", 1, Decimal("0.00"))]
        assert (new.address, new.receiver_name) == (original.address, "王丽")
        assert (reship.original_order_id, reship.reason, reship.freight_payer, reship.freight) == (
            "o1",
            "missing",
            "shop",
            Decimal("12.00"),
        )
        [item] = order_review.queue(session, now=LATER)
        assert (item.order.id, item.reship_of, item.gifts) == ("o1-BF1", "o1", [])
        texts = [e.text for e in actions.timeline(session, order=original)]
        assert "补发 o1-BF1：漏发/少发，运费商家承担" in texts

    def test_only_shipped_orders_and_only_what_was_ordered(self, session: Session) -> None:
        people = staff(session)
        with pytest.raises(Conflict, match="已发货或已签收"):
            service.do_create(
                session,
                original=order(session, "o2", status="paid"),
                body=reship_in(),
                actor=people["mei"],
            )
        original = order(session)
        with pytest.raises(BadInput, match="最多补发 2 件"):
            service.do_create(
                session,
                original=original,
                body=reship_in(items=[{"line_no": 1, "qty": 3}]),
                actor=people["mei"],
            )
        with pytest.raises(BadInput, match="第 5 行"):
            service.do_create(
                session,
                original=original,
                body=reship_in(items=[{"line_no": 5, "qty": 1}]),
                actor=people["mei"],
            )

    def test_second_reship_is_numbered_and_shipped_like_any_order(self, session: Session) -> None:
        people = staff(session)
        original = order(session)
        with frozen_at(LATER):
            service.do_create(session, original=original, body=reship_in(), actor=people["mei"])
            second = service.do_create(
                session, original=original, body=reship_in(reason="damaged"), actor=people["mei"]
            )
            new = order_service.get_order(session, order_id=second.order_id)
            order_review.do_review(
                session,
                order=new,
                checked=order_review.Checked(remark_read=True),
                reviewer=people["chen"],
            )
            order_review.do_ship_batch(
                session,
                items=[{"order_id": new.id, "courier": "顺丰速运", "tracking_no": "SF0001"}],
                actor=people["chen"],
            )
        assert (new.id, new.status, new.tracking_no) == ("o1-BF2", "shipped", "SF0001")


class TestSalesKpis:
    def test_reship_orders_are_not_sales(self, session: Session) -> None:
        people = staff(session)
        original = order(session)
        with frozen_at(T + dt.timedelta(hours=2)):
            service.do_create(session, original=original, body=reship_in(), actor=people["mei"])
        start, end = T - dt.timedelta(hours=1), T + dt.timedelta(days=1)
        assert kpi_repository.count_orders_paid(session, start, end) == 1
        assert [p[-1] for p in kpi_repository.payments(session, start, end)] == [Decimal("199.00")]


class TestReport:
    def test_counted_apart_by_reason_and_payer(self, session: Session) -> None:
        people = staff(session)
        original = order(session)
        with frozen_at(LATER):
            service.do_create(session, original=original, body=reship_in(), actor=people["mei"])
            service.do_create(
                session,
                original=original,
                body=reship_in(reason="damaged", freight_payer="courier", freight="8.00"),
                actor=people["mei"],
            )
        report = service.report(
            session, start=LATER - dt.timedelta(hours=1), end=LATER + dt.timedelta(hours=1)
        )
        assert report["total"] == 2
        assert [(r["label"], r["count"]) for r in report["by_reason"]] == [
            ("漏发/少发", 1),
            ("破损/质量问题", 1),
        ]
        assert [(f["label"], f["amount"]) for f in report["freight"]] == [
            ("商家承担", "12.00"),
            ("快递赔付", "8.00"),
        ]


class TestReshipList:
    def test_rows_carry_names_titles_and_labels(self, session: Session) -> None:
        people = staff(session)
        with frozen_at(LATER):
            service.do_create(
                session, original=order(session), body=reship_in(), actor=people["mei"]
            )
        page = worklist.reship_list(session, filters=ReshipFilters(q="o1"), params=PageParams())
        [row] = page["items"]
        assert (row.order_id, row.buyer_name, row.reason_label, row.status_label) == (
            "o1-BF1",
            "tb_lulu",
            "漏发/少发",
            "已付款",
        )
        assert (row.items_summary, row.created_by_name) == ("卫衣", "mei")
        assert (
            worklist.reship_list(
                session, filters=ReshipFilters(reason=["wrong"]), params=PageParams()
            )["total"]
            == 0
        )


class TestCancelAfterReview:
    def test_creates_an_intercept_due_in_two_hours(self, session: Session) -> None:
        people = staff(session)
        paid = order(session, status="paid")
        with frozen_at(T):
            order_review.do_review(
                session, order=paid, checked=order_review.Checked(), reviewer=people["chen"]
            )
        with frozen_at(T + dt.timedelta(hours=1)):
            actions.do_cancel(session, order=paid, reason="买家拍错了", actor=people["mei"])
        page = intercepts.intercept_list(session, filters=InterceptFilters(), params=PageParams())
        [row] = page["items"]
        assert (row.order_id, row.status_label, row.reason) == ("o1", "待拦截", "买家拍错了")
        assert row.due_at == T + dt.timedelta(hours=3)

    def test_no_intercept_before_review(self, session: Session) -> None:
        people = staff(session)
        actions.do_cancel(
            session, order=order(session, status="paid"), reason="不要了", actor=people["mei"]
        )
        assert (
            intercepts.intercept_list(session, filters=InterceptFilters(), params=PageParams())[
                "total"
            ]
            == 0
        )


class TestDoRecordResult:
    def _pending(self, session: Session) -> tuple[dict, object]:
        people = staff(session)
        paid = order(session, status="paid")
        with frozen_at(T):
            order_review.do_review(
                session, order=paid, checked=order_review.Checked(), reviewer=people["chen"]
            )
            actions.do_cancel(session, order=paid, reason="买家拍错了", actor=people["mei"])
        row = intercepts.intercept_list(session, filters=InterceptFilters(), params=PageParams())[
            "items"
        ][0]
        return people, intercepts.get(session, intercept_id=row.id)

    def test_intercepted_keeps_the_order_closed(self, session: Session) -> None:
        people, intercept = self._pending(session)
        intercepts.do_record_result(
            session,
            intercept=intercept,
            result=InterceptStatus.intercepted,
            note=None,
            actor=people["chen"],
        )
        assert (intercept.status, intercept.refund_id) == ("intercepted", None)
        assert order_service.get_order(session, order_id="o1").status == "closed"
        with pytest.raises(Conflict):
            intercepts.do_record_result(
                session,
                intercept=intercept,
                result=InterceptStatus.too_late,
                note=None,
                actor=people["chen"],
            )

    def test_too_late_becomes_a_return(self, session: Session) -> None:
        people, intercept = self._pending(session)
        with frozen_at(T + dt.timedelta(hours=1)):
            intercepts.do_record_result(
                session,
                intercept=intercept,
                result=InterceptStatus.too_late,
                note="已揽收",
                actor=people["chen"],
            )
        refund = session.get(Refund, intercept.refund_id)
        assert refund is not None
        # A 售后单号 staff can read out: RF, the second, 4 digits (not an internal id).
        assert re.fullmatch(r"RF\d{12}", refund.id)
        assert (refund.order_id, refund.kind, refund.status, refund.amount) == (
            "o1",
            "return",
            "requested",
            Decimal("199.00"),
        )
        assert order_service.get_order(session, order_id="o1").status == "shipped"
        done = intercepts.intercept_list(
            session, filters=InterceptFilters(status=["too_late"]), params=PageParams()
        )
        assert done["items"][0].status_label == "拦截失败，转退货"
