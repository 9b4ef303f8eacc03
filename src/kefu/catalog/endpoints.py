"""Stock over HTTP: the warehouse's count (CSV), the differences, and the lookup
pre-sales agents use in the workbench."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, UploadFile
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.catalog import service
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role

api = make_router(prefix="/api/v1", tags=["stock"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Warehouse = Annotated[Agent, Depends(Allow(Role.order_review, Role.supervisor))]


@api.post("/stock/actual")
def import_actual(file: UploadFile, db: Db, _agent: Warehouse) -> dict[str, int]:
    """The warehouse's count: ``sku,actual_stock`` (SKU id or code); all or nothing."""
    text = read_csv(file, max_bytes=5 * 1024 * 1024)
    return {"updated": service.do_import_actual_stock(db, data=text)}


@api.get("/stock/differences")
def differences(db: Db, _agent: Staff) -> list[dict[str, Any]]:
    return service.differences(db)


@api.get("/products")
def products(q: str, db: Db, _agent: Staff) -> list[dict[str, Any]]:
    """Products by id or title with each SKU's listed and real stock."""
    return service.stock_lookup(db, text=q)
