"""Text and JSON renderings of checker reports."""

from __future__ import annotations

import json
from collections.abc import Iterable

from vbhc.core.errors import short_path

from .model import TITLES, Finding, Report


def summary_line(report: Report) -> str:
    """Return ``output/x.docx: 0 lỗi, 2 cảnh báo``."""
    return (f"{short_path(report.path)}: {len(report.failures)} lỗi, "
            f"{len(report.warnings)} cảnh báo")


def brief_lines(report: Report) -> list[str]:
    """Return one short line per finding (errors first), for commands that only summarise."""
    return [f"  {'lỗi' if finding in report.failures else 'cảnh báo'}: {finding.where}: "
            f"{finding.found}; yêu cầu: {finding.required}"
            for finding in [*report.failures, *report.warnings]]


def format_finding(finding: Finding) -> str:
    """Return one finding as a report line."""
    title = TITLES.get(finding.rule, "")
    return (f"  [{finding.rule} {finding.section} {title}] {finding.where}: "
            f"{finding.found}; yêu cầu: {finding.required}")


def format_text(reports: Iterable[Report]) -> str:
    """Return the reports as text: per file its failures, then its warnings, then a
    one-line summary."""
    blocks = []
    for report in reports:
        lines = [f"== {short_path(report.path)}"]
        if report.failures:
            lines.append("Lỗi:")
            lines += [format_finding(f) for f in report.failures]
        if report.warnings:
            lines.append("Cảnh báo:")
            lines += [format_finding(f) for f in report.warnings]
        if not report.findings:
            lines.append("  Đạt thể thức NĐ30, không có lỗi.")
        lines.append(summary_line(report))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def format_json(reports: Iterable[Report]) -> str:
    """Return the reports as a JSON document (a list, one object per file)."""
    data = [
        {
            "path": short_path(r.path),
            "failures": len(r.failures),
            "warnings": len(r.warnings),
            "findings": [f.as_dict() for f in r.findings],
        }
        for r in reports
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)
