"""Case numbers the shop gives its own cases (shop.service.case_number): the kind's letters,
the shop's date (Asia/Shanghai) and the day's count, so staff can read one out to a buyer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.aftersale import cases
from kefu.models import Complaint, Customer, InternalTicket
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.factories import add_agents

# 23:30 UTC is 07:30 the next morning in the shop's zone.
LATE_UTC = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)


class TestCaseNumber:
    def test_counts_up_within_the_shops_day_and_per_kind(self, session: Session) -> None:
        with frozen_at(LATE_UTC) as frozen:
            taken = [shop.case_number(session, prefix="TS", model=Complaint) for _ in range(3)]
            other_kind = shop.case_number(session, prefix="GD", model=InternalTicket)
            frozen.advance(dt.timedelta(days=1))
            next_day = shop.case_number(session, prefix="TS", model=Complaint)
        assert taken == ["TS202612010001", "TS202612010002", "TS202612010003"]
        assert other_kind == "GD202612010001"
        assert next_day == "TS202612020001"

    def test_a_number_taken_in_a_rolled_back_unit_is_given_again(self, session: Session) -> None:
        """The counter moves with the case's own transaction: no gaps from refused cases."""
        with frozen_at(LATE_UTC):
            shop.case_number(session, prefix="TS", model=Complaint)
            session.commit()
            shop.case_number(session, prefix="TS", model=Complaint)
            session.rollback()
            assert shop.case_number(session, prefix="TS", model=Complaint) == "TS202612010002"

    def test_a_number_already_in_the_table_is_skipped(self, session: Session) -> None:
        """A history imported from another Kefu brings its own numbers; none is given twice."""
        owner = add_agents(session, {"alan": Role.aftersale})["alan"]
        session.add(Customer(id="c1", nick="买家", vip_level=0, marketing_opt_out=False))
        session.flush()
        for number in ("TS202612010001", "TS202612010002"):
            session.add(
                Complaint(
                    id=number,
                    customer_id="c1",
                    category="quality",
                    summary="导入的",
                    owner_id=owner.id,
                    opened_at=LATE_UTC,
                    promised_by=LATE_UTC,
                )
            )
        session.flush()
        with frozen_at(LATE_UTC):
            assert shop.case_number(session, prefix="TS", model=Complaint) == "TS202612010003"


class TestComplaintNumber:
    def test_a_complaint_gets_a_number_staff_can_say(self, session: Session) -> None:
        owner = add_agents(session, {"alan": Role.aftersale})["alan"]
        session.add(Customer(id="c1", nick="买家", vip_level=0, marketing_opt_out=False))
        session.flush()
        with frozen_at(LATE_UTC):
            complaint = cases.do_open_complaint(
                session,
                customer_id="c1",
                category="quality",
                summary="鞋子开胶",
                promised_by=LATE_UTC + dt.timedelta(days=1),
                owner=owner,
            )
        assert complaint.id == "TS202612010001"
