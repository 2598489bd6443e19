"""The data model shared by every kind: the document frame and the campaign's facts.

Field names are the keys clerks type in data files (Vietnamese, no diacritics).
Validation happens here, before anything is written; ``vbhc.data.loading`` maps each
error back to its file and line. Kinds subclass ``VanBan`` and add their facts.
"""

# -- no ``from __future__ import annotations`` here: pydantic would compile and eval each
#    of the ~90 annotations from its text when the classes are made (~4 ms of every
#    command); the few forward references are quoted instead --

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from vbhc.core import forms
from vbhc.core.formatting import FILTERS
from vbhc.data.base import (  # noqa: F401 - re-exported: kinds import them from here
    KY_HIEU,
    NO_SPACES,
    PATTERN_MESSAGES,
    DashItem,
    Model,
    PlusItem,
    QuyenHan,
    RecipientText,
    TextOr,
    WholeNumber,
    _without,
    nfc,
    strings_in,
)
from vbhc.data.punctuation import RECIPIENT_ENDINGS


class CoQuan(Model):
    """An issuing body: its full name (used in text), header lines and abbreviation."""

    ten: str = Field(min_length=1)
    viet_tat: str = Field(min_length=1, pattern=NO_SPACES)
    dong: list[str] | None = None  # header lines in capitals; default: the name in capitals
    anh_dau: str | None = None  # e-documents: the seal as a red transparent PNG beside the data

    @property
    def header_lines(self) -> list[str]:
        """Return the lines of the name as the header prints them."""
        return self.dong or [self.ten.upper()]


class NoiNhan(Model):
    """A recipient with an optional purpose tag such as "b/c"."""

    ten: RecipientText = Field(min_length=1)
    ghi_chu: str | None = None

    def line(self) -> str:
        """Return the recipient as its Nơi nhận line, without the final punctuation."""
        return f"- {self.ten} ({self.ghi_chu})" if self.ghi_chu else f"- {self.ten}"


class Luu(Model):
    """The closing "- Lưu: VT, <unit> (<copies>)." of Nơi nhận."""

    model_config = ConfigDict(frozen=True)  # -- hashable: the default not deep-copied --

    don_vi: Annotated[str, _without(None, RECIPIENT_ENDINGS)] | None = None
    so_ban: WholeNumber | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _copies_follow_the_unit(self) -> "Luu":
        # -- NĐ30 writes the copy count after the drafting unit ("- Lưu: VT, HC (02).");
        #    "- Lưu: VT (03)." is not a form the decree or the checker (C25) accepts --
        if self.so_ban and not self.don_vi:
            raise ValueError("số bản lưu (so_ban) ghi sau đơn vị soạn thảo: thêm don_vi "
                             "(ví dụ don_vi: VX), hoặc bỏ so_ban")
        return self

    def line(self) -> str:
        """Return the Lưu line with its final full stop."""
        unit = f", {self.don_vi}" if self.don_vi else ""
        copies = f" ({self.so_ban:02d})" if self.so_ban else ""
        return f"- Lưu: VT{unit}{copies}."


class NguoiKy(Model):
    """The signer: authority (TM., KT., …), title lines, other offices, name (§8).

    ``quyen_han`` is one prefix or a chain (``TM. KT.``, ``TL. KT.``); each prefix joins
    the next title line in turn: ``quyen_han: [TM., KT.]`` with ``chuc_danh: [ỦY BAN
    NHÂN DÂN, CHỦ TỊCH, PHÓ CHỦ TỊCH]`` prints ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ
    TỊCH`` / ``PHÓ CHỦ TỊCH``. ``chuc_vu_khac`` (an office held concurrently, or
    in the parent body) is printed above the name.
    """

    quyen_han: list[QuyenHan] = []
    chuc_danh: list[str] = Field(min_length=1)  # e.g. ["BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    chuc_vu_khac: list[str] = []  # office held elsewhere, printed above the name
    ho_ten: str = Field(min_length=1)
    da_ky: bool = False  # a copy (bản sao): "(Đã ký)" stands in the signature space
    anh_chu_ky: str | None = None  # e-documents: the signature as a blue transparent PNG

    @field_validator("quyen_han", mode="before")
    @classmethod
    def _one_or_chain(cls, value: Any) -> Any:
        # -- "TM." or "TM. KT." as typed, or a list --
        return value.split() if isinstance(value, str) else [] if value is None else value

    @field_validator("quyen_han")
    @classmethod
    def _known_chain(cls, value: list[str]) -> list[str]:
        if len(value) > 1 and tuple(value) not in forms.CHAINS:
            allowed = " hoặc ".join(" ".join(chain) for chain in forms.CHAINS)
            raise ValueError(f"không ghép được {' '.join(value)}: chỉ ghép {allowed} "
                             "(NĐ 30, mục ký thay mặt và ký thay)")
        return value

    @field_validator("chuc_danh")
    @classmethod
    def _titles_fit_the_authority(cls, value: list[str], info: ValidationInfo) -> list[str]:
        prefixes = info.data.get("quyen_han")
        if prefixes is None:  # -- quyen_han itself is wrong: reported there --
            return value
        # -- each prefix needs its line, and TM./KT./TL./TUQ. the signer's title after it --
        needed = len(prefixes) + (0 if prefixes and prefixes[-1] == "Q." else 1)
        if prefixes and len(value) < needed:
            raise ValueError(f"{' '.join(prefixes)} cần {needed} dòng chức danh (ví dụ "
                             f"{_example(prefixes)}), mới có {len(value)}")
        lines = _title_lines(prefixes, value)
        deputy = forms.deputy_without_kt(lines)
        if deputy:
            raise ValueError(
                f"{deputy} là cấp phó: ký {' '.join(prefixes)} thì phải ký thay (KT.) người "
                f"đứng đầu, in «{' / '.join(forms.kt_form(lines))}» — ghi quyen_han: "
                f"{' '.join(prefixes)} KT. và thêm dòng "
                f"{forms.kt_form(lines)[-2].removeprefix('KT. ')} trước {deputy}")
        return value

    def title_lines(self) -> list[str]:
        """Return the 7a lines: each authority prefix joins the next title line."""
        return _title_lines(self.quyen_han, self.chuc_danh)


def _title_lines(prefixes: Sequence[str], titles: list[str]) -> list[str]:
    lines = [line.upper() for line in titles]
    for index, prefix in enumerate(prefixes[:len(lines)]):
        lines[index] = f"{prefix} {lines[index]}"
    return lines


def _example(prefixes: Sequence[str]) -> str:
    examples = {"TM.": "ỦY BAN NHÂN DÂN", "KT.": "CHỦ TỊCH", "TL.": "CHỦ TỊCH",
                "TUQ.": "GIÁM ĐỐC", "Q.": "GIÁM ĐỐC"}
    lines = [examples[p] for p in prefixes]
    signer = {"TM.": "CHỦ TỊCH", "KT.": "PHÓ CHỦ TỊCH"}.get(prefixes[-1], "CHÁNH VĂN PHÒNG")
    if prefixes[-1] != "Q.":
        lines.append(signer)
    return "[" + ", ".join(lines) + "]"


class VanBanLienQuan(Model):
    """A document cited in the text: typed here, or read from the vbhc data file ``tep``."""

    tep: str | None = None
    ten_loai: str | None = None  # "Kế hoạch", "Hướng dẫn", "Luật" …
    ten: str | None = None  # a law's name: "Tổ chức chính quyền địa phương"
    so: WholeNumber | None = None
    ky_hieu: str | None = None  # may be absent: "Công văn số 893 của …"
    ngay: date | None = None
    co_quan: str | None = None  # issuer as named in running text
    trich_yeu: str | None = None

    @model_validator(mode="after")
    def _typed_or_file(self) -> "VanBanLienQuan":
        if self.tep is None and (self.ten_loai is None
                                 or (self.co_quan is None and self.ten is None)):
            raise ValueError("cần 'tep' (tệp dữ liệu của văn bản) hoặc ten_loai và co_quan "
                             "(luật: ten_loai và ten)")
        return self


class SuKien(Model):
    """An event of the campaign."""

    ngay: date
    ten: str = Field(min_length=1)
    dia_diem: str = Field(min_length=1)


class ChiTieu(Model):
    """A target: a number, its unit, and optionally the annual figure it is part of."""

    so: WholeNumber = Field(ge=0)
    don_vi: str = Field(min_length=1)
    ca_nam: WholeNumber | None = Field(default=None, gt=0)


class ChienDich(Model):
    """The campaign's facts, typed once and referred to from the text."""

    ten: str = Field(min_length=1)
    nam: WholeNumber = Field(ge=1945, le=2200)
    tu_ngay: date | None = None
    den_ngay: date | None = None
    chi_tieu: dict[str, ChiTieu] = {}
    su_kien: list[SuKien] = []
    mau_su_kien: str = ("Ngày {{ su_kien.ngay|ngay }} tổ chức {{ su_kien.ten }} "
                        "tại {{ su_kien.dia_diem }}.")
    kinh_phi: list[str] = []

    @model_validator(mode="after")
    def _period(self) -> "ChienDich":
        if self.tu_ngay and self.den_ngay and self.tu_ngay > self.den_ngay:
            raise ValueError(f"tu_ngay ({self.tu_ngay:%d/%m/%Y}) sau den_ngay "
                             f"({self.den_ngay:%d/%m/%Y})")
        return self


class Y(Model):
    """A "-" item that carries "+" sub-items."""

    doan: DashItem = Field(min_length=1)
    y: list[PlusItem] = []


class Muc(Model):
    """A section of the body; vbhc numbers it by its depth (I., 1., a)).

    A section has a title (``tieu_de``) or starts with its text (``doan``); then
    come paragraphs, "-" items (``y``), numbered sub-sections (``muc``) and
    closing paragraphs (``doan_sau``).
    """

    tieu_de: str | None = None
    doan: list[str] = []
    y: list[TextOr[DashItem, Y]] = []
    y_nho: list[PlusItem] = []  # "+" items directly under the section
    su_kien: bool = False  # list the campaign's events here as "-" items
    muc: list["Muc"] = []
    doan_sau: list[str] = []
    danh_so: Literal["chu_cai", "thap_phan"] = "chu_cai"  # sub-sections as a) or as 3.1.

    @field_validator("doan", "doan_sau", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_empty(self) -> "Muc":
        if not (self.tieu_de or self.doan):
            raise ValueError("mục cần 'tieu_de' hoặc 'doan'")
        return self


class DongChiTieu(Model):
    """One unit of a quota table: its name, annual quota and what it has done so far."""

    ten: str = Field(min_length=1)
    ca_nam: WholeNumber = Field(ge=0)
    da_thuc_hien: WholeNumber | None = Field(default=None, ge=0)

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
    dong_tieu_de: WholeNumber = Field(default=1, ge=1)  # the header row's number

    @model_validator(mode="after")
    def _rows_once(self) -> "BangChiTieu":
        if bool(self.dong) == bool(self.tep):
            raise ValueError("bảng cần 'dong' (ghi ngay trong tệp) hoặc 'tep' (tệp Excel), "
                             "một trong hai")
        counts = Counter(row.ten for row in self.dong)  # -- list.count per row: quadratic --
        repeated = sorted(name for name, count in counts.items() if count > 1)
        if repeated:
            raise ValueError(f"đơn vị bị lặp: {', '.join(repeated)}")
        return self


Cell = int | str  # a whole number (printed with its dots) or text, as typed


class Bang(Model):
    """A table kept as typed (imported, its figures not recomputable): nothing computed."""

    cot: list[str] = Field(min_length=1)  # the header row
    dong: list[list[Cell]] = Field(min_length=1)
    tong: list[Cell] = []  # the totals row, if any

    @model_validator(mode="after")
    def _full_rows(self) -> "Bang":
        for name, row in [*((f"dòng {i}", r) for i, r in enumerate(self.dong, start=1)),
                          *([("dòng tổng", self.tong)] if self.tong else [])]:
            if len(row) != len(self.cot):
                raise ValueError(f"{name} có {len(row)} ô, bảng có {len(self.cot)} cột")
        return self


class DoanBang(Model):
    """A table among an annex's paragraphs (``- bang: {cot: …, dong: …}``)."""

    bang: Bang


class PhuLuc(Model):
    """An annex: title lines, how the main text names it, paragraphs (and tables typed among
    them) and a quota table."""

    tieu_de: list[str] = Field(min_length=1)
    ten_goi: str | None = None  # e.g. "danh sách phân bổ chỉ tiêu"; default "Phụ lục …"
    doan: list[TextOr[str, DoanBang]] = []
    bang_chi_tieu: BangChiTieu | None = None

    @field_validator("tieu_de", "doan", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class DienTu(Model):
    """Electronic issue (``--dien-tu``): what the e-office register needs beyond the text."""

    model_config = ConfigDict(frozen=True)  # -- hashable: pydantic gives the default as it is --

    do_khan: Literal["Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc"] = "Thường"
    han_xu_ly: date | None = None
    so_luong_ban: int | None = Field(default=None, ge=1)  # default: one per Nơi nhận line
    thoi_gian_ky: datetime | None = None  # annex in its own file: the body's signing time


class VanBan(Model):
    """The common frame of every document kind (NĐ30 boxes 1–9)."""

    loai: str | None = None  # the kind ("ke-hoach", "bao-cao"), for files cited by others
    co_quan_chu_quan: list[str] = []
    co_quan_ban_hanh: CoQuan
    so: WholeNumber | None = Field(default=None, ge=1)  # empty: a draft, numbered by hand
    ky_hieu: str | None = Field(default=None, pattern=KY_HIEU)
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
    noi_nhan: list[TextOr[RecipientText, NoiNhan]] = Field(min_length=1)
    # -- Luu() builds Luu's small validator at import; a default from model_construct()
    #    would have no serializer until then, and the studio's JSON schema writes it out --
    luu: Luu = Luu()
    nguoi_ky: NguoiKy
    dien_tu: DienTu = DienTu()

    @field_validator("co_quan_chu_quan", "trich_yeu", "can_cu", "mo_dau", "ket_thuc",
                     mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def recipients(self) -> list[NoiNhan]:
        """Return the recipients as records."""
        return [NoiNhan(ten=r) if isinstance(r, str) else r for r in self.noi_nhan]

    def recipient_lines(self) -> list[str]:
        """Return the recipients' Nơi nhận lines (``recipients``' lines)."""
        return [_named_line(r) if isinstance(r, str) else r.line() for r in self.noi_nhan]


@lru_cache(maxsize=256)  # -- a batch's units share their recipients --
def _named_line(name: str) -> str:
    return NoiNhan(ten=name).line()


FILTER_NAMES = sorted(FILTERS)
