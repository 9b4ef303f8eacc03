"""Keyword cues per intent: one more feature block of the intent model.

The rare intents (stock, payment, complaint, change_address) have a few dozen
real examples each, too few for the model to learn that 白条, 花呗 and 银行卡 all
mean payment, or that 无货 and 补货 both mean stock. Each pattern below names
the words intents.md's definitions use for one intent (and their everyday
synonyms); a message that contains any of them carries the token ``cue:<intent>``,
so what the model learns from one synonym carries over to the others. The cues
are features, not rules: the model weighs them against everything else.
Measured by cross-validation on the training sessions (docs/benchmarks.md).
"""

from __future__ import annotations

import re

CUES = {
    "stock": r"有货|无货|没货|缺货|补货|库存|现货|调货|断货|售罄|预约|到货通知|还有吗",
    "payment": r"白条|花呗|分期|付款失败|支付失败|付不了|支付方式|怎么付|银行卡|信用卡|微信支付"
    r"|支付宝|扣款|扣费|汇款|转账|对公",
    "complaint": r"投诉|举报|12315|纠纷|申诉|赔偿|补偿|态度差|态度太差|敷衍|没人管|没人理|踢皮球"
    r"|主管|领导",
    "change_address": r"改地址|修改地址|地址错|地址写错|换地址|更换地址|收货地址|收件地址|改电话"
    r"|修改电话|电话改|号码改|收件人|改寄",
    "change_order": r"改颜色|改尺码|换颜色|备注|合并|一起发|修改订单|改订单|送货时间|配送时间|延迟"
    r"|改数量",
    "quality_issue": r"坏了|破了|裂|漏|少发|少件|少了|发错|掉色|翻新|划痕|刮痕|瑕疵|质量问题|不能用"
    r"|开不了机|没反应|异响|烂了|过期",
    "shipping_time": r"发货|几天能到|多久能到|什么快递|哪个快递|京东物流|京东配送|仓库|出库"
    r"|今天能发|明天能到",
    "logistics_query": r"物流|快递到哪|到哪了|没更新|派送|签收|配送员|快递员|还没到|没收到",
    "return_exchange": r"退货|换货|退换|七天无理由|7天无理由|寄回|上门取件|运费险|售后",
    "refund_status": r"退款|到账|退回|原路",
    "cancel_order": r"取消|不要了|拍错",
    "invoice": r"发票|专票|普票|抬头|税号|开票",
    "price_bargain": r"便宜|优惠|券|降价|价保|差价|保价|京豆|满减|活动|返现|折扣|打折",
    "product_info": r"区别|材质|参数|规格|型号|尺寸|正品|是不是|适用|兼容|功率|容量|配置",
    "usage_help": r"怎么用|怎么安装|如何使用|怎么设置|安装|说明书|怎么弄|怎么操作|连不上|充不进",
    "human_agent": r"人工|真人|机器人|转接",
    "review": r"评价|好评|差评|中评|追评|五星|满星|星",
    "size_advice": r"尺码|多大码|穿多大|码数|身高|体重|几码",
    "cod": r"货到付款|到付",
    "greeting": r"^(?:你好|您好|在吗|在不在|有人吗|hi|hello)",
    "thanks_bye": r"谢谢|感谢|好的|拜拜|再见|没问题|辛苦",
}
_PATTERNS = tuple((f"cue:{intent}", re.compile(pattern)) for intent, pattern in CUES.items())


def cues(normalized: str) -> list[str]:
    """The cue tokens of normalised text (module level, so vectorizers pickle)."""
    return [token for token, pattern in _PATTERNS if pattern.search(normalized)]
