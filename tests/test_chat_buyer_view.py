"""What the buyer page is told about its chat: who serves it, by name and role (the
header says 售前客服 mei, not an id), and the limits it explains before a send."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.api.buyer_auth import issue_buyer_token
from kefu.chat import service
from kefu.config import get_settings
from kefu.kit import outbox
from kefu.models import Agent, ChatSession
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at


@pytest.fixture
def open_shop(session: Session) -> None:
    shop.do_set(session, key="working_hours", value="00:00-24:00")
    agent(session, "mei")
    agent(session, "wang", group="售后组", role=Role.aftersale)
    session.commit()


def buyer_session_events(session: Session, customer: str) -> list[dict[str, object]]:
    return [
        event["session"]
        for channel, event in outbox.take(session)
        if channel == f"buyer:{customer}" and event["type"] == "session"
    ]


@pytest.mark.usefixtures("open_shop")
class TestWhoServes:
    def test_the_buyer_hears_the_agents_name_and_role_when_she_is_assigned(
        self, session: Session
    ) -> None:
        customer = buyer(session)
        outbox.take(session)
        with frozen_at(WORK_TIME):
            service.do_buyer_send(session, customer_id=customer, client_id="c1", text="在吗")
        [assigned] = buyer_session_events(session, customer)
        assert (assigned["status"], assigned["agent_name"], assigned["agent_role"]) == (
            "assigned",
            "mei",
            "售前客服",
        )

    def test_a_transfer_tells_the_buyer_the_new_agent_and_her_role(self, session: Session) -> None:
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            sent = service.do_buyer_send(session, customer_id=customer, client_id="c1", text="在吗")
            chat_session = session.get(ChatSession, sent.session_id)
            assert chat_session is not None
            mei = session.get(Agent, "mei")
            assert mei is not None and chat_session.agent_id == "mei"
            outbox.take(session)
            service.do_transfer(
                session,
                agent=mei,
                chat_session=chat_session,
                to_agent="wang",
                to_group=None,
                reason="退货问题",
            )
        [moved] = buyer_session_events(session, customer)
        assert (moved["agent_name"], moved["agent_role"]) == ("wang", "售后客服")

    def test_my_session_names_who_serves_and_a_closed_chat_is_none(
        self, client: TestClient, session: Session
    ) -> None:
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            sent = service.do_buyer_send(session, customer_id=customer, client_id="c1", text="在吗")
        session.commit()
        headers = {"Authorization": f"Bearer {issue_buyer_token(customer)}"}
        live = client.get("/api/v1/chat/my-session", headers=headers).json()
        assert (live["id"], live["agent_name"], live["agent_role"]) == (
            sent.session_id,
            "mei",
            "售前客服",
        )
        client.post(f"/api/v1/chat/my-sessions/{sent.session_id}/close", headers=headers)
        assert client.get("/api/v1/chat/my-session", headers=headers).json() is None


class TestShopInfo:
    def test_the_page_learns_the_text_and_image_limits(self, client: TestClient) -> None:
        info = client.get("/api/v1/chat/shop-info").json()
        assert info["max_text_length"] == 2000
        assert info["max_image_bytes"] == get_settings().max_image_bytes == 5 * 1024 * 1024
