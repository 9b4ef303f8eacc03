"""The demo shop's re-shipments, intercepts, invoices and review flags (issue 16),
done through the services at their moments, so the 补发, 拦截 and 发票 pages and
the 审单 queue's new columns have something in them on first open."""

from __future__ import annotations

from kefu.demo.replay import Demo, at
from kefu.invoice import checks
from kefu.invoice import service as invoice_service
from kefu.invoice.schemas import InvoiceRequestIn, IssueIn, PostIn
from kefu.kit.paging import PageParams
from kefu.models.reship import InterceptStatus
from kefu.order import actions as order_actions
from kefu.order import order_review
from kefu.order import service as order_service
from kefu.reship import intercepts
from kefu.reship import service as reship_service
from kefu.reship.schemas import InterceptFilters, ReshipIn

# A valid 统一社会信用代码 (check digit right) for the demo's company titles.
DEMO_TAX_ID = "91350100M000100Y43"
# The smallest PDF a reader opens: the demo's e-invoices.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
RESHIPS = (  # hours ago, reason, freight payer, freight, note, shipped?
    (30, "missing", "shop", "12.00", "买家反馈少发一件，仓库核实漏拣", True),
    (8, "damaged", "courier", "10.00", "外箱压坏，快递同意赔付运费", False),
    (3, "wrong", "supplier", "12.00", "发错颜色，供应商承担", False),
)


def do_seed_fulfilment(demo: Demo) -> None:
    _reships(demo)
    _intercepts(demo)
    _invoices(demo)
    _review_marks(demo)


def _order(demo: Demo, order_id: str):
    return order_service.get_order(demo.db, order_id=order_id)


def _reships(demo: Demo) -> None:
    delivered = demo.orders_in("delivered")
    for number, (hours, reason, payer, freight, note, shipped) in enumerate(RESHIPS):
        original = _order(demo, delivered[-5 - number * 3]["id"])
        body = ReshipIn.model_validate(
            {
                "items": [{"line_no": 1, "qty": 1}],
                "reason": reason,
                "freight_payer": payer,
                "freight": freight,
                "note": note,
            }
        )
        with at(demo.ago(hours)):
            reship = reship_service.do_create(
                demo.db, original=original, body=body, actor=demo.agent("xiaowang")
            )
        if not shipped:
            continue
        new = _order(demo, reship.order_id)
        with at(demo.ago(hours - 2)):
            order_review.do_review(
                demo.db,
                order=new,
                checked=order_review.Checked(remark_read=True),
                reviewer=demo.agent("laochen"),
            )
            item = {"order_id": new.id, "courier": "中通快递", "tracking_no": "ZT7730001"}
            order_review.do_ship_batch(demo.db, items=[item], actor=demo.agent("laochen"))


def _intercepts(demo: Demo) -> None:
    """Two orders cancelled after review: one still waiting for the warehouse, one
    that left anyway and came back as a return."""
    paid = demo.orders_in("paid")
    for hours, row in ((5, paid[0]), (1, paid[1])):
        order = _order(demo, row["id"])
        if order.status != "paid" or order.cod or order_review.problems(demo.db, order):
            continue
        with at(demo.ago(hours + 1)):
            order_review.do_review(
                demo.db,
                order=order,
                checked=order_review.ALL_CHECKED,
                reviewer=demo.agent("xiaosun"),
            )
        with at(demo.ago(hours)):
            order_actions.do_cancel(
                demo.db, order=order, reason="买家拍错尺码，要求取消", actor=demo.agent("xiaomei")
            )
    pending = intercepts.intercept_list(
        demo.db, filters=InterceptFilters(status=["pending"]), params=PageParams()
    )["items"]
    if pending:
        with at(demo.ago(3)):
            intercepts.do_record_result(
                demo.db,
                intercept=intercepts.get(demo.db, intercept_id=pending[-1].id),
                result=InterceptStatus.too_late,
                note="仓库回复：已揽收，无法拦截",
                actor=demo.agent("xiaosun"),
            )


INVOICES = (  # hours ago, title type, title, delivery, then: issue, send/post, reject
    (80, "company", "杭州云帆贸易有限公司", "email", None),  # overdue
    (20, "personal", "王丽", "email", None),
    (30, "company", "厦门海澄科技有限公司", "email", "issue"),
    (60, "company", "南京青禾文化传媒有限公司", "email", "send"),
    (50, "personal", "李娜", "post", "post"),
    (40, "personal", "张伟", "email", "reject"),
)


def _invoices(demo: Demo) -> None:
    delivered = demo.orders_in("delivered")
    digest = checks.save_pdf(DEMO_PDF)
    for number, (hours, title_type, title, delivery, step) in enumerate(INVOICES):
        order = _order(demo, delivered[-20 - number * 2]["id"])
        body = InvoiceRequestIn(
            order_id=order.id,
            title_type=title_type,
            title=title,
            tax_id=DEMO_TAX_ID if title_type == "company" else None,
            delivery=delivery,
            email="fapiao@example.com" if delivery == "email" else None,
            post_address="浙江省杭州市西湖区文三路100号" if delivery == "post" else None,
        )
        with at(demo.ago(hours)):
            invoice = invoice_service.do_request(
                demo.db,
                order=order,
                body=body,
                actor=demo.agent("xiaowang") if number % 2 else None,
            )
        if step is None:
            continue
        laochen = demo.agent("laochen")
        with at(demo.ago(hours - 4)):
            if step == "reject":
                invoice_service.do_reject(
                    demo.db, invoice=invoice, reason="个人抬头请填写真实姓名", actor=laochen
                )
                continue
            issued = IssueIn(number=f"2633200000{number:010d}", amount=order.amount)
            invoice_service.do_issue(
                demo.db,
                invoice=invoice,
                body=issued,
                pdf_sha256=digest if delivery == "email" else None,
                actor=laochen,
            )
            if step == "send":
                invoice_service.do_send(demo.db, invoice=invoice, actor=laochen)
            elif step == "post":
                post = PostIn(courier="顺丰速运", tracking_no="SF1400220001")
                invoice_service.do_post(demo.db, invoice=invoice, body=post, actor=laochen)


def _review_marks(demo: Demo) -> None:
    """A flag and an address change on orders waiting for review, and an invoice
    request on one of them, so the queue shows what 审单 must check."""
    waiting = [
        item.order
        for item in order_review.queue(demo.db, now=demo.now)
        if not (item.order.cod or item.problems or item.flag or item.order.reviewed_at)
    ]
    flagged, moved = waiting[0], waiting[1]  # on the queue's first page
    with at(demo.ago(2)):
        order_actions.do_flag(
            demo.db,
            order=flagged,
            colour="red",
            text="买家要求加急，优先发",
            author=demo.agent("xiaomei"),
        )
    with at(demo.ago(1)):
        order_actions.do_change_address(
            demo.db,
            order=moved,
            text="上海市浦东新区张江路88号",
            receiver_name=moved.receiver_name or "王丽",
            receiver_phone="13812345678",
            actor=demo.agent("xiaomei"),
        )
        body = InvoiceRequestIn(
            order_id=flagged.id, title_type="personal", title="陈晨", email="chen@example.com"
        )
        invoice_service.do_request(demo.db, order=flagged, body=body, actor=None)
