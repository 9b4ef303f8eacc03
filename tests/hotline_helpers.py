"""A hotline team and a known caller for the hotline desk's tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.models import Agent, AgentGroup, Customer, GroupLead
from kefu.models.team import Role
from tests.factories import add_agents

KNOWN = "138 0013 8000"  # how the profile stores the number


def add_hotline_team(session: Session) -> dict[str, Agent]:
    """热线组 led by ``hlead`` with ``zhao``; ``fang`` a 热线 agent of another group;
    ``boss`` the supervisor; ``qc1`` a 质检; customer ``c_li`` on ``KNOWN``."""
    session.add_all(
        [AgentGroup(id="g_hot", name="热线组"), AgentGroup(id="g_other", name="夜班组")]
    )
    agents = add_agents(
        session,
        {
            "boss": Role.supervisor,
            "hlead": Role.hotline_lead,
            "zhao": Role.hotline,
            "fang": Role.hotline,
            "qc1": Role.qc,
        },
    )
    agents["hlead"].group_id = agents["zhao"].group_id = "g_hot"
    agents["fang"].group_id = "g_other"
    session.add(GroupLead(group_id="g_hot", agent_id="hlead"))
    session.add(
        Customer(id="c_li", nick="李女士", phone=KNOWN, vip_level=1, marketing_opt_out=False)
    )
    session.commit()
    return agents
