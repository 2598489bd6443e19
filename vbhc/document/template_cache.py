"""Compiled templates kept on disk, keyed by the template's content.

Compiling a .docx template (docxtpl's preprocessing, then Jinja's compile) costs
more than a whole render, and importing docxtpl for it costs as much again. The
compiled form (``State``: each templated part's Jinja code, the zip block of the
unchanged members and their fingerprint) is stored in the user's cache folder
under a name made of the template's content hash and of everything the compiled
form depends on (this file format, Python's bytecode version, Jinja's version and
vbhc's engine). A changed template has another hash: it is compiled again and
its stale entry replaced. An unreadable or foreign entry is ignored and
rewritten; a cache that cannot be written (read-only disk) only costs speed.

``VBHC_CACHE`` chooses the folder (``VBHC_CACHE=0``: no cache); by default
``%LOCALAPPDATA%\\vbhc\\mau`` on Windows, ``$XDG_CACHE_HOME/vbhc/mau`` or
``~/.cache/vbhc/mau`` elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

FORMAT = 1  # -- bump when State or the compile changes --
MAX_ENTRIES = 64  # -- the least recently used beyond this are removed --
_SUFFIX = ".vbhc-mau"
# -- beside this file; the sandbox's code generator writes the compiled code too --
_ENGINE_FILES = ("engine.py", "zipblock.py", "template_cache.py", "../core/sandbox.py")


@dataclass(frozen=True)
class State:
    """What rendering a template needs: the outcome of compiling it."""

    parts: list[tuple[str, CodeType, str, str]]  # name, Jinja code, text before, after
    styles: str  # word/styles.xml (the fingerprint names styles by their names)
    static: dict[str, str]  # canonical form of the members every document shares
    block: bytes  # the zip entries of those members (``ZipBlock``)
    central: bytes
    names: list[str]


def compile_code(env: jinja2.Environment, source: str) -> CodeType:
    """Return the Python code Jinja compiles ``source`` to (raises ``TemplateSyntaxError``)."""
    python = env.compile(source, raw=True)
    return compile(python, "<template>", "exec")


def template(env: jinja2.Environment, code: CodeType) -> jinja2.Template:
    """Return the template of compiled ``code`` in ``env``."""
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def folder() -> Path | None:
    """Return the cache folder, or None when caching is turned off."""
    chosen = os.environ.get("VBHC_CACHE")
    if chosen is not None:
        return None if chosen.strip() in ("", "0") else Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vbhc" / "mau"


def key(content: bytes, stamp: bool) -> str:
    """Return the cache key of a template's ``content`` compiled with ``stamp``."""
    digest = hashlib.sha256(content)
    here = Path(__file__).resolve().parent
    engine = []
    for name in _ENGINE_FILES:  # -- a changed engine compiles differently --
        with contextlib.suppress(OSError):
            found = (here / name).stat()
            engine.append(f"{found.st_size}:{found.st_mtime_ns}")
    digest.update(f"|{FORMAT}|{stamp}|{sys.implementation.cache_tag}|{jinja2.__version__}|"
                  f"{','.join(engine)}".encode())
    return digest.hexdigest()[:40]


def label(template: Path) -> str:
    """Return the name an entry of ``template`` starts with: its stem and where it is.

    Two templates of one name in different folders (the bundled ``ke_hoach.docx``
    and an agency's own given with ``--template``) keep an entry each.
    """
    where = hashlib.sha256(str(template.resolve()).encode("utf-8", "surrogatepass"))
    return f"{_safe(template.stem)[:40]}_{where.hexdigest()[:8]}"


def path_of(key: str, stem: str = "") -> Path | None:
    """Return where the entry ``key`` is (or would be) stored, or None without a cache."""
    base = folder()
    if base is None:
        return None
    entries = list(base.glob(f"*-{key}{_SUFFIX}")) if base.is_dir() else []
    return entries[0] if entries else base / f"{_safe(stem)}-{key}{_SUFFIX}"


def load(key: str) -> State | None:
    """Return the stored state of ``key``, or None when there is none usable."""
    path = path_of(key)
    if path is None or not path.is_file():
        return None
    try:
        stored: Any = marshal.loads(path.read_bytes())
        with contextlib.suppress(OSError):
            os.utime(path)  # -- recently used: kept when the folder is pruned --
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return None
        return State([tuple(part) for part in stored["parts"]],
                     stored["styles"], dict(stored["static"]), stored["block"],
                     stored["central"], list(stored["names"]))
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None  # -- damaged or foreign: compiled again and rewritten --


def store(key: str, state: State, stem: str) -> Path | None:
    """Store ``state`` under ``key`` (replacing the entries of older versions); never raises."""
    path = path_of(key, stem)
    if path is None:
        return None
    data = marshal.dumps({"format": FORMAT, "parts": [list(part) for part in state.parts],
                          "styles": state.styles, "static": state.static,
                          "block": state.block, "central": state.central,
                          "names": state.names})
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return None
    # -- the same template's earlier versions are stale now --
    for stale in path.parent.glob(f"{_safe(stem)}-*{_SUFFIX}"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()
    _prune(path.parent)
    return path


def _prune(base: Path) -> None:
    """Remove the least recently used entries beyond ``MAX_ENTRIES`` (temporary templates)."""
    entries = []
    for entry in base.glob(f"*{_SUFFIX}"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry))
    for _, old in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _safe(stem: str) -> str:
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in stem)[:60] or "mau"
