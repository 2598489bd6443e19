"""Collect the units' results against the quotas of a batch of plans (issue 18).

A Báo cáo names, under ``ket_qua_don_vi``, the plan (the batch data file that gave
each unit its quota) and its sources of results: the results form of ``tong_hop.xlsx``
as the units returned it (one workbook per unit, or one filled by the province), or
the units' own Báo cáo data files. Every figure keeps where it came from, so each
problem names its cell or line; a unit that is missing, reported twice, unknown to
the plan, or whose quota in a form differs from the plan is an error naming the unit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data import excel
from vbhc.data.loading import Source, load_yaml
from vbhc.data.model import Model

# -- the results form (written by vbhc.pipeline.batch.results_form, read here) --
FORM_SHEET = "Kết quả"
FORM_NAME_HEADER = "Đơn vị"
RESULT_HEADERS = {"tiep_nhan": "Đơn vị máu tiếp nhận", "nguoi_tham_gia": "Người tham gia",
                  "so_dot": "Số đợt"}
NOTE_HEADER = "Ghi chú"
RECORD_SUFFIX = ".da_nhap.json"  # beside the report's data file: the last import's figures


def quota_header(label: str) -> str:
    """Return the form's header of a quota column: 'Chỉ tiêu đơn vị máu'."""
    return f"Chỉ tiêu {label}"


class NguonKetQua(Model):
    """A source of unit results: a returned form (.xlsx) or a unit's Báo cáo data file."""

    tep: str = Field(min_length=1)  # a file, or a pattern: ket_qua/*.xlsx
    don_vi: str | None = None  # a Báo cáo file's unit; default: from its issuing body's name
    trang_tinh: str = FORM_SHEET
    dong_tieu_de: int = Field(default=1, ge=1)


class DeXuatChiTieu(Model):
    """Next round's quotas: last result + ``tang`` %, in multiples of ``lam_tron``."""

    nam: int = Field(ge=1945, le=2200)
    tang: float = Field(default=0, ge=-100, le=1000)  # percent over this round's result
    lam_tron: int = Field(default=10, ge=1)
    tong: int | None = Field(default=None, ge=0)  # the level above's quota: shared out exactly
    tep: str | None = None  # write next year's units table (.xlsx) with these quotas


class KetQuaDonVi(Model):
    """The units' results: the plan that set their quotas and where their figures are."""

    ke_hoach: str = Field(min_length=1)  # the batch data file of the units' plans
    chi_tieu: str = "don_vi_mau"  # the target results are measured against
    nguon: list[NguonKetQua] = Field(min_length=1)
    tieu_de: list[str] = ["Kết quả thực hiện chỉ tiêu"]  # the annex's title
    ten_goi: str | None = None  # how the text names the annex
    bieu_do: bool = False  # add a bar chart of the share of quota by unit
    de_xuat: DeXuatChiTieu | None = None

    @field_validator("tieu_de", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


@dataclass
class Planned:
    """A unit of the plan and its quota."""

    name: str
    quota: int


@dataclass
class Reported:
    """A unit's reported figures and where they were read."""

    name: str
    tiep_nhan: int
    nguoi_tham_gia: int | None
    so_dot: int | None
    ghi_chu: str
    where: Problem  # the place of the unit's row or file, for messages


def name_key(name: str) -> str:
    """Return a unit name as compared: NFC, spaces collapsed, case folded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def place(problem: Problem) -> str:
    """Return where a problem is, as a message mentions a second place."""
    if problem.cell:
        return f"{problem.source}[{problem.cell}]"
    return f"{problem.source}:{problem.line}" if problem.line else problem.source


def _moved(problem: Problem, message: str, field: str | None = None) -> Problem:
    return Problem(problem.source, problem.field if field is None else field, message,
                   problem.line, problem.column, problem.cell, problem.warning)


# --------------------------------------------------------------------------- the plan

def plan_units(path: Path, target: str) -> tuple[list[Planned], str]:
    """Return the units of a batch data file with their quota of ``target``, and its label."""
    plan = load_yaml(path)
    campaign = plan.data.get("chien_dich") or {}
    targets = campaign.get("chi_tieu") if isinstance(campaign, dict) else None
    entry = targets.get(target) if isinstance(targets, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("don_vi"), str):
        known = ", ".join(targets) if isinstance(targets, dict) else "chưa có"
        raise DataError([plan.problem(("chien_dich", "chi_tieu"),
                                      f"kế hoạch không có chỉ tiêu '{target}' (có: {known})")])
    label = entry["don_vi"]
    table = plan.data.get("don_vi")
    if isinstance(table, list):
        return _inline_units(plan, table, target), label
    if isinstance(table, dict) and table.get("tep"):
        return _workbook_units(plan, table, label), label
    raise DataError([plan.problem(("don_vi",), "kế hoạch không có bảng đơn vị 'don_vi' "
                                  "(tệp dữ liệu của lệnh vbhc batch)")])


def _inline_units(plan: Source, table: list, target: str) -> list[Planned]:
    units, problems = [], []
    for index, raw in enumerate(table):
        raw = raw if isinstance(raw, dict) else {}
        quota = (raw.get("chi_tieu") or {}).get(target)
        if not isinstance(raw.get("ten"), str) or not isinstance(quota, int) or quota <= 0:
            problems.append(plan.problem(("don_vi", index), f"đơn vị cần 'ten' và chỉ tiêu "
                                         f"'{target}' (số nguyên lớn hơn 0, để tính tỷ lệ)"))
            continue
        units.append(Planned(raw["ten"].strip(), quota))
    if problems:
        raise DataError(problems)
    return units


def _workbook_units(plan: Source, table: dict, label: str) -> list[Planned]:
    header = label[:1].upper() + label[1:]  # the units table heads quotas 'Đơn vị máu'
    sheet = excel.read_table(plan.path.parent / str(table["tep"]),
                             {"ten": FORM_NAME_HEADER, "quota": header},
                             sheet=table.get("sheet"), header_row=int(table.get("dong_tieu_de")
                                                                      or 1))
    problems: list[Problem] = []
    units = []
    for cells in sheet.rows:
        name = excel.text(sheet, cells["ten"], "ten", problems)
        quota = excel.integer(sheet, cells["quota"], "chi_tieu", problems)
        if quota is not None and quota <= 0:
            problems.append(sheet.problem(cells["quota"], "chi_tieu", f"chỉ tiêu {quota}: cần "
                                          "lớn hơn 0 để tính tỷ lệ thực hiện"))
            quota = None
        if name is not None and quota is not None:
            units.append(Planned(name, quota))
    if problems:
        raise DataError(problems)
    return units


# --------------------------------------------------------------------------- the sources

def read_form(path: Path, spec: NguonKetQua, label: str) -> tuple[list[Reported],
                                                                   dict[str, tuple[int,
                                                                                   Problem]]]:
    """Return the filled rows of a returned results form, and each row's quota as typed.

    Rows whose result cells are all empty are a unit that has not reported in this copy.
    """
    columns = {"ten": FORM_NAME_HEADER, "quota": quota_header(label), **RESULT_HEADERS,
               "ghi_chu": NOTE_HEADER}
    optional = frozenset({"quota", "nguoi_tham_gia", "so_dot", "ghi_chu"})
    sheet = excel.read_table(path, columns, sheet=spec.trang_tinh,
                             header_row=spec.dong_tieu_de, optional=optional)
    problems: list[Problem] = []
    reported, quotas = [], {}
    for cells in sheet.rows:
        figures = [cells[key] for key in RESULT_HEADERS if key in cells]
        if all(cell.empty for cell in figures):
            continue
        name = excel.text(sheet, cells["ten"], "ten", problems)
        values = {}
        for key in RESULT_HEADERS:
            if key not in cells:
                continue
            value = excel.integer(sheet, cells[key], key, problems, required=key == "tiep_nhan")
            if value is not None and value < 0:
                problems.append(sheet.problem(cells[key], key, f"số âm ({value})"))
                value = None
            values[key] = value
        if name is None or values.get("tiep_nhan") is None:
            continue
        where = sheet.problem(cells["ten"], "ten", "")
        note = cells.get("ghi_chu")
        reported.append(Reported(name, values["tiep_nhan"] or 0, values.get("nguoi_tham_gia"),
                                 values.get("so_dot"),
                                 "" if note is None or note.empty else str(note.value), where))
        if "quota" in cells:
            quota = excel.integer(sheet, cells["quota"], "quota", problems, required=False)
            if quota is not None:
                quotas[name_key(name)] = (quota, sheet.problem(cells["quota"], "chi_tieu", ""))
    if problems:
        raise DataError(problems)
    return reported, quotas


def read_report(path: Path, spec: NguonKetQua, planned: list[Planned]) -> Reported:
    """Return a unit's results from its own Báo cáo data file (its ``ket_qua`` rounds)."""
    report = load_yaml(path)
    results = report.data.get("ket_qua")
    rounds = results.get("dot") if isinstance(results, dict) else None
    if not isinstance(rounds, list) or not rounds:
        raise DataError([report.problem(("ket_qua",), "báo cáo của đơn vị cần 'ket_qua' với "
                                        "các đợt ('dot') để lấy kết quả")])
    problems = []
    for index, round_ in enumerate(rounds):
        for key in ("tiep_nhan", "nguoi_tham_gia"):
            value = round_.get(key) if isinstance(round_, dict) else None
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(report.problem(("ket_qua", "dot", index, key),
                                               "phải là số nguyên không âm"))
    if problems:
        raise DataError(problems)
    name = spec.don_vi or _unit_of_issuer(report, planned)
    return Reported(name, sum(r["tiep_nhan"] for r in rounds),
                    sum(r["nguoi_tham_gia"] for r in rounds), len(rounds), "",
                    _moved(report.problem(("ket_qua",), ""), "", "ket_qua"))


def _unit_of_issuer(report: Source, planned: list[Planned]) -> str:
    """Return the plan unit whose name ends the report's issuing body's name."""
    issuer = report.data.get("co_quan_ban_hanh")
    title = name_key(issuer.get("ten", "")) if isinstance(issuer, dict) else ""
    for unit in planned:
        if title.endswith(name_key(unit.name)):
            return unit.name
    raise DataError([report.problem(("co_quan_ban_hanh", "ten"),
                                    "không nhận ra đơn vị của báo cáo này từ tên cơ quan ban "
                                    "hành: ghi 'don_vi' ở nguồn kết quả trong báo cáo tổng hợp")])


# --------------------------------------------------------------------------- collecting

@dataclass
class Collected:
    """The plan's units, each with its reported figures, in the plan's order."""

    label: str  # the target's unit ("đơn vị máu")
    units: list[tuple[Planned, Reported]]
    warnings: list[Problem]


def collect(spec: KetQuaDonVi, source: Source) -> Collected:
    """Return every plan unit with its results; raises every problem found at once."""
    where = ("ket_qua_don_vi",)
    plan_path = source.path.parent / spec.ke_hoach
    if not plan_path.is_file():
        raise DataError([source.problem(where + ("ke_hoach",), f"không tìm thấy tệp kế hoạch "
                                        f"{spec.ke_hoach}")])
    planned, label = plan_units(plan_path, spec.chi_tieu)
    problems: list[Problem] = []
    reported: list[Reported] = []
    form_quotas: dict[str, tuple[int, Problem]] = {}
    for index, entry in enumerate(spec.nguon):
        here = source.problem(where + ("nguon", index, "tep"), "")
        for path in _paths(source.path.parent, entry.tep):
            try:
                if not path.is_file():
                    raise DataError([_moved(here, f"không tìm thấy tệp {entry.tep}")])
                if path.suffix.lower() in (".yaml", ".yml"):
                    reported.append(read_report(path, entry, planned))
                else:
                    rows, quotas = read_form(path, entry, label)
                    reported += rows
                    form_quotas.update(quotas)
            except DataError as error:
                problems += error.problems
    if problems:
        raise DataError(problems)
    plan = {name_key(unit.name): unit for unit in planned}
    found: dict[str, Reported] = {}
    for row in reported:
        key = name_key(row.name)
        if key not in plan:
            problems.append(_moved(row.where, f"đơn vị '{row.name}' không có trong kế hoạch "
                                   f"{spec.ke_hoach}"))
        elif key in found:
            problems.append(_moved(row.where, f"kết quả của {plan[key].name} bị lặp: đã có ở "
                                   f"{place(found[key].where)}"))
        else:
            found[key] = row
        typed = form_quotas.get(key)
        if key in plan and typed and typed[0] != plan[key].quota:
            problems.append(_moved(typed[1], f"chỉ tiêu của {plan[key].name} trong biểu mẫu "
                                   f"({typed[0]}) khác kế hoạch ({plan[key].quota})"))
    missing = [unit.name for key, unit in plan.items() if key not in found]
    if missing:
        problems.append(source.problem(where + ("nguon",), f"thiếu kết quả của "
                                       f"{len(missing)} đơn vị: {', '.join(missing)}"))
    if problems:
        raise DataError(problems)
    units = [(unit, found[name_key(unit.name)]) for unit in planned]
    return Collected(label, units, changed_since_last_import(units, source))


def _paths(folder: Path, pattern: str) -> list[Path]:
    """Return the files ``pattern`` names: one file, or every match of a '*' pattern
    (a folder of returned forms, ``ket_qua/*.xlsx``), in name order; Excel's lock files
    ('~$…') are skipped."""
    if "*" not in pattern and "?" not in pattern:
        return [folder / pattern]
    matches = sorted(p for p in folder.glob(pattern) if not p.name.startswith("~$"))
    return matches or [folder / pattern]  # -- no match: reported as a missing file --


def changed_since_last_import(units: list[tuple[Planned, Reported]],
                              source: Source) -> list[Problem]:
    """Return a warning per unit whose figures differ from the last import; record these.

    The record (``<data file>.da_nhap.json``) lets a province see that a unit sent
    corrected figures after the report was first drafted.
    """
    record = source.path.with_name(source.path.name + RECORD_SUFFIX)
    now = {unit.name: {k: v for k, v in asdict(row).items() if k in
                       ("tiep_nhan", "nguoi_tham_gia", "so_dot")} for unit, row in units}
    try:
        before = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    warnings = []
    for name, figures in now.items():
        old = before.get(name)
        if isinstance(old, dict) and old != figures:
            changes = ", ".join(f"{RESULT_HEADERS[k].lower()} {old.get(k)} → {v}"
                                for k, v in figures.items() if old.get(k) != v)
            warnings.append(source.problem(("ket_qua_don_vi", "nguon"),
                                           f"số liệu của {name} đã thay đổi so với lần nhập "
                                           f"trước ({changes})", warning=True))
    if now != before:
        try:
            record.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError:
            warnings.append(Problem(short_path(record), "", "không ghi được bản ghi số liệu "
                                    "đã nhập", warning=True))
    return warnings
