"""The supervisor's agents and groups (kefu.team.accounts)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict, NotAuthenticated, NotFound
from kefu.kit.paging import PageParams
from kefu.models import Agent, AgentGroup
from kefu.models.team import AgentStatus, Role
from kefu.models.work import TaskKind
from kefu.shop import service as shop
from kefu.task import service as task_service
from kefu.team import accounts, service
from kefu.team.schemas import AgentIn, AgentPatch, GroupIn
from tests.chat_helpers import WORK_TIME

PASSWORD = "s3cret-pass"


def new_agent(db: Session, login: str, role: Role = Role.presale, **fields: object) -> Agent:
    data = AgentIn(login=login, role=role, password=PASSWORD, **fields)  # type: ignore[arg-type]
    return accounts.do_create_agent(db, data=data).agent


def group(db: Session, name: str) -> AgentGroup:
    return accounts.do_create_group(db, data=GroupIn(name=name))


@pytest.fixture
def boss(session: Session) -> Agent:
    return new_agent(session, "boss", Role.supervisor, name="王姐")


class TestDoCreateAgent:
    def test_without_a_password_one_is_generated_and_works_once_shown(
        self, session: Session
    ) -> None:
        team = group(session, "售前一组")
        new = accounts.do_create_agent(
            session,
            data=AgentIn(
                login="xiaomei", name="小美", role=Role.presale, group_id=team.id, max_concurrent=5
            ),
        )
        assert new.password is not None and len(new.password) >= 12
        assert new.agent.group_id == team.id and new.agent.max_concurrent == 5
        assert service.do_login(session, login="xiaomei", password=new.password, hours=1)

    def test_a_chosen_password_is_not_echoed(self, session: Session) -> None:
        new = accounts.do_create_agent(
            session, data=AgentIn(login="xiaomei", role=Role.presale, password=PASSWORD)
        )
        assert new.password is None
        assert service.do_login(session, login="xiaomei", password=PASSWORD, hours=1)

    def test_duplicate_login_is_409_in_chinese(self, session: Session) -> None:
        new_agent(session, "xiaomei")
        with pytest.raises(Conflict, match="已存在") as caught:
            new_agent(session, "xiaomei", Role.qc)
        assert caught.value.code == "agent_exists"

    def test_an_unknown_group_is_refused_unless_the_command_line_creates_it(
        self, session: Session
    ) -> None:
        data = AgentIn(login="a1", role=Role.aftersale, password=PASSWORD, group_id="夜班")
        with pytest.raises(BadInput, match="没有分组 夜班"):
            accounts.do_create_agent(session, data=data)
        made = accounts.do_create_agent(session, data=data, create_group=True)
        assert made.agent.group_id == "夜班"


class TestAgentsPage:
    @pytest.fixture
    def team(self, session: Session, boss: Agent) -> AgentGroup:
        presale = group(session, "售前一组")
        new_agent(session, "xiaomei", name="小美", group_id=presale.id)
        new_agent(session, "xiaoli", name="小丽", group_id=presale.id)
        new_agent(session, "xiaowang", Role.aftersale, name="小王")
        return presale

    def test_items_carry_group_names_and_role_labels(
        self, session: Session, team: AgentGroup
    ) -> None:
        page = accounts.agents_page(session, params=PageParams(), group_id=team.id)
        assert page["total"] == 2 and page["page"] == 1 and page["page_size"] == 20
        row = page["items"][0]
        assert (row.group_name, row.role_label) == ("售前一组", "售前客服")

    def test_q_searches_name_and_login(self, session: Session, team: AgentGroup) -> None:
        by_name = accounts.agents_page(session, params=PageParams(), q="小王")
        by_login = accounts.agents_page(session, params=PageParams(), q="XIAOL")
        assert [row.id for row in by_name["items"]] == ["xiaowang"]
        assert [row.id for row in by_login["items"]] == ["xiaoli"]

    def test_filters_role_active_and_status(self, session: Session, team: AgentGroup) -> None:
        xiaoli = service.get_agent(session, "xiaoli")
        assert xiaoli is not None
        xiaoli.active = False
        xiaomei = service.get_agent(session, "xiaomei")
        assert xiaomei is not None
        xiaomei.status = AgentStatus.online.value
        session.flush()
        presale = accounts.agents_page(session, params=PageParams(), role=Role.presale)
        active = accounts.agents_page(session, params=PageParams(), active=True, role=Role.presale)
        online = accounts.agents_page(session, params=PageParams(), status=AgentStatus.online)
        assert presale["total"] == 2
        assert [row.id for row in active["items"]] == ["xiaomei"]
        assert [row.id for row in online["items"]] == ["xiaomei"]

    def test_sorts_and_pages(self, session: Session, team: AgentGroup) -> None:
        first = accounts.agents_page(session, params=PageParams(page_size=2, sort="-login"))
        second = accounts.agents_page(
            session, params=PageParams(page=2, page_size=2, sort="-login")
        )
        assert [row.id for row in first["items"]] == ["xiaowang", "xiaomei"]
        assert [row.id for row in second["items"]] == ["xiaoli", "boss"]
        assert first["total"] == 4

    def test_unknown_sort_field_is_refused(self, session: Session, team: AgentGroup) -> None:
        with pytest.raises(BadInput, match="不能按 password_hash 排序"):
            accounts.agents_page(session, params=PageParams(sort="password_hash"))


class TestDoUpdateAgent:
    def test_changes_only_what_is_sent(self, session: Session, boss: Agent) -> None:
        night = group(session, "夜班")
        agent = new_agent(session, "xiaomei", name="小美", max_concurrent=8)
        patch = AgentPatch.model_validate({"role": "aftersale", "group_id": night.id})
        accounts.do_update_agent(session, agent=agent, patch=patch, by=boss)
        assert (agent.name, agent.role, agent.group_id, agent.max_concurrent) == (
            "小美",
            "aftersale",
            night.id,
            8,
        )

    def test_null_group_takes_her_out_of_it(self, session: Session, boss: Agent) -> None:
        agent = new_agent(session, "xiaomei", group_id=group(session, "夜班").id)
        patch = AgentPatch.model_validate({"group_id": None, "max_concurrent": 3})
        accounts.do_update_agent(session, agent=agent, patch=patch, by=boss)
        assert (agent.group_id, agent.max_concurrent) == (None, 3)

    def test_disabling_ends_her_logins_and_takes_her_offline(
        self, session: Session, boss: Agent
    ) -> None:
        agent = new_agent(session, "xiaomei")
        login = service.do_login(session, login="xiaomei", password=PASSWORD, hours=8)
        assert agent.status == AgentStatus.online
        accounts.do_update_agent(session, agent=agent, patch=AgentPatch(active=False), by=boss)
        assert agent.status == AgentStatus.offline and agent.active is False
        with pytest.raises(NotAuthenticated):
            service.check_login_token(session, token=login.token)
        with pytest.raises(NotAuthenticated):
            service.do_login(session, login="xiaomei", password=PASSWORD, hours=8)
        accounts.do_update_agent(session, agent=agent, patch=AgentPatch(active=True), by=boss)
        assert service.do_login(session, login="xiaomei", password=PASSWORD, hours=8)

    def test_the_last_supervisor_stays(self, session: Session, boss: Agent) -> None:
        other = new_agent(session, "second", Role.supervisor)
        with pytest.raises(Conflict, match="不能停用自己"):
            accounts.do_update_agent(session, agent=boss, patch=AgentPatch(active=False), by=boss)
        accounts.do_update_agent(session, agent=other, patch=AgentPatch(active=False), by=boss)
        with pytest.raises(Conflict, match="至少要保留一名在职主管") as caught:
            accounts.do_update_agent(session, agent=boss, patch=AgentPatch(role=Role.qc), by=boss)
        assert caught.value.code == "last_supervisor" and boss.role == "supervisor"

    def test_an_unknown_group_is_refused(self, session: Session, boss: Agent) -> None:
        agent = new_agent(session, "xiaomei")
        with pytest.raises(BadInput, match="没有分组"):
            accounts.do_update_agent(
                session, agent=agent, patch=AgentPatch(group_id="nope"), by=boss
            )


class TestDoResetPassword:
    def test_a_random_password_replaces_the_old_and_ends_logins(self, session: Session) -> None:
        agent = new_agent(session, "xiaomei")
        login = service.do_login(session, login="xiaomei", password=PASSWORD, hours=8)
        fresh = accounts.do_reset_password(session, agent=agent, by=agent)
        assert fresh is not None and fresh != PASSWORD
        with pytest.raises(NotAuthenticated):
            service.check_login_token(session, token=login.token)
        with pytest.raises(NotAuthenticated):
            service.do_login(session, login="xiaomei", password=PASSWORD, hours=8)
        assert service.do_login(session, login="xiaomei", password=fresh, hours=8)

    def test_a_chosen_password_is_checked_and_not_returned(self, session: Session) -> None:
        agent = new_agent(session, "xiaomei")
        with pytest.raises(BadInput, match="至少 8 位"):
            accounts.do_reset_password(session, agent=agent, by=agent, password="short")
        assert (
            accounts.do_reset_password(session, agent=agent, by=agent, password="another-pass")
            is None
        )
        assert service.do_login(session, login="xiaomei", password="another-pass", hours=8)


class TestGetAgent:
    def test_unknown_is_404(self, session: Session) -> None:
        with pytest.raises(NotFound, match="没有这个客服"):
            accounts.get_agent(session, "ghost")


class TestGroups:
    def test_page_counts_members_and_marks_routing_groups(self, session: Session) -> None:
        presale = accounts.do_create_group(session, data=GroupIn(name="售前一组"))
        shop.do_set(session, key="presale_group", value=presale.id)
        mei = new_agent(session, "xiaomei", group_id=presale.id)
        new_agent(session, "xiaoli", group_id=presale.id).active = False
        mei.status = AgentStatus.online.value
        group(session, "空组")
        page = accounts.groups_page(session, params=PageParams())
        rows = {row.name: row for row in page["items"]}
        assert page["total"] == 2
        assert (rows["售前一组"].agents, rows["售前一组"].active_agents) == (2, 1)
        assert (rows["售前一组"].online_agents, rows["售前一组"].routing) == (1, "售前")
        assert (rows["空组"].agents, rows["空组"].routing) == (0, None)

    def test_names_are_unique(self, session: Session) -> None:
        first = group(session, "夜班")
        with pytest.raises(Conflict, match="分组 夜班 已存在"):
            group(session, " 夜班 ")
        other = group(session, "白班")
        with pytest.raises(Conflict):
            accounts.do_rename_group(session, group=other, data=GroupIn(name="夜班"))
        accounts.do_rename_group(session, group=first, data=GroupIn(name="夜班一组"))
        assert first.name == "夜班一组"

    def test_a_group_with_agents_cannot_be_deleted(self, session: Session) -> None:
        night = group(session, "夜班")
        new_agent(session, "xiaomei", group_id=night.id)
        with pytest.raises(Conflict, match="还有 1 名客服") as caught:
            accounts.do_delete_group(session, group=night)
        assert caught.value.status_code == 409 and caught.value.code == "group_not_empty"

    def test_a_group_with_tasks_or_routing_cannot_be_deleted(self, session: Session) -> None:
        night = group(session, "夜班")
        task_service.do_open(
            session,
            kind=TaskKind.callback,
            title="回访",
            due_at=WORK_TIME,
            group_id=night.id,
        )
        with pytest.raises(Conflict, match="1 个任务"):
            accounts.do_delete_group(session, group=night)
        routed = group(session, "售后新组")
        shop.do_set(session, key="aftersale_group", value=routed.id)
        with pytest.raises(Conflict, match="售后分流组"):
            accounts.do_delete_group(session, group=routed)

    def test_an_empty_group_is_deleted(self, session: Session) -> None:
        empty = group(session, "空组")
        accounts.do_delete_group(session, group=empty)
        with pytest.raises(NotFound):
            accounts.get_group(session, empty.id)
