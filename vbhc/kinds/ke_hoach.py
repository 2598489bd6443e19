"""Kế hoạch (plan): the frame, a campaign's facts and a numbered body."""

from __future__ import annotations

from typing import Any

from vbhc.data.model import ChienDich, VanBan
from vbhc.kinds.declaration import Declaration
from vbhc.kinds.kind import Kind


class KeHoach(VanBan):
    """A plan: the common frame plus the campaign it organises."""

    chien_dich: ChienDich | None = None


class KeHoachKind(Kind):
    declaration = Declaration("ke-hoach", "Kế hoạch", "KH", "1.4", "data/lao_cai_2023.yaml",
                              structures=("noi_dung",), parts=frozenset({"chien_dich"}))
    model = KeHoach

    def event_arguments(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Return the campaign's events and the sentence pattern that lists them."""
        campaign = facts.get("chien_dich")
        if not campaign:
            return {}
        return {"events": campaign["su_kien"], "event_text": campaign["mau_su_kien"]}


KIND = KeHoachKind()
