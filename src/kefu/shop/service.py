"""Shop settings, each checked by its schema (kefu.shop.schemas), working hours, and the
numbers of the cases the shop opens."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.errors import BadInput, NotFound
from kefu.models import Agent, ShopSetting
from kefu.shop import repository
from kefu.shop.hours import WorkingHours, parse_hours
from kefu.shop.schemas import SETTINGS
from kefu.shop.setting import Setting

log = logging.getLogger(__name__)
# Built once: composing a statement costs more than running it on a small table.
_MANY = select(ShopSetting).where(ShopSetting.key.in_(bindparam("keys", expanding=True)))


def get(db: Session, key: str) -> Any:
    """The stored value, or the default. A value stored before it was checked (or by
    hand) that no longer passes is ignored, so readers never break on it."""
    row = db.get(ShopSetting, key)
    return _value(SETTINGS[key], row)


def get_many(db: Session, keys: Sequence[str]) -> dict[str, Any]:
    """Several settings in one query (the bot reads a handful on every message)."""
    rows = {row.key: row for row in db.scalars(_MANY, {"keys": list(keys)})}
    return {key: _value(SETTINGS[key], rows.get(key)) for key in keys}


def _value(setting: Setting, row: ShopSetting | None) -> Any:
    if row is None:
        return setting.default
    try:
        return setting.check(row.value)
    except ValueError as error:
        log.warning("shop setting %s ignored (%s); using the default", setting.key, error)
        return setting.default


def setting_of(key: str, *, staff: bool = False) -> Setting:
    """The setting's schema; 404 for a key the shop (or, for staff, the page) doesn't have."""
    setting = SETTINGS.get(key)
    if setting is None or (staff and setting.internal):
        raise NotFound(f"没有设置项 {key}", code="unknown_setting")
    return setting


def do_set(db: Session, *, key: str, value: Any) -> Any:
    """Store a value in its checked form; a bad one is a 422 naming the setting."""
    setting = setting_of(key)
    try:
        checked = setting.check(value)
    except ValueError as error:
        raise BadInput(f"{setting.label}（{key}）：{error}", code="bad_setting", key=key) from None
    row = db.get(ShopSetting, key)
    if row is None:
        db.add(ShopSetting(key=key, value=checked))
    else:
        row.value = checked
    db.flush()
    return checked


def do_change(db: Session, *, key: str, value: Any, by: Agent) -> Any:
    """A change from the settings page: only what the page shows can be changed."""
    setting_of(key, staff=True)
    before = get(db, key)
    checked = do_set(db, key=key, value=value)
    detail = {"before": before, "after": checked}
    audit.do_record(db, action="setting_change", actor_id=by.id, target=key, detail=detail)
    return checked


def form_field(db: Session, key: str) -> dict[str, Any]:
    """One setting as the settings page renders it."""
    setting = setting_of(key, staff=True)
    return {
        "key": key,
        "label": setting.label,
        "help": setting.help,
        "kind": setting.kind,
        "value": get(db, key),
        "default": setting.default,
        "min": setting.min,
        "max": setting.max,
        "choices": (
            [{"value": value, "label": label} for value, label in setting.choices().items()]
            if setting.choices
            else None
        ),
    }


def form(db: Session) -> list[dict[str, Any]]:
    return [form_field(db, key) for key, setting in SETTINGS.items() if not setting.internal]


def working_hours(db: Session) -> WorkingHours:
    return parse_hours(get(db, "working_hours"), ZoneInfo(get_settings().shop_timezone))


def case_number(db: Session, *, prefix: str, model: Any) -> str:
    """A number for a case the shop opens (投诉单号, 服务单号, 工单号…) that staff read out
    to a buyer and type: the kind's letters, the shop's date and the day's count, as in
    TS202612010003. Internal random ids were 21 characters that no one could say.

    A number already in ``model``'s table (a history imported from another Kefu) is
    skipped, so the count never collides with a case it did not number itself."""
    day = clock.in_zone(clock.now(), get_settings().shop_timezone).strftime("%Y%m%d")
    while True:
        number = f"{prefix}{day}{repository.next_in_sequence(db, prefix + day):04d}"
        if not repository.id_taken(db, model, number):
            return number
