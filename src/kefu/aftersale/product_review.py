"""Product reviews (商品评价: medium and bad reviews, 中差评) worked as cases: imported from
the marketplace, contacted, and closed with a result (revised, explained, malicious with
evidence); the buyer may revise a review within 30 days of posting. Named apart from the
order review (审单, order.order_review) and the QC review (质检, qc.qc_review).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.aftersale import repository
from kefu.aftersale.cases import add_note, check_case_role
from kefu.aftersale.jobs import REVISE_WINDOW
from kefu.kit import clock
from kefu.kit.actions import permitted
from kefu.kit.batches import item_error, parse_items
from kefu.kit.dates import Moment
from kefu.kit.errors import BadInput, Conflict, csv_line_error, found
from kefu.models import Agent, CaseNote, Review
from kefu.models.aftersale import ReviewRating
from kefu.task import service as task_service

REVIEW_RESULTS = {
    "revised": "买家已改评",
    "explained": "已解释说明",
    "malicious": "恶意评价（已取证）",
}


class ReviewIn(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    order_id: str = Field(min_length=1, max_length=64)
    rating: ReviewRating
    at: Moment  # a time without its zone is refused
    text: str | None = Field(default=None, max_length=5000)


def do_import_reviews(db: Session, *, items: list[Any]) -> dict[str, int]:
    """Reviews from the marketplace (JSON array or CSV rows), all or nothing; one
    already known is left as it is."""
    checked = parse_items(items, ReviewIn, code="bad_review")
    for index, review in enumerate(checked):
        if repository.customer_of_order(db, review.order_id) is None:
            raise item_error(index, f"没有订单 {review.order_id}", code="unknown_order")
    added = 0
    for review in checked:
        if repository.review(db, review.id) is None:
            repository.add(
                db,
                Review(
                    id=review.id,
                    order_id=review.order_id,
                    rating=review.rating.value,
                    at=review.at,
                    text=review.text,
                ),
            )
            added += 1
    return {"received": len(items), "added": added}


def do_import_reviews_csv(db: Session, *, data: str) -> dict[str, int]:
    rows = [dict(row) for row in csv.DictReader(io.StringIO(data))]
    try:
        return do_import_reviews(db, items=rows)
    except BadInput as error:
        raise csv_line_error(error) from None


def revise_until(review: Review) -> dt.datetime:
    return review.at + REVISE_WINDOW


def check_result(review: Review, result: str) -> None:
    """A revised review can only be recorded while the buyer may still revise it."""
    if result == "revised" and clock.now() > revise_until(review):
        raise Conflict("已超过 30 天改评期限", code="revise_window_over")


# What recording each result needs written down besides the note.
RESULT_REQUIRES = {"revised": ["revised_rating"], "explained": [], "malicious": ["evidence"]}


def review_actions(*, review: Review, agent: Agent) -> list[dict[str, Any]]:
    """What the review's page offers the agent: log a contact, and record each result
    the review's age still allows, with what that result needs written down."""
    if not permitted(lambda: check_case_role(agent)):
        return []
    return [{"action": "contact", "label": "记录联系", "requires": []}] + [
        {"action": "result", "result": result, "label": label, "requires": RESULT_REQUIRES[result]}
        for result, label in REVIEW_RESULTS.items()
        if permitted(lambda result=result: check_result(review, result))
    ]


def do_log_contact(
    db: Session, *, review: Review, author: Agent, channel: str, text: str
) -> CaseNote:
    if not text.strip():
        raise BadInput("请写明联系情况", code="empty_note")
    return add_note(db, "review", review.id, author, "contact", text.strip(), channel)


def do_record_result(
    db: Session,
    *,
    review: Review,
    author: Agent,
    result: str,
    note: str,
    evidence: str | None = None,
    revised_rating: str | None = None,
) -> Review:
    """How the review ended: revised (within the 30 days), explained, or malicious
    (evidence required). Its follow-up task is closed."""
    if result not in REVIEW_RESULTS:
        raise BadInput(f"未知的处理结果 {result!r}", code="bad_result")
    if result == "malicious" and not (evidence or "").strip():
        raise BadInput("恶意评价需要留存证据", code="evidence_required")
    check_result(review, result)
    if result == "revised":
        if revised_rating not in ReviewRating.__members__:
            raise BadInput("请填写改后的评价等级", code="bad_rating")
        review.revised_rating = revised_rating
    review.result, review.evidence = result, (evidence or "").strip() or None
    review.handled_at = review.handled_at or clock.now()
    add_note(db, "review", review.id, author, "result", f"{REVIEW_RESULTS[result]}：{note.strip()}")
    task_service.do_finish_case_tasks(
        db, dedupe_key=f"review:{review.id}", note=REVIEW_RESULTS[result]
    )
    return review


def get_review(db: Session, review_id: str) -> Review:
    return found(repository.review(db, review_id), "没有这条评价", code="review_not_found")
