"""A .docx written from a precomputed block: the unchanged members once, the new ones per document.

``zipfile`` appending to a copy of the template's archive re-reads its central
directory and rebuilds every entry for each document. Here the local entries of
the members every document shares are laid out once (compressed, with their
central-directory records); a document is that block, its own members deflated
at level 1, and a central directory made of the stored records plus the new
ones. The result is an ordinary zip (no ZIP64: a .docx stays far below 4 GB)
that ``zipfile``, Word and LibreOffice read like any other.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable, Mapping

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_DEFLATED = 8
_VERSION = 20  # -- "2.0": deflate, what zipfile writes for such members --
_UTF8 = 0x800  # -- general purpose flag 11: the name is UTF-8 --
_LIMIT = 0xFFFFFFFF


def _dos_time(moment: float | None = None) -> tuple[int, int]:
    """Return (DOS time, DOS date) of ``moment`` (local time, as zipfile writes it)."""
    tm = time.localtime(moment)
    year = max(tm.tm_year, 1980)
    return ((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec // 2),
            ((year - 1980) << 9) | (tm.tm_mon << 5) | tm.tm_mday)


class ZipBlock:
    """Members shared by every document, laid out once; ``archive(new)`` adds the rest."""

    def __init__(self, members: Mapping[str, bytes], order: Iterable[str] | None = None,
                 level: int = 6) -> None:
        self._time, self._date = _dos_time()
        block = bytearray()
        central = bytearray()
        self.names: list[str] = []
        for name in (order if order is not None else members):
            local, record = self._entry(name, members[name], len(block), level)
            block += local
            central += record
            self.names.append(name)
        self.block = bytes(block)
        self.central = bytes(central)

    @classmethod
    def from_layout(cls, block: bytes, central: bytes, names: list[str]) -> ZipBlock:
        """Return a block laid out earlier (``block``, ``central``, ``names`` of an instance)."""
        made = cls.__new__(cls)
        made._time, made._date = _dos_time()
        made.block, made.central, made.names = block, central, list(names)
        return made

    def _entry(self, name: str, data: bytes, offset: int, level: int) -> tuple[bytes, bytes]:
        """Return (local header + compressed data, central record) of one member."""
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        compressed = packer.compress(data) + packer.flush()
        crc = zlib.crc32(data)
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8
        if len(compressed) >= _LIMIT or len(data) >= _LIMIT or offset >= _LIMIT:
            raise ValueError(f"{name}: quá lớn cho tệp .docx")
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, flags, _DEFLATED, self._time, self._date,
                            crc, len(compressed), len(data), len(encoded), 0)
        record = _CENTRAL.pack(b"PK\x01\x02", _VERSION, _VERSION, flags, _DEFLATED, self._time,
                               self._date, crc, len(compressed), len(data), len(encoded), 0, 0,
                               0, 0, 0, offset)
        return local + encoded + compressed, record + encoded

    def archive(self, new: Mapping[str, bytes], level: int = 1) -> bytes:
        """Return the zip of the shared members followed by ``new`` (deflated at ``level``)."""
        pieces = [self.block]
        central = [self.central]
        offset = len(self.block)
        for name, data in new.items():
            local, record = self._entry(name, data, offset, level)
            pieces.append(local)
            central.append(record)
            offset += len(local)
        directory = b"".join(central)
        count = len(self.names) + len(new)
        end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
        return b"".join(pieces) + directory + end
