"""Bounds on what an untrusted file may make vbhc build, read or spend (issue 13).

A data file, a workbook, a .docx to check and a ``--template`` may come from anyone.
Whatever they hold, vbhc must finish quickly with a message instead of taking the
machine down. Each bound is far above what a real document needs (a 100,000-row
quota table stays well inside them) and far below what exhausts a 2-core machine.
"""

from __future__ import annotations

# -- templates and {{ … }} references (vbhc.core.sandbox) --
MAX_VALUE_CHARS = 10_000_000  # any one string or value a render builds (weight, budget.py)
MAX_OUTPUT_CHARS = 128_000_000  # a rendered part or captured block: ~700 chars per quota row
MAX_STEPS = 10_000_000  # loop iterations and calls in one render
MAX_SECONDS = 60.0  # time spent rendering one document (or one document's references)
MAX_WIDTH = 10_000  # a width, fill, precision or tab size asked of a filter or a format
MAX_REPEAT = 100_000  # characters or items ``*`` may build
MAX_POWER = 64  # exponent of ``**``
MAX_INT_BITS = 10_000  # an integer arithmetic may build (about 3,000 digits)

# -- YAML (vbhc.data.loading) --
MAX_ALIAS_NODES = 100_000  # values reached again through *aliases, in one file

# -- zip containers: .docx, templates, .xlsx (vbhc.core.safezip) --
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one inflated member (document.xml of 100k rows ≈ 70 MB)
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024  # all inflated members together
MAX_MEMBERS = 10_000
