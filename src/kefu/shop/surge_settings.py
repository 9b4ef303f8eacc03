"""The settings of surge mode (大促模式), a campaign day's way of receiving buyers: kept
apart from kefu.shop.schemas so each list stays readable. kefu.surge reads them."""

from __future__ import annotations

from pydantic import StrictBool

from kefu.shop import values as v
from kefu.shop.setting import Setting, share_setting, whole_setting

SURGE = [
    Setting(
        "surge_mode",
        "大促模式",
        "大促当天开启：机器人先接待每一位买家，常见问题转人工的门槛降低；排队的买家看到"
        "自己的排队位置和预计等待时间；大促快捷短语置顶；每位客服的接待上限提高到大促接待上限；"
        "分组满员时会话溢出到溢出分组；看板按大促刷新间隔自动刷新。",
        "bool",
        StrictBool,
        False,
    ),
    share_setting(
        "surge_handoff_below",
        "大促常见问题转人工置信度",
        "大促模式下，机器人回答常见问题（商品、尺码、库存、优惠、支付、发货、物流、发票、"
        "货到付款、使用）时，把握低于这个值（0–1）才转人工；其他问题仍按机器人转人工置信度。",
        0.3,
    ),
    whole_setting(
        "surge_max_concurrent",
        "大促接待上限（每人）",
        "大促模式下每位客服同时接待的会话数上限（平时的上限更高时按平时的）。",
        15,
        1,
        50,
    ),
    Setting(
        "surge_overflow_group",
        "大促溢出分组",
        "大促模式下，一个分组的在线客服都达到接待上限时，新会话转给这个组的空闲客服；"
        "留空则排队等待。",
        "group",
        v.optional_text(64),
        "",
    ),
    whole_setting(
        "surge_refresh_seconds",
        "大促看板刷新间隔（秒）",
        "大促模式下看板和大促页面每隔这么多秒自动刷新（平时 60 秒）。",
        5,
        2,
        60,
    ),
]
