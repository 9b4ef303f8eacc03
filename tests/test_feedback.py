"""Feedback to the company: tagging, grouping, the weekly report as a page, an
.xlsx file and mail per category (issue: customers, §5)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from kefu.chat import service as chat_service
from kefu.crm import profile
from kefu.demo import seed
from kefu.feedback import service as feedback
from kefu.kit.errors import BadInput, Conflict
from kefu.mailing.jobs import deliver_due
from kefu.models import Agent, Product
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import WORK_TIME, buyer, frozen_at
from tests.factories import add_agent, login

MONDAY = dt.date(2026, 11, 9)  # WORK_TIME is Tuesday the 10th


@pytest.fixture
def mei(session: Session) -> Agent:
    return add_agent(session, "mei", Role.aftersale)


def chat_message(session: Session, text: str) -> tuple[str, str, str]:
    customer = buyer(session)
    sent = chat_service.do_buyer_send(session, customer_id=customer, client_id=text, text=text)
    return customer, sent.session_id, sent.message.id


def tag(
    session: Session,
    session_id: str,
    message_id: str,
    category: str,
    author: Agent,
    *,
    product_id: str | None = None,
) -> object:
    return feedback.do_tag_message(
        session,
        session_id=session_id,
        message_id=message_id,
        category=category,
        product_id=product_id,
        author=author,
    )


class TestTagMessage:
    def test_tagged_message_is_feedback_on_the_customers_timeline(
        self, session: Session, mei: Agent
    ) -> None:
        with frozen_at(WORK_TIME):
            customer, session_id, message_id = chat_message(session, "快递太慢了，等了一周")
            row = tag(session, session_id, message_id, "logistics", mei, product_id=None)
        assert (row.category, row.text, row.customer_id) == (
            "logistics",
            "快递太慢了，等了一周",
            customer,
        )
        events = [
            e for e in profile.timeline(session, customer_id=customer) if e.kind == "feedback"
        ]
        assert events[0].detail == "物流：快递太慢了，等了一周"

    def test_once_per_message_and_known_categories_only(self, session: Session, mei: Agent) -> None:
        with frozen_at(WORK_TIME):
            _c, session_id, message_id = chat_message(session, "价格太贵")
            with pytest.raises(BadInput):
                tag(session, session_id, message_id, "mood", mei, product_id=None)
            tag(session, session_id, message_id, "price", mei, product_id=None)
            with pytest.raises(Conflict):
                tag(session, session_id, message_id, "price", mei, product_id=None)


class TestWeeklyReport:
    def test_counts_change_groups_and_quotes(self, session: Session, mei: Agent) -> None:
        session.add(Product(id="p1", title="卫衣"))
        session.flush()
        texts = [
            (WORK_TIME, "logistics", "快递太慢了，等了五天"),
            (WORK_TIME, "logistics", "快递员不送上门"),
            (WORK_TIME, "quality", "衣服起球严重"),
            (WORK_TIME - dt.timedelta(days=7), "quality", "上周的：做工粗糙"),
            (WORK_TIME - dt.timedelta(days=7), "quality", "上周的：线头多"),
        ]
        for at, category, text in texts:
            with frozen_at(at):
                _c, session_id, message_id = chat_message(session, text)
                tag(session, session_id, message_id, category, mei, product_id="p1")
        report = feedback.weekly_report(session, week_start=MONDAY)
        by = {c["category"]: c for c in report["categories"]}
        assert report["total"] == 3
        assert (
            by["logistics"]["count"],
            by["logistics"]["previous"],
            by["logistics"]["change"],
        ) == (2, 0, 2)
        assert (by["quality"]["count"], by["quality"]["previous"], by["quality"]["change"]) == (
            1,
            2,
            -1,
        )
        assert by["logistics"]["groups"][0] == {
            "keyword": "快递",
            "count": 2,
            "quote": "快递太慢了，等了五天",
        }
        assert by["logistics"]["products"] == [{"product_id": "p1", "title": "卫衣", "count": 2}]
        assert by["quality"]["quotes"] == ["衣服起球严重"]

    def test_mail_goes_to_each_categorys_addresses(
        self,
        session: Session,
        session_factory: sessionmaker[Session],
        mei: Agent,
        relay: tuple[object, int],
    ) -> None:
        sink, port = relay
        with frozen_at(WORK_TIME):
            _c, session_id, message_id = chat_message(session, "快递太慢了")
            tag(session, session_id, message_id, "logistics", mei, product_id=None)
        shop.do_set(
            session,
            key="feedback_emails",
            value={"logistics": ["wuliu@shop.example"], "quality": ["qc@shop.example"]},
        )
        sent = feedback.do_mail_report(session, week_start=MONDAY, from_address="kefu@shop.example")
        assert sent == 2
        assert deliver_due(session_factory, relay=f"127.0.0.1:{port}") == {"sent": 2}
        mails = sink.wait_for(2)  # type: ignore[attr-defined]
        logistics = next(m for m in mails if m["To"] == "wuliu@shop.example")
        assert "快递太慢了" in logistics.get_body(preferencelist=("plain",)).get_content()
        attachment = next(logistics.iter_attachments())
        book = load_workbook(io.BytesIO(attachment.get_content()))
        assert book["分类汇总"]["A2"].value == "物流" and book["分类汇总"]["B2"].value == 1


class TestDemoReport:
    def test_the_demo_shops_report_as_json_and_xlsx(
        self, client: TestClient, session: Session
    ) -> None:
        """The page itself is the staff app's (tests/test_dashboard_browser.py)."""
        seed.ensure_demo_shop(session, seed=2026, tz="Asia/Shanghai")
        session.commit()
        login(client, "wangjie", seed.DEMO_PASSWORD)
        data = client.get("/api/v1/feedback/report").json()
        counted = [c for c in data["categories"] if c["count"]]
        assert len(counted) >= 3 and all(c["quotes"] for c in counted)
        xlsx = client.get("/api/v1/feedback/report.xlsx")
        assert xlsx.status_code == 200
        book = load_workbook(io.BytesIO(xlsx.content))
        summary = {
            row[0]: row[1] for row in book["分类汇总"].iter_rows(min_row=2, values_only=True)
        }
        assert summary == {c["label"]: c["count"] for c in data["categories"]}
        assert book["明细"].max_row == data["total"] + 1


class TestWeeklyMail:
    def test_sent_once_on_monday_morning_for_the_week_before(
        self,
        session: Session,
        session_factory: sessionmaker[Session],
        mei: Agent,
        relay: tuple[object, int],
    ) -> None:
        from kefu.feedback import jobs

        sink, port = relay
        with frozen_at(WORK_TIME):
            _c, session_id, message_id = chat_message(session, "快递太慢了")
            tag(session, session_id, message_id, "logistics", mei, product_id=None)
        shop.do_set(session, key="feedback_emails", value={"logistics": ["wuliu@shop.example"]})
        shanghai = dt.timezone(dt.timedelta(hours=8))
        kwargs = {"from_address": "kefu@shop.example"}
        with frozen_at(dt.datetime(2026, 11, 16, 8, 30, tzinfo=shanghai)):
            assert jobs.do_mail_last_week(session, **kwargs) == 0  # before 09:00
        with frozen_at(dt.datetime(2026, 11, 16, 9, 30, tzinfo=shanghai)):
            assert jobs.do_mail_last_week(session, **kwargs) == 1
            assert jobs.do_mail_last_week(session, **kwargs) == 0  # once a week
            assert deliver_due(session_factory, relay=f"127.0.0.1:{port}") == {"sent": 1}
        assert "2026-11-09" in sink.wait_for(1)[0]["Subject"]  # type: ignore[attr-defined]


def test_the_report_command_prints_and_writes_xlsx(cli_database: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kefu.cli import app as cli

    out = tmp_path / "feedback.xlsx"
    result = CliRunner().invoke(
        cli, ["feedback", "report", "--week", "2026-11-18", "--xlsx", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2026-11-16 至 2026-11-23：共 0 条" in result.stdout
    assert load_workbook(out)["分类汇总"].max_row == 7  # header and six categories
    bad = CliRunner().invoke(cli, ["feedback", "report", "--week", "next week"])
    assert bad.exit_code == 1
