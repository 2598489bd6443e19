"""The wording of results against quotas, and next round's quotas (vbhc.core.quota)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vbhc.core.formatting import attainment
from vbhc.core.quota import propose_quotas, quota_share, quota_wording
from vbhc.kinds.bao_cao import ratio


@pytest.mark.parametrize(("result", "quota", "expected"), [
    (99, 100, "chưa đạt (99%)"),
    (100, 100, "đạt 100%"),
    (134, 100, "đạt 134%, vượt 34%"),
    (737, 550, "đạt 134%, vượt 34%"),  # seed 002: "737/550 … vượt 134%" is this
    (0, 300, "chưa đạt (0%)"),
])
def test_wording_below_at_and_above_the_quota(result: int, quota: int, expected: str) -> None:
    assert quota_wording(result, quota) == expected


def test_a_share_never_rounds_across_the_quota() -> None:
    assert quota_wording(549, 550) == "chưa đạt (99,8%)"  # 99,82%: not "100%"
    assert quota_wording(551, 550) == "đạt 100,2%, vượt 0,2%"  # 0,18%: not "vượt 0%"
    assert quota_wording(400, 550) == "chưa đạt (73%)"  # 72,73%: rounded half up
    assert quota_share(99_999, 100_000) == "99,99%"  # 99,999%: one hundredth back
    assert quota_share(1, 1000) == "0,1%"


def test_no_quota_is_an_error() -> None:
    with pytest.raises(ValueError, match="chỉ tiêu"):
        quota_wording(10, 0)


def test_growth_rounded_to_tens_without_a_total() -> None:
    # 800 + 5% = 840; 310 + 5% = 325,5 → 330; 244 + 5% = 256,2 → 260
    assert propose_quotas([800, 310, 244], growth_percent=5, step=10) == [840, 330, 260]


@given(results=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=30),
       total=st.integers(min_value=0, max_value=100_000),
       growth=st.integers(min_value=-50, max_value=50),
       step=st.sampled_from([1, 5, 10, 50, 100]))
def test_proposed_quotas_add_up_to_the_upper_quota(results: list[int], total: int,
                                                    growth: int, step: int) -> None:
    quotas = propose_quotas(results, total=total, growth_percent=growth, step=step)
    assert sum(quotas) == total
    assert len(quotas) == len(results)
    assert all(q >= 0 for q in quotas)
    # -- all but at most one quota (the one carrying total % step) are multiples of step --
    assert sum(1 for q in quotas if q % step) <= 1


@given(results=st.lists(st.integers(min_value=1, max_value=5000), min_size=2, max_size=20),
       total=st.integers(min_value=1000, max_value=100_000))
def test_proposed_quotas_follow_the_results(results: list[int], total: int) -> None:
    """A unit that collected more never gets less, but for one step of rounding."""
    quotas = propose_quotas(results, total=total, step=10)
    ranked = sorted(range(len(results)), key=lambda i: results[i])
    for lower, higher in zip(ranked, ranked[1:], strict=False):
        if results[lower] < results[higher]:
            assert quotas[lower] <= quotas[higher] + 10


def test_attainment_above_at_and_below_the_quota() -> None:
    # -- 737 of 550 is 134 % of the quota, an excess of 34 % (not "vượt 134%") --
    assert attainment(737, 550) == "vượt 34%"
    assert attainment(550, 550) == "đạt 100%"
    assert attainment(400, 550) == "đạt 73%, chưa đạt"
    # -- rounding never hides which side of the quota the figure is on --
    assert attainment(549, 550) == "đạt 99,8%, chưa đạt"
    assert attainment(551, 550) == "vượt 0,2%"  # -- as quota_wording words it --
    assert attainment(0, 550) == "đạt 0%, chưa đạt"
    assert attainment(1100, 550) == "vượt 100%"
    with pytest.raises(ValueError):
        attainment(1, 0)


def test_report_ratio_share_and_verdict_agree_near_the_quota() -> None:
    # -- 549/550 is 99,8 %: the share must not read "100%" beside "chưa đạt" --
    figures = ratio(549, 550)
    assert figures["ti_le"] == "99,8%"
    assert figures["danh_gia"] == "đạt 99,8%, chưa đạt"
    assert ratio(551, 550)["ti_le"] == "100,2%"


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_the_wording_is_on_the_figures_side_of_the_quota(result: int, quota: int) -> None:
    words, share = quota_wording(result, quota), quota_share(result, quota)
    assert (share == "100%") == (result == quota)
    assert words.startswith("chưa đạt") == (result < quota)
    assert ("vượt" in attainment(result, quota)) == (result > quota)
    assert not attainment(result, quota).startswith("vượt 0%")
