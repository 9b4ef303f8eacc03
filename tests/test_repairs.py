"""Repairs, installations and 三包: warranty per product and order line, service orders
through appointment, visit and result with absolute deadlines, the buyer told each step."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent, Product, ServiceOrder, Task
from kefu.models.aftercare import ServiceKind
from kefu.models.team import Role
from kefu.repair import service
from tests.aftercare_helpers import add_order, add_products, at, shop_with_chat, told
from tests.chat_helpers import buyer, frozen_at
from tests.factories import add_agent, login

NOW = at(20, 10)


@pytest.fixture
def lei(session: Session) -> Agent:
    return add_agent(session, "lei", Role.aftersale)


def opened(session: Session, lei: Agent) -> ServiceOrder:
    with frozen_at(NOW):
        shop_with_chat(session, now=NOW)
        return service.do_open(
            session, order_id="o1", line_no=1, kind=ServiceKind.repair, problem="不加热", owner=lei
        )


class TestWarrantyEnd:
    def test_counts_local_days_from_delivery_across_midnight(self) -> None:
        # 00:30 on 1 Dec in Shanghai is still 30 Nov in UTC: the local day counts.
        end = service.warranty_end(delivered_at=at(1, 0, 30, month=12), days=7)
        assert end == at(9, 0, month=12)
        assert end is not None and end.astimezone(dt.UTC) == dt.datetime(
            2026, 12, 8, 16, 0, tzinfo=dt.UTC
        )

    def test_none_before_delivery_or_without_warranty(self) -> None:
        assert service.warranty_end(delivered_at=None, days=7) is None
        assert service.warranty_end(delivered_at=at(1, 12), days=None) is None


class TestWarrantyLines:
    def test_each_line_with_its_products_period(self, session: Session) -> None:
        add_products(session)
        order = add_order(
            session,
            order_id="o2",
            customer_id=buyer(session),
            products=["kettle", "filter", "mug"],
            paid_at=at(1, 9),
            delivered_at=at(3, 23, 30),
        )
        with frozen_at(at(11, 10)):
            lines = service.warranty_lines(session, order=order)
        assert [(w.title, w.warranty_days, w.in_warranty) for w in lines] == [
            ("电热水壶", 7, False),  # ended at the end of 10 Nov
            ("滤芯", None, False),
            ("保温杯", 365, True),
        ]
        assert lines[0].warranty_end == at(11, 0)


class TestSetWarranty:
    def test_sets_and_refuses_nonsense(self, session: Session) -> None:
        add_products(session)
        service.do_set_warranty(session, product_id="filter", days=30)
        assert session.get(Product, "filter").warranty_days == 30  # type: ignore[union-attr]
        with pytest.raises(BadInput):
            service.do_set_warranty(session, product_id="filter", days=0)


class TestOpen:
    def test_buyer_told_and_schedule_due_in_a_day(self, session: Session, lei: Agent) -> None:
        row = opened(session, lei)
        assert (row.status, row.in_warranty, row.product_id) == ("opened", True, "kettle")
        assert row.due_at == NOW + dt.timedelta(hours=24)
        said = told(session, shop_with_session(session, row))
        assert "维修申请已受理（电热水壶" in said[-1] and "在三包期内" in said[-1]
        assert "11月21日 10:00 前" in said[-1]

    def test_refuses_a_missing_line_and_other_roles(self, session: Session, lei: Agent) -> None:
        with frozen_at(NOW):
            shop_with_chat(session, now=NOW)
            with pytest.raises(BadInput):
                service.do_open(
                    session,
                    order_id="o1",
                    line_no=9,
                    kind=ServiceKind.repair,
                    problem="x",
                    owner=lei,
                )
            presale = add_agent(session, "pre", Role.presale)
            with pytest.raises(Forbidden):
                service.do_open(
                    session,
                    order_id="o1",
                    line_no=1,
                    kind=ServiceKind.install,
                    problem="x",
                    owner=presale,
                )


def shop_with_session(session: Session, row: ServiceOrder) -> str:
    from kefu.messaging import service as messaging

    live = messaging.live_session(session, customer_id=row.customer_id)
    assert live is not None
    return live.id


class TestSchedule:
    def test_appointment_across_midnight_is_the_deadline(
        self, session: Session, lei: Agent
    ) -> None:
        row = opened(session, lei)
        visit = at(20, 23, 30) + dt.timedelta(hours=1)  # 00:30 on the 21st, local
        with frozen_at(NOW):
            service.do_schedule(
                session, service=row, actor=lei, appointment_at=visit, technician="张师傅"
            )
        assert row.status == "scheduled" and row.due_at == visit
        assert row.due_at.astimezone(dt.UTC).day == 20  # stored as the absolute instant
        assert "11月21日 00:30，师傅 张师傅" in told(session, shop_with_session(session, row))[-1]

    def test_refuses_a_past_appointment(self, session: Session, lei: Agent) -> None:
        row = opened(session, lei)
        with frozen_at(NOW), pytest.raises(BadInput):
            service.do_schedule(
                session, service=row, actor=lei, appointment_at=NOW, technician="张师傅"
            )


class TestVisit:
    def test_notes_and_parts_then_result_due_in_three_days(
        self, session: Session, lei: Agent
    ) -> None:
        row = opened(session, lei)
        with frozen_at(NOW):
            service.do_schedule(
                session, service=row, actor=lei, appointment_at=at(21, 9), technician="张师傅"
            )
        with frozen_at(at(21, 9, 30)):
            service.do_visit(session, service=row, actor=lei, note="温控器坏", parts=["温控器"])
        assert row.status == "in_progress" and row.parts == ["温控器"]
        assert row.due_at == at(24, 9, 30)
        assert "已更换：温控器" in told(session, shop_with_session(session, row))[-1]

    def test_refused_before_an_appointment(self, session: Session, lei: Agent) -> None:
        row = opened(session, lei)
        with pytest.raises(Conflict):
            service.do_visit(session, service=row, actor=lei, note="x", parts=[])


class TestFinish:
    def test_done_clears_the_deadline_and_tells_the_buyer(
        self, session: Session, lei: Agent
    ) -> None:
        row = opened(session, lei)
        with frozen_at(NOW):
            service.do_schedule(
                session, service=row, actor=lei, appointment_at=at(21, 9), technician="张师傅"
            )
            service.do_visit(session, service=row, actor=lei, note="换件", parts=[])
            service.do_finish(session, service=row, actor=lei, result="已修好，试用正常")
        assert (row.status, row.due_at, row.result) == ("done", None, "已修好，试用正常")
        assert (
            told(session, shop_with_session(session, row))[-1]
            == "您的维修已完成：已修好，试用正常。"
        )
        assert service.actions(service=row, agent=lei) == []


class TestCancel:
    def test_cancelled_only_before_the_visit(self, session: Session, lei: Agent) -> None:
        row = opened(session, lei)
        with frozen_at(NOW):
            service.do_cancel(session, service=row, actor=lei, result="买家自行解决")
        assert (row.status, row.due_at) == ("cancelled", None)
        with pytest.raises(Conflict):
            service.do_cancel(session, service=row, actor=lei, result="again")


class TestTellWithoutChat:
    def test_a_buyer_without_chat_becomes_a_call_task(self, session: Session, lei: Agent) -> None:
        add_products(session)
        add_order(
            session,
            order_id="o3",
            customer_id=buyer(session),
            products=["mug"],
            paid_at=at(1, 9),
            delivered_at=at(2, 9),
        )
        with frozen_at(NOW):
            row = service.do_open(
                session, order_id="o3", line_no=1, kind=ServiceKind.install, problem="装", owner=lei
            )
        task = session.scalars(select(Task).where(Task.customer_id == row.customer_id)).one()
        assert task.assignee_id == lei.id and "安装单" in task.title


class TestServiceList:
    def test_lists_with_titles_and_names_nearest_deadline_first(
        self, session: Session, lei: Agent, client: TestClient
    ) -> None:
        row = opened(session, lei)
        session.commit()
        login(client, "lei")
        with frozen_at(NOW):
            body = client.get("/api/v1/service-orders", params={"status": "opened"}).json()
        assert body["total"] == 1
        item = body["items"][0]
        assert (item["id"], item["product_title"], item["owner_name"]) == (
            row.id,
            "电热水壶",
            "lei",
        )
        assert item["overdue"] is False
        detail = client.get(f"/api/v1/service-orders/{row.id}").json()
        assert [a["action"] for a in detail["allowed_actions"]] == ["schedule", "cancel"]
        assert detail["notes"][0]["kind"] == "told"
