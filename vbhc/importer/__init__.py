"""Word documents read back into vbhc data files (``vbhc import``, issue 16)."""
