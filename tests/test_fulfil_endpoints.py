"""Re-shipping, intercepts, invoices and the print sheet over HTTP: roles, Chinese
refusals with codes, the PDF upload checked by its bytes, and the buyer's own path."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.api.buyer_auth import issue_buyer_token
from tests.factories import login
from tests.ord2_data import VALID_CODE, order, staff

PDF = b"%PDF-1.4\n%%EOF\n"


def test_reship_intercept_and_print_over_http(client: TestClient, session: Session) -> None:
    staff(session)
    order(session)
    order(session, "o2", status="paid")
    session.commit()
    csrf = {"X-CSRF-Token": login(client, "mei")}
    made = client.post(
        "/api/v1/orders/o1/reships",
        json={"items": [{"line_no": 1, "qty": 1}], "reason": "missing", "freight_payer": "shop"},
        headers=csrf,
    )
    assert made.status_code == 201, made.text
    assert made.json()["order_id"] == "o1-BF1"
    listed = client.get("/api/v1/reships", params={"q": "o1"}).json()
    assert (listed["total"], listed["items"][0]["reason_label"]) == (1, "漏发/少发")
    refused = client.post(
        "/api/v1/orders/o2/reships",
        json={"items": [{"line_no": 1, "qty": 1}], "reason": "missing", "freight_payer": "shop"},
        headers=csrf,
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "not_reshippable")
    assert client.get("/api/v1/order-review/print", params={"ids": "o1-BF1"}).status_code == 403

    csrf = {"X-CSRF-Token": login(client, "chen")}
    assert (
        client.post("/api/v1/orders/o2/review", json={"packs": 2}, headers=csrf).status_code == 200
    )
    sheet = client.get("/api/v1/order-review/print", params={"ids": "o2"}).json()
    assert [(w["order_id"], w["packs"]) for w in sheet["waybills"]] == [("o2", 2)]
    cancelled = client.post("/api/v1/orders/o2/cancel", json={"reason": "买家不要了"}, headers=csrf)
    assert cancelled.status_code == 200
    pending = client.get("/api/v1/intercepts", params={"status": "pending"}).json()["items"]
    assert [(i["order_id"], i["status_label"]) for i in pending] == [("o2", "待拦截")]
    answered = client.post(
        f"/api/v1/intercepts/{pending[0]['id']}/result", json={"result": "too_late"}, headers=csrf
    )
    assert answered.json()["status"] == "too_late" and answered.json()["refund_id"]


def test_invoice_from_the_buyer_then_issued_and_sent(client: TestClient, session: Session) -> None:
    staff(session)
    order(session)
    order(session, "o9", customer_id="c2")
    session.commit()
    buyer = {"Authorization": f"Bearer {issue_buyer_token('c1')}"}
    body = {
        "order_id": "o1",
        "title_type": "company",
        "title": "福建某某科技有限公司",
        "tax_id": VALID_CODE,
        "email": "cw@example.com",
    }
    asked = client.post("/api/v1/my/invoices", json=body, headers=buyer)
    assert (asked.status_code, asked.json()["status_label"]) == (201, "待开票")
    stranger = client.post("/api/v1/my/invoices", json=body | {"order_id": "o9"}, headers=buyer)
    assert stranger.status_code == 404
    bad = client.post(
        "/api/v1/my/invoices", json=body | {"tax_id": "91350100M000100Y44"}, headers=buyer
    )
    assert (bad.status_code, bad.json()["code"]) in {(409, "invoice_exists"), (422, "bad_tax_id")}

    csrf = {"X-CSRF-Token": login(client, "chen")}
    [row] = client.get("/api/v1/invoices", params={"status": "requested"}).json()["items"]
    assert (row["source_label"], row["allowed_actions"]) == ("买家申请", ["issue", "reject"])
    form = {"number": "12345678", "amount": "199.00"}
    png = client.post(
        f"/api/v1/invoices/{row['id']}/issue",
        data=form,
        files={"file": ("fapiao.pdf", b"\x89PNG\r\n\x1a\n0000", "application/pdf")},
        headers=csrf,
    )
    assert (png.status_code, png.json()["code"]) == (422, "not_pdf")
    issued = client.post(
        f"/api/v1/invoices/{row['id']}/issue",
        data=form,
        files={"file": ("x.bin", PDF, "application/octet-stream")},
        headers=csrf,
    )
    assert issued.json()["status"] == "issued", issued.text
    assert client.get(f"/api/v1/invoices/{row['id']}/pdf").content == PDF
    assert (
        client.post(f"/api/v1/invoices/{row['id']}/send", headers=csrf).json()["status"] == "sent"
    )
    mine = client.get("/api/v1/my/invoices", headers=buyer).json()
    assert [(i["order_id"], i["status_label"], i["number"]) for i in mine] == [
        ("o1", "已发送邮箱", "12345678")
    ]
    csrf = {"X-CSRF-Token": login(client, "mei")}  # 售后 takes requests but does not issue
    assert client.post(f"/api/v1/invoices/{row['id']}/send", headers=csrf).status_code == 403
