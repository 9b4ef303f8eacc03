"""Quick phrases (快捷短语): team and personal, shortcuts, variables, groups, CSV."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Forbidden, NotFound
from kefu.kit.paging import PageParams
from kefu.knowledge import service
from kefu.models import Agent, QuickPhrase
from kefu.models.team import Role
from tests.factories import add_agent, login


@pytest.fixture
def mei(session: Session) -> Agent:
    return add_agent(session, "mei", Role.presale)


@pytest.fixture
def boss(session: Session) -> Agent:
    return add_agent(session, "boss", Role.supervisor)


def phrase(text: str, shortcut: str | None = None, **kwargs: object) -> service.PhraseIn:
    return service.PhraseIn(text=text, shortcut=shortcut, **kwargs)  # type: ignore[arg-type]


class TestDoSave:
    def test_personal_phrases_are_the_agents_own(self, session: Session, mei: Agent) -> None:
        row = service.do_save(
            session, agent=mei, phrase=phrase("亲，已发货", "/FH", group_name="发货")
        )
        assert (row.owner_id, row.shortcut, row.group_name) == ("mei", "/fh", "发货")

    def test_team_phrases_need_the_supervisor(
        self, session: Session, mei: Agent, boss: Agent
    ) -> None:
        with pytest.raises(Forbidden):
            service.do_save(session, agent=mei, phrase=phrase("团队", team=True))
        assert (
            service.do_save(session, agent=boss, phrase=phrase("团队", team=True)).owner_id is None
        )

    def test_a_shortcut_is_unique_within_its_scope(
        self, session: Session, mei: Agent, boss: Agent
    ) -> None:
        service.do_save(session, agent=mei, phrase=phrase("一", "/fh"))
        with pytest.raises(BadInput, match="已被使用"):
            service.do_save(session, agent=mei, phrase=phrase("二", "/fh"))
        # the team may use the same shortcut as one agent's own
        assert (
            service.do_save(session, agent=boss, phrase=phrase("团队", "/fh", team=True)).shortcut
            == "/fh"
        )

    @pytest.mark.parametrize("shortcut", ["fh", "/", "/发货", "/a b"])
    def test_a_shortcut_is_a_slash_and_letters(
        self, session: Session, mei: Agent, shortcut: str
    ) -> None:
        with pytest.raises(BadInput, match="快捷键"):
            service.do_save(session, agent=mei, phrase=phrase("x", shortcut))

    def test_only_known_variables(self, session: Session, mei: Agent) -> None:
        ok = service.do_save(session, agent=mei, phrase=phrase("{买家昵称}您好，单号{物流单号}"))
        assert ok.text.startswith("{买家昵称}")
        with pytest.raises(BadInput, match="快递公司"):
            service.do_save(session, agent=mei, phrase=phrase("{快递公司}"))


class TestGetOwn:
    def test_another_agents_phrase_is_not_found(self, session: Session, mei: Agent) -> None:
        lei = add_agent(session, "lei", Role.presale)
        theirs = service.do_save(session, agent=lei, phrase=phrase("lei 的"))
        with pytest.raises(NotFound):
            service.get_own(session, agent=mei, phrase_id=theirs.id)

    def test_team_phrases_are_read_only_for_agents(
        self, session: Session, mei: Agent, boss: Agent
    ) -> None:
        team = service.do_save(session, agent=boss, phrase=phrase("团队", team=True))
        assert [p.id for p in service.phrases_for(session, agent_id=mei.id)] == [team.id]
        with pytest.raises(Forbidden):
            service.get_own(session, agent=mei, phrase_id=team.id)


class TestCsv:
    def test_a_bad_row_refuses_the_whole_file(self, session: Session, mei: Agent) -> None:
        data = "shortcut,text,group,scope\n/fh,已发货,发货,personal\n/dh,{未知},物流,personal\n"
        with pytest.raises(BadInput, match="第 3 行"):
            service.do_import_csv(session, agent=mei, data=data)
        assert session.scalars(select(QuickPhrase)).all() == []

    def test_a_shortcut_twice_in_one_file_is_refused(self, session: Session, mei: Agent) -> None:
        data = "shortcut,text\n/fh,一\n/fh,二\n"
        with pytest.raises(BadInput, match=r"第 3 行.*重复"):
            service.do_import_csv(session, agent=mei, data=data)

    def test_export_then_import_elsewhere_gives_the_same_phrases(
        self, session: Session, mei: Agent
    ) -> None:
        service.do_save(
            session, agent=mei, phrase=phrase("亲，{买家昵称}，已发货", "/fh", group_name="发货")
        )
        service.do_save(
            session, agent=mei, phrase=phrase("物流单号 {物流单号}", "/dh", group_name="物流")
        )
        exported = service.export_csv(session, agent=mei)
        lei = add_agent(session, "lei", Role.presale)
        assert service.do_import_csv(session, agent=lei, data=exported) == 2

        def mine(agent: Agent) -> list[tuple[str | None, str, str | None]]:
            return sorted(
                (p.shortcut, p.text, p.group_name)
                for p in service.phrases_for(session, agent_id=agent.id)
            )

        assert mine(lei) == mine(mei)

    def test_the_campaign_mark_travels_with_the_file(self, session: Session, mei: Agent) -> None:
        """Surge mode pins 大促 phrases first: the mark must survive export and import."""
        service.do_save(session, agent=mei, phrase=phrase("大促价保30天", "/jb", campaign=True))
        service.do_save(session, agent=mei, phrase=phrase("亲，在的", "/zd"))
        exported = service.export_csv(session, agent=mei)
        assert exported.splitlines()[0] == "shortcut,text,group,scope,campaign"
        lei = add_agent(session, "lei", Role.presale)
        assert service.do_import_csv(session, agent=lei, data=exported) == 2
        marks = {p.shortcut: p.campaign for p in service.phrases_for(session, agent_id=lei.id)}
        assert marks == {"/jb": True, "/zd": False}

    def test_a_file_without_the_campaign_column_still_imports(
        self, session: Session, mei: Agent
    ) -> None:
        assert service.do_import_csv(session, agent=mei, data="shortcut,text\n/hi,您好\n") == 1
        assert [p.campaign for p in service.phrases_for(session, agent_id=mei.id)] == [False]

    def test_an_unknown_campaign_value_names_the_line(self, session: Session, mei: Agent) -> None:
        data = "shortcut,text,campaign\n/a,一,是\n/b,二,maybe\n"
        with pytest.raises(BadInput, match=r"第 3 行.*campaign"):
            service.do_import_csv(session, agent=mei, data=data)
        assert session.scalars(select(QuickPhrase)).all() == []


class TestEndpoints:
    def test_add_list_and_import_over_http(
        self, client: TestClient, session: Session, mei: Agent
    ) -> None:
        token = login(client, "mei")
        headers = {"X-CSRF-Token": token}
        created = client.post(
            "/api/v1/quick-phrases",
            json={"text": "亲，已发货", "shortcut": "/fh", "group": "发货"},
            headers=headers,
        )
        assert created.status_code == 201 and created.json()["scope"] == "personal"
        upload = client.post(
            "/api/v1/quick-phrases/import",
            files={"file": ("p.csv", io.BytesIO("shortcut,text\n/hi,您好\n".encode()), "text/csv")},
            headers=headers,
        )
        assert upload.status_code == 200 and upload.json() == {"imported": 1}
        listed = client.get("/api/v1/quick-phrases").json()
        assert sorted(p["shortcut"] for p in listed) == ["/fh", "/hi"]
        exported = client.get("/api/v1/quick-phrases.csv")
        assert exported.status_code == 200 and "亲，已发货" in exported.content.decode("utf-8-sig")

    def test_a_team_phrase_from_an_agent_is_403(self, client: TestClient, mei: Agent) -> None:
        token = login(client, "mei")
        response = client.post(
            "/api/v1/quick-phrases",
            json={"text": "x", "team": True},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 403


@pytest.fixture
def shared_and_own(session: Session, mei: Agent, boss: Agent) -> None:
    """Two team phrases, one of mei's own, one of the supervisor's own."""
    service.do_save(
        session, agent=boss, phrase=phrase("亲，已发货", "/fh", group_name="发货", team=True)
    )
    service.do_save(
        session,
        agent=boss,
        phrase=phrase("{买家昵称}，单号 {物流单号}", "/wl", group_name="物流", team=True),
    )
    service.do_save(session, agent=mei, phrase=phrase("美美为您服务", "/mm", group_name="问候"))
    service.do_save(session, agent=boss, phrase=phrase("主管私话", "/zg"))


@pytest.mark.usefixtures("shared_and_own")
class TestPhrasePage:
    def shortcuts(self, session: Session, agent: Agent, **filters: object) -> list[str | None]:
        rows, _total = service.phrase_page(session, agent=agent, params=PageParams(), **filters)  # type: ignore[arg-type]
        return [row.shortcut for row in rows]

    def test_an_agent_sees_the_team_and_her_own(self, session: Session, mei: Agent) -> None:
        assert self.shortcuts(session, mei) == ["/fh", "/wl", "/mm"]  # by group: 发货 物流 问候
        assert self.shortcuts(session, mei, team=True) == ["/fh", "/wl"]
        assert self.shortcuts(session, mei, team=False) == ["/mm"]

    def test_group_and_search(self, session: Session, mei: Agent) -> None:
        assert self.shortcuts(session, mei, group="物流") == ["/wl"]
        assert self.shortcuts(session, mei, text="发货") == ["/fh"]
        assert self.shortcuts(session, mei, text="/M") == ["/mm"]

    def test_groups_are_those_the_agent_sees(self, session: Session, mei: Agent) -> None:
        assert service.groups(session, agent=mei) == ["发货", "物流", "问候"]


class TestMayChange:
    def test_own_for_everyone_team_for_the_supervisor(
        self, session: Session, mei: Agent, boss: Agent
    ) -> None:
        team = service.do_save(session, agent=boss, phrase=phrase("团队", team=True))
        own = service.do_save(session, agent=mei, phrase=phrase("自己的"))
        assert (service.may_change(mei, team), service.may_change(mei, own)) == (False, True)
        assert (service.may_change(boss, team), service.may_change(boss, own)) == (True, False)


class TestVariablesIn:
    def test_known_variables_in_order_once(self) -> None:
        text = "{订单号} {买家昵称} {订单号} {不存在}"
        assert service.variables_in(text) == ["订单号", "买家昵称"]


@pytest.mark.usefixtures("shared_and_own")
class TestListEndpoints:
    def test_the_page_marks_what_the_agent_may_change(self, client: TestClient, mei: Agent) -> None:
        login(client, "mei")
        body = client.get("/api/v1/quick-phrases/list", params={"page": 2, "page_size": 2}).json()
        assert (body["total"], body["page"], [p["shortcut"] for p in body["items"]]) == (
            3,
            2,
            ["/mm"],
        )
        every = client.get("/api/v1/quick-phrases/list").json()["items"]
        rows = {p["shortcut"]: p for p in every}
        assert rows["/mm"]["editable"] is True and rows["/fh"]["editable"] is False
        wl = client.get("/api/v1/quick-phrases/list", params={"q": "/wl"}).json()["items"][0]
        assert (wl["scope"], wl["variables"]) == ("team", ["买家昵称", "物流单号"])

    def test_options_offer_team_editing_only_to_the_supervisor(
        self, client: TestClient, boss: Agent, mei: Agent
    ) -> None:
        login(client, "mei")
        options = client.get("/api/v1/quick-phrases/options").json()
        assert options == {
            "groups": ["发货", "物流", "问候"],
            "variables": ["买家昵称", "订单号", "物流单号", "店铺名"],
            "may_edit_team": False,
        }
        login(client, "boss")
        assert client.get("/api/v1/quick-phrases/options").json()["may_edit_team"] is True
