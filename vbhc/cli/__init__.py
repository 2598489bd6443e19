"""The command line: a thin layer of click commands over the pipeline (``vbhc.cli.main``)."""

import os

# -- a command-line process needs no pydantic plugins; looking for them scans every
#    installed distribution's entry points (~20 ms of a 0.3 s render). Documented switch:
#    https://docs.pydantic.dev/latest/concepts/plugins/ ; a value the user set is kept --
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from vbhc.cli.main import cli, main  # noqa: E402

__all__ = ["cli", "main"]
