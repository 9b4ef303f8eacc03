"""Products by name: which of the shop's products a buyer means.

Buyers name a product by its title, a short name (``attributes["简称"]`` or
``"别名"``, several separated by ``|``), its id, a part of the title, or a mix of words
and attributes (那件纯棉的圆领T恤); the page they chat from passes its product.
A name inside the message is a sure match; otherwise each product scores by the
share of its name's character pairs that the message holds, plus a little for
each attribute value it names. A sure or clearly best match is taken; a
plausible one is asked about ("是这款吗？"), never looped on.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import repository, snapshot
from kefu.bot.normalize import normalize
from kefu.models import Product, Sku

SURE = 0.75  # take the product without asking
PLAUSIBLE = 0.4  # ask "是这款吗？"
ATTRIBUTE_BONUS = 0.1
SHORT_NAME_KEYS = ("简称", "别名", "short_name", "aliases")
MATCHED_KEYS = ("材质", "material", "颜色", "款式", "品牌", "型号")
CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class Named:
    id: str
    title: str
    names: tuple[str, ...]  # normalised title and short names, longest first
    name_pairs: tuple[frozenset[str], ...]  # character pairs of each name
    fewest: int  # pairs of its shortest name: fewer shared pairs cannot reach PLAUSIBLE
    values: tuple[str, ...]  # normalised attribute values a buyer may name


@dataclass(frozen=True)
class Match:
    product_id: str
    title: str
    score: float
    said: str | None  # the name as it stands in the message, when it does


def pairs(text: str) -> set[str]:
    compact = "".join(text.split())
    return {compact[i : i + 2] for i in range(len(compact) - 1)}


def _named(row: Product) -> Named:
    attributes: dict[str, Any] = row.attributes or {}
    names = {normalize(row.title)}
    if len(row.id) >= 3 and any(char.isalpha() for char in row.id):
        names.add(row.id.lower())  # "p-tee 有L码吗": the id names it too
    for key in SHORT_NAME_KEYS:
        for name in str(attributes.get(key) or "").split("|"):
            if name.strip():
                names.add(normalize(name))
    names.discard("")
    values = tuple(normalize(str(attributes[key])) for key in MATCHED_KEYS if attributes.get(key))
    ordered = tuple(sorted(names, key=len, reverse=True))
    name_pairs = tuple(frozenset(pairs(name)) for name in ordered)
    return Named(
        row.id,
        row.title,
        ordered,
        name_pairs,
        min((len(p) for p in name_pairs if p), default=1),
        tuple(v for v in values if v),
    )


@dataclass(frozen=True)
class Catalog:
    version: object
    loaded: float
    products: tuple[Named, ...]
    by_pair: dict[str, tuple[int, ...]]


_lock = threading.Lock()
_cache: dict[int, Catalog] = {}


def catalog(db: Session, version: int) -> Catalog:
    """The shop's products as the matcher keeps them; reloaded when their count
    (``version``) changes, and at least every half minute (a title may have been edited)."""
    key = id(db.get_bind())
    cached = _cache.get(key)
    if cached and cached.version == version and time.monotonic() - cached.loaded < CACHE_SECONDS:
        return cached
    products = tuple(_named(row) for row in repository.products(db))
    by_pair: dict[str, list[int]] = defaultdict(list)
    for index, product in enumerate(products):
        for pair in frozenset().union(*product.name_pairs):
            by_pair[pair].append(index)
    built = Catalog(version, time.monotonic(), products, {k: tuple(v) for k, v in by_pair.items()})
    with _lock:
        _cache[key] = built
    return built


def find(db: Session, text: str, *, version: int | None = None, top: int = 3) -> list[Match]:
    """The products the (normalised) message may mean, best first. Only products
    sharing enough character pairs with it are scored (an index by pair)."""
    found = catalog(db, snapshot.read(db).product_version if version is None else version)
    grams = pairs(text)
    shared: Counter[int] = Counter()
    for pair in grams:
        shared.update(found.by_pair.get(pair, ()))
    matches = []
    for index, count in shared.items():
        product = found.products[index]
        if count < PLAUSIBLE * product.fewest and not product.values:
            continue
        said = next((name for name in product.names if len(name) >= 2 and name in text), None)
        score = (
            1.0
            if said is not None
            else max(len(grams & names) / max(len(names), 1) for names in product.name_pairs)
        )
        score += ATTRIBUTE_BONUS * sum(value in text for value in product.values)
        if score >= PLAUSIBLE:
            matches.append(Match(product.id, product.title, min(score, 1.0), said))
    matches.sort(key=lambda match: (-match.score, match.title))
    return matches[:top]


def decide(matches: list[Match]) -> tuple[Match | None, Match | None]:
    """(the product to take, the product to ask about): a sure match, or a
    clear best one, is taken; a plausible one is asked about."""
    if not matches:
        return None, None
    best = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if best.score >= SURE and best.score - runner_up >= 0.15:
        return best, None
    return None, best


def without_name(text: str, match: Match | None) -> str:
    """The message without the product's name, so a name full of words like 纯棉
    does not decide what is asked about it."""
    if match is None or match.said is None:
        return text
    rest = " ".join(text.replace(match.said, " ").split())
    return rest if sum(char.isalnum() for char in rest) >= 2 else text


def _names_value(text: str, value: str) -> bool:
    """Whether the message names an attribute value: a size such as L or 40 only
    as a whole token (the l of hello is no size)."""
    value = normalize(value)
    if not value:
        return False
    if value.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(value)}(?![a-z0-9])", text) is not None
    return value in text


def stock_answer(product: Product, skus: list[Sku], text: str) -> str | None:
    """The stock of the variant the message names (L码, 白色…), or None when it
    names none and the product's own stock answers."""
    named = [
        sku
        for sku in skus
        if sku.attributes and all(_names_value(text, str(v)) for v in sku.attributes.values())
    ] or [
        sku
        for sku in skus
        if sku.attributes and any(_names_value(text, str(v)) for v in sku.attributes.values())
    ]
    if not named:
        return None
    parts = []
    for sku in named[:4]:
        label = " ".join(str(v) for v in (sku.attributes or {}).values())
        parts.append(
            f"{label} 有货（库存 {sku.stock} 件）" if sku.stock > 0 else f"{label} 暂时缺货"
        )
    return f"{product.title}：{'；'.join(parts)}。"
