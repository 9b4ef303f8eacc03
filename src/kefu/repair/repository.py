"""Every query of the repair domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search
from kefu.kit.paging import PageParams, by_deadline, fetch_page
from kefu.models import Product, ServiceOrder
from kefu.repair.schemas import ServiceFilters


def add(db: Session, row: object) -> None:
    db.add(row)
    db.flush()


def service_order(db: Session, service_id: str) -> ServiceOrder | None:
    return db.get(ServiceOrder, service_id)


def warranty_days(db: Session, product_ids: set[str]) -> dict[str, int | None]:
    query = select(Product.id, Product.warranty_days).where(Product.id.in_(product_ids))
    return {product_id: days for product_id, days in db.execute(query)}


def service_orders(
    db: Session, *, filters: ServiceFilters, params: PageParams
) -> tuple[list[Any], int]:
    query: Select[Any] = select(ServiceOrder, Product.title).join(
        Product, Product.id == ServiceOrder.product_id
    )
    query = narrow(
        query,
        ServiceOrder.status.in_(filters.status) if filters.status else None,
        ServiceOrder.kind == filters.kind if filters.kind else None,
        ServiceOrder.order_id == filters.order_id if filters.order_id else None,
        text_search(
            filters.q,
            exact=[ServiceOrder.id, ServiceOrder.order_id, ServiceOrder.customer_id],
            partial=[ServiceOrder.problem, Product.title, ServiceOrder.technician],
        ),
    )
    query = by_deadline(query, params.sort, ServiceOrder, settled=ServiceOrder.due_at.is_(None))
    return fetch_page(db, query, params)
