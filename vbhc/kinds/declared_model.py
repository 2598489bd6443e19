"""The data of every declared kind, and the ``Declaration`` that names a kind's parts.

``VanBanMau`` is the frame (``VanBan``) plus every part an NĐ30 model may add:
Căn cứ citing documents, the authority line, Kính gửi, the body structures, a
Giấy mời's or a Biên bản's facts, a cost table, attached lists and texts. A
kind accepts only the parts its ``Declaration`` names (``DeclaredKind.load``).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from vbhc.data.model import (
    ChienDich,
    DashItem,
    Model,
    NguoiKy,
    NoiNhan,
    RecipientText,
    TextOr,
    VanBan,
    Y,
)
from vbhc.data.structure import Chuong, Dieu, Khoan
from vbhc.kinds.attached import DanhSach, VanBanKemTheo
from vbhc.kinds.declaration import Declaration
from vbhc.kinds.parts import BienBan, CanCuVanBan, GiayMoi, KinhPhi, MucTieu, ThoiGian

__all__ = ["PARTS", "Declaration", "Lich", "VanBanMau"]

# The parts a declaration may name, and the data key each one reads.
PARTS = {
    "tham_quyen": "thẩm quyền ban hành (dòng in hoa dưới trích yếu)",
    "theo_de_nghi": "«Theo đề nghị của …» cuối phần căn cứ",
    "kinh_gui": "Kính gửi",
    "nguoi_chi_thi": "người ra chỉ thị («… chỉ thị:»)",
    "giay_moi": "nội dung giấy mời",
    "bien_ban": "diễn biến cuộc họp",
    "kinh_phi": "bảng kinh phí",
    "danh_sach": "danh sách kèm theo",
    "chien_dich": "dữ kiện chiến dịch",
    "lich": "lịch các buổi",
    "chi_tieu": "chỉ tiêu",
    "kem_theo": "văn bản ban hành kèm theo (quy chế, quy định …)",
}


TextOrCanCu = TextOr[str, CanCuVanBan]
TextOrKhoan = TextOr[str, Khoan]
TextOrY = TextOr[DashItem, Y]
TextOrNoiNhan = TextOr[RecipientText, NoiNhan]


class Lich(Model):
    """One session of a schedule: when, where, who comes, what is expected."""

    thoi_gian: ThoiGian
    dia_diem: str = Field(min_length=1)
    don_vi: str | None = None
    chi_tieu: MucTieu | None = None


class VanBanMau(VanBan):
    """Every declared kind's data: the frame plus the parts a kind may have."""

    trich_yeu: list[str] = []  # required by the kinds: checked with a kind's own message
    can_cu: list[TextOrCanCu] = []  # type: ignore[assignment]
    tham_quyen: list[str] = []
    theo_de_nghi: str | None = None
    nguoi_chi_thi: str | None = None
    kinh_gui: list[str] = []
    chuong: list[Chuong] = []
    dieu: list[Dieu] = []
    khoan: list[TextOrKhoan] = []
    gach_dau_dong: list[TextOrY] = []
    giay_moi: GiayMoi | None = None
    bien_ban: BienBan | None = None
    kinh_phi: KinhPhi | None = None
    danh_sach: list[DanhSach] = []
    kem_theo: VanBanKemTheo | None = None
    chien_dich: ChienDich | None = None
    lich: list[Lich] = []
    mau_lich: str = ("{{ lich.thoi_gian }}: {{ lich.dia_diem }}"
                     "{% if lich.don_vi %} ({{ lich.don_vi }}){% endif %}"
                     "{% if lich.chi_tieu %}, chỉ tiêu {{ lich.chi_tieu }}{% endif %}.")
    chi_tieu: dict[str, MucTieu] = {}
    noi_nhan: list[TextOrNoiNhan] = []
    nguoi_ky: NguoiKy | None = None  # type: ignore[assignment]
    don_vi: Any = None  # the table of invitees or units, read by ``vbhc batch`` only

    @field_validator("tham_quyen", "kinh_gui", mode="before")
    @classmethod
    def _lines_too(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value
