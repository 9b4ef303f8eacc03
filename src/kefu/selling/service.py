"""Selling help in the workbench: for the product in question (the page the chat was
opened from, else the last product page the buyer viewed) the products bought together
with it and the shop's best sellers, each sent to the buyer as a product card in one
click; and the pages the buyer viewed, reported by the widget on the shop's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.api.buyer_auth import check_shop_signature
from kefu.catalog import service as catalog_service
from kefu.chat import service as chat_service
from kefu.kit import clock
from kefu.kit.errors import NotFound
from kefu.messaging import service as messaging
from kefu.messaging.schemas import MessageOut
from kefu.models import Agent, PageView, Product
from kefu.selling import repository
from kefu.selling.schemas import ViewIn

BEST_SELLER_DAYS = dt.timedelta(days=30)
SHOWN = 4  # the side panel is narrow


def _cards(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": product.id,
            "title": product.title,
            "price": product.price,
            "stock": product.stock,
            "count": int(count),
        }
        for product, count in rows
    ]


def product_in_question(db: Session, *, session_id: str) -> str | None:
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    if chat_session.product_id:
        return chat_session.product_id
    return repository.last_viewed_product(db, chat_session.customer_id)


def suggestions(db: Session, *, product_id: str | None) -> dict[str, Any]:
    """Related (bought together) and best-selling products, the product itself left out."""
    product = catalog_service.get_product(db, product_id) if product_id else None
    related = _cards(repository.bought_together(db, product.id, SHOWN)) if product else []
    since = clock.now() - BEST_SELLER_DAYS
    best = [
        card
        for card in _cards(repository.best_sellers(db, since, SHOWN + 1))
        if product is None or card["id"] != product.id
    ][:SHOWN]
    return {
        "product_id": product.id if product else None,
        "product_title": product.title if product else None,
        "related": related,
        "best_sellers": best,
    }


def card_text(*, title: str, price: Any, product_id: str) -> str:
    shown = f"¥{price}" if price is not None else "价格见商品页"
    return f"【为您推荐】{title}\n价格：{shown}\n商品编号：{product_id}"


def do_send_card(
    db: Session, *, agent: Agent, session_id: str, product_id: str, client_id: str
) -> MessageOut:
    """A product card into the chat, sent as the agent (it counts as their reply)."""
    product = catalog_service.get_product(db, product_id)
    if product is None:
        raise NotFound("没有这个商品", code="product_not_found")
    text = card_text(title=product.title, price=product.price, product_id=product.id)
    return chat_service.do_agent_send(
        db,
        agent=agent,
        session_id=session_id,
        client_id=client_id,
        text=text,
        card=card_of(product),
    ).message


def card_of(product: Product) -> dict[str, Any]:
    """What a product card shows; its picture and page come from the catalog import's
    ``image`` and ``url`` fields (kept in the product's ``extra``)."""
    extra = product.extra or {}
    card = {
        "product_id": product.id,
        "title": product.title,
        "price": str(product.price) if product.price is not None else None,
        "image": extra.get("image"),
        "link": extra.get("url"),
    }
    return {key: value for key, value in card.items() if value is not None}


def do_record_view(db: Session, *, view: ViewIn) -> None:
    """A page the widget saw; a signed customer id names the buyer at once."""
    customer_id = None
    if view.customer_id and view.sig and view.expires is not None:
        check_shop_signature(view.customer_id, view.expires, view.sig)
        customer_id = view.customer_id
    repository.add_view(
        db,
        PageView(
            viewer=view.viewer,
            customer_id=customer_id,
            url=view.url,
            title=(view.title or "").strip() or None,
            product_id=view.product_id,
            at=clock.now(),
        ),
    )


def do_claim_views(db: Session, *, viewer: str, customer_id: str) -> int:
    """The chat page names the buyer behind the widget's viewer id."""
    return repository.claim_views(db, viewer, customer_id)


def viewed_pages(db: Session, *, customer_id: str, limit: int = 20) -> list[dict[str, Any]]:
    return [
        {
            "url": view.url,
            "title": view.title,
            "product_id": view.product_id,
            "product_title": title,
            "at": view.at,
        }
        for view, title in repository.views_of(db, customer_id, limit)
    ]
