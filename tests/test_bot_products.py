"""Products by name: a buyer names a product in five ways and gets the size,
stock and material answers for it; a plausible name is asked about once
("是这款吗？"), and the bot never loops on "which product?"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.bot import products
from kefu.bot import service as bot_service
from kefu.bot.answers import ASK_PRODUCT
from kefu.bot.normalize import normalize
from kefu.models import Product, Sku

pytestmark = pytest.mark.usefixtures("bot", "starter_faq")

SIZE_CHART = [
    {"size": "M", "height": [160, 170], "weight": [50, 60]},
    {"size": "L", "height": [170, 180], "weight": [60, 70]},
    {"size": "XL", "height": [180, 190], "weight": [70, 85]},
]


@pytest.fixture
def starter_faq(session: Session) -> None:
    from kefu.bot import kb

    kb.do_seed_defaults(session)


@pytest.fixture
def tee(session: Session) -> Product:
    """The T-shirt, a mug that shares no words with it, and its sizes in stock."""
    row = Product(id="p-tee", title="纯棉圆领短袖T恤", price=Decimal("59.00"), stock=20)
    row.attributes = {"简称": "圆领T恤|白T", "材质": "100%纯棉", "size_chart": SIZE_CHART}
    session.add(row)
    session.add(Product(id="p-mug", title="陶瓷马克杯", price=Decimal("29.00"), stock=5))
    session.flush()
    for size, stock in (("M", 8), ("L", 12), ("XL", 0)):
        session.add(
            Sku(id=f"p-tee-{size}", product_id="p-tee", attributes={"尺码": size}, stock=stock)
        )
    session.flush()
    return row


def ask(session: Session, text: str, **kwargs: object) -> bot_service.BotAnswer:
    return bot_service.answer(session, text=text, **kwargs)  # type: ignore[arg-type]


# (how the buyer names it, extra arguments): title, short name, 繁體 and full
# width, its id, and the page the buyer chats from.
NAMED = [
    ("纯棉圆领短袖T恤", {}),
    ("圆领T恤", {}),
    ("純棉圓領短袖Ｔ恤", {}),
    ("p-tee", {}),
    ("", {"product_id": "p-tee"}),
]
QUESTIONS = [
    ("有L码吗", "stock", "L 有货（库存 12 件）"),
    ("XL码还有吗", "stock", "XL 暂时缺货"),
    ("是什么材质的", "product_info", "100%纯棉"),
    ("175 130斤穿多大", "size_advice", "L 码"),
]


class TestAnswerByName:
    @pytest.mark.parametrize(("name", "extra"), NAMED)
    @pytest.mark.parametrize(("question", "intent", "expected"), QUESTIONS)
    def test_five_ways_to_name_it_get_its_answers(
        self,
        session: Session,
        tee: Product,
        name: str,
        extra: dict[str, str],
        question: str,
        intent: str,
        expected: str,
    ) -> None:
        result = ask(session, f"{name} {question}".strip(), **extra)
        assert (result.intent, result.handoff) == (intent, False), result.public()
        assert expected in result.answer
        assert result.context.product_id == "p-tee"

    def test_a_plausible_name_is_asked_about_then_answered(
        self, session: Session, tee: Product
    ) -> None:
        first = ask(session, "那件圆领短袖有L码吗")
        assert first.answer == "是这款吗？「纯棉圆领短袖T恤」" and not first.handoff
        second = ask(session, "是的", context=first.context)
        assert "L 有货（库存 12 件）" in second.answer and second.context.product_id == "p-tee"

    def test_no_to_the_question_asks_which_product_once_then_hands_off(
        self, session: Session, tee: Product
    ) -> None:
        first = ask(session, "那件圆领短袖有L码吗")
        second = ask(session, "不是", context=first.context)
        assert second.answer == ASK_PRODUCT and not second.handoff
        third = ask(session, "是什么材质的", context=second.context)
        assert (third.handoff, third.handoff_reason) == (True, "no_data")

    def test_the_page_product_answers_without_asking(self, session: Session, tee: Product) -> None:
        result = ask(session, "是什么材质的", product_id="p-tee")
        assert "100%纯棉" in result.answer


class TestFind:
    def test_a_name_in_the_message_is_sure(self, session: Session, tee: Product) -> None:
        matches = products.find(session, normalize("圆领T恤还有吗"))
        assert [(m.product_id, m.score, m.said) for m in matches] == [("p-tee", 1.0, "圆领t恤")]

    def test_unrelated_words_match_nothing(self, session: Session, tee: Product) -> None:
        assert products.find(session, normalize("今天能发货吗")) == []

    def test_a_new_product_is_found_at_once(self, session: Session, tee: Product) -> None:
        session.add(Product(id="p-new", title="羊毛围巾", price=Decimal("99.00"), stock=1))
        session.flush()
        assert products.find(session, normalize("羊毛围巾有货吗"))[0].product_id == "p-new"


class TestDecide:
    def test_sure_and_clearly_best_is_taken(self) -> None:
        best = products.Match("a", "A", 1.0, "a")
        assert products.decide([best, products.Match("b", "B", 0.5, None)]) == (best, None)

    def test_plausible_or_close_is_asked_about(self) -> None:
        one = products.Match("a", "A", 0.5, None)
        assert products.decide([one]) == (None, one)
        tie = [products.Match("a", "A", 1.0, "a"), products.Match("b", "B", 0.9, None)]
        assert products.decide(tie) == (None, tie[0])


class TestStockAnswer:
    def test_only_whole_sizes_count(self, session: Session, tee: Product) -> None:
        skus = session.query(Sku).filter_by(product_id="p-tee").all()
        assert products.stock_answer(tee, skus, normalize("hello 有货吗")) is None
        assert "M 有货（库存 8 件）" in (
            products.stock_answer(tee, skus, normalize("m码有吗")) or ""
        )
