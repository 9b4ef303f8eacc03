"""The demo shop's after-care: 三包 periods on shoes and home goods, repairs at each step,
parcels chased and claimed, tickets in the departments' queues (one answered, one abuse
report), marketplace claims with the platform's deadlines, and pages buyers viewed; all
through the services, at the times they happened."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kefu.aftersale import cases
from kefu.catalog import service as catalog_service
from kefu.demo.replay import Demo, at
from kefu.models.aftercare import ClaimStatus, ParcelKind, ServiceKind
from kefu.parcel import service as parcels
from kefu.repair import service as repairs
from kefu.selling import service as selling
from kefu.selling.schemas import ViewIn
from kefu.ticket import claims as platform_claims
from kefu.ticket import service as tickets

# 三包 in days: shoes (p013-p020) 90, the latex pillow 180, the vacuum mug a year, the cushion 180.
WARRANTY = {**{f"p{n:03d}": 90 for n in range(13, 21)}, "p022": 180, "p023": 365, "p032": 180}
DEPARTMENT_PEOPLE = {
    "dep_warehouse": ["laochen", "xiaosun"],
    "dep_logistics": ["xiaosun"],
    "dep_finance": ["zhoujie"],
    "dep_tech": ["wangjie"],
}


def do_seed_aftercare(demo: Demo) -> None:
    for product_id, days in WARRANTY.items():
        repairs.do_set_warranty(demo.db, product_id=product_id, days=days)
    for department_id, logins in DEPARTMENT_PEOPLE.items():
        department = tickets.get_department(demo.db, department_id)
        members = [demo.agent(login).id for login in logins]
        tickets.do_set_department(
            demo.db, department=department, answer_hours=department.answer_hours, member_ids=members
        )
    _repairs(demo)
    _parcels(demo)
    _tickets(demo)
    _platform_claims(demo)
    _page_views(demo)


def _covered(demo: Demo) -> list[tuple[dict[str, Any], int]]:
    """Delivered orders with a line under 三包, and that line's number."""
    found = []
    for order in demo.orders_in("delivered"):
        for line_no, item in enumerate(order["items"], start=1):
            if item["product"] in WARRANTY:
                found.append((order, line_no))
                break
    return found


# What buyers bring back, by product (shoes, the pillow, the mug, the cushion).
PROBLEMS = {
    **{f"p{n:03d}": "鞋底开胶，穿了不到一个月" for n in range(13, 21)},
    "p022": "乳胶枕表面有裂口",
    "p023": "保温杯不保温了，倒热水半小时就凉",
    "p032": "坐垫拉链坏了",
}
# (hours ago, how far it got): done, visited, scheduled, opened past the day to schedule, new
REPAIRS = ((30, "done"), (20, "visited"), (9, "scheduled"), (26, "opened"), (2, "opened"))


def _repairs(demo: Demo) -> None:
    owner = demo.agent("xiaowang")
    for (hours, reached), (order, line_no) in zip(REPAIRS, _covered(demo), strict=False):
        with at(demo.ago(hours)):
            service = repairs.do_open(
                demo.db,
                order_id=order["id"],
                line_no=line_no,
                kind=ServiceKind.repair,
                problem=PROBLEMS[order["items"][line_no - 1]["product"]],
                owner=owner,
            )
        if reached == "opened":
            continue
        with at(demo.ago(hours - 1)):
            repairs.do_schedule(
                demo.db,
                service=service,
                actor=owner,
                appointment_at=demo.ago(hours - 4) if reached != "scheduled" else demo.ago(-20),
                technician="张师傅",
            )
        if reached == "scheduled":
            continue
        with at(demo.ago(hours - 4)):
            repairs.do_visit(
                demo.db, service=service, actor=owner, note="已上门检查，需换件", parts=["配件包"]
            )
        if reached == "done":
            with at(demo.ago(hours - 8)):
                repairs.do_finish(
                    demo.db, service=service, actor=owner, result="已修复，买家试用正常"
                )


# (kind, hours ago, summary, claim amount, contacts as (hours ago, text, next in hours), solved)
PARCELS = (
    (
        ParcelKind.chase,
        3,
        "买家催件：三天没有物流更新",
        None,
        ((2, "已联系网点，答复今天派送", 4),),
        False,
    ),
    (ParcelKind.chase, 8, "买家急用，要求今天送到", None, (), False),
    (
        ParcelKind.problem,
        50,
        "显示已签收但买家没收到",
        None,
        ((40, "快递员称放在驿站", 20), (12, "驿站未找到，已报快递公司稽查", 2)),
        False,
    ),
    (
        ParcelKind.problem,
        70,
        "地址写错，包裹被退回",
        None,
        ((60, "已联系快递改地址重派", 24),),
        True,
    ),
    (
        ParcelKind.damaged,
        30,
        "外箱压烂，杯子有凹痕",
        Decimal("79.00"),
        ((20, "已向快递提交理赔，附照片", 24),),
        False,
    ),
    (
        ParcelKind.lost,
        120,
        "转运中心丢件",
        Decimal("269.00"),
        ((100, "快递确认丢件，同意全额赔付", 48),),
        False,
    ),
)


def _parcels(demo: Demo) -> None:
    owner = demo.agent("lanlan")
    shipped = demo.orders_in("shipped") + demo.orders_in("delivered")
    for number, (kind, hours, summary, amount, contacts, solved) in enumerate(PARCELS):
        order = shipped[number * 5]
        with at(demo.ago(hours)):
            case = parcels.do_open(
                demo.db,
                kind=kind,
                order_id=order["id"],
                summary=summary,
                owner=owner,
                claim_amount=amount,
            )
        for ago, text, next_hours in contacts:
            with at(demo.ago(ago)):
                parcels.do_contact(
                    demo.db,
                    case=case,
                    author=owner,
                    text=text,
                    channel="phone",
                    next_at=demo.ago(ago - next_hours),
                )
        if kind == ParcelKind.lost:
            with at(demo.ago(90)):
                parcels.do_claim(
                    demo.db,
                    case=case,
                    author=owner,
                    amount=Decimal("269.00"),
                    status=ClaimStatus.accepted,
                )
        if solved:
            with at(demo.ago(30)):
                parcels.do_solve(
                    demo.db, case=case, author=owner, result="已按新地址重新派送，买家已签收"
                )


def _tickets(demo: Demo) -> None:
    orders = demo.orders_in("paid")
    asks = (
        ("dep_warehouse", "xiaomei", "买家问能否今天加急发出，明天要送人", 3),
        ("dep_tech", "xiaowang", "买家说下单页面一直转圈付不了款", 30),
        ("dep_finance", "lanlan", "退款显示成功但买家说没到账，请查一下", 50),
        ("dep_logistics", "xiaozhao", "新疆地址能不能发顺丰，运费多少", 1),
    )
    for number, (department, login, note, hours) in enumerate(asks):
        with at(demo.ago(hours)):
            ticket = tickets.do_escalate(
                demo.db,
                department_id=department,
                requester=demo.agent(login),
                note=note,
                customer_id=orders[number * 3]["customer"],
            )
        if department == "dep_finance":
            with at(demo.ago(hours - 5)):
                tickets.do_answer(
                    demo.db,
                    ticket=ticket,
                    agent=demo.agent("zhoujie"),
                    answer="已查到，退款原路退回，银行卡 1-3 个工作日到账",
                )
    with at(demo.ago(7)):  # a courier stopped in one region: an incident (突发事件)
        cases.do_open_complaint(
            demo.db,
            customer_id=orders[2]["customer"],
            category="incident",
            summary="快递网点暂停派送，买家的包裹滞留三天",
            promised_by=demo.ago(-17),
            owner=demo.agent("xiaowang"),
            order_id=orders[2]["id"],
        )
    with at(demo.ago(5)):
        tickets.do_report_abuse(
            demo.db,
            reporter=demo.agent("xiaowang"),
            customer_id=orders[1]["customer"],
            note="买家连续辱骂客服，并以差评威胁要求全额退款不退货",
        )


def _platform_claims(demo: Demo) -> None:
    """(platform, kind, reason, amount, opened hours ago, the platform's window in hours):
    one with a day left, one due within hours, one already past its deadline."""
    delivered = demo.orders_in("delivered")
    claims = (
        ("tmall", "rights", "买家申请维权：商品与描述不符", Decimal("129.00"), 20, 48),
        ("taobao", "complaint", "买家投诉客服回复慢", None, 40, 46),
        ("jd", "rights", "买家要求退货运费由商家承担", Decimal("12.00"), 60, 58),
    )
    owner = demo.agent("xiaowang")
    for number, (platform, kind, reason, amount, hours, window) in enumerate(claims):
        with at(demo.ago(hours)):
            claim = platform_claims.do_open(
                demo.db,
                platform=platform,
                kind=kind,
                order_id=delivered[number * 11 + 2]["id"],
                reason=reason,
                amount=amount,
                due_at=demo.ago(hours - window),
                owner=owner,
            )
        with at(demo.ago(hours - 2)):
            platform_claims.do_note(
                demo.db, claim=claim, author=owner, text="已在平台上传商品实拍和聊天记录"
            )


def _page_views(demo: Demo) -> None:
    """Buyers who are chatting now looked at a few product pages first."""
    for number, order in enumerate(demo.orders[3::17][:6]):
        viewer = f"demo-viewer-{number:03d}"
        seen = [item["product"] for item in order["items"][:2]] + [f"p{number * 7 % 32 + 1:03d}"]
        for step, product_id in enumerate(seen):
            product = catalog_service.get_product(demo.db, product_id)
            with at(demo.ago(1 + step * 0.2)):
                selling.do_record_view(
                    demo.db,
                    view=ViewIn(
                        viewer=viewer,
                        url=f"https://shop.example.cn/item/{product_id}",
                        title=f"{product.title if product else product_id} - 店铺首页",
                        product_id=product_id,
                    ),
                )
        selling.do_claim_views(demo.db, viewer=viewer, customer_id=order["customer"])
