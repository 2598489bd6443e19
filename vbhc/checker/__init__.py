"""NĐ30/2020 conformance checker for .docx files (``vbhc check``).

>>> report = check_docx(Path("output/x.docx"))  # doctest: +SKIP
>>> print(format_text([report]))                 # doctest: +SKIP
"""

from .check import check_docx
from .effective import (
                        ParagraphFormat,
                        RunFormat,
                        paragraph_format,
                        paragraph_runs_format,
                        run_format,
)
from .model import FAIL, WARN, Finding, Report
from .report import brief_lines, format_json, format_text, summary_line

__all__ = [
    "FAIL", "WARN", "Finding", "ParagraphFormat", "Report", "RunFormat", "brief_lines",
    "check_docx",
    "format_json", "format_text", "paragraph_format", "paragraph_runs_format", "run_format",
    "summary_line",
]
