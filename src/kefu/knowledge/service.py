"""Quick phrases (快捷短语): team phrases and an agent's own, with a shortcut that
expands in the reply box (``/fh``), variables filled at insert time ({买家昵称},
{订单号}, {物流单号}, {店铺名}), groups, and CSV import/export.

Team phrases belong to the supervisor; personal ones to their agent alone.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from kefu.kit import cells
from kefu.kit.errors import BadInput, Forbidden, NotFound
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams
from kefu.knowledge import repository
from kefu.models import Agent, QuickPhrase
from kefu.models.team import Role

VARIABLES = ("买家昵称", "订单号", "物流单号", "店铺名")
CSV_COLUMNS = ("shortcut", "text", "group", "scope", "campaign")
# The campaign column (大促短语) as a spreadsheet holds it; empty is "no".
_CAMPAIGN_CELLS = {
    **dict.fromkeys(("yes", "1", "是"), True),
    **dict.fromkeys(("no", "0", "否", ""), False),
}
_SHORTCUT = re.compile(r"/[0-9a-z]{1,31}")
_VARIABLE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class PhraseIn:
    text: str
    shortcut: str | None = None
    group_name: str | None = None
    team: bool = False  # a team phrase (supervisor only) rather than the agent's own
    campaign: bool = False  # a campaign phrase (大促短语), pinned first in surge mode


def phrases_for(db: Session, *, agent_id: str, campaign_first: bool = False) -> list[QuickPhrase]:
    return repository.phrases_for(db, agent_id, campaign_first=campaign_first)


def phrase_page(
    db: Session,
    *,
    agent: Agent,
    params: PageParams,
    team: bool | None = None,
    group: str | None = None,
    text: str | None = None,
) -> tuple[list[QuickPhrase], int]:
    """One page of the phrases this agent may use, for the phrases list."""
    return repository.phrase_page(
        db, agent_id=agent.id, team=team, group=group, text=text, params=params
    )


def groups(db: Session, *, agent: Agent) -> list[str]:
    """The group names among the phrases this agent sees (the list's filter)."""
    return repository.groups_for(db, agent.id)


def variables_in(text: str) -> list[str]:
    """The known variables a phrase uses, in the order they appear, each once."""
    return list(dict.fromkeys(v for v in _VARIABLE.findall(text) if v in VARIABLES))


def may_change(agent: Agent, row: QuickPhrase) -> bool:
    """Own phrases for everyone; team phrases for the supervisor (as ``get_own`` checks)."""
    return row.owner_id == agent.id or (row.owner_id is None and agent.role == Role.supervisor)


def check_phrase(
    db: Session, *, agent: Agent, phrase: PhraseIn, replacing: str | None = None
) -> PhraseIn:
    if phrase.team and agent.role != Role.supervisor:
        raise Forbidden("只有主管可以维护团队短语", code="team_phrase_forbidden")
    text = phrase.text.strip()
    if not text or len(text) > 2000:
        raise BadInput("短语内容须为 1–2000 字", code="bad_phrase")
    unknown = sorted(set(_VARIABLE.findall(text)) - set(VARIABLES))
    if unknown:
        raise BadInput(
            f"未知变量：{'、'.join(unknown)}（可用：{'、'.join(VARIABLES)}）",
            code="unknown_variable",
        )
    shortcut = (phrase.shortcut or "").strip().lower() or None
    if shortcut is not None:
        if not _SHORTCUT.fullmatch(shortcut):
            raise BadInput("快捷键须以 / 开头，后接字母或数字，如 /fh", code="bad_shortcut")
        owner = None if phrase.team else agent.id
        clash = repository.by_shortcut(db, shortcut, owner)
        if clash is not None and clash.id != replacing:
            raise BadInput(f"快捷键 {shortcut} 已被使用", code="shortcut_taken")
    group = (phrase.group_name or "").strip() or None
    return replace(phrase, text=text, shortcut=shortcut, group_name=group)


def get_own(db: Session, *, agent: Agent, phrase_id: str) -> QuickPhrase:
    """A phrase the agent may change: their own, or any team phrase for the supervisor."""
    phrase = repository.phrase(db, phrase_id)
    if phrase is None or (phrase.owner_id not in (None, agent.id)):
        raise NotFound("短语不存在", code="phrase_not_found")
    if phrase.owner_id is None and agent.role != Role.supervisor:
        raise Forbidden("只有主管可以维护团队短语", code="team_phrase_forbidden")
    return phrase


def do_add_phrase(
    db: Session,
    *,
    text: str,
    shortcut: str | None = None,
    group_name: str | None = None,
    owner_id: str | None = None,
    campaign: bool = False,
) -> QuickPhrase:
    phrase = QuickPhrase(
        id=new_id("qp"),
        text=text,
        shortcut=shortcut,
        group_name=group_name,
        owner_id=owner_id,
        campaign=campaign,
    )
    repository.add(db, phrase)
    return phrase


def do_save(db: Session, *, agent: Agent, phrase: PhraseIn) -> QuickPhrase:
    phrase = check_phrase(db, agent=agent, phrase=phrase)
    return do_add_phrase(
        db,
        text=phrase.text,
        shortcut=phrase.shortcut,
        group_name=phrase.group_name,
        owner_id=None if phrase.team else agent.id,
        campaign=phrase.campaign,
    )


def do_update(db: Session, *, agent: Agent, row: QuickPhrase, phrase: PhraseIn) -> QuickPhrase:
    phrase = check_phrase(
        db,
        agent=agent,
        phrase=replace(phrase, team=row.owner_id is None),
        replacing=row.id,
    )
    row.text, row.shortcut, row.group_name = phrase.text, phrase.shortcut, phrase.group_name
    row.campaign = phrase.campaign
    db.flush()
    return row


def do_delete(db: Session, *, row: QuickPhrase) -> None:
    repository.delete(db, row)


def export_csv(db: Session, *, agent: Agent) -> str:
    return cells.csv_text(
        CSV_COLUMNS,
        (
            [
                row.shortcut or "",
                row.text,
                row.group_name or "",
                "team" if row.owner_id is None else "personal",
                "yes" if row.campaign else "no",
            ]
            for row in repository.phrases_for(db, agent.id)
        ),
    )


def do_import_csv(db: Session, *, agent: Agent, data: str) -> int:
    """Add phrases from CSV, all or nothing; a bad row is reported with its line."""
    reader = csv.DictReader(io.StringIO(data))
    if "text" not in (reader.fieldnames or ()):
        raise BadInput("CSV 缺少 text 列", code="bad_csv")
    checked: list[PhraseIn] = []
    seen: set[tuple[bool, str]] = set()
    for raw in reader:
        row = cells.unescape_row(raw)
        try:
            phrase = check_phrase(db, agent=agent, phrase=_phrase_of(row))
            if phrase.shortcut and (phrase.team, phrase.shortcut) in seen:
                raise BadInput(f"快捷键 {phrase.shortcut} 在文件中重复", code="shortcut_taken")
        except (BadInput, Forbidden) as error:
            raise BadInput(f"第 {reader.line_num} 行：{error.reason}", code="bad_csv") from error
        if phrase.shortcut:
            seen.add((phrase.team, phrase.shortcut))
        checked.append(phrase)
    for phrase in checked:
        do_add_phrase(
            db,
            text=phrase.text,
            shortcut=phrase.shortcut,
            group_name=phrase.group_name,
            owner_id=None if phrase.team else agent.id,
            campaign=phrase.campaign,
        )
    return len(checked)


def _phrase_of(row: dict[str, str | None]) -> PhraseIn:
    """A CSV row as a phrase; files written before the campaign column still import."""
    campaign = (row.get("campaign") or "").strip().lower()
    if campaign not in _CAMPAIGN_CELLS:
        raise BadInput(f"campaign 列只能填 yes 或 no，不能是「{campaign}」", code="bad_campaign")
    return PhraseIn(
        text=row.get("text") or "",
        shortcut=row.get("shortcut"),
        group_name=row.get("group"),
        team=(row.get("scope") or "personal").strip() == "team",
        campaign=_CAMPAIGN_CELLS[campaign],
    )
