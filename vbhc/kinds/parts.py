"""The parts some NĐ30 models add to the frame, as data and as computed text.

Each part is typed once in the data file and written out here: the Căn cứ chain
of a Quyết định, Kính gửi, a Giấy mời's time and place, a Biên bản's meeting,
a Tờ trình's cost table with its total in words, targets given as a range.
Kinds declare which parts they have (``vbhc.kinds.declarations``); templates
only place what these functions return.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import Field, field_validator, model_validator

from vbhc.core.amounts import amount_words
from vbhc.core.formatting import long_date, number, short_date, weekday
from vbhc.data.model import Model

_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")


def clock(value: str) -> str:
    """Return a time of day as documents write it: '7:30' → '07h30'."""
    match = _CLOCK.match(value.strip())
    if not match:
        raise ValueError(f"giờ '{value}' không đúng dạng (ví dụ 07:30)")
    return f"{int(match.group(1)):02d}h{match.group(2)}"


class ThoiGian(Model):
    """When something happens: one day or several, optionally from one hour to another."""

    ngay: list[date] = Field(min_length=1)
    tu: str | None = None  # "07:30"
    den: str | None = None  # "11:00"

    @field_validator("ngay", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if not isinstance(value, list) else value

    @field_validator("tu", "den", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, int):  # -- YAML reads 07:30 as minutes since midnight --
            value = f"{value // 60}:{value % 60:02d}"
        clock(str(value))
        return str(value)

    @model_validator(mode="after")
    def _ordered(self) -> ThoiGian:
        if self.den and not self.tu:
            raise ValueError("có giờ kết thúc 'den' thì cần giờ bắt đầu 'tu'")
        if self.tu and self.den and clock(self.tu) >= clock(self.den):
            raise ValueError(f"giờ kết thúc {self.den} không sau giờ bắt đầu {self.tu}")
        if self.ngay != sorted(set(self.ngay)):
            raise ValueError("các ngày phải tăng dần, không lặp")
        return self

    def text(self) -> str:
        """Return '07h30 – 11h00, Thứ Tư, ngày 14/6/2023' (days joined by 'và')."""
        hours = ""
        if self.tu:
            hours = clock(self.tu) + (f" – {clock(self.den)}" if self.den else "")
        days = [f"{weekday(d)}, ngày {short_date(d)}" for d in self.ngay]
        joined = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " và " + days[-1]
        return f"{hours}, {joined}" if hours else joined


class MucTieu(Model):
    """A target: a number with a qualifier ('trên 7.000') or a range ('200 – 250')."""

    so: int | None = Field(default=None, ge=0)
    tu: int | None = Field(default=None, ge=0)
    den: int | None = Field(default=None, ge=0)
    dinh_luong: str | None = None  # "trên", "ít nhất", "khoảng" …
    don_vi: str = ""

    @model_validator(mode="after")
    def _number_or_range(self) -> MucTieu:
        if (self.so is None) == (self.tu is None or self.den is None):
            raise ValueError("chỉ tiêu cần 'so' (một số) hoặc 'tu' và 'den' (một khoảng)")
        if self.tu is not None and self.den is not None and self.tu >= self.den:
            raise ValueError(f"khoảng chỉ tiêu {self.tu} – {self.den}: 'tu' phải nhỏ hơn 'den'")
        return self

    def text(self) -> str:
        """Return 'trên 7.000 người', '200 – 250 đơn vị máu'."""
        figure = (number(self.so) if self.so is not None
                  else f"{number(self.tu or 0)} – {number(self.den or 0)}")
        return " ".join(p for p in (self.dinh_luong, figure, self.don_vi) if p)


class CanCuVanBan(Model):
    """A căn cứ citing a document of ``van_ban`` by its key: the citation is computed."""

    van_ban: str = Field(min_length=1)


class GiayMoi(Model):
    """What a Giấy mời says: who is invited, to what, who chairs, when and where."""

    kinh_moi: str = Field(min_length=1)  # the invited person or body
    toi_du: str = Field(min_length=1)  # the meeting or ceremony
    chu_tri: str | None = None
    thoi_gian: ThoiGian
    dia_diem: str = Field(min_length=1)


class NguoiHop(Model):
    """The chair or the secretary of a meeting."""

    ho_ten: str = Field(min_length=1)
    chuc_vu: str | None = None

    def text(self) -> str:
        """Return 'Ông Nguyễn Văn A, Trưởng ban' style: name, then office."""
        return f"{self.ho_ten}, {self.chuc_vu}" if self.chuc_vu else self.ho_ten


class BienBan(Model):
    """A meeting's record: when it began and ended, where, who attended, chair, secretary."""

    bat_dau: ThoiGian
    ket_thuc: str  # "11:30"
    dia_diem: str = Field(min_length=1)
    thanh_phan: list[str] = Field(min_length=1)
    chu_tri: NguoiHop
    thu_ky: NguoiHop

    @field_validator("ket_thuc", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if isinstance(value, int):
            value = f"{value // 60}:{value % 60:02d}"
        clock(str(value))
        return str(value)

    @model_validator(mode="after")
    def _one_day(self) -> BienBan:
        if len(self.bat_dau.ngay) != 1 or not self.bat_dau.tu:
            raise ValueError("bat_dau cần một ngày và giờ bắt đầu 'tu'")
        if clock(self.ket_thuc) <= clock(self.bat_dau.tu):
            raise ValueError(f"giờ kết thúc {self.ket_thuc} không sau giờ bắt đầu "
                             f"{self.bat_dau.tu}")
        return self


def hours_words(value: str) -> str:
    """Return '08 giờ 00' for '8:00'."""
    hour, minute = clock(value).split("h")
    return f"{hour} giờ {minute}"


def meeting_lines(meeting: BienBan) -> dict[str, Any]:
    """Return the Biên bản's opening lines and its closing sentence."""
    day = meeting.bat_dau.ngay[0]
    assert meeting.bat_dau.tu is not None
    return {
        "mo": [f"Thời gian bắt đầu: {hours_words(meeting.bat_dau.tu)}, {long_date(day)}.",
               f"Địa điểm: {meeting.dia_diem}.",
               "Thành phần tham dự:"],
        "thanh_phan": [f"- {p.rstrip(';.')}{'.' if i == len(meeting.thanh_phan) - 1 else ';'}"
                       for i, p in enumerate(meeting.thanh_phan)],
        "chu_tri": f"Chủ trì: {meeting.chu_tri.text()}.",
        "thu_ky": f"Thư ký: {meeting.thu_ky.text()}.",
        "ket": (f"Cuộc họp kết thúc vào {hours_words(meeting.ket_thuc)} cùng ngày, "
                "biên bản đã được thông qua trước các thành viên dự họp./."),
    }


class KhoanChi(Model):
    """A line of a cost estimate: what, the unit, how many, the unit price."""

    noi_dung: str = Field(min_length=1)
    don_vi_tinh: str = Field(min_length=1)
    so_luong: int = Field(gt=0)
    don_gia: int = Field(ge=0)


class KinhPhi(Model):
    """A cost estimate: its lines; amounts, total and the total in words are computed."""

    tieu_de: str | None = None  # the caption above the table
    dong: list[KhoanChi] = Field(min_length=1)


COST_COLUMNS = ["TT", "Nội dung", "Đơn vị tính", "Số lượng", "Đơn giá (đồng)",
                "Thành tiền (đồng)"]


def cost_table(costs: KinhPhi) -> dict[str, Any]:
    """Return the cost table as placed (formatted cells), its total and the words."""
    rows, total = [], 0
    for index, line in enumerate(costs.dong, start=1):
        amount = line.so_luong * line.don_gia
        total += amount
        rows.append([str(index), line.noi_dung, line.don_vi_tinh, number(line.so_luong),
                     number(line.don_gia), number(amount)])
    return {
        "tieu_de": costs.tieu_de,
        "bang": {"cot": COST_COLUMNS, "rong": [600, 3155, 1200, 1200, 1500, 1700],
                 "can": ["center", "left", "center", "right", "right", "right"],
                 "dong": rows, "tong": ["", "Tổng cộng", "", "", "", number(total)]},
        "tong": number(total),
        "tong_so": total,
        "bang_chu": amount_words(total),
    }
