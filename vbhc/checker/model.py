"""Findings and reports of the NĐ30 checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FAIL = "lỗi"
WARN = "cảnh báo"

# Rule id -> section of /work/shared/reference/nd30-format.md it comes from.
SECTIONS: dict[str, str] = {
    "C01": "§1", "C02": "§1", "C03": "§1", "C04": "§1", "C05": "§1",
    "C06": "§2", "C07": "§3", "C08": "§3", "C09": "§3", "C10": "§3", "C11": "§3",
    "C12": "§4", "C13": "§13", "C14": "§5", "C15": "§3",
    "C16": "§6", "C17": "§6", "C18": "§1", "C19": "§7", "C20": "§7", "C21": "§7",
    "C22": "§8", "C23": "§8", "C24": "§10", "C25": "§10", "C26": "§10",
    "C27": "§11", "C28": "§11", "C29": "§14", "C34": "§15",
}

# Short Vietnamese name of each rule, for reports.
TITLES: dict[str, str] = {
    "C01": "khổ giấy", "C02": "lề trang", "C03": "phông chữ", "C04": "mã Unicode",
    "C05": "số trang", "C06": "bảng tiêu đề", "C07": "Quốc hiệu", "C08": "Tiêu ngữ",
    "C09": "đường kẻ dưới Tiêu ngữ", "C10": "cơ quan chủ quản",
    "C11": "cơ quan ban hành", "C12": "số, ký hiệu", "C13": "ký hiệu loại văn bản",
    "C14": "địa danh, ngày tháng", "C15": "trích yếu công văn", "C16": "tên loại",
    "C17": "trích yếu", "C18": "nội dung", "C19": "căn cứ", "C20": "đánh số mục",
    "C21": "dấu kết thúc", "C22": "chữ ký", "C23": "học hàm, học vị",
    "C24": "Nơi nhận", "C25": "danh sách nơi nhận", "C26": "Kính gửi",
    "C27": "phụ lục", "C28": "chỉ dẫn phụ lục", "C29": "viết hoa",
    "C34": "thẻ mẫu chưa điền",
}


@dataclass(frozen=True)
class Finding:
    """One departure from NĐ30: which rule, where, what was found, what is required."""

    rule: str
    severity: str
    where: str
    found: str
    required: str

    @property
    def section(self) -> str:
        """Return the reference section the rule comes from (e.g. ``"§3"``)."""
        return SECTIONS.get(self.rule, "")

    @property
    def is_failure(self) -> bool:
        """Return whether this finding fails the document (an [R] rule)."""
        return self.severity == FAIL

    def as_dict(self) -> dict[str, str]:
        """Return the finding as a JSON-ready dict."""
        return {
            "rule": self.rule,
            "section": self.section,
            "title": TITLES.get(self.rule, ""),
            "severity": self.severity,
            "where": self.where,
            "found": self.found,
            "required": self.required,
        }


@dataclass
class Report:
    """Every finding for one file."""

    path: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def failures(self) -> list[Finding]:
        """Return the findings that fail the document."""
        return [f for f in self.findings if f.is_failure]

    @property
    def warnings(self) -> list[Finding]:
        """Return the findings that only warn."""
        return [f for f in self.findings if not f.is_failure]

    @property
    def rules(self) -> set[str]:
        """Return the ids of every rule with a finding."""
        return {f.rule for f in self.findings}


class Findings(list):
    """A list of findings with helpers to add failures and warnings."""

    def fail(self, rule: str, where: str, found: str, required: str) -> None:
        """Add a failure of an [R] rule."""
        self.append(Finding(rule, FAIL, where, found, required))

    def warn(self, rule: str, where: str, found: str, required: str) -> None:
        """Add a warning ([M]/[P] rule, or a heuristic)."""
        self.append(Finding(rule, WARN, where, found, required))

    def add(self, rule: str, where: str, found: str, required: str, *, strict: bool) -> None:
        """Add a failure when ``strict`` is true, a warning otherwise."""
        (self.fail if strict else self.warn)(rule, where, found, required)
