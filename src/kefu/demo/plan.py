"""What the demo shop is made of besides its history: the staff, and the cases still
open when the demo starts (their states and ages are chosen so that some are overdue,
some nearly due and some fresh)."""

from __future__ import annotations

from dataclasses import dataclass

from kefu.models.team import Role

# login, display name, role, group: two of each front-line role
AGENTS = [
    ("xiaomei", "小美", Role.presale, "售前组"),
    ("xiaoli", "小丽", Role.presale, "售前组"),
    ("ajie", "阿杰", Role.presale, "售前组"),
    ("xiaowang", "小王", Role.aftersale, "售后组"),
    ("lanlan", "兰兰", Role.aftersale, "售后组"),
    ("laochen", "老陈", Role.order_review, None),
    ("xiaosun", "小孙", Role.order_review, None),
    ("zhoujie", "周姐", Role.refund_review, None),
    ("ahui", "阿慧", Role.refund_review, None),
    ("liulaoshi", "刘老师", Role.qc, "质检组"),
    ("xiaoxu", "小徐", Role.qc, "质检组"),
    ("xiaozhao", "小赵", Role.hotline, "热线组"),
    ("afang", "阿芳", Role.hotline, "热线组"),
    ("wangjie", "王姐", Role.supervisor, None),
]

# login, display name, lead role, the group she leads: not members themselves, so the
# groups' own numbers stay those of the agents who chat.
LEADS = [
    ("lina", "李娜", Role.presale_lead, "售前组"),
    ("dagang", "大刚", Role.aftersale_lead, "售后组"),
    ("qinjie", "秦姐", Role.qc_lead, "质检组"),
    ("laowu", "老吴", Role.hotline_lead, "热线组"),
]


@dataclass(frozen=True)
class OpenRefund:
    """An after-sales case still being worked: its kind, whether it is above the
    退款审核 limit, and the states it went through with how many hours ago."""

    kind: str
    big: bool
    steps: tuple[tuple[str, float], ...]  # the first is ("requested", hours ago)

    @property
    def requested_hours_ago(self) -> float:
        return self.steps[0][1]


# Deadlines per step (48 h to decide, 7 days for the parcel, 10 for the warehouse,
# 48 h to pay): some cases are overdue, some nearly due, some fresh.
OPEN_REFUNDS = [
    OpenRefund("return", False, (("requested", 70),)),
    OpenRefund("refund_only", False, (("requested", 45),)),
    OpenRefund("exchange", False, (("requested", 5),)),
    OpenRefund("return", True, (("requested", 30),)),
    OpenRefund("refund_only", True, (("requested", 46.5),)),
    OpenRefund("return", False, (("requested", 216), ("approved", 192))),
    OpenRefund("return", False, (("requested", 170), ("approved", 158))),
    OpenRefund("refund_only", False, (("requested", 30), ("approved", 22))),
    OpenRefund("return", False, (("requested", 290), ("approved", 280), ("buyer_shipped", 232))),
    OpenRefund("exchange", False, (("requested", 144), ("approved", 140), ("buyer_shipped", 70))),
    OpenRefund(
        "return",
        True,
        (("requested", 340), ("approved", 330), ("buyer_shipped", 270), ("received", 52)),
    ),
    OpenRefund(
        "exchange",
        False,
        (("requested", 240), ("approved", 236), ("buyer_shipped", 170), ("received", 10)),
    ),
    OpenRefund("return", False, (("requested", 96), ("rejected", 84))),
    OpenRefund(
        "exchange",
        False,
        (
            ("requested", 300),
            ("approved", 296),
            ("buyer_shipped", 230),
            ("received", 60),
            ("exchange_shipped", 30),
        ),
    ),
    OpenRefund(
        "return",
        False,
        (
            ("requested", 260),
            ("approved", 250),
            ("buyer_shipped", 190),
            ("received", 70),
            ("refunded", 50),
        ),
    ),
    OpenRefund("refund_only", False, (("requested", 40), ("approved", 36), ("refunded", 26))),
]
# Medium and bad reviews (中差评) this many days old: inside the 7-day contact window,
# and inside the 30 days a buyer may still revise them.
FRESH_REVIEW_DAYS = [0.3, 1.5, 3.0, 5.0, 6.6, 9.0, 14.0, 21.0, 27.0]

# hours ago opened, hours promised after opening, category, owner, what the buyer says
OPEN_COMPLAINTS = [
    (50, 24, "other", "lanlan", "买家要求赔偿拖延发货造成的损失"),
    (30, 24, "quality", "xiaowang", "羽绒服跑绒严重，要求退货并赔偿运费"),
    (20, 21, "logistics", "lanlan", "快递三天没有更新，买家很着急"),
    (26, 48, "quality", "afang", "鞋子开胶，买家电话投诉"),
    (3, 24, "service", "xiaozhao", "买家投诉客服回复慢、态度敷衍"),
]


def open_refund_id(number: int) -> str:
    return f"ra{number:03d}"


def fresh_review_id(number: int) -> str:
    """The medium and bad reviews of FRESH_REVIEW_DAYS, in that order."""
    return f"vf{number:02d}"
