"""Vietnamese labels of the data fields, for forms that show the data to clerks.

Keyed by field name: a name means the same in every model ("ten" is always "Tên").
A field missing here is shown by its name with spaces, so a new kind's fields still
appear; give them a label here when they are added. The help beside a field comes
from the data file's own comments first, then from ``HELP``.
"""

from __future__ import annotations

LABELS = {
    "loai": "Loại văn bản",
    "dua_tren": "Dựa trên tệp",
    "co_quan_chu_quan": "Cơ quan chủ quản (dòng trên)",
    "co_quan_ban_hanh": "Cơ quan ban hành",
    "ten": "Tên",
    "viet_tat": "Tên viết tắt",
    "dong": "Các dòng in hoa ở đầu trang",
    "so": "Số",
    "ky_hieu": "Ký hiệu",
    "dia_danh": "Địa danh",
    "ngay_ban_hanh": "Ngày ban hành",
    "ten_loai": "Tên loại văn bản",
    "trich_yeu": "Trích yếu",
    "van_ban": "Văn bản được trích dẫn",
    "tep": "Tệp dữ liệu",
    "ngay": "Ngày",
    "co_quan": "Cơ quan",
    "thong_tin": "Dữ kiện khác",
    "can_cu": "Căn cứ",
    "mo_dau": "Đoạn mở đầu",
    "noi_dung": "Nội dung",
    "tieu_de": "Tiêu đề",
    "doan": "Đoạn văn",
    "y": "Các ý (-)",
    "y_nho": "Các ý nhỏ (+)",
    "su_kien": "Sự kiện",
    "muc": "Các mục con",
    "doan_sau": "Đoạn cuối mục",
    "danh_so": "Cách đánh số mục con",
    "ket_thuc": "Đoạn kết",
    "phu_luc": "Phụ lục",
    "ten_goi": "Tên gọi trong văn bản",
    "bang_chi_tieu": "Bảng chỉ tiêu",
    "noi_nhan": "Nơi nhận",
    "ghi_chu": "Ghi chú",
    "luu": "Lưu",
    "don_vi": "Đơn vị",
    "so_ban": "Số bản",
    "nguoi_ky": "Người ký",
    "quyen_han": "Thẩm quyền ký (TM., KT., …)",
    "chuc_danh": "Chức danh",
    "chuc_vu_khac": "Chức vụ khác",
    "ho_ten": "Họ và tên",
    "chien_dich": "Chiến dịch",
    "nam": "Năm",
    "tu_ngay": "Từ ngày",
    "den_ngay": "Đến ngày",
    "chi_tieu": "Chỉ tiêu",
    "ca_nam": "Cả năm",
    "mau_su_kien": "Mẫu câu sự kiện",
    "kinh_phi": "Kinh phí",
    "dia_diem": "Địa điểm",
    "da_thuc_hien": "Đã thực hiện",
    "chi_tieu_cap_tren": "Kế hoạch cấp trên (khóa trong văn bản được trích dẫn)",
    "ket_qua": "Kết quả",
    "ke_hoach_nam_sau": "Kế hoạch năm sau",
    "to_chuc": "Tổ chức",
    "khen_thuong": "Khen thưởng",
    "tuyen_truyen": "Tuyên truyền",
    "dot": "Các đợt",
    "mau_dot": "Mẫu câu mỗi đợt",
    "nguoi_tham_gia": "Người tham gia",
    "tiep_nhan": "Tiếp nhận",
    "cau": "Câu riêng của đợt",
}

HELP = {
    "so": "Để trống khi chưa có số: vbhc in 'Số:      /…' (bản nháp).",
    "ngay_ban_hanh": "Dạng năm-tháng-ngày; vbhc viết thành 'ngày … tháng … năm …'.",
    "trich_yeu": "Mỗi dòng một mục. {{ … }} lấy dữ kiện đã khai báo; *nghiêng*, **đậm**.",
    "noi_nhan": "Không gõ dấu '-' đầu dòng hay ';' cuối dòng: vbhc tự thêm.",
    "viet_tat": "Dùng trong ký hiệu, ví dụ KH-BCĐ; không có dấu cách.",
    "noi_dung": "vbhc tự đánh số I., 1., a) theo cấp của mục.",
}


def label(name: str) -> str:
    """Return the Vietnamese label of a field name (its words when it has none)."""
    return LABELS.get(name) or name.replace("_", " ").capitalize()
