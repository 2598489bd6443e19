"""NĐ30/2020 conformance checker for .docx files (``vbhc check``)."""
