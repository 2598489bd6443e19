"""``vbhc new KIND``: a commented data file to fill in, assembled from the kind's declaration.

Each frame part and each body structure has one commented snippet here; a kind's
skeleton is the snippets its declaration names, in the order of the model form.
Texts to write are placeholders ``<…>`` (vbhc refuses to render while one is left,
see ``placeholders``); dates and numbers carry sample values marked ``# sửa``.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.core.errors import Problem
from vbhc.data.loading import Source
from vbhc.data.model import strings_in

PLACEHOLDER = re.compile(r"^<[^<>]+>$")

FRAME_HEAD = """\
co_quan_chu_quan: <TÊN CƠ QUAN CHỦ QUẢN, bỏ dòng này nếu không có>
co_quan_ban_hanh:
  ten: <tên đầy đủ của cơ quan ban hành, dùng trong câu văn>
  viet_tat: UBND                  # sửa: tên viết tắt, ghép vào ký hiệu
  dong: [<DÒNG 1 TÊN CƠ QUAN IN HOA>, <DÒNG 2>]
so: 1                             # sửa: số văn bản; bỏ trống để in bản nháp
dia_danh: <địa danh, ví dụ Lào Cai>
ngay_ban_hanh: 2024-01-15         # sửa: NĂM-THÁNG-NGÀY
"""

TITLE = {
    True: "trich_yeu: <trích yếu nội dung, mỗi dòng một dòng>\n",
    False: "# Dòng \"V/v …\" dưới số, ký hiệu (vbhc tự thêm \"V/v\").\n"
           "trich_yeu: <trích yếu công văn>\n",
}

PARTS = {
    "tham_quyen": "# Thẩm quyền ban hành, in hoa dưới trích yếu.\n"
                  "tham_quyen: <Chủ tịch Ủy ban nhân dân tỉnh …>\n",
    "kinh_gui": "# Kính gửi: một nơi, hoặc nhiều nơi (mỗi nơi một dòng \"- \").\n"
                "kinh_gui:\n  - <cơ quan nhận thứ nhất>\n  - <cơ quan nhận thứ hai>\n",
    "theo_de_nghi": "# Căn cứ: câu gõ tay, hoặc {van_ban: khóa} để vbhc viết đủ số, ngày, "
                    "cơ quan.\n"
                    "van_ban:\n  luat:\n    ten_loai: Luật\n    ten: <tên luật>\n"
                    "    ngay: 2015-06-19              # sửa: ngày thông qua\n"
                    "can_cu:\n  - van_ban: luat\n  - <Căn cứ … (gõ tay)>\n"
                    "theo_de_nghi: <chức vụ người đề nghị>\n",
    "nguoi_chi_thi": "# Đoạn mở đầu tự kết thúc bằng \"…, <người chỉ thị> chỉ thị:\".\n"
                     "mo_dau:\n  - <tình hình, lý do ra chỉ thị>\n"
                     "nguoi_chi_thi: <Chủ tịch Ủy ban nhân dân tỉnh>\n",
    "giay_moi": "giay_moi:\n  kinh_moi: <người, cơ quan được mời>\n"
                "  toi_du: <tên cuộc họp, buổi lễ>\n  chu_tri: <người chủ trì>\n"
                "  thoi_gian:\n    tu: \"07:30\"                 # sửa: giờ bắt đầu\n"
                "    den: \"11:00\"                # sửa: giờ kết thúc\n"
                "    ngay: 2024-01-20            # sửa; nhiều ngày: [2024-01-20, 2024-01-21]\n"
                "  dia_diem: <địa điểm>\n",
    "bien_ban": "bien_ban:\n  bat_dau: {tu: \"08:00\", ngay: 2024-01-15}   # sửa\n"
                "  ket_thuc: \"11:00\"                          # sửa: giờ kết thúc\n"
                "  dia_diem: <địa điểm họp>\n"
                "  thanh_phan:\n    - <thành phần tham dự>\n"
                "  chu_tri: {ho_ten: <họ tên chủ trì>, chuc_vu: <chức vụ>}\n"
                "  thu_ky: {ho_ten: <họ tên thư ký>, chuc_vu: <chức vụ>}\n",
    "kinh_phi": "# Bảng kinh phí: vbhc tính thành tiền, tổng cộng và dòng \"Bằng chữ\".\n"
                "kinh_phi:\n  tieu_de: Dự toán kinh phí\n  dong:\n"
                "    - noi_dung: <khoản chi>\n      don_vi_tinh: <đơn vị tính>\n"
                "      so_luong: 1                 # sửa\n"
                "      don_gia: 1000000            # sửa: đồng\n",
}

STRUCTURES = {
    "dieu": "# Các Điều: vbhc đánh số Điều 1, 2, 3…; Điều cuối giao thi hành (\"- Như Điều N;\").\n"
            "dieu:\n  - doan: <nội dung Điều 1>\n  - doan: <nội dung Điều 2>\n"
            "  - doan: <… chịu trách nhiệm thi hành … này>\n",
    "khoan": "# Nội dung theo khoản 1., 2. (điểm a), b) trong \"diem\").\n"
             "khoan:\n  - <nội dung khoản 1>\n  - doan: <nội dung khoản 2>\n"
             "    diem:\n      - <điểm a>\n",
    "noi_dung": "# Nội dung theo mục I., 1., a): vbhc tự đánh số.\n"
                "noi_dung:\n  - tieu_de: <tên mục I>\n    muc:\n      - doan: <khoản 1>\n"
                "  - tieu_de: <tên mục II>\n    doan: <nội dung>\n",
    "gach_dau_dong": "gach_dau_dong:\n  - <ý thứ nhất>\n  - <ý thứ hai>\n",
}

ANNEX = """\
# Phụ lục: "vbhc render phu-luc" chỉ in các phụ lục; dòng "Kèm theo …" do vbhc tính.
phu_luc:
  - tieu_de: <TÊN PHỤ LỤC>
    bang_chi_tieu:
      dong:
        - ten: <tên đơn vị>
          ca_nam: 100                 # sửa: chỉ tiêu cả năm
"""

# -- optional parts, shown commented out: a clerk removes the "# " to use one --
OPTIONAL = {
    "danh_sach": """\
# Danh sách kèm theo (bỏ dấu "# " để dùng); số dòng: {{ danh_sach.thanh_vien.so_dong }}.
# danh_sach:
#   - khoa: thanh_vien
#     tieu_de: [Danh sách thành viên …]
#     cot:
#       - {khoa: ho_ten, ten: Họ và tên}
#       - {khoa: chuc_vu, ten: Chức vụ}
#     dong:
#       - {ho_ten: Nguyễn Văn A, chuc_vu: Trưởng ban}
""",
    "chi_tieu": """\
# Chỉ tiêu (bỏ dấu "# " để dùng), trong câu: {{ chi_tieu.mau }} → "200 – 250 đơn vị máu".
# chi_tieu:
#   mau: {tu: 200, den: 250, don_vi: đơn vị máu}
#   nguoi: {so: 7000, dinh_luong: trên, don_vi: người đăng ký}
""",
    "lich": """\
# Lịch các buổi (bỏ dấu "# " để dùng): liệt kê ở mục có "su_kien: true".
# lich:
#   - thoi_gian: {tu: "07:00", den: "11:30", ngay: [2024-06-21, 2024-06-22]}
#     dia_diem: Trung tâm Hội nghị tỉnh
#     chi_tieu: {so: 1000, dinh_luong: trên, don_vi: đơn vị máu}
""",
    "kem_theo": """\
# Quy chế, quy định ban hành kèm theo (Mẫu 1.3); tên gọi trong câu: {{ kem_theo.ten }}.
# kem_theo:
#   ten_loai: Quy chế
#   trich_yeu: Hoạt động của …
#   chuong:
#     - tieu_de: Quy định chung
#       dieu:
#         - {tieu_de: Phạm vi điều chỉnh, doan: Quy chế này quy định …}
""",
}

TAIL = """\
# vbhc tự thêm "- " đầu dòng, ";" cuối dòng và dòng "- Lưu: VT, …." cuối cùng.
noi_nhan:
  - <nơi nhận>
luu:
  don_vi: VP                      # sửa: đơn vị soạn thảo
nguoi_ky:
  quyen_han: TM.                  # sửa: TM., KT., TL., TUQ., Q. hoặc xóa dòng
  chuc_danh: [<CHỨC DANH DÒNG 1>, <CHỨC DANH DÒNG 2>]
  ho_ten: <Họ và tên người ký>
"""


def skeleton(kind: Any) -> str:
    """Return the commented skeleton data file of ``kind``."""
    declaration = getattr(kind, "declaration", None)
    parts = declaration.parts if declaration else frozenset()
    structure = declaration.structures[0] if declaration else "noi_dung"
    printed = declaration.printed_title if declaration else True
    out = [f"# {kind.title} (Mẫu {kind.model_form} Phụ lục III NĐ 30/2020): tệp khung.\n"
           "# Thay mọi chỗ <…> bằng nội dung thật (vbhc không tạo văn bản khi còn <…>),\n"
           "# sửa các giá trị có ghi chú \"# sửa\", rồi chạy:\n"
           f"#     vbhc render {kind.name} --data <tệp này>\n"
           "# Số thứ tự, dấu câu, ngày tháng do vbhc tự tính: không gõ tay.\n\n",
           f"loai: {kind.name if kind.framed else 'ke-hoach'}\n\n", FRAME_HEAD,
           TITLE[printed]]
    for name in ("tham_quyen", "kinh_gui", "theo_de_nghi", "nguoi_chi_thi", "giay_moi",
                 "bien_ban"):
        if name in parts:
            out += ["\n", PARTS[name]]
    if "nguoi_chi_thi" not in parts and "giay_moi" not in parts and "bien_ban" not in parts:
        out += ["\nmo_dau:\n  - <đoạn mở đầu>\n"]
    if "giay_moi" not in parts:
        out += ["\n", STRUCTURES[structure]]
    if "kinh_phi" in parts:
        out += ["\n", PARTS["kinh_phi"]]
    if structure != "dieu" and "bien_ban" not in parts:
        out += ["\n# Đoạn kết: vbhc tự thêm \"./.\".\nket_thuc:\n  - <đoạn kết>\n"]
    for name, snippet in OPTIONAL.items():
        if name in parts and (structure == "dieu" or name in ("chi_tieu", "lich")):
            out += ["\n", snippet]
    if not kind.framed:
        out += ["\n", ANNEX]
    if "bien_ban" not in parts:
        out += ["\n", TAIL]
    return "".join(out)


def placeholders(source: Source) -> list[Problem]:
    """Return a problem for each ``<…>`` placeholder left in a data file."""
    return [source.problem(location, f"chưa điền: {text}")
            for location, text in strings_in(source.data, ())
            if PLACEHOLDER.match(text.strip())]

