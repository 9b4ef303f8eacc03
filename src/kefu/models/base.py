"""Declarative base and the column helpers every model uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, mapped_column

from kefu.kit.types import AwareDateTime, Money

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012
        dt.datetime: AwareDateTime(),
        Decimal: Money(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        str: String(255),
    }


def fk(target: str, *, ondelete: str | None = None) -> ForeignKey:
    """A foreign key that may be checked at commit (imports insert rows in file order)."""
    return ForeignKey(target, deferrable=True, initially="IMMEDIATE", ondelete=ondelete)


def id_column() -> Any:
    return mapped_column(String(ID_LENGTH), primary_key=True)


def ref_column(target: str, *, nullable: bool = False, index: bool = True) -> Any:
    return mapped_column(String(ID_LENGTH), fk(target), nullable=nullable, index=index)
