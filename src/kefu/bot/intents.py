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
# Intents answered first from live data (the buyer's orders, the catalogue's stock and size
# charts); an FAQ entry of one answers only when those have nothing, so an agent's answer
# that names a parcel or a size is wrong there (the 推荐问答 page says so).
LIVE_INTENTS = (*ORDER_INTENTS, "stock", "size_advice")
# The 中文 column of intents.md, for people.
INTENT_NAMES = {
    "greeting": "问候",
    "product_info": "商品咨询",
    "size_advice": "尺码推荐",
    "stock": "库存",
    "price_bargain": "价格优惠",
    "payment": "支付",
    "shipping_time": "发货时效",
    "logistics_query": "物流查询",
    "change_address": "修改地址",
    "change_order": "修改订单",
    "cancel_order": "取消订单",
    "invoice": "发票",
    "cod": "货到付款",
    "return_exchange": "退换货",
    "refund_status": "退款进度",
    "quality_issue": "质量问题",
    "usage_help": "使用指导",
    "complaint": "投诉",
    "review": "评价",
    "human_agent": "转人工",
    "thanks_bye": "致谢结束",
    "other": "其他",
}
