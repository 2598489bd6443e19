"""Results against quotas: the share, its wording, and next round's quotas.

Pure functions (no data model, no I/O) so that every kind, annex and batch says
"đạt 134%, vượt 34%" the same way (the shares and rounding are
``vbhc.core.formatting.quota_share``, which sentences use too): never rounded across the
quota, so 549/550 is "chưa đạt (99,8%)", not a contradictory "chưa đạt (100%)", and
551/550 is "vượt 0,2%" rather than "vượt 0%".

>>> quota_wording(737, 550)
'đạt 134%, vượt 34%'
>>> quota_wording(550, 550), quota_wording(545, 550)
('đạt 100%', 'chưa đạt (99%)')
>>> propose_quotas([800, 300, 250], growth_percent=5, step=10)
[840, 320, 260]
>>> propose_quotas([800, 300, 250], total=1500, step=10)
[890, 330, 280]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from vbhc.core.formatting import quota_share, quota_standing  # noqa: F401 - re-exported


def quota_met(result: int, quota: int) -> bool:
    """Return whether ``result`` reaches ``quota``."""
    return result >= quota


def quota_wording(result: int, quota: int) -> str:
    """Return how a report's table words ``result`` against ``quota`` (the shares of
    ``quota_standing``, as sentences have them).

    Below the quota: 'chưa đạt (73%)'; at it: 'đạt 100%'; above it: 'đạt 134%, vượt 34%'.
    """
    side, share_text, excess = quota_standing(result, quota)
    return {-1: f"chưa đạt ({share_text})", 0: "đạt 100%",
            1: f"đạt {share_text}, vượt {excess}"}[side]


def _largest_remainder(weights: Sequence[Fraction], seats: int) -> list[int]:
    """Return ``seats`` shared out in proportion to ``weights`` (Hamilton's method).

    Ties go to the earlier entry, so the result does not depend on anything but the input.
    """
    total = sum(weights)
    if total == 0:
        weights, total = [Fraction(1)] * len(weights), Fraction(len(weights))
    exact = [weight * seats / total for weight in weights]
    shares = [math.floor(value) for value in exact]
    left = seats - sum(shares)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in order[:left]:
        shares[index] += 1
    return shares


def propose_quotas(results: Sequence[int], *, total: int | None = None,
                   growth_percent: int | float = 0, step: int = 10) -> list[int]:
    """Return next round's quota per unit from this round's ``results``.

    Each unit's base is its result raised by ``growth_percent``. Without ``total`` each
    base is rounded to the nearest ``step`` (halves up). With ``total`` (the level above's
    quota) the total is shared out in proportion to the bases, in multiples of ``step``,
    by largest remainder, so that the quotas add up to ``total`` exactly; the part of
    ``total`` that is not a multiple of ``step`` goes to the unit with the largest base.
    """
    if not results:
        return []
    if step < 1:
        raise ValueError("bước làm tròn phải từ 1 trở lên")
    growth = Fraction(100) + Fraction(str(growth_percent))
    bases = [Fraction(max(result, 0)) * growth / 100 for result in results]
    if total is None:
        return [math.floor(base / step + Fraction(1, 2)) * step for base in bases]
    if total < 0:
        raise ValueError("chỉ tiêu cấp trên không được âm")
    steps, rest = divmod(total, step)
    quotas = [share * step for share in _largest_remainder(bases, steps)]
    largest = max(range(len(bases)), key=lambda i: (bases[i], -i))
    quotas[largest] += rest
    return quotas
