"""Call recordings: an audio file checked by its bytes (like chat images) and kept by
content, or the PBX's URL; and QC's score of the call on the chat sheet (50/30/20)."""

from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.chat import attachments
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.hotline import repository
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, NotFound
from kefu.models import Agent, CallReview, HotlineCall, PhoneCall
from kefu.qc import qc_review


def sniff_audio_type(data: bytes) -> str | None:
    """MP3 (an ID3 tag or a frame sync), WAV, Ogg or M4A, from the first bytes."""
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso"):
        return "audio/mp4"
    return None


def save_upload(file: BinaryIO) -> tuple[str, str]:
    """Check and keep an uploaded recording before the transaction (as images are):
    its (content type, SHA-256). Reads at most one byte past the limit."""
    limit = get_settings().max_recording_bytes
    data = file.read(limit + 1)
    if len(data) > limit:
        raise BadInput(f"录音不能超过 {limit // (1024 * 1024)} MB", code="recording_too_large")
    content_type = sniff_audio_type(data)
    if content_type is None:
        raise BadInput("只支持 MP3、WAV、OGG、M4A 录音", code="unsupported_audio")
    return content_type, attachments.store_bytes(data)


def handled_call(db: Session, call: HotlineCall) -> PhoneCall:
    if call.phone_call_id is None:
        raise Conflict("这通电话没有接通，没有录音", code="call_not_handled")
    return crm_service.get_call(db, call.phone_call_id)


def do_attach(
    db: Session, *, call: HotlineCall, url: str | None = None, stored: tuple[str, str] | None = None
) -> PhoneCall:
    return do_attach_to(db, record=handled_call(db, call), url=url, stored=stored)


def do_attach_to(
    db: Session, *, record: PhoneCall, url: str | None = None, stored: tuple[str, str] | None = None
) -> PhoneCall:
    """The call's recording: a file kept here, else the PBX's URL (a new one replaces it)."""
    if stored is not None:
        record.recording_type, record.recording_sha256 = stored
        record.recording_url = None
    else:
        record.recording_url, record.recording_type, record.recording_sha256 = url, None, None
    db.flush()
    return record


def recording_file(record: PhoneCall) -> tuple[str, str]:
    """(path, content type) of a stored recording; 404 when the call has none kept here."""
    if record.recording_sha256 is None or record.recording_type is None:
        raise NotFound("这通电话没有上传的录音", code="no_recording")
    return str(attachments.storage_path(record.recording_sha256)), record.recording_type


def do_review(
    db: Session, *, reviewer: Agent, record: PhoneCall, sheet: qc_review.ReviewIn
) -> CallReview:
    """Score the call on the sheet QC uses for chats; scoring again replaces the score."""
    qc_review.check_reviewer(reviewer)
    row = repository.review(db, record.id)
    if row is None:
        row = CallReview(phone_call_id=record.id)
    row.quantified, row.quality, row.skills = sheet.quantified, sheet.quality, sheet.skills
    row.total = qc_review.sheet_total(sheet)
    row.comment = sheet.comment
    row.reviewer_id = reviewer.id
    row.reviewed_at = clock.now()
    repository.add(db, row)
    audit.do_record(
        db,
        action="qc_review",
        actor_id=reviewer.id,
        target=record.id,
        detail={"total": row.total, "call": True},
    )
    return row


def review_of(db: Session, *, record: PhoneCall) -> dict[str, Any] | None:
    row = repository.review(db, record.id)
    if row is None:
        return None
    parts = ("quantified", "quality", "skills", "total", "comment", "reviewer_id", "reviewed_at")
    return {part: getattr(row, part) for part in parts}
