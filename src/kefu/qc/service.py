"""Quality inspection: checking a message before it is sent, inspecting sessions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import BadInput, found
from kefu.models import ChatSession, QcFinding, QcInspection
from kefu.models.chat import SessionStatus
from kefu.qc import qc_review, repository
from kefu.qc.rules import FLAG_BELOW, Finding, RuleSet, score
from kefu.qc.schemas import CheckOut, FindingOut, SessionQcOut
from kefu.qc.session import Handover, PaidOrder, Said, SessionFacts, inspect
from kefu.qc.text import check_message
from kefu.shop import service as shop
from kefu.team import service as team


def rule_set(db: Session) -> RuleSet:
    try:
        return RuleSet.with_overrides(shop.get(db, "qc_rules"))
    except (TypeError, ValueError) as exc:
        raise BadInput(f"质检规则设置有误：{exc}", code="bad_qc_rules") from exc


def rules_in_force(db: Session) -> list[dict[str, object]]:
    return [
        {
            "id": rule.id,
            "name": rule.name,
            "severity": rule.severity,
            "weight": rule.weight,
            "enabled": rule.enabled,
            "words": list(rule.words),
            "limit": rule.limit,
        }
        for rule in rule_set(db).rules.values()
    ]


def _out(db: Session, finding: Finding | QcFinding) -> FindingOut:
    """A finding as shown, with the name of the agent it is charged to."""
    charged = team.get_agent(db, finding.agent_id) if finding.agent_id else None
    return FindingOut(
        id=finding.id if isinstance(finding, QcFinding) else None,
        rule=finding.rule,
        excerpt=finding.excerpt,
        severity=finding.severity,
        message_id=finding.message_id,
        agent_id=finding.agent_id,
        agent_name=charged.name if charged else None,
    )


def check_text(db: Session, *, text: str) -> CheckOut:
    """The text rules an agent's draft would break (shown before sending)."""
    findings = check_message(text, rule_set(db))
    return CheckOut(text=text, findings=[_out(db, f) for f in findings])


def _facts(db: Session, chat_session: ChatSession) -> SessionFacts:
    """The session's rows as the inspector reads them, with who held it when."""
    messages = repository.messages(db, chat_session.id)
    return SessionFacts(
        messages=[Said(m.id, m.at, m.sender, m.text, m.agent_id) for m in messages],
        closed=chat_session.closed_at is not None or chat_session.status == SessionStatus.closed,
        transfers=[
            Handover(t.at, t.from_agent_id, t.to_agent_id, t.reason)
            for t in repository.transfers(db, chat_session.id)
        ],
        paid_orders=[
            PaidOrder(at, address) for at, address in repository.paid_during(db, chat_session)
        ],
        in_working_hours=shop.working_hours(db).is_open,
        custody=repository.custody(db, chat_session.id),
        closed_at=chat_session.closed_at,
    )


def inspect_session(db: Session, *, session_id: str) -> SessionQcOut:
    """Findings and score of one session, computed now from its rows."""
    chat_session = found(
        repository.session(db, session_id), f"没有会话 {session_id}", code="session_not_found"
    )
    findings = inspect(_facts(db, chat_session), rule_set(db))
    points = score(findings)
    return SessionQcOut(
        session_id=session_id,
        score=points,
        flagged=points < FLAG_BELOW,
        findings=[_out(db, f) for f in findings],
    )


def do_record_inspection(db: Session, *, session_id: str, agent_id: str | None) -> SessionQcOut:
    """Inspect a closed session and store the result (again: replaced, not doubled)."""
    result = inspect_session(db, session_id=session_id)
    inspection = QcInspection(
        session_id=session_id,
        agent_id=agent_id,
        score=result.score,
        flagged=result.flagged,
        inspected_at=clock.now(),
    )
    findings = [
        QcFinding(
            session_id=session_id,
            rule=f.rule,
            severity=f.severity,
            message_id=f.message_id,
            agent_id=f.agent_id,
            excerpt=f.excerpt,
        )
        for f in result.findings
    ]
    repository.replace_inspection(db, inspection, findings)
    if result.flagged:
        qc_review.do_enqueue(db, session_id=session_id, agent_id=agent_id, reason="flagged")
    return result


def recorded(db: Session, *, session_id: str) -> SessionQcOut | None:
    inspection, findings = repository.inspection(db, session_id)
    if inspection is None:
        return None
    return SessionQcOut(
        session_id=session_id,
        score=inspection.score,
        flagged=inspection.flagged,
        findings=[_out(db, f) for f in findings],
    )
