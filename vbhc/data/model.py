"""The data model shared by every kind: the document frame and the campaign's facts.

Field names are the keys clerks type in data files (Vietnamese, no diacritics).
Validation happens here, before anything is written; ``vbhc.data.loading`` maps each
error back to its file and line. Kinds subclass ``VanBan`` and add their facts.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from vbhc.core.formatting import FILTERS

QuyenHan = Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]


def _text_or_record(value: Any) -> str:
    return "text" if isinstance(value, str) else "record"


Record = TypeVar("Record")
# "A plain string, or a ``Record``", told apart by the value's shape: ``TextOr[Y]``.
# Without the discriminator, a bad record would also be reported as "not a string".
TextOr = Annotated[Union[Annotated[str, Field(min_length=1), Tag("text")],  # noqa: UP007
                         Annotated[Record, Tag("record")]],
                   Discriminator(_text_or_record)]


class Model(BaseModel):
    """Base of every data record: unknown keys are errors, text is NFC."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        # -- decomposed diacritics (NFD, from some keyboards and PDFs) become precomposed --
        return nfc(value)


def nfc(value: Any) -> Any:
    """Return ``value`` with every string in it (list items, keys) in Unicode NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value


class CoQuan(Model):
    """An issuing body: its full name (used in text), header lines and abbreviation."""

    ten: str = Field(min_length=1)
    viet_tat: str = Field(min_length=1, pattern=r"^\S+$")
    dong: list[str] | None = None  # header lines in capitals; default: the name in capitals

    @property
    def header_lines(self) -> list[str]:
        """Return the lines of the name as the header prints them."""
        return self.dong or [self.ten.upper()]


class NoiNhan(Model):
    """A recipient with an optional purpose tag such as "b/c"."""

    ten: str = Field(min_length=1)
    ghi_chu: str | None = None

    def line(self) -> str:
        """Return the recipient as its Nơi nhận line, without the final punctuation."""
        return f"- {self.ten} ({self.ghi_chu})" if self.ghi_chu else f"- {self.ten}"


class Luu(Model):
    """The closing "- Lưu: VT, <unit> (<copies>)." of Nơi nhận."""

    don_vi: str | None = None
    so_ban: int | None = Field(default=None, ge=1)

    def line(self) -> str:
        """Return the Lưu line with its final full stop."""
        unit = f", {self.don_vi}" if self.don_vi else ""
        copies = f" ({self.so_ban:02d})" if self.so_ban else ""
        return f"- Lưu: VT{unit}{copies}."


class NguoiKy(Model):
    """The signer: authority (TM., KT., …), title lines, other office, name."""

    quyen_han: QuyenHan | None = None
    chuc_danh: list[str] = Field(min_length=1)  # e.g. ["BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    chuc_vu_khac: list[str] = []  # office held elsewhere, printed above the name
    ho_ten: str = Field(min_length=1)

    def title_lines(self) -> list[str]:
        """Return the 7a lines: the authority prefix joins the first title line."""
        lines = [line.upper() for line in self.chuc_danh]
        if self.quyen_han:
            lines[0] = f"{self.quyen_han} {lines[0]}"
        return lines


class VanBanLienQuan(Model):
    """A document cited in the text: typed here, or read from the vbhc data file ``tep``."""

    tep: str | None = None
    ten_loai: str | None = None  # "Kế hoạch", "Hướng dẫn" …
    so: int | None = None
    ky_hieu: str | None = None
    ngay: date | None = None
    co_quan: str | None = None  # issuer as named in running text
    trich_yeu: str | None = None

    @model_validator(mode="after")
    def _typed_or_file(self) -> VanBanLienQuan:
        if self.tep is None and None in (self.ten_loai, self.ky_hieu, self.ngay, self.co_quan):
            raise ValueError("cần 'tep' (tệp dữ liệu của văn bản) hoặc đủ ten_loai, ky_hieu, "
                             "ngay, co_quan")
        return self


class SuKien(Model):
    """An event of the campaign."""

    ngay: date
    ten: str = Field(min_length=1)
    dia_diem: str = Field(min_length=1)


class ChiTieu(Model):
    """A target: a number, its unit, and optionally the annual figure it is part of."""

    so: int = Field(ge=0)
    don_vi: str = Field(min_length=1)
    ca_nam: int | None = Field(default=None, gt=0)


class ChienDich(Model):
    """The campaign's facts, typed once and referred to from the text."""

    ten: str = Field(min_length=1)
    nam: int = Field(ge=1945, le=2200)
    tu_ngay: date | None = None
    den_ngay: date | None = None
    chi_tieu: dict[str, ChiTieu] = {}
    su_kien: list[SuKien] = []
    mau_su_kien: str = ("Ngày {{ su_kien.ngay|ngay }} tổ chức {{ su_kien.ten }} "
                        "tại {{ su_kien.dia_diem }}.")
    kinh_phi: list[str] = []

    @model_validator(mode="after")
    def _period(self) -> ChienDich:
        if self.tu_ngay and self.den_ngay and self.tu_ngay > self.den_ngay:
            raise ValueError(f"tu_ngay ({self.tu_ngay:%d/%m/%Y}) sau den_ngay "
                             f"({self.den_ngay:%d/%m/%Y})")
        return self


class Y(Model):
    """A "-" item that carries "+" sub-items."""

    doan: str = Field(min_length=1)
    y: list[str] = []


class Muc(Model):
    """A section of the body; vbhc numbers it by its depth (I., 1., a)).

    A section has a title (``tieu_de``) or starts with its text (``doan``); then
    come paragraphs, "-" items (``y``), numbered sub-sections (``muc``) and
    closing paragraphs (``doan_sau``).
    """

    tieu_de: str | None = None
    doan: list[str] = []
    y: list[TextOr[Y]] = []
    y_nho: list[str] = []  # "+" items directly under the section
    su_kien: bool = False  # list the campaign's events here as "-" items
    muc: list[Muc] = []
    doan_sau: list[str] = []
    danh_so: Literal["chu_cai", "thap_phan"] = "chu_cai"  # sub-sections as a) or as 3.1.

    @field_validator("doan", "doan_sau", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_empty(self) -> Muc:
        if not (self.tieu_de or self.doan):
            raise ValueError("mục cần 'tieu_de' hoặc 'doan'")
        return self


class DongChiTieu(Model):
    """One unit of a quota table: its name, annual quota and what it has done so far."""

    ten: str = Field(min_length=1)
    ca_nam: int = Field(ge=0)
    da_thuc_hien: int | None = Field(default=None, ge=0)

    @field_validator("ten", mode="before")
    @classmethod
    def _name_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class BangChiTieu(Model):
    """A quota table: rows inline (``dong``) or from a workbook (``tep``)."""

    cot_ten: str = "Đơn vị"
    cot_ca_nam: str = "Chỉ tiêu cả năm"
    cot_da_thuc_hien: str = "Đã thực hiện"
    cot_con_lai: str = "Còn phải thực hiện"
    khi_vuot: str = "Đã hoàn thành"  # shown when nothing remains
    dong: list[DongChiTieu] = []
    tep: str | None = None  # an .xlsx beside the data file
    trang_tinh: str | None = None  # sheet name; default: the first sheet
    dong_tieu_de: int = Field(default=1, ge=1)  # the header row's number

    @model_validator(mode="after")
    def _rows_once(self) -> BangChiTieu:
        if bool(self.dong) == bool(self.tep):
            raise ValueError("bảng cần 'dong' (ghi ngay trong tệp) hoặc 'tep' (tệp Excel), "
                             "một trong hai")
        names = [row.ten for row in self.dong]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"đơn vị bị lặp: {', '.join(repeated)}")
        return self


class PhuLuc(Model):
    """An annex: title lines, how the main text names it, paragraphs and a quota table."""

    tieu_de: list[str] = Field(min_length=1)
    ten_goi: str | None = None  # e.g. "danh sách phân bổ chỉ tiêu"; default "Phụ lục …"
    doan: list[str] = []
    bang_chi_tieu: BangChiTieu | None = None

    @field_validator("tieu_de", "doan", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class VanBan(Model):
    """The common frame of every document kind (NĐ30 boxes 1–9)."""

    loai: str | None = None  # the kind ("ke-hoach", "bao-cao"), for files cited by others
    co_quan_chu_quan: list[str] = []
    co_quan_ban_hanh: CoQuan
    so: int | None = Field(default=None, ge=1)  # empty: a draft, numbered by hand
    ky_hieu: str | None = Field(default=None, pattern=r"^[^\s/]+(-[^\s/]+)+$")
    dia_danh: str = Field(min_length=1)
    ngay_ban_hanh: date
    ten_loai: str | None = None  # default: the kind's name
    trich_yeu: list[str] = Field(min_length=1)  # one line each
    van_ban: dict[str, VanBanLienQuan] = {}
    thong_tin: dict[str, Any] = {}  # other facts, referred to as {{ thong_tin.… }}
    can_cu: list[str] = []
    mo_dau: list[str] = []
    noi_dung: list[Muc] = []
    ket_thuc: list[str] = []
    phu_luc: list[PhuLuc] = []  # annexes, each in its own section after the signature
    noi_nhan: list[TextOr[NoiNhan]] = Field(min_length=1)
    luu: Luu = Luu()
    nguoi_ky: NguoiKy

    @field_validator("co_quan_chu_quan", "trich_yeu", "can_cu", "mo_dau", "ket_thuc",
                     mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def recipients(self) -> list[NoiNhan]:
        """Return the recipients as records."""
        return [NoiNhan(ten=r) if isinstance(r, str) else r for r in self.noi_nhan]


FILTER_NAMES = sorted(FILTERS)
