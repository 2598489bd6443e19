"""The batch's records: units as loaded, what became of each, the outcome of a run."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbhc.core.errors import Problem
from vbhc.data.loading import Source
from vbhc.kinds import Kind, get_kind
from vbhc.pipeline.batch.table import UnitPlace

SUMMARY_STEM = "tong_hop"


@dataclass(slots=True)
class Unit:
    """One unit of the table: its name, its output file stem, its data, its problems."""

    index: int
    name: str
    stem: str
    payload: bytes  # the unit's validated fields, pickled: a third of the memory of dicts
    place: UnitPlace
    problems: list[Problem] = field(default_factory=list)
    quotas: tuple[int | None, ...] = ()  # its targets in ``Batch.targets`` order, if readable

    @property
    def data(self) -> dict[str, Any]:
        """Return the unit's fields as given (validated); offered to references as ``don_vi``."""
        return pickle.loads(self.payload) if self.payload else {}


@dataclass
class Total:
    """A campaign target of the level above and what the units add up to."""

    key: str
    label: str
    expected: int
    actual: int


@dataclass
class Batch:
    """A loaded batch: the shared part, the units and what the checks found."""

    kind_name: str
    source: Source  # the shared data file; ``data`` without the batch keys
    cited: dict[str, dict[str, Any]]  # van_ban facts, computed once
    targets: dict[str, str]  # chi_tieu key -> its unit label ("đơn vị máu")
    units: list[Unit]
    table_name: str  # where the units come from, as messages show it
    totals: list[Total] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def kind(self) -> Kind:
        """Return the document kind."""
        return get_kind(self.kind_name)


@dataclass(slots=True)
class UnitResult:
    """What became of one unit: its file, its key figures, its problems."""

    index: int
    name: str
    file: str  # the document's file name ("" when the unit has no usable name)
    ok: bool = False
    so_ky_hieu: str = ""
    chi_tieu: dict[str, int] = field(default_factory=dict)
    su_kien: int = 0
    nguoi_ky: str = ""
    problems: list[Problem] = field(default_factory=list)
    backup: str | None = None  # the hand-edited file kept aside (with ``force``)
    warnings: list[Problem] = field(default_factory=list)
    interrupted: bool = False  # the run stopped before this unit
    stale: bool = False  # … and the file in the folder is an earlier run's
    staged: str | None = None  # rendered while the table was read: not in place yet


@dataclass
class BatchResult:
    """The outcome of a batch run."""

    output_dir: Path
    units: list[UnitResult]
    targets: dict[str, str]
    totals: list[Total]
    summary: Path | None = None
    archive: Path | None = None
    warnings: list[str] = field(default_factory=list)
    jobs: int = 1
    seconds: float = 0.0
    output_errors: list[str] = field(default_factory=list)  # summary/zip not written: why

    @property
    def failures(self) -> list[UnitResult]:
        """Return the units that were not written."""
        return [unit for unit in self.units if not unit.ok]

    @property
    def written(self) -> list[UnitResult]:
        """Return the units whose documents were written."""
        return [unit for unit in self.units if unit.ok]

    @property
    def exit_code(self) -> int:
        """Return 0 when every unit and the summary were written, 1 otherwise."""
        return 1 if self.failures or self.output_errors else 0
