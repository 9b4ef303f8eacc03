"""Chats going on as the demo starts, so 售前 and 售后 open a workbench with buyers in
it: 小美 and 小王 were at work and answered them, so when presence makes them 离开 (nobody
has the workbench open yet) the chats stay theirs (chat/presence.py hands back only
unanswered ones) and are in 我的 when they open it."""

from __future__ import annotations

from kefu.chat import presence
from kefu.chat import service as chat_service
from kefu.demo import words
from kefu.demo.replay import Demo, at
from kefu.messaging import service as messaging
from kefu.models.team import AgentStatus
from kefu.shop import service as shop

AT_WORK = ("xiaomei", "xiaowang")
MINUTE = 1 / 60  # of an hour, for Demo.ago


def do_seed_live_chats(demo: Demo) -> None:
    """The bot is off while they start (it would answer these), so each goes to a person."""
    enabled = shop.get(demo.db, "bot_enabled")
    shop.do_set(demo.db, key="bot_enabled", value=False)
    team = [demo.agent(login) for login in AT_WORK]
    with at(demo.ago(10 * MINUTE)):
        for agent in team:
            presence.do_set_status(demo.db, agent=agent, status=AgentStatus.online)
    buyers = demo.orders[3::17]
    for number, (text, answer, minutes) in enumerate(words.LIVE_CHATS):
        with at(demo.ago(minutes * MINUTE)):
            sent = chat_service.do_buyer_send(
                demo.db,
                customer_id=buyers[number]["customer"],
                client_id=f"demo-live-{number}",
                text=text,
            )
        chat_session = messaging.check_agent_session(demo.db, session_id=sent.session_id)
        with at(demo.ago((minutes - 1) * MINUTE)):
            chat_service.do_agent_send(
                demo.db,
                agent=demo.agent(chat_session.agent_id or AT_WORK[0]),
                session_id=sent.session_id,
                client_id=f"demo-live-answer-{number}",
                text=answer,
            )
    with at(demo.now):
        for agent in team:  # nobody has the workbench open yet: 离开 until they do
            presence.do_set_status(demo.db, agent=agent, status=AgentStatus.away, auto=True)
    shop.do_set(demo.db, key="bot_enabled", value=enabled)
