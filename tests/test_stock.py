"""Actual stock from the warehouse (CSV), differences from the listed stock, and
the lookup pre-sales agents use."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.catalog import service
from kefu.kit.errors import BadInput
from kefu.models import Product, Sku
from kefu.models.team import Role
from tests.factories import add_agent, login


@pytest.fixture
def catalog(session: Session) -> None:
    session.add(Product(id="p1", title="加绒卫衣"))
    session.flush()
    session.add(
        Sku(
            id="p1-01",
            product_id="p1",
            attributes={"颜色": "黑", "尺码": "M"},
            stock=10,
            code="WY-B-M",
        )
    )
    session.add(Sku(id="p1-02", product_id="p1", attributes={"颜色": "黑", "尺码": "L"}, stock=5))
    session.flush()


@pytest.mark.usefixtures("catalog")
class TestImportActualStock:
    def test_by_id_or_code_and_the_differences(self, session: Session) -> None:
        assert (
            service.do_import_actual_stock(session, data="sku,actual_stock\nWY-B-M,7\np1-02,5\n")
            == 2
        )
        assert [
            (d["sku"], d["listed"], d["actual"], d["difference"])
            for d in service.differences(session)
        ] == [("p1-01", 10, 7, -3)]

    @pytest.mark.parametrize("bad", ["nope,3", "p1-02,many", "p1-02,-1"])
    def test_a_bad_row_changes_nothing(self, session: Session, bad: str) -> None:
        with pytest.raises(BadInput, match="第 3 行"):
            service.do_import_actual_stock(session, data=f"sku,actual_stock\nWY-B-M,7\n{bad}\n")
        assert session.get(Sku, "p1-01").actual_stock is None  # type: ignore[union-attr]

    def test_pre_sales_see_real_stock(self, client: TestClient, session: Session) -> None:
        add_agent(session, "mei", Role.presale)
        add_agent(session, "laochen", Role.order_review)
        session.commit()
        token = login(client, "laochen")
        upload = client.post(
            "/api/v1/stock/actual",
            files={"file": ("count.csv", io.BytesIO(b"sku,actual_stock\nWY-B-M,0\n"), "text/csv")},
            headers={"X-CSRF-Token": token},
        )
        assert upload.json() == {"updated": 1}
        login(client, "mei")
        [product] = client.get("/api/v1/products", params={"q": "卫衣"}).json()
        assert [(s["sku"], s["listed"], s["actual"]) for s in product["skus"]] == [
            ("p1-01", 10, 0),
            ("p1-02", 5, None),
        ]
