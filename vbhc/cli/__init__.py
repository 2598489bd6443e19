"""The command line: a thin layer of click commands over the pipeline (``vbhc.cli.main``)."""

from vbhc.cli.main import cli, main

__all__ = ["cli", "main"]
