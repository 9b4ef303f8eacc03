"""Images in chat: type decided by the bytes, not the name; stored outside the web root."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.errors import BadInput
from kefu.kit.ids import new_id
from kefu.models import Attachment, ChatSession


def sniff_image_type(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def storage_path(sha256: str) -> Path:
    return get_settings().data_dir / "uploads" / sha256[:2] / sha256


@dataclass(frozen=True)
class SavedImage:
    content_type: str
    size: int
    sha256: str


def save_upload(file: BinaryIO) -> SavedImage:
    """Check and store the uploaded image's bytes, before any transaction begins:
    reading, hashing and writing a file of megabytes must not hold SQLite's write
    lock. Reads no more than one byte past the limit. Stored by content, so a file
    whose transaction then fails is harmless (the next upload of it reuses it)."""
    data = file.read(get_settings().max_image_bytes + 1)
    return save_image(data)


def save_image(data: bytes) -> SavedImage:
    limit = get_settings().max_image_bytes
    if len(data) > limit:
        raise BadInput(f"图片不能超过 {limit // (1024 * 1024)} MB", code="image_too_large")
    content_type = sniff_image_type(data)
    if content_type is None:
        raise BadInput("只支持 JPEG、PNG、WebP 图片", code="unsupported_image")
    return SavedImage(content_type=content_type, size=len(data), sha256=store_bytes(data))


def store_bytes(data: bytes) -> str:
    """Keep checked bytes under their SHA-256 (once); the digest names them."""
    digest = hashlib.sha256(data).hexdigest()
    path = storage_path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{new_id('part')}")
        temporary.write_bytes(data)
        temporary.replace(path)
    return digest


def do_store_image(db: Session, *, chat_session: ChatSession, image: SavedImage) -> Attachment:
    attachment = Attachment(
        id=new_id("img"),
        session_id=chat_session.id,
        content_type=image.content_type,
        size=image.size,
        sha256=image.sha256,
        created_at=clock.now(),
    )
    db.add(attachment)
    db.flush()
    return attachment
