"""The trained bot answers "my invoice" and "an item is missing" from the buyer's own
invoice and 补发 records (issue 16); without such records it quotes the FAQ."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from kefu.bot import service as bot_service
from kefu.invoice import service as invoice_service
from kefu.invoice.schemas import InvoiceRequestIn
from kefu.reship import service as reship_service
from kefu.reship.schemas import ReshipIn
from tests.chat_helpers import frozen_at
from tests.ord2_data import T, order, staff

pytestmark = pytest.mark.usefixtures("bot", "starter_faq")


@pytest.fixture
def starter_faq(session: Session) -> None:
    from kefu.bot import kb

    kb.do_seed_defaults(session)


class TestAnswer:
    def test_invoice_and_reship_questions_read_the_buyers_records(self, session: Session) -> None:
        people = staff(session)
        original = order(session)
        order(session, "o7", customer_id="c2")
        body = InvoiceRequestIn(order_id="o1", title_type="personal", title="王丽", email="w@b.cn")
        with frozen_at(T):
            invoice_service.do_request(session, order=original, body=body, actor=None)
            reship = ReshipIn.model_validate(
                {"items": [{"line_no": 1, "qty": 1}], "reason": "missing", "freight_payer": "shop"}
            )
            reship_service.do_create(session, original=original, body=reship, actor=people["mei"])
        with frozen_at(T + dt.timedelta(hours=1)):
            mine = bot_service.answer(session, text="我的发票开了吗", customer_id="c1")
            missing = bot_service.answer(session, text="少发了一件", customer_id="c1")
            other = bot_service.answer(session, text="我的发票开了吗", customer_id="c2")
        assert mine.intent == "invoice" and not mine.handoff
        assert "订单 o1 的发票（抬头：王丽）：已收到申请，将于 11月22日 前开出" in mine.answer
        assert missing.intent == "quality_issue" and not missing.handoff
        assert "原订单 o1 的补发（卫衣，补发单 o1-BF1）：已安排" in missing.answer
        assert other.intent == "invoice" and "o1" not in other.answer and "王丽" not in other.answer
