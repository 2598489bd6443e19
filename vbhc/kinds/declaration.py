"""``Declaration``: what an NĐ30 model form adds to the frame, as plain facts.

Kept apart from the kinds' pydantic models (``declared_model``) so that the registry
knows every kind's name without building any model: a single render builds only
its own kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Declaration:
    """What an NĐ30 model form adds to the frame (see ``declarations``)."""

    name: str  # command-line name
    title: str  # tên loại in running text; Công văn: "Công văn" (not printed)
    abbreviation: str  # Phụ lục III; "" for Công văn (ký hiệu: body-unit)
    model_form: str  # "1.4"
    example: str = ""
    structures: tuple[str, ...] = ("noi_dung", "khoan", "gach_dau_dong")
    parts: frozenset[str] = frozenset()
    required: tuple[str, ...] = ()  # parts the data must give
    printed_title: bool = True  # False: no tên loại line (V/v under the Số instead)
    lead_in: str | None = None  # "QUYẾT ĐỊNH:" between căn cứ and body
    first_recipient: str | None = None  # "dieu": "- Như Điều N;", "tren": "- Như trên;"
    unit_field: tuple[str, ...] = ()  # what a batch row's "ten" fills (Giấy mời: invitee)
    notes: dict[str, str] = field(default_factory=dict)  # skeleton hints per key
