"""What an e-office system registers for an outgoing document (NĐ30 Phụ lục VI, văn bản đi).

One JSON file beside each PDF for signing (``X.metadata.json``), with the field
names of the e-office exchange format (CodeNumber, CodeNotation …), and for a
batch one register workbook (sổ đăng ký văn bản đi, columns of Phụ lục IV) with
a row per document. Every value comes from the data or from the finished PDF
(PageAmount is counted there, never estimated from the .docx).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from vbhc.core.formatting import serial_number
from vbhc.data import emphasis
from vbhc.data.model import VanBan
from vbhc.pipeline.output import write_atomic

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
REGISTER_NAME = "so_dang_ky_van_ban_di.xlsx"
METADATA_SUFFIX = ".metadata.json"


def metadata_path(pdf: Path) -> Path:
    """Return where the metadata of ``pdf`` is written: ``X.metadata.json`` beside ``X.pdf``."""
    return pdf.with_name(pdf.stem + METADATA_SUFFIX)


def iso_vietnam(moment: datetime) -> str:
    """Return ``moment`` in ISO 8601, Vietnam time (+07:00); a naive time is taken as Vietnam's.

    >>> iso_vietnam(datetime(2023, 4, 5, 9, 30))
    '2023-04-05T09:30:00+07:00'
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TIME)
    return moment.astimezone(VIETNAM_TIME).isoformat(timespec="seconds")


def outgoing_metadata(document: VanBan, context: dict[str, Any], *, pages: int, pdf_name: str,
                      signed_at: datetime | None = None, attachment: bool = False
                      ) -> dict[str, Any]:
    """Return the register entry of a rendered document (``context`` is its template context).

    ``attachment``: the file holds only the annexes of the document (issued separately);
    the entry then names the document they belong to and their own titles.
    """
    signer = document.nguoi_ky
    recipients = [line.rstrip(";.").removeprefix("- ") for line in context["noi_nhan"]]
    titles = context["nguoi_ky"]["chuc_danh"]  # "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"
    subject = " ".join(emphasis.plain(line) for line in context["trich_yeu"])
    electronic = document.dien_tu
    entry = {
        "CodeNumber": serial_number(document.so).strip(),
        "CodeNotation": context["ky_hieu"],
        "CodeFull": context["so_ky_hieu"].strip(),
        "DocumentType": context["ten_loai"].capitalize(),
        "IssuedDate": document.ngay_ban_hanh.isoformat(),
        "Place": document.dia_danh,
        "OrganName": document.co_quan_ban_hanh.ten,
        "OrganId": document.co_quan_ban_hanh.viet_tat,
        "GoverningOrganName": " ".join(document.co_quan_chu_quan),
        "Subject": subject,
        "PageAmount": pages,
        "SignerInfo": {
            # -- e-office SignerInfo: authority ("TM. BAN CHỈ ĐẠO"), office ("TRƯỞNG BAN") --
            "Competence": " ".join(titles[:-1]),
            "Position": titles[-1],
            "OtherPosition": " ".join(context["nguoi_ky"]["chuc_vu_khac"]),
            "FullName": signer.ho_ten,
        },
        "ToPlaces": recipients,
        "Priority": electronic.do_khan,
        # -- one copy per Nơi nhận line (the Lưu line counts its copies) unless typed --
        "IssuedAmount": electronic.so_luong_ban or (len(recipients) - 1 + (document.luu.so_ban
                                                                             or 1)),
        "DueDate": electronic.han_xu_ly.isoformat() if electronic.han_xu_ly else None,
        "Appendixes": [" ".join(annex.tieu_de) for annex in document.phu_luc],
        "DigitalSignature": {"Signed": signed_at is not None,
                             "SigningTime": iso_vietnam(signed_at) if signed_at else None},
        "FileName": pdf_name,
        "IsAttachment": attachment,
    }
    if attachment:
        entry["Subject"] = "; ".join(entry["Appendixes"])
        entry["DocumentType"] = "Phụ lục"
    return entry


def metadata_json(entry: dict[str, Any]) -> bytes:
    """Return the entry as the UTF-8 JSON written beside the PDF."""
    return (json.dumps(entry, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_metadata(pdf: Path, entry: dict[str, Any]) -> Path:
    """Write the metadata of ``pdf`` atomically beside it; return its path."""
    target = metadata_path(pdf)
    write_atomic(target, metadata_json(entry))
    return target


# Sổ đăng ký văn bản đi (NĐ30 Phụ lục IV), plus the page count and the file.
REGISTER_COLUMNS = [
    ("Số, ký hiệu văn bản", 18), ("Ngày tháng văn bản", 12),
    ("Tên loại và trích yếu nội dung văn bản", 50), ("Người ký", 22),
    ("Nơi nhận văn bản", 40), ("Đơn vị, người nhận bản lưu", 18), ("Số lượng bản", 8),
    ("Số trang", 8), ("Độ khẩn", 10), ("Hạn xử lý", 12), ("Ngày chuyển", 12),
    ("Ký nhận", 12), ("Tệp", 28), ("Ghi chú", 20),
]


def register_row(entry: dict[str, Any]) -> list[Any]:
    """Return an entry as its row of the register."""
    day = datetime.fromisoformat(entry["IssuedDate"])
    kept = [place for place in entry["ToPlaces"] if place.startswith("Lưu:")]
    sent = [place for place in entry["ToPlaces"] if not place.startswith("Lưu:")]
    return [
        entry["CodeFull"], f"{day:%d/%m/%Y}", f"{entry['DocumentType']}: {entry['Subject']}",
        entry["SignerInfo"]["FullName"], "\n".join(sent),
        "; ".join(place.removeprefix("Lưu: ") for place in kept), entry["IssuedAmount"],
        entry["PageAmount"], entry["Priority"], entry["DueDate"] or "", "", "",
        entry["FileName"], "; ".join(note for note, shown in (
            ("chưa có số (bản nháp)", not entry["CodeNumber"]),
            ("đã ký số", entry["DigitalSignature"]["Signed"])) if shown),
    ]


def write_register(path: Path, entries: Sequence[dict[str, Any]]) -> Path:
    """Write the register workbook (one row per document, in the given order) atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ văn bản đi"
    sheet.append([title for title, _ in REGISTER_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for entry in entries:
        sheet.append(register_row(entry))
    for column, (_, width) in enumerate(REGISTER_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue())
    return path
