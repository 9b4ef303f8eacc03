"""Stock (库存): the warehouse's actual counts next to what the shop lists, so
pre-sales agents answer with real stock and the team sees the differences."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy.orm import Session

from kefu.catalog import repository
from kefu.kit.errors import BadInput
from kefu.models import Product


def do_import_actual_stock(db: Session, *, data: str) -> int:
    """``sku,actual_stock`` rows (the SKU id or its code); all or nothing, a bad
    row named by its line."""
    reader = csv.DictReader(io.StringIO(data))
    if not {"sku", "actual_stock"} <= set(reader.fieldnames or ()):
        raise BadInput("CSV 需要 sku 和 actual_stock 两列", code="bad_csv")
    updates = []
    for row in reader:
        line = reader.line_num
        sku = repository.sku(db, (row.get("sku") or "").strip())
        if sku is None:
            raise BadInput(f"第 {line} 行：没有 SKU {row.get('sku')!r}", code="unknown_sku")
        try:
            count = int((row.get("actual_stock") or "").strip())
        except ValueError:
            raise BadInput(f"第 {line} 行：实际库存应为整数", code="bad_count") from None
        if count < 0:
            raise BadInput(f"第 {line} 行：实际库存不能为负数", code="bad_count")
        updates.append((sku, count))
    for sku, count in updates:
        sku.actual_stock = count
    db.flush()
    return len(updates)


def differences(db: Session, *, limit: int = 500) -> list[dict[str, Any]]:
    """SKUs whose listed stock is not what the warehouse counted."""
    return [
        {
            "sku": sku.id,
            "code": sku.code,
            "product_id": sku.product_id,
            "title": title,
            "attributes": sku.attributes,
            "listed": sku.stock,
            "actual": sku.actual_stock,
            "difference": (sku.actual_stock or 0) - sku.stock,
        }
        for sku, title in repository.differences(db, limit)
    ]


def stock_lookup(db: Session, *, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Products by id or title, each SKU with listed and actual (real) stock."""
    text = text.strip()
    if not text:
        return []
    products = repository.products(db, text, limit)
    skus = repository.skus_of(db, [p.id for p in products])
    return [
        {
            "id": p.id,
            "title": p.title,
            "skus": [
                {
                    "sku": s.id,
                    "attributes": s.attributes,
                    "listed": s.stock,
                    "actual": s.actual_stock,
                }
                for s in skus
                if s.product_id == p.id
            ],
        }
        for p in products
    ]


def get_product(db: Session, product_id: str) -> Product | None:
    return repository.product(db, product_id)
