"""Every NĐ30 model form vbhc renders, as declarations: a few lines per kind.

A kind is its tên loại, its Phụ lục III abbreviation, its model form (Mẫu 1.x),
the body structures it is written in, the frame parts it has and its example.
Everything else (the frame, numbering, punctuation, the parts' text) is shared
code. Kế hoạch and Báo cáo keep their own modules for the facts they compute.
Plain facts only: the registry (``vbhc.kinds.KINDS``) reads the names here and builds
a kind (``DeclaredKind``, with its pydantic model) only when it is used.
"""

from __future__ import annotations

from vbhc.kinds.declaration import Declaration

B = ("noi_dung", "khoan", "gach_dau_dong")  # Phần/mục, khoản, or "-" items
A = ("dieu", "chuong")  # Điều, optionally in Chương
MAU_14 = frozenset({"chien_dich", "lich", "chi_tieu", "danh_sach"})

DECLARATIONS = [
    Declaration("quyet-dinh", "Quyết định", "QĐ", "1.2, 1.3", "data/qd_thanh_lap_bcd_2023.yaml",
                structures=A, lead_in="QUYẾT ĐỊNH:", first_recipient="dieu",
                parts=frozenset({"tham_quyen", "theo_de_nghi", "danh_sach", "chi_tieu",
                                 "kem_theo"}),
                required=("tham_quyen",)),
    Declaration("chi-thi", "Chỉ thị", "CT", "1.4", "data/ct_tang_cuong_hmtn.yaml",
                structures=("khoan", "noi_dung"), parts=MAU_14 | {"nguoi_chi_thi"}),
    Declaration("thong-bao", "Thông báo", "TB", "1.4", "data/tb_lich_hien_mau_2023.yaml",
                parts=MAU_14),
    Declaration("to-trinh", "Tờ trình", "TTr", "1.4", "data/ttr_kinh_phi_2023.yaml",
                parts=MAU_14 | {"kinh_gui", "kinh_phi"}, required=("kinh_gui",),
                first_recipient="tren"),
    Declaration("huong-dan", "Hướng dẫn", "HD", "1.4", "data/hd_to_chuc_ngay_hoi.yaml",
                parts=MAU_14),
    Declaration("chuong-trinh", "Chương trình", "CTr", "1.4",
                "data/ctr_hanh_trinh_do_2023.yaml", parts=MAU_14),
    Declaration("phuong-an", "Phương án", "PA", "1.4", "data/pa_tiep_nhan_mau_tet_2024.yaml",
                parts=MAU_14),
    Declaration("de-an", "Đề án", "ĐA", "1.4", "data/da_ngan_hang_mau_song.yaml",
                parts=MAU_14 | {"kinh_phi"}),
    Declaration("quy-che", "Quy chế", "QC", "1.4", "data/qc_phoi_hop_tiep_nhan_mau.yaml",
                structures=A + B, parts=MAU_14),
    Declaration("quy-dinh", "Quy định", "QyĐ", "1.4", "data/qyd_che_do_nguoi_hien_mau.yaml",
                structures=A + B, parts=MAU_14),
    Declaration("thong-cao", "Thông cáo", "TC", "1.4", "data/tc_ngay_hoi_hien_mau_2023.yaml",
                parts=MAU_14),
    Declaration("cong-van", "Công văn", "", "1.5", "data/cv_phan_bo_chi_tieu_2023.yaml",
                printed_title=False, parts=MAU_14 | {"kinh_gui"}, required=("kinh_gui",),
                first_recipient="tren", unit_field=("kinh_gui",)),
    Declaration("giay-moi", "Giấy mời", "GM", "1.7", "data/gm_le_ton_vinh_2023.yaml",
                parts=frozenset({"giay_moi"}), required=("giay_moi",),
                unit_field=("giay_moi", "kinh_moi")),
    Declaration("bien-ban", "Biên bản", "BB", "1.9", "data/bb_hop_bcd_2023.yaml",
                parts=frozenset({"bien_ban"}), required=("bien_ban",)),
]
