"""A unit's document: the shared part of a batch with the unit's own fields applied.

Mappings among the frame fields (``co_quan_ban_hanh``, ``nguoi_ky`` …) are merged key
by key; other frame fields are replaced; the unit's ``su_kien`` and ``chi_tieu``
replace the campaign's events and the numbers of its targets. The merged data is
validated as a whole by the kind's model, and each problem is located where the
offending value was typed: in the unit's row (or YAML entry) or in the shared file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from vbhc.core.errors import Problem
from vbhc.data.base import nfc
from vbhc.data.loading import Source, validate
from vbhc.data.model import VanBan

if TYPE_CHECKING:
    from vbhc.pipeline.batch.records import Batch, Unit

# Frame fields a unit may set; mappings among them are merged key by key.
FRAME_FIELDS = ("co_quan_chu_quan", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh",
                "ngay_ban_hanh", "nguoi_ky", "noi_nhan", "luu", "thong_tin")
MERGED_FIELDS = frozenset({"co_quan_ban_hanh", "nguoi_ky", "luu", "thong_tin"})


def unit_document(batch: Batch, unit: Unit, data: dict[str, Any] | None = None,
                  shared: dict[str, Any] | None = None) -> tuple[VanBan, UnitDocumentSource]:
    """Return the unit's validated document (the shared part with the unit's fields), and
    its source.

    ``shared`` (``shared_fields`` of an earlier unit's document) holds the shared
    part's fields already validated: a field the unit leaves alone is passed as
    that validated value, which pydantic takes as it is, so only what the unit
    changes is validated again (the whole model's own checks still run).
    """
    source = unit_source(batch, unit, unit.data if data is None else data)
    if not shared:
        return validate(batch.kind.model, source, source.data), source
    # -- the shared part's text is made NFC once for the batch, the unit's own here: the
    # model's validators then walk nothing again (``base.nfc_context``) --
    common = batch.source.data
    normal, normalized = _shared_nfc(common)
    done = set(normalized)
    values = {}
    for key, value in source.data.items():
        if key not in normal or value is not common[key]:
            values[key] = nfc(value, done)
        else:
            values[key] = shared[key] if key in shared else normal[key]
    done.add(id(values))
    return validate(batch.kind.model, source, values, done), source


# The last batch's shared data, its values made NFC, and the ids of the mappings made.
_kept_nfc: tuple[dict[str, Any], dict[str, Any], frozenset[int]] | None = None


def _shared_nfc(common: dict[str, Any]) -> tuple[dict[str, Any], frozenset[int]]:
    """Return the shared data's values made NFC and the ids of their mappings (kept)."""
    global _kept_nfc
    kept = _kept_nfc
    if kept is None or kept[0] is not common:
        done: set[int] = set()
        kept = _kept_nfc = (common, {key: nfc(value, done) for key, value in common.items()},
                            frozenset(done))
    return kept[1], kept[2]


def shared_fields(batch: Batch, document: VanBan, merged: dict[str, Any]) -> dict[str, Any]:
    """Return the validated records of ``document`` that come unchanged from the shared part.

    Only records (and lists or mappings of records) are kept: pydantic passes a
    validated record through untouched, whereas a plain string would be cleaned
    a second time.
    """
    common = batch.source.data
    out = {}
    for key, value in merged.items():
        if value is not common.get(key) or not hasattr(document, key):
            continue
        field = getattr(document, key)
        items = (list(field.values()) if isinstance(field, dict)
                 else field if isinstance(field, list) else [field])
        if items and all(isinstance(item, BaseModel) for item in items):
            out[key] = field
    return out


@dataclass
class UnitDocumentSource(Source):
    """The source of a unit's document: its merged data, its problems located by ``locator``.

    Given to code that takes a ``Source`` (the consistency checks) so that what it
    reports points at the unit's row or at the shared file, wherever the value was typed.
    """

    locator: MergedSource | None = None

    def problem(self, location: tuple, message: str, *, warning: bool = False) -> Problem:
        """Return the problem at ``location`` of the unit's document."""
        if self.locator is None:
            return super().problem(location, message, warning=warning)
        return self.locator.problem(location, message, warning=warning)


def unit_source(batch: Batch, unit: Unit, data: dict[str, Any]) -> UnitDocumentSource:
    """Return the source of the unit's document (its merged data, located problems)."""
    return UnitDocumentSource(batch.source.path, merged_data(batch, data), batch.source.text,
                              locator=MergedSource(batch, unit, data))


def merged_data(batch: Batch, data: dict[str, Any]) -> dict[str, Any]:
    """Return a unit's document data: the shared part with the unit's fields ``data``."""
    merged = dict(batch.source.data)
    for key in FRAME_FIELDS:
        if key not in data:
            continue
        if key in MERGED_FIELDS and isinstance(merged.get(key), dict) and data[key] is not None:
            merged[key] = {**merged[key], **data[key]}
        else:
            merged[key] = data[key]
    campaign = merged.get("chien_dich")
    if isinstance(campaign, dict) and ("su_kien" in data or "chi_tieu" in data):
        campaign = dict(campaign)
        if "su_kien" in data:
            campaign["su_kien"] = data["su_kien"]
        targets = dict(campaign.get("chi_tieu") or {})
        for key, value in data.get("chi_tieu", {}).items():
            targets[key] = {**(targets.get(key) or {}), "so": value}
        campaign["chi_tieu"] = targets
        merged["chien_dich"] = campaign
    *parents, leaf = batch.kind.unit_field or ("",)
    if leaf and "ten" in data:
        # -- the row's name fills the kind's field: a Giấy mời's invitee, a Công văn's
        # recipient --
        holder = merged
        for key in parents:
            holder[key] = holder = dict(holder.get(key) or {})
        holder[leaf] = data["ten"]
    return merged


class MergedSource:
    """Locate a problem of a unit's document in the unit's row or in the shared file."""

    def __init__(self, batch: Batch, unit: Unit, data: dict[str, Any]) -> None:
        self.batch = batch
        self.unit = unit
        self.data = data
        self.shared: set[int] = set()  # ids of the problems located in the shared part

    def problem(self, location: tuple, message: str, *, warning: bool = False) -> Problem:
        """Return the problem, located where the offending value was typed."""
        unit_path = _unit_path(location)
        if unit_path is not None and (_has(self.data, unit_path)
                                      or not _has(self.batch.source.data, location)):
            return self.unit.place.problem(unit_path, message, self.batch.source,
                                           warning=warning)
        problem = self.batch.source.problem(location, message, warning=warning)
        self.shared.add(id(problem))
        return problem


def _unit_path(location: tuple) -> tuple | None:
    """Return the unit's field that a document field comes from, if a unit may set it."""
    if not location:
        return None
    if location[0] in FRAME_FIELDS:
        return location
    if location[:2] == ("chien_dich", "su_kien"):
        return ("su_kien",) + location[2:]
    if location[:2] == ("chien_dich", "chi_tieu") and len(location) > 2:
        return ("chi_tieu", location[2])
    return None


def _has(data: Any, path: tuple) -> bool:
    """Return whether ``data`` holds a value at ``path`` (or at a prefix that is not a map)."""
    for key in path:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return False
    return True
