"""Shared checks used by the rule modules: size, weight, slant, case, alignment."""

from __future__ import annotations

from collections.abc import Sequence

from .docmodel import Line, Para
from .effective import RunFormat
from .model import Findings
from .rules_lines import Rule
from .textkit import cm, is_caps, pt, quote

ALIGN_VI = {"left": "căn trái", "center": "căn giữa", "right": "căn phải",
            "both": "căn đều hai bên", None: "không rõ"}


def where(item: Line | Para | None, label: str | None = None) -> str:
    """Return where ``item`` is, for a report: ``trang 1, ô Quốc hiệu`` or its text."""
    if label:
        return f"trang 1, {label}" if not label.startswith(("phụ lục", "trang")) else label
    if item is None:
        return "văn bản"
    return f"đoạn {quote(item.text)}"


def sizes_text(formats: Sequence[RunFormat]) -> str:
    """Return the distinct font sizes of ``formats``, for a report."""
    seen = sorted({f.size_pt for f in formats if f.size_pt is not None})
    unknown = any(f.size_pt is None for f in formats)
    parts = [pt(s) for s in seen] + (["không khai báo"] if unknown else [])
    return "cỡ chữ " + ", ".join(parts)


def size(out: Findings, rule: str, place: str, formats: Sequence[RunFormat], lo: float,
         hi: float, strict: bool = True) -> None:
    """Add a finding when a run's size lies outside ``lo``–``hi`` pt."""
    if not formats:
        return
    if all(f.size_pt is not None and lo - 0.01 <= f.size_pt <= hi + 0.01 for f in formats):
        return
    want = pt(lo) if lo == hi else f"{lo:g}–{hi:g} pt".replace(".", ",")
    out.add(rule, place, sizes_text(formats), f"cỡ chữ {want}", strict=strict)


def bold(out: Findings, rule: str, place: str, formats: Sequence[RunFormat], want: bool,
         strict: bool = True) -> None:
    """Add a finding when some run is (or is not) bold against ``want``."""
    bad = [f for f in formats if f.bold != want]
    if not bad:
        return
    found = ("có chữ không in đậm" if want else "có chữ in đậm") if len(bad) < len(
        formats) else ("không in đậm" if want else "in đậm")
    out.add(rule, place, found, "in đậm" if want else "không in đậm", strict=strict)


def italic(out: Findings, rule: str, place: str, formats: Sequence[RunFormat], want: bool,
           strict: bool = True) -> None:
    """Add a finding when some run is (or is not) italic against ``want``.

    A few italic words in an upright line (a quoted name) only warn.
    """
    bad = [f for f in formats if f.italic != want]
    if not bad:
        return
    if len(bad) < len(formats):
        found = "có chữ không in nghiêng" if want else "có chữ in nghiêng"
        if not want and len(bad) * 2 < len(formats):
            strict = False
    else:
        found = "không in nghiêng" if want else "in nghiêng"
    out.add(rule, place, found, "in nghiêng" if want else "chữ đứng (không nghiêng)",
            strict=strict)


def caps(out: Findings, rule: str, place: str, line: Line, want: bool,
         strict: bool = True) -> None:
    """Add a finding when the displayed text is (or is not) all capitals."""
    if is_caps(line.shown) == want:
        return
    if want:
        out.add(rule, place, "không viết hoa toàn bộ", "chữ in hoa", strict=strict)
    else:
        out.add(rule, place, "viết hoa toàn bộ", "chữ thường (không in hoa toàn bộ)",
                strict=strict)


def align(out: Findings, rule: str, place: str, para: Para, want: str = "center",
          strict: bool = True) -> None:
    """Add a finding when the paragraph's alignment differs from ``want``."""
    got = para.fmt.alignment
    if got == want:
        return
    out.add(rule, place, ALIGN_VI.get(got, str(got)), ALIGN_VI[want], strict=strict)


def rule_length(out: Findings, rule_id: str, place: str, rule: Rule | None, lo: float,
                hi: float, what: str, strict: bool = True) -> None:
    """Add findings when ``rule`` is missing, typed, off-centre or not ``lo``–``hi`` twips."""
    if rule is None:
        out.add(rule_id, place, f"không tìm thấy đường kẻ dưới {what}",
                "đường kẻ ngang nét liền", strict=strict)
        return
    if rule.kind in ("typed", "underline"):
        how = "gõ bằng ký tự «_»/«-»" if rule.kind == "typed" else "là gạch chân dưới chữ"
        out.warn(rule_id, place, f"đường kẻ {how}", "viền dưới của đoạn trống hoặc đường vẽ")
    if not lo - 1 <= rule.length <= hi + 1:
        out.add(rule_id, place, f"đường kẻ dài {cm(rule.length)} ({rule.how})",
                f"dài {cm(lo)}–{cm(hi)}", strict=strict)
    if rule.centred is False:
        out.add(rule_id, place, "đường kẻ không cân giữa", "đặt cân đối dưới dòng chữ",
                strict=strict)
