"""The batch model: one shared data file and a table of units, one document per unit.

The shared part is a normal data file of the kind (``data/lao_cai_2023_huyen.yaml``)
plus ``don_vi``: the table of units, inline in the YAML or in an Excel workbook
(``{tep: x.xlsx, sheet:, dong_tieu_de:, sheet_su_kien:}``). A unit's fields override
the shared frame fields (``co_quan_ban_hanh``, ``so``, ``nguoi_ky`` …, mappings key
by key); its ``su_kien`` and ``chi_tieu`` replace the campaign's events and targets.
The unit's own data is offered to ``{{ … }}`` references as ``don_vi``.

Everything that concerns the whole table (names, file names, totals against the
plan of the level above) is checked here, before anything is written; a unit whose
own data is bad only makes that unit fail (``Unit.problems``).
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from vbhc.core.errors import DataError, Problem
from vbhc.core.formatting import number
from vbhc.core.numbers import whole_number
from vbhc.data.loading import Source, load_yaml, validate
from vbhc.data.model import Model, SuKien, VanBanLienQuan, WholeNumber
from vbhc.kinds import KINDS, Kind, get_kind, load_any
from vbhc.kinds.context import cited_document
from vbhc.pipeline.batch.merge import unit_source
from vbhc.pipeline.batch.records import SUMMARY_STEM, Batch, Total, Unit
from vbhc.pipeline.batch.table import UnitPlace, name_key, read_units_workbook

BATCH_KEYS = ("don_vi", "chi_tieu_cap_tren")
MAX_STEM = 80  # -- Windows paths stop at 260 characters: keep file names short --
# Names Windows reserves for devices, even with an extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


class DonVi(Model):
    """A unit's own data: its name and the frame and campaign fields it sets."""

    ten: str = Field(min_length=1)
    co_quan_chu_quan: list[str] | None = None
    co_quan_ban_hanh: dict[str, Any] | None = None
    so: WholeNumber | None = Field(default=None, ge=1)
    ky_hieu: str | None = None
    dia_danh: str | None = None
    ngay_ban_hanh: date | None = None
    nguoi_ky: dict[str, Any] | None = None
    noi_nhan: list[Any] | None = None
    luu: dict[str, Any] | None = None
    thong_tin: dict[str, Any] | None = None
    chi_tieu: dict[str, WholeNumber] = {}
    su_kien: list[SuKien] | None = None

    @field_validator("co_quan_chu_quan", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("chi_tieu")
    @classmethod
    def _not_negative(cls, value: dict[str, int]) -> dict[str, int]:
        for key, amount in value.items():
            if amount < 0:
                raise ValueError(f"chỉ tiêu '{key}' không được âm ({amount})")
        return value


class _Cited(Model):
    """The shared part's cited documents, validated on their own before any unit."""

    van_ban: dict[str, VanBanLienQuan] = {}
    chi_tieu_cap_tren: str | None = None


def file_stem(name: str) -> str:
    """Return a portable file name stem for a unit name: 'thị xã Sa Pa' → 'thi_xa_sa_pa'.

    >>> file_stem("huyện Bát Xát"), file_stem("Thành phố Lào Cai")
    ('huyen_bat_xat', 'thanh_pho_lao_cai')
    """
    text = name.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))
    stem = re.sub(r"[^a-z0-9]+", "_", text.lower())[:MAX_STEM].strip("_")
    return stem + "_" if stem in _RESERVED else stem


def batchable(kind: Kind) -> bool:
    """Return whether units of ``kind`` can be rendered in a batch.

    A unit's context is built with ``document_context`` from facts the batch
    completes (cited documents read once, ``don_vi``); a kind that overrides
    ``Kind.context`` computes facts of its own that this would skip.
    """
    return type(kind).context is Kind.context or kind.batch_ready


def load_batch(kind_name: str, data_path: Path, text: str | None = None, *,
               on_unit: Callable[[Batch, Unit], None] | None = None) -> Batch:
    """Return the batch of ``data_path``; raises ``DataError`` for whole-table problems.

    ``text``: the file's content as edited but not saved (the studio's preview).
    ``on_unit(batch, unit)`` is called as each unit is read, with the batch read so
    far (its shared part complete, its units growing), before the whole table is
    checked: ``run_batch`` starts its workers and renders units ahead meanwhile.
    """
    kind = get_kind(kind_name)
    if not batchable(kind):
        known = ", ".join(name for name, k in KINDS.items() if batchable(k))
        raise DataError([Problem("dòng lệnh", "loai", f"loại '{kind.name}' tự tính thêm dữ kiện "
                                 f"riêng, chưa tạo hàng loạt được (được: {known})")])
    full = load_yaml(Path(data_path), text)
    declared = full.data.get("loai")
    if declared and declared != kind.name and not kind.accepts(declared):
        raise DataError([full.problem(("loai",), f"tệp này là '{declared}', không phải "
                                      f"'{kind.name}'")])
    if "don_vi" not in full.data:
        raise DataError([full.problem((), "thiếu 'don_vi': danh sách đơn vị, hoặc "
                                      "{tep: tệp Excel} chứa bảng đơn vị")])
    shared = {k: v for k, v in full.data.items() if k not in BATCH_KEYS}
    source = replace(full, data=shared)
    settings = validate(_Cited, full, {"van_ban": full.data.get("van_ban") or {},
                                       "chi_tieu_cap_tren": full.data.get("chi_tieu_cap_tren")})
    cited = {key: cited_document(entry, full, key) for key, entry in settings.van_ban.items()}
    targets = _target_labels(full)
    batch = Batch(kind.name, source, cited, targets, [], full.name)
    _read_units(batch, full, on_unit)
    batch.warnings += [str(warning) for warning in full.warnings]  # -- hidden sheet or rows --
    _check_names(batch)
    if settings.chi_tieu_cap_tren:
        _check_totals(batch, full, settings)
    _check_shared(batch)
    return batch


def _check_shared(batch: Batch) -> None:
    """Raise the shared part's own problems, found on the first unit without problems."""
    unit = next((u for u in batch.units if not u.problems), None)
    if unit is None:
        return
    source = unit_source(batch, unit, unit.data)
    try:
        validate(batch.kind.model, source, source.data)
    except DataError as error:
        assert source.locator is not None
        shared = [p for p in error.problems if id(p) in source.locator.shared]
        if shared:
            raise DataError(shared) from None


def _target_labels(full: Source) -> dict[str, str]:
    """Return the campaign's targets that units carry: key -> unit label."""
    campaign = full.data.get("chien_dich")
    targets = campaign.get("chi_tieu") if isinstance(campaign, dict) else None
    if not isinstance(targets, dict):
        return {}
    labels = {}
    for key, value in targets.items():
        if isinstance(value, dict) and isinstance(value.get("don_vi"), str):
            labels[str(key)] = value["don_vi"]
    return labels


def _read_units(batch: Batch, full: Source,
                on_unit: Callable[[Batch, Unit], None] | None = None) -> None:
    """Read into ``batch`` the units of the table ``don_vi`` names, each validated on its own."""
    table = full.data["don_vi"]
    rows: Iterable[tuple[Any, UnitPlace, list[Problem]]]
    if isinstance(table, dict):
        rows, batch.table_name = read_units_workbook(full, table, batch.targets)
    elif isinstance(table, list) and table:
        rows = ((raw, UnitPlace(full.name, yaml_index=i), []) for i, raw in enumerate(table))
    else:
        raise DataError([full.problem(("don_vi",), "cần một danh sách đơn vị (mỗi đơn vị một "
                                      "mục '- ten: …') hoặc {tep: tệp Excel}")])
    for index, (raw, place, problems) in enumerate(rows):
        unit = _unit(index, raw, place, problems, full, batch.targets)
        batch.units.append(unit)
        if on_unit is not None:
            on_unit(batch, unit)


def _unit(index: int, raw: Any, place: UnitPlace, problems: list[Problem], full: Source,
          targets: dict[str, str]) -> Unit:
    """Return one unit, its problems recorded rather than raised."""
    name = str(raw.get("ten") or "").strip() if isinstance(raw, dict) else ""
    label = name or f"đơn vị thứ {index + 1}"
    problems = list(problems)
    data: dict[str, Any] = {}
    try:
        unit = validate(DonVi, _UnitSource(place, full), raw)
        data = unit.model_dump(exclude_unset=True)
    except DataError as error:
        problems += error.problems
    else:
        shared_targets = full.data["chien_dich"].get("chi_tieu", {}) if targets else {}
        for key in unit.chi_tieu:
            if key not in targets:
                known = ", ".join(targets) or "chưa có"
                problems.append(place.problem(("chi_tieu", key), f"chỉ tiêu '{key}' chưa khai "
                                              f"báo ở chien_dich.chi_tieu (có: {known})", full))
        for key in targets:
            if key not in unit.chi_tieu and "so" not in (shared_targets.get(key) or {}):
                problems.append(place.problem(("chi_tieu", key), f"thiếu chỉ tiêu "
                                              f"'{targets[key]}' của đơn vị", full))
    # -- quotas count in the totals even when another field of the unit is wrong --
    typed = raw.get("chi_tieu") if isinstance(raw, dict) else None
    typed = typed if isinstance(typed, dict) else {}
    quotas = tuple(_quota(typed.get(key)) for key in targets)
    return Unit(index, label, file_stem(name) if name else "",
                pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), place, problems, quotas)


def _quota(typed: Any) -> int | None:
    """Return a quota as typed ('7.000' too), or None when it is not a whole number."""
    try:
        value = whole_number(typed)
    except ValueError:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
        else None


class _UnitSource:
    """Locate validation problems of a unit's fields (``loading.validate`` calls this)."""

    def __init__(self, place: UnitPlace, shared: Source) -> None:
        self.place = place
        self.shared = shared

    def problem(self, location: tuple, message: str, *, warning: bool = False) -> Problem:
        """Return the problem at the unit's field ``location``."""
        return self.place.problem(location, message, self.shared)


def _check_names(batch: Batch) -> None:
    """Raise when two units share a name or a file name, or a name makes no file name."""
    problems = []
    names: dict[str, Unit] = {}
    stems: dict[str, Unit] = {}
    for unit in batch.units:
        if any(p.field == "ten" for p in unit.problems):
            continue  # -- no usable name: the unit fails on its own --
        where = unit.place.problem(("ten",), "", batch.source)
        if not unit.stem:
            problems.append(_with(where, f"tên '{unit.name}' không tạo được tên tệp"))
            continue
        first = names.get(name_key(unit.name))
        if first is not None:
            problems.append(_with(where, f"tên đơn vị '{unit.name}' trùng với đơn vị thứ "
                                  f"{first.index + 1} ({_at(first, batch)})"))
            continue
        names[name_key(unit.name)] = unit
        clash = stems.get(unit.stem)
        if unit.stem == SUMMARY_STEM:
            problems.append(_with(where, f"tên tệp {unit.stem}.docx trùng với bảng tổng hợp"))
        elif clash is not None:
            problems.append(_with(where, f"tên tệp {unit.stem}.docx của '{unit.name}' trùng "
                                  f"với của '{clash.name}' ({_at(clash, batch)})"))
        stems.setdefault(unit.stem, unit)
    if problems:
        raise DataError(problems)


def _with(problem: Problem, message: str) -> Problem:
    return Problem(problem.source, problem.field, message, problem.line, problem.column,
                   problem.cell)


def _at(unit: Unit, batch: Batch) -> str:
    """Return where a unit is, for messages that mention a second one."""
    where = unit.place.problem(("ten",), "", batch.source)
    if where.cell:
        return where.cell
    return f"dòng {where.line}" if where.line else where.source


def _check_totals(batch: Batch, full: Source, settings: _Cited) -> None:
    """Raise when the units' targets do not add up to those of the level above."""
    key = settings.chi_tieu_cap_tren
    entry = settings.van_ban.get(key or "")
    where = ("chi_tieu_cap_tren",)
    if entry is None or entry.tep is None:
        raise DataError([full.problem(where, f"'{key}' phải là một khóa trong van_ban có "
                                      "'tep' (tệp dữ liệu của kế hoạch cấp trên)")])
    _, upper, _ = load_any((full.path.parent / entry.tep).resolve())
    campaign = getattr(upper, "chien_dich", None)
    upper_targets = campaign.chi_tieu if campaign is not None else {}
    citation = batch.cited[key or ""]["trich_dan"].split(" của ")[0]
    problems = []
    for position, (target, label) in enumerate(batch.targets.items()):
        if target not in upper_targets:
            continue
        values = [unit.quotas[position] if unit.quotas else None for unit in batch.units]
        if any(v is None for v in values):
            batch.warnings.append(f"chưa kiểm tra tổng chỉ tiêu '{label}': có đơn vị lỗi")
            continue
        total = Total(target, label, upper_targets[target].so, sum(v or 0 for v in values))
        batch.totals.append(total)
        if total.actual != total.expected:
            gap = total.expected - total.actual
            diff = f"thiếu {number(gap)}" if gap > 0 else f"thừa {number(-gap)}"
            problems.append(Problem(batch.table_name, f"chi_tieu.{target}",
                                    f"tổng chỉ tiêu '{label}' của {len(values)} đơn vị là "
                                    f"{number(total.actual)}, khác chỉ tiêu "
                                    f"{number(total.expected)} của {citation} "
                                    f"({entry.tep}): {diff}"))
    if problems:
        raise DataError(problems)
