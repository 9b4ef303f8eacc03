"""What an invoice request and an issued invoice must satisfy: the unified social
credit code (统一社会信用代码, GB 32100-2015) with its check digit, an e-mail
address, an invoice number, and a PDF recognised by its bytes, not its name."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kefu.config import get_settings
from kefu.kit.errors import BadInput
from kefu.kit.ids import new_id

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = re.compile(r"^(\d{8}|\d{20})$")  # 8 digits (税控发票) or 20 (数电发票)
MAX_PDF_BYTES = 5 * 1024 * 1024


def credit_code_ok(code: str) -> bool:
    """18 characters from the code's alphabet whose last is the weighted check digit."""
    if len(code) != 18 or any(c not in CODE_CHARS for c in code):
        return False
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(code[:17], WEIGHTS, strict=True))
    return CODE_CHARS[(31 - total % 31) % 31] == code[17]


def check_tax_id(tax_id: str) -> str:
    code = tax_id.strip().upper()
    if len(code) != 18:
        raise BadInput("税号应为 18 位统一社会信用代码", code="bad_tax_id")
    if not credit_code_ok(code):
        raise BadInput("税号校验位不对，请核对统一社会信用代码", code="bad_tax_id")
    return code


def check_email(email: str) -> str:
    email = email.strip()
    if not _EMAIL.match(email) or len(email) > 255:
        raise BadInput("邮箱格式不正确", code="bad_email")
    return email


def check_number(number: str) -> str:
    number = number.strip()
    if not _NUMBER.match(number):
        raise BadInput("发票号码应为 8 位或 20 位数字", code="bad_invoice_number")
    return number


def pdf_path(sha256: str) -> Path:
    return get_settings().data_dir / "uploads" / sha256[:2] / sha256


def save_pdf(data: bytes) -> str:
    """Check and store an e-invoice PDF by its content; its SHA-256."""
    if len(data) > MAX_PDF_BYTES:
        raise BadInput("发票文件不能超过 5 MB", code="pdf_too_large")
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise BadInput("请上传 PDF 格式的电子发票", code="not_pdf")
    digest = hashlib.sha256(data).hexdigest()
    path = pdf_path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{new_id('part')}")
        temporary.write_bytes(data)
        temporary.replace(path)
    return digest
