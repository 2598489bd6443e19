"""Read the electronic form's images named in the data, and the annex's signature info.

``nguoi_ky.anh_chu_ky`` (the signer's image) and ``co_quan_ban_hanh.anh_dau`` (the
seal) name PNG files beside the data file. Each problem (missing file, not a PNG)
is a ``DataError`` located at the field's line, raised before anything is written;
an image without a transparent ground is a warning (it would hide the text under it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data.loading import Source
from vbhc.data.model import VanBan
from vbhc.document import pictures
from vbhc.document.pictures import NotPng, Picture
from vbhc.pipeline.metadata import iso_vietnam
from vbhc.pipeline.render import Loaded

FIELDS = {"signature": ("nguoi_ky", "anh_chu_ky"), "seal": ("co_quan_ban_hanh", "anh_dau")}
TIME_PLACEHOLDER = "....-..-..T..:..:..+07:00"  # filled in by the office's signing tool


@dataclass(frozen=True)
class Pictures:
    """The signer's image and the seal of a document; either may be absent."""

    signature: Picture | None = None
    seal: Picture | None = None
    warnings: tuple[Problem, ...] = ()  # e.g. an image without a transparent ground

    @property
    def any(self) -> bool:
        """Return whether there is an image to place."""
        return self.signature is not None or self.seal is not None


def _named(document: VanBan, location: tuple[str, str]) -> str | None:
    return getattr(getattr(document, location[0]), location[1])


def read_pictures(loaded: Loaded) -> Pictures:
    """Return the images the data names; raise ``DataError`` listing every bad one."""
    return pictures_of(loaded.document, loaded.source)


def pictures_of(document: VanBan, source: Source) -> Pictures:
    """Return the images ``document`` names, read beside its data file ``source``."""
    found: dict[str, Picture | None] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for role, location in FIELDS.items():
        name = _named(document, location)
        found[role] = None
        if not name:
            continue
        path = source.path.parent / name
        try:
            picture = found[role] = Picture.from_png(path.read_bytes())
            if not picture.alpha:
                # -- an opaque ground would hide the text under it (the title, the name) --
                warnings.append(source.problem(location, f"ảnh {name} không có nền trong suốt; "
                                               "NĐ 30 yêu cầu ảnh PNG nền trong suốt",
                                               warning=True))
        except FileNotFoundError:
            problems.append(source.problem(location, f"không tìm thấy tệp ảnh {name} "
                                           f"(đặt cạnh tệp dữ liệu, trong {_folder(path)})"))
        except IsADirectoryError:
            problems.append(source.problem(location, f"{name} là thư mục, không phải ảnh"))
        except OSError as error:
            problems.append(source.problem(location, f"không đọc được ảnh {name}: "
                                           f"{error.strerror or error}"))
        except NotPng as error:
            problems.append(source.problem(location, f"{name}: {error}; NĐ 30 yêu cầu "
                                           "ảnh định dạng PNG nền trong suốt"))
    if problems:
        raise DataError(problems)
    return Pictures(found["signature"], found["seal"], tuple(warnings))


def _folder(path: Path) -> str:
    return short_path(path.parent) or "."


def place_pictures(docx: bytes, found: Pictures) -> bytes:
    """Return the .docx with the images over the signature space (unchanged without images)."""
    return pictures.place_pictures(docx, found.signature, found.seal)


def placed(docx: bytes) -> bool:
    """Return whether the .docx holds the images vbhc placed."""
    return pictures.MEDIA_PREFIX.encode() in docx  # -- member names are stored in clear --


def signature_info(loaded: Loaded) -> list[str]:
    """Return the body's signature info lines for an annex in its own file.

    Số và ký hiệu of the parent document and the signing time (ISO 8601, Vietnam
    time): the time given in ``dien_tu.thoi_gian_ky``, or a placeholder for the
    signing tool.
    """
    moment = loaded.document.dien_tu.thoi_gian_ky
    return [f"Số: {loaded.context['so_ky_hieu'].strip()}",
            f"Thời gian ký: {iso_vietnam(moment) if moment else TIME_PLACEHOLDER}"]


def add_signature_info(docx: bytes, lines: list[str]) -> bytes:
    """Return the .docx with the signature info box top right of page 1."""
    return pictures.add_info_box(docx, lines)
