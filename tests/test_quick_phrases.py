"""Quick phrases (快捷短语): team and personal, shortcuts, variables, groups, CSV."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Forbidden, NotFound
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
