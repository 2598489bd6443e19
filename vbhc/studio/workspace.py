"""The folder the studio serves: which files it may read and write, and their versions.

Every path a browser sends is relative to the folder the studio was started on. It is
refused when absolute, when it climbs out with ``..``, or when it leads out through a
symbolic link: the studio never reads or writes anything else.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vbhc.core.errors import VbhcError

DATA_SUFFIXES = (".yaml", ".yml")
SKIPPED_FOLDERS = {"output", "__pycache__", "node_modules", "templates_docx"}
MAX_DEPTH = 3  # data/…/x.yaml: a clerk's folder, not a whole disk


class PathRefused(VbhcError):
    """A path outside the studio's folder, or not a data file."""


@dataclass(frozen=True)
class DataFile:
    """A data file as the index lists it."""

    path: str  # relative, with '/' separators
    kind: str | None  # its ``loai`` line, when it has one


class Workspace:
    """The studio's folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def resolve(self, relative: str, *, data_file: bool = True) -> Path:
        """Return the real path of ``relative`` inside the folder, or raise PathRefused."""
        if not relative or "\\" in relative or "\x00" in relative:
            raise PathRefused(f"đường dẫn không hợp lệ: {relative!r}")
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
            raise PathRefused(f"chỉ được mở tệp trong thư mục {self.root.name}: {relative}")
        path = (self.root / Path(*pure.parts)).resolve()
        if path != self.root and self.root not in path.parents:
            raise PathRefused(f"{relative} dẫn ra ngoài thư mục {self.root.name}")
        if data_file and path.suffix.lower() not in DATA_SUFFIXES:
            raise PathRefused(f"{relative} không phải tệp dữ liệu .yaml")
        return path

    def relative(self, path: Path) -> str:
        """Return how the browser names ``path``."""
        return path.resolve().relative_to(self.root).as_posix()

    def data_files(self) -> list[DataFile]:
        """Return the data files of the folder (a few levels deep), sorted by path."""
        found: list[DataFile] = []
        for folder, subfolders, files in os.walk(self.root):
            depth = len(Path(folder).relative_to(self.root).parts)
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                                   and d not in SKIPPED_FOLDERS and depth < MAX_DEPTH)
            for name in sorted(files):
                path = Path(folder, name)
                if path.suffix.lower() in DATA_SUFFIXES and not path.is_symlink():
                    found.append(DataFile(self.relative(path), declared_kind(path)))
        return sorted(found, key=lambda entry: entry.path)


def version(content: bytes) -> str:
    """Return the version the browser holds of a file's content (to refuse lost updates)."""
    return hashlib.sha256(content).hexdigest()[:16]


def declared_kind(path: Path) -> str | None:
    """Return the value of a top-level ``loai:`` line, read cheaply (no YAML parse)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for _, line in zip(range(200), handle, strict=False):
                if line.startswith("loai:"):
                    return line.partition(":")[2].split("#")[0].strip().strip("'\"") or None
    except OSError:
        return None
    return None
