"""Training from QC: a rule repeated N times in 30 days assigns its course (once), a
product launch assigns its course to the groups that sell it, the quiz, rectification
notices through reply and check, violations per year, improvement proposals; leads act
on their own groups' people only."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.models import Agent, ChatSession, CourseAssignment, Customer, QcFinding, QcInspection
from kefu.models.team import Role
from kefu.shop import service as shop
from kefu.training import jobs
from tests.factories import add_agents, add_two_teams, login

QUIZ = [
    {"question": "称呼买家用哪个字？", "options": ["你", "您"], "answer": 1},
    {"question": "拒绝前先做什么？", "options": ["道歉", "沉默", "反问"], "answer": 0},
]


def add_findings(
    db: Session, agent_id: str, rule: str, days_ago: list[int], verdict: str | None = None
) -> None:
    now = clock.now()
    if db.get(Customer, "c1") is None:
        db.add(Customer(id="c1", nick="买家"))
        db.flush()
    for ago in days_ago:
        sid = f"s-{agent_id}-{rule}-{ago}-{verdict}"
        opened = now - dt.timedelta(days=ago)
        db.add(ChatSession(id=sid, customer_id="c1", channel="web", opened_at=opened))
        db.flush()
        db.add(
            QcInspection(
                session_id=sid, agent_id=agent_id, score=95, flagged=False, inspected_at=opened
            )
        )
        db.flush()
        db.add(
            QcFinding(
                session_id=sid,
                rule=rule,
                severity="medium",
                agent_id=agent_id,
                excerpt="你",
                verdict=verdict,
            )
        )
    db.commit()


@pytest.fixture
def teams(session: Session) -> dict[str, Agent]:
    teams = add_two_teams(session)
    teams.update(add_agents(session, {"qin": Role.qc, "qlead": Role.qc_lead}))
    session.commit()
    return teams


def course(client: TestClient, headers: dict[str, str], **extra: object) -> dict[str, object]:
    body = {
        "title": "称呼与礼貌用语",
        "notes": "始终称呼“您”。",
        "quiz": QUIZ,
        "pass_mark": 100,
        **extra,
    }
    response = client.post("/api/v1/training/courses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


class TestAssignRuleCourses:
    def test_three_findings_in_30_days_assign_once(
        self, client: TestClient, session: Session, teams: dict[str, Agent]
    ) -> None:
        boss = {"X-CSRF-Token": login(client, "boss")}
        made = course(client, boss, kind="qc_rule", qc_rule="T01_ni_not_nin")
        add_findings(session, "amei", "T01_ni_not_nin", [1, 5, 29])
        add_findings(session, "alan", "T01_ni_not_nin", [2, 3, 40])  # one is too old
        add_findings(session, "alan", "T01_ni_not_nin", [4], verdict="dismissed")
        add_findings(session, "plead", "T02_qin_overuse", [1, 2, 3])  # another rule
        assert jobs.assign_rule_courses(session, now=clock.now()) == 1
        assert jobs.assign_rule_courses(session, now=clock.now()) == 0
        rows = session.query(CourseAssignment).all()
        assert [(r.course_id, r.agent_id, r.reason) for r in rows] == [
            (made["id"], "amei", "qc_rule")
        ]
        add_findings(session, "amei", "T01_ni_not_nin", [0])  # one more after: a new streak starts
        assert jobs.assign_rule_courses(session, now=clock.now()) == 0

    def test_the_shop_setting_lowers_the_count(
        self, client: TestClient, session: Session, teams: dict[str, Agent]
    ) -> None:
        boss = {"X-CSRF-Token": login(client, "boss")}
        course(client, boss, kind="qc_rule", qc_rule="T06_harsh_punctuation")
        add_findings(session, "alan", "T06_harsh_punctuation", [1, 2])
        assert jobs.assign_rule_courses(session, now=clock.now()) == 0
        shop.do_set(session, key="training_repeat_count", value=2)
        assert jobs.assign_rule_courses(session, now=clock.now()) == 1


class TestAssignLaunchedProducts:
    def test_the_groups_that_sell_it_get_it_at_launch(
        self, client: TestClient, session: Session, teams: dict[str, Agent]
    ) -> None:
        boss = {"X-CSRF-Token": login(client, "boss")}
        from kefu.models import Product

        session.add(Product(id="p9", title="羽绒服"))
        session.commit()
        launch = clock.now() + dt.timedelta(hours=1)
        course(
            client,
            boss,
            kind="product",
            product_id="p9",
            group_ids=["g_pre"],
            launch_at=launch.isoformat(),
        )
        assert jobs.assign_launched_products(session, now=clock.now()) == 0
        assert jobs.assign_launched_products(session, now=launch) == 2
        assert jobs.assign_launched_products(session, now=launch) == 0
        assert sorted(r.agent_id for r in session.query(CourseAssignment)) == ["amei", "plead"]


class TestQuiz:
    def test_the_agent_fails_then_passes(self, client: TestClient, teams: dict[str, Agent]) -> None:
        plead = {"X-CSRF-Token": login(client, "plead")}
        made = course(client, plead)
        assigned = client.post(
            f"/api/v1/training/courses/{made['id']}/assign",
            json={"agent_ids": ["amei"]},
            headers=plead,
        )
        outside = client.post(
            f"/api/v1/training/courses/{made['id']}/assign",
            json={"agent_ids": ["alan"]},
            headers=plead,
        )
        assert assigned.json() == {"assigned": 1}
        assert (outside.status_code, outside.json()["code"]) == (403, "outside_team")
        amei = {"X-CSRF-Token": login(client, "amei")}
        mine = client.get("/api/v1/training/assignments").json()["items"]
        assert [(a["course_title"], a["passed_at"]) for a in mine] == [("称呼与礼貌用语", None)]
        detail = client.get(f"/api/v1/training/assignments/{mine[0]['id']}").json()
        assert "answer" not in detail["course"]["quiz"][0] and detail["can_attempt"] is True
        url = f"/api/v1/training/assignments/{mine[0]['id']}/attempts"
        failed = client.post(url, json={"answers": [0, 0]}, headers=amei).json()
        passed = client.post(url, json={"answers": [1, 0]}, headers=amei).json()
        assert (failed["score"], failed["passed"]) == (50, False)
        assert (passed["score"], passed["passed"]) == (100, True)
        again = client.post(url, json={"answers": [1, 0]}, headers=amei)
        assert (again.status_code, again.json()["code"]) == (409, "already_passed")


class TestNotices:
    def test_reply_check_back_and_close(self, client: TestClient, teams: dict[str, Agent]) -> None:
        plead = {"X-CSRF-Token": login(client, "plead")}
        due = (clock.now() + dt.timedelta(days=3)).isoformat()
        body = {"agent_id": "amei", "findings": "多次称呼买家为“你”", "due_at": due}
        notice = client.post("/api/v1/training/notices", json=body, headers=plead).json()
        outside = client.post(
            "/api/v1/training/notices", json={**body, "agent_id": "alan"}, headers=plead
        )
        assert (outside.status_code, outside.json()["code"]) == (403, "outside_team")
        amei = {"X-CSRF-Token": login(client, "amei")}
        url = f"/api/v1/training/notices/{notice['id']}"
        assert client.get(url).json()["allowed_actions"] == ["reply"]
        client.post(f"{url}/reply", json={"reply": "已改正"}, headers=amei)
        plead = {"X-CSRF-Token": login(client, "plead")}
        back = client.post(
            f"{url}/check", json={"accepted": False, "note": "请举例说明"}, headers=plead
        ).json()
        assert back["status"] == "open"
        amei = {"X-CSRF-Token": login(client, "amei")}
        client.post(f"{url}/reply", json={"reply": "已学习话术，示例：您好"}, headers=amei)
        alead = {"X-CSRF-Token": login(client, "alead")}
        foreign = client.post(f"{url}/check", json={"accepted": True}, headers=alead)
        assert (foreign.status_code, foreign.json()["code"]) == (403, "outside_team")
        assert client.get("/api/v1/training/notices").json()["total"] == 0
        plead = {"X-CSRF-Token": login(client, "plead")}
        closed = client.post(f"{url}/check", json={"accepted": True}, headers=plead).json()
        assert (closed["status"], closed["reply"], closed["check_note"]) == (
            "closed",
            "已学习话术，示例：您好",
            None,
        )


class TestViolations:
    def test_counted_per_year_and_flagged_at_the_line(
        self, client: TestClient, session: Session, teams: dict[str, Agent]
    ) -> None:
        add_findings(session, "amei", "T01_ni_not_nin", [1, 2, 3])
        add_findings(session, "alan", "T01_ni_not_nin", [1])
        shop.do_set(session, key="violation_threshold", value=3)
        session.commit()
        login(client, "plead")
        year = clock.in_zone(clock.now() - dt.timedelta(days=3), "Asia/Shanghai").year
        rows = client.get("/api/v1/training/violations", params={"year": year}).json()["items"]
        assert [(r["agent_id"], r["violations"], r["retraining"]) for r in rows] == [
            ("amei", 3, True),
            ("plead", 0, False),
        ]


class TestProposals:
    def test_qc_files_and_the_qc_lead_decides(
        self, client: TestClient, teams: dict[str, Agent]
    ) -> None:
        qin = {"X-CSRF-Token": login(client, "qin")}
        made = client.post(
            "/api/v1/training/proposals",
            json={"title": "催付话术", "body": "先问候再提醒"},
            headers=qin,
        ).json()
        url = f"/api/v1/training/proposals/{made['id']}/decision"
        refused = client.post(url, json={"accepted": True}, headers=qin)
        assert (refused.status_code, refused.json()["code"]) == (403, "role_forbidden")
        qlead = {"X-CSRF-Token": login(client, "qlead")}
        assert client.post(
            url, json={"accepted": True, "note": "下周起执行"}, headers=qlead
        ).json() == {"status": "accepted"}
        twice = client.post(url, json={"accepted": False}, headers=qlead)
        assert twice.status_code == 409
        rows = client.get("/api/v1/training/proposals").json()["items"]
        assert [
            (r["title"], r["status"], r["author_name"], r["decided_by_name"]) for r in rows
        ] == [("催付话术", "accepted", "qin", "qlead")]


class TestTrainingScope:
    """Every training endpoint that names a person refuses a lead another group's person."""

    @pytest.fixture
    def alans(self, client: TestClient, teams: dict[str, Agent]) -> dict[str, str]:
        alead = {"X-CSRF-Token": login(client, "alead")}
        made = course(client, alead)
        client.post(
            f"/api/v1/training/courses/{made['id']}/assign",
            json={"agent_ids": ["alan"]},
            headers=alead,
        )
        due = (clock.now() + dt.timedelta(days=1)).isoformat()
        notice = client.post(
            "/api/v1/training/notices",
            json={"agent_id": "alan", "findings": "反问买家", "due_at": due},
            headers=alead,
        ).json()
        assignment = client.get("/api/v1/training/assignments").json()["items"][0]
        return {
            "course": str(made["id"]),
            "notice": notice["id"],
            "assignment": str(assignment["id"]),
        }

    def test_a_presale_lead_is_refused_every_one(
        self, client: TestClient, alans: dict[str, str]
    ) -> None:
        plead = {"X-CSRF-Token": login(client, "plead")}
        calls = [
            ("GET", f"/api/v1/training/assignments/{alans['assignment']}", None),
            ("POST", f"/api/v1/training/courses/{alans['course']}/assign", {"agent_ids": ["alan"]}),
            ("GET", f"/api/v1/training/notices/{alans['notice']}", None),
            ("POST", f"/api/v1/training/notices/{alans['notice']}/check", {"accepted": True}),
            (
                "POST",
                "/api/v1/training/notices",
                {"agent_id": "alan", "findings": "x", "due_at": "2026-12-30T10:00:00+08:00"},
            ),
        ]
        for method, path, body in calls:
            response = client.request(method, path, json=body, headers=plead)
            assert (response.status_code, response.json()["code"]) == (403, "outside_team"), path
        assert client.get("/api/v1/training/assignments").json()["total"] == 0
        assert client.get("/api/v1/training/notices").json()["total"] == 0
        year = clock.in_zone(clock.now(), "Asia/Shanghai").year
        people = client.get("/api/v1/training/violations", params={"year": year}).json()["items"]
        assert sorted(row["agent_id"] for row in people) == ["amei", "plead"]
