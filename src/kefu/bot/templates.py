"""Answer templates: ``{截单时间}`` and friends, filled from shop settings and the
product in question. Unknown names are refused when an entry is saved, so a
buyer never sees a raw ``{...}``."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit.errors import BadInput
from kefu.models import Product
from kefu.shop import service as shop

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
SHOP_FIELDS = {
    "店铺名": None,
    "截单时间": "shipping_cutoff",
    "快递": "couriers",
    "送达天数": "delivery_days",
    "退货天数": "return_days",
    "保价天数": "price_protection_days",
    "到付费用": "cod_fee",
    "发票规则": "invoice_rules",
}
SHOP_KEYS = tuple(key for key in SHOP_FIELDS.values() if key is not None)
PRODUCT_FIELDS = {"商品名", "材质", "库存", "使用说明", "尺码"}
KNOWN = set(SHOP_FIELDS) | PRODUCT_FIELDS


def check(template: str) -> str:
    unknown = sorted(set(PLACEHOLDER.findall(template)) - KNOWN)
    if unknown:
        raise BadInput(
            f"答案模板含未知变量：{'、'.join(unknown)}（可用：{'、'.join(sorted(KNOWN))}）",
            code="unknown_placeholder",
        )
    return template


def needs_product(template: str) -> bool:
    return bool(set(PLACEHOLDER.findall(template)) & PRODUCT_FIELDS)


def shop_values(db: Session, settings: dict[str, Any] | None = None) -> dict[str, str]:
    """The shop's template fields; from ``settings`` when the caller read them already."""
    stored = settings if settings is not None else shop.get_many(db, SHOP_KEYS)
    return {"店铺名": get_settings().shop_name} | {
        name: str(stored[key]) for name, key in SHOP_FIELDS.items() if key is not None
    }


def product_values(product: Product) -> dict[str, str]:
    attributes: dict[str, Any] = product.attributes or {}
    chart = attributes.get("size_chart") or []
    material = attributes.get("材质") or attributes.get("material") or "以详情页为准"
    usage = attributes.get("使用说明") or attributes.get("usage") or "请参考包装内的说明书"
    return {
        "商品名": product.title,
        "材质": str(material),
        "库存": str(product.stock if product.stock is not None else "若干"),
        "使用说明": str(usage),
        "尺码": "、".join(str(row.get("size")) for row in chart) or "以详情页为准",
    }


def render(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)
