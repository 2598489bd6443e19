"""The summary of the units' results: facts for the text and the annex table (issue 18).

Everything is computed here from the collected figures and formatted with Babel:
totals, each unit's share of its quota and its rank, who met the quota, the best
and the weakest unit, next round's quotas. The template only places these strings.
"""

from __future__ import annotations

from typing import Any

from vbhc.core.errors import Problem
from vbhc.core.formatting import number
from vbhc.core.quota import propose_quotas, quota_met, quota_share, quota_wording
from vbhc.data.loading import Source
from vbhc.document.chart import CHART_WIDTH_CM, Picture, share_chart
from vbhc.kinds.annex import arranged, attached_line
from vbhc.kinds.results import Collected, KetQuaDonVi, collect

MET, ABOVE, BELOW = "Đạt", "Vượt", "Chưa đạt"
# Column headers of the annex "Kết quả thực hiện chỉ tiêu".
HEADERS = ["STT", "Đơn vị", "Chỉ tiêu", "Kết quả", "Tỷ lệ", "Xếp hạng", "Đánh giá"]
BELOW_SHADE = "D9D9D9"  # light grey: still readable printed in black and white


def _ranks(ratios: list[tuple[int, int]]) -> list[int]:
    """Return each unit's rank by share of quota, highest first; equal shares share a rank."""
    order = sorted(range(len(ratios)), key=lambda i: -ratios[i][0] / ratios[i][1])
    ranks = [0] * len(ratios)
    for position, index in enumerate(order):
        before = order[position - 1] if position else None
        same = (before is not None and ratios[before][0] * ratios[index][1]
                == ratios[index][0] * ratios[before][1])
        ranks[index] = ranks[before] if same and before is not None else position + 1
    return ranks


def _verdict(result: int, quota: int) -> str:
    if result > quota:
        return ABOVE
    return MET if result == quota else BELOW


def results_facts(collected: Collected, spec: KetQuaDonVi) -> dict[str, Any]:
    """Return the facts offered to ``{{ ket_qua_don_vi.… }}`` and the annex rows."""
    pairs = [(row.tiep_nhan, unit.quota) for unit, row in collected.units]
    ranks = _ranks(pairs)
    rows = []
    for number_, ((unit, row), rank) in enumerate(zip(collected.units, ranks, strict=True),
                                                  start=1):
        below = not quota_met(row.tiep_nhan, unit.quota)
        rows.append({
            "stt": str(number_), "ten": unit.name, "chi_tieu": number(unit.quota),
            "tiep_nhan": number(row.tiep_nhan), "ti_le": quota_share(row.tiep_nhan, unit.quota),
            "xep_hang": str(rank), "danh_gia": _verdict(row.tiep_nhan, unit.quota),
            "danh_gia_chu": quota_wording(row.tiep_nhan, unit.quota),
            "chua_dat": below, "nen": BELOW_SHADE if below else "FFFFFF",
            "nguoi_tham_gia": number(row.nguoi_tham_gia or 0), "so_dot": row.so_dot or 0,
            "ghi_chu": row.ghi_chu,
        })
    quota = sum(q for _, q in pairs)
    collected_total = sum(r for r, _ in pairs)
    met = [unit.name for (unit, row) in collected.units if quota_met(row.tiep_nhan, unit.quota)]
    short = [unit.name for (unit, row) in collected.units
             if not quota_met(row.tiep_nhan, unit.quota)]
    best = ranks.index(min(ranks))
    weakest = max(range(len(ranks)), key=lambda i: (ranks[i], i))
    facts: dict[str, Any] = {
        "don_vi_tinh": collected.label,
        "so_don_vi": len(rows),
        "so_don_vi_dat": len(met),
        "so_don_vi_chua_dat": len(short),
        "don_vi_chua_dat": ", ".join(short) or "không có",
        "tong": {
            "chi_tieu": number(quota), "tiep_nhan": number(collected_total),
            "chu": f"{number(collected_total)}/{number(quota)}",
            "ti_le": quota_share(collected_total, quota),
            "danh_gia": quota_wording(collected_total, quota),
            "danh_gia_ngan": _verdict(collected_total, quota),
            "nguoi_tham_gia": number(sum(r.nguoi_tham_gia or 0 for _, r in collected.units)),
            "so_dot": number(sum(r.so_dot or 0 for _, r in collected.units)),
        },
        "cao_nhat": rows[best], "thap_nhat": rows[weakest],
        "dong": rows,
    }
    if spec.de_xuat is not None:
        facts["de_xuat"] = proposal(collected, spec)
    return facts


def proposal(collected: Collected, spec: KetQuaDonVi) -> dict[str, Any]:
    """Return next round's quota per unit, by the rule of ``de_xuat``, and how it was made."""
    rule = spec.de_xuat
    assert rule is not None
    results = [row.tiep_nhan for _, row in collected.units]
    quotas = propose_quotas(results, total=rule.tong, growth_percent=rule.tang,
                            step=rule.lam_tron)
    growth = f"tăng {number(rule.tang)}%" if rule.tang else "giữ nguyên"
    how = (f"Cách tính: kết quả năm trước {growth}, làm tròn đến {number(rule.lam_tron)} "
           f"{collected.label}")
    if rule.tong is not None:
        how += (f", chia theo tỷ lệ đó để tổng đúng bằng chỉ tiêu cấp trên giao "
                f"({number(rule.tong)} {collected.label}; phần lẻ chia theo số dư lớn nhất)")
    return {
        "nam": rule.nam, "tang": number(rule.tang), "lam_tron": number(rule.lam_tron),
        "tong": number(sum(quotas)), "tong_ket_qua": number(sum(results)),
        "tieu_de": f"ĐỀ XUẤT CHỈ TIÊU NĂM {rule.nam}", "cach_tinh": how + ".",
        "dong": [{"ten": unit.name, "ket_qua": number(result), "chi_tieu": number(quota),
                  "so": quota}
                 for (unit, _), result, quota in zip(collected.units, results, quotas,
                                                     strict=True)],
    }


def results_annex(facts: dict[str, Any], spec: KetQuaDonVi, chart: Any = None
                  ) -> dict[str, Any]:
    """Return the annex entry of the results table (label and cited lines added later)."""
    proposal_ = facts.get("de_xuat")
    table = {
        "tieu_de_cot": HEADERS,
        "dong": facts["dong"],
        "tong": {"ten": "Tổng cộng", "chi_tieu": facts["tong"]["chi_tieu"],
                 "tiep_nhan": facts["tong"]["tiep_nhan"], "ti_le": facts["tong"]["ti_le"],
                 "danh_gia": facts["tong"]["danh_gia_ngan"]},
        "ghi_chu": note(facts),
    }
    return {"tieu_de": [line.upper() for line in spec.tieu_de], "ten_goi": spec.ten_goi,
            "doan": [], "bang": None, "ket_qua": table, "bieu_do": chart,
            "de_xuat": proposal_}


def note(facts: dict[str, Any]) -> str:
    """Return the note under the table: the marks, the unit of measure, the units' own notes."""
    text = (f"Ghi chú: dòng tô nền xám là đơn vị chưa đạt chỉ tiêu "
            f"({facts['so_don_vi_chua_dat']}/{facts['so_don_vi']} đơn vị); "
            f"tỷ lệ = kết quả/chỉ tiêu; đơn vị tính: {facts['don_vi_tinh']}.")
    own = [f"{row['ten']}: {row['ghi_chu'].rstrip('.')}" for row in facts["dong"]
           if row["ghi_chu"]]
    return text + (" Ý kiến của đơn vị: " + "; ".join(own) + "." if own else "")


def add_unit_results(facts: dict[str, Any], spec: KetQuaDonVi, source: Source
                     ) -> tuple[list[Problem], list[Picture]]:
    """Collect the units' results into ``facts`` and append their annex to ``facts['phu_luc']``.

    Return the warnings of the import and the pictures the .docx must carry.
    """
    collected = collect(spec, source)
    computed = results_facts(collected, spec)
    pictures: list[Picture] = []
    chart = None
    if spec.bieu_do:
        picture = share_picture(collected, computed)
        pictures.append(picture)
        chart = dict(picture.placement(), chu_thich=f"Biểu đồ: {picture.alt}")
    annex = results_annex(computed, spec, chart)
    annex.update({"nhan": "", "dan_chieu": "", "kem_theo": attached_line(facts)})
    facts["phu_luc"] = arranged([*facts["phu_luc"], annex])
    placed = facts["phu_luc"][-1]
    computed["nhan"], computed["dan_chieu"] = placed["nhan"], placed["dan_chieu"]
    facts["ket_qua_don_vi"] = computed
    return collected.warnings, pictures


def share_picture(collected: Collected, computed: dict[str, Any]) -> Picture:
    """Return the bar chart of each unit's share of its quota, with its alt text."""
    names = [unit.name for unit, _ in collected.units]
    shares = [row.tiep_nhan * 100 / unit.quota for unit, row in collected.units]
    labels = [entry["ti_le"] for entry in computed["dong"]]
    title = "Tỷ lệ thực hiện chỉ tiêu của các đơn vị"
    data, height = share_chart(names, shares, labels, title=title)
    best, weakest = computed["cao_nhat"], computed["thap_nhat"]
    alt = (f"{title} ({collected.label}): {computed['so_don_vi_dat']}/"
           f"{computed['so_don_vi']} đơn vị đạt chỉ tiêu; cao nhất {best['ten']} "
           f"{best['ti_le']}, thấp nhất {weakest['ten']} {weakest['ti_le']}; toàn tỉnh "
           f"{computed['tong']['ti_le']}.")
    return Picture("bieu_do_ket_qua.png", "rIdVbhcChart1", data, CHART_WIDTH_CM, height, alt)
