"""The command line: a thin layer of click commands over the pipeline (``vbhc.cli.main``)."""

import gc
import os

# -- a command-line process needs no pydantic plugins; looking for them scans every
#    installed distribution's entry points (~20 ms of a 0.3 s render). Documented switch:
#    https://docs.pydantic.dev/latest/concepts/plugins/ ; a value the user set is kept --
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# -- the imports below make ~50 000 objects that live as long as the process (modules,
#    classes, pydantic's schemas): the cycle collector walked them ~90 times while they
#    were made (~20 ms of a render). It waits until they are all made; ``main`` then keeps
#    them out of its later walks (gc.freeze). Whoever imported this gets its setting back --
_collecting = gc.isenabled()
gc.disable()
try:
    from vbhc.cli.main import cli, main
finally:
    if _collecting:
        gc.enable()

__all__ = ["cli", "main"]
