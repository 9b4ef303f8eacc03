"""Parcel cases: 催件 with the courier contacts made, 疑难件 followed up until solved,
damaged and lost parcels with claims, the month's claims sheet and its reminder."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, Department, ParcelCase, Task
from kefu.models.aftercare import ClaimStatus, ParcelKind
from kefu.models.team import Role
from kefu.parcel import claims, service
from tests.aftercare_helpers import at, shop_with_chat, told
from tests.chat_helpers import frozen_at
from tests.factories import add_agent, login

NOW = at(20, 16)


@pytest.fixture
def lei(session: Session) -> Agent:
    return add_agent(session, "lei", Role.aftersale)


def opened(session: Session, lei: Agent, kind: ParcelKind, **extra: object) -> ParcelCase:
    with frozen_at(NOW):
        return service.do_open(
            session, kind=kind, order_id="o1", summary="三天没更新", owner=lei, **extra
        )


@pytest.fixture
def shop(session: Session) -> str:
    with frozen_at(NOW):
        return shop_with_chat(session, now=NOW).session_id


class TestOpen:
    def test_chase_told_and_followed_up_the_same_day(
        self, session: Session, lei: Agent, shop: str
    ) -> None:
        case = opened(session, lei, ParcelKind.chase)
        assert (case.courier, case.tracking_no, case.claim_status) == ("中通", "ZTo1", "none")
        assert case.due_at == at(20, 20)
        assert (
            told(session, shop)[-1]
            == "已为您催促快递（中通 ZTo1），我们会在 11月20日 20:00 前告诉您进展。"
        )

    def test_claim_amount_only_for_damaged_or_lost(
        self, session: Session, lei: Agent, shop: str
    ) -> None:
        case = opened(session, lei, ParcelKind.damaged, claim_amount=Decimal("129"))
        assert (case.claim_status, case.claim_amount) == ("filed", Decimal("129"))
        with pytest.raises(BadInput):
            opened(session, lei, ParcelKind.problem, claim_amount=Decimal("1"))


class TestContact:
    def test_each_contact_moves_the_next_follow_up_across_midnight(
        self, session: Session, lei: Agent, shop: str
    ) -> None:
        case = opened(session, lei, ParcelKind.problem)
        with frozen_at(at(20, 23, 50)):
            service.do_contact(
                session,
                case=case,
                author=lei,
                text="中通客服：转运中心滞留",
                channel="phone",
                next_at=at(21, 0, 20),
            )
        assert case.due_at == at(21, 0, 20)
        assert case.due_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 20, 16, 20, tzinfo=dt.UTC)
        with frozen_at(at(21, 0, 30)):
            service.do_contact(
                session, case=case, author=lei, text="再催", channel="platform", next_at=at(21, 9)
            )
        notes = service.detail(session, case=case, agent=lei)
        assert notes["contacts"] == 2 and notes["due_at"] == at(21, 9)

    def test_refuses_a_past_next_time(self, session: Session, lei: Agent, shop: str) -> None:
        case = opened(session, lei, ParcelKind.problem)
        with frozen_at(NOW), pytest.raises(BadInput):
            service.do_contact(
                session, case=case, author=lei, text="x", channel="phone", next_at=NOW
            )


class TestClaim:
    def test_records_amount_and_status(self, session: Session, lei: Agent, shop: str) -> None:
        case = opened(session, lei, ParcelKind.lost)
        with frozen_at(NOW):
            service.do_claim(
                session, case=case, author=lei, amount=Decimal("99.5"), status=ClaimStatus.accepted
            )
        assert (case.claim_amount, case.claim_status) == (Decimal("99.5"), "accepted")

    def test_refused_for_a_chased_parcel(self, session: Session, lei: Agent, shop: str) -> None:
        case = opened(session, lei, ParcelKind.chase)
        with pytest.raises(Conflict):
            service.do_claim(
                session, case=case, author=lei, amount=Decimal("1"), status=ClaimStatus.filed
            )


class TestSolve:
    def test_solved_clears_the_deadline_and_tells_the_buyer(
        self, session: Session, lei: Agent, shop: str
    ) -> None:
        case = opened(session, lei, ParcelKind.problem)
        with frozen_at(NOW):
            service.do_solve(session, case=case, author=lei, result="快递已重新派送")
        assert case.due_at is None and case.solved_at == NOW
        assert told(session, shop)[-1] == "您的包裹问题已处理：快递已重新派送。"
        with pytest.raises(Conflict):
            service.do_solve(session, case=case, author=lei, result="x")


class TestParcelList:
    def test_filters_by_kind_and_overdue(
        self, session: Session, lei: Agent, shop: str, client: TestClient
    ) -> None:
        chase = opened(session, lei, ParcelKind.chase)
        opened(session, lei, ParcelKind.damaged, claim_amount=Decimal("20"))
        session.commit()
        login(client, "lei")
        with frozen_at(at(20, 21)):  # the chase's 20:00 follow-up is past
            late = client.get("/api/v1/parcels", params={"overdue": "true"}).json()
            damaged = client.get("/api/v1/parcels", params={"kind": "damaged"}).json()
        assert [item["id"] for item in late["items"]] == [chase.id]
        assert late["items"][0]["buyer_name"] and late["items"][0]["owner_name"] == "lei"
        assert damaged["total"] == 1 and damaged["items"][0]["claim_amount"] == "20.00"


class TestClaimsRows:
    def test_the_months_claims_in_local_time_with_the_total(
        self, session: Session, lei: Agent, shop: str, client: TestClient
    ) -> None:
        opened(session, lei, ParcelKind.damaged, claim_amount=Decimal("129"))
        opened(session, lei, ParcelKind.chase)
        with frozen_at(at(30, 23, 59)):  # 15:59 UTC: still November in Shanghai
            service.do_open(
                session,
                kind=ParcelKind.lost,
                order_id="o1",
                summary="丢件",
                owner=lei,
                claim_amount=Decimal("59"),
            )
        rows = claims.claims_rows(session, month=dt.date(2026, 11, 1))
        assert [row[1] for row in rows[1:-1]] == ["破损", "丢件"]
        assert rows[-1][:2] == ["合计", "2 件"] and rows[-1][6] == Decimal("188.00")
        assert claims.claims_rows(session, month=dt.date(2026, 12, 1))[-1][1] == "0 件"
        session.commit()
        login(client, "lei")
        sheet = client.get("/api/v1/parcels/claims.xlsx", params={"month": "2026-11"})
        book = load_workbook(io.BytesIO(sheet.content))
        assert book.active["B2"].value == "破损" and book.active["G4"].value == 188


class TestClaimsSheetReminder:
    def test_once_from_ten_days_before_month_end_local(self, session: Session) -> None:
        # November ends at 1 Dec 00:00 in Shanghai; ten days before is 21 Nov 00:00 (20 Nov 16:00 UTC).
        assert claims.claims_sheet_reminder(session, now=at(20, 23, 59)) == 0
        assert claims.claims_sheet_reminder(session, now=at(21, 0, 1)) == 1
        claims.claims_sheet_reminder(session, now=at(25, 9))
        tasks = session.scalars(select(Task).where(Task.kind == "claims_sheet")).all()
        assert len(tasks) == 1
        assert tasks[0].title == "2026年11月快递理赔表交财务" and tasks[0].due_at == at(22, 0)
        assert (tasks[0].assignee_id, tasks[0].group_id) == (None, "售后组")  # nobody in 财务

    def test_goes_to_the_people_of_the_finance_department(self, session: Session) -> None:
        cashiers = [add_agent(session, login, Role.aftersale).id for login in ("kuaiji", "chuna")]
        finance = session.scalars(select(Department).where(Department.name == "财务")).one()
        finance.member_ids = cashiers
        session.flush()
        assert claims.claims_sheet_reminder(session, now=at(21, 9)) == 2
        assert claims.claims_sheet_reminder(session, now=at(22, 9)) == 2  # again: no new task
        tasks = session.scalars(select(Task).where(Task.kind == "claims_sheet")).all()
        assert sorted((t.assignee_id, t.group_id, t.dedupe_key) for t in tasks) == sorted(
            (agent, None, f"claims-sheet:2026-11:{agent}") for agent in cashiers
        )
