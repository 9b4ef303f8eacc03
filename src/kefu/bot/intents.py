"""The intent ids of shared/spec/intents.md: a contract, used exactly as written."""

from __future__ import annotations

INTENT_IDS = (
    "greeting",
    "product_info",
    "size_advice",
    "stock",
    "price_bargain",
    "payment",
    "shipping_time",
    "logistics_query",
    "change_address",
    "change_order",
    "cancel_order",
    "invoice",
    "cod",
    "return_exchange",
    "refund_status",
    "quality_issue",
    "usage_help",
    "complaint",
    "review",
    "human_agent",
    "thanks_bye",
    "other",
)
# Intents the bot answers from the buyer's own orders, not from the FAQ.
ORDER_INTENTS = (
    "logistics_query",
    "shipping_time",
    "refund_status",
    "change_address",
    "cancel_order",
    "cod",
)
