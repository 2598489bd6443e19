"""What the speed work (issue 19) must not change, checked without timing anything.

- a batch does its shared work once: the parent plan is cited once per batch and
  the shared part's records are validated once, every unit's document holding the
  very same records;
- a batch killed with ``kill -9`` at any moment leaves each document old or new
  (never partial, no temporary file beside them), and running it again finishes;
- the compiled template kept on disk is used by a fresh process (which then needs
  neither docxtpl nor a compile), and is rebuilt when the template changes or the
  entry is damaged;
- a document written from the precomputed zip block is an ordinary zip holding
  the same members as one ``zipfile`` writes;
- a single ``vbhc render`` imports only what it needs (no other kind, no checker,
  workbook reader or batch) and builds only its kind's validator, not one per record;
  the cycle collector waits for the imports and then leaves what they made alone.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from benchmarks.batch import make_dataset
from tests.trace_tools import calls_to
from vbhc.document import engine, fingerprint, template_cache
from vbhc.document.zipblock import ZipBlock
from vbhc.kinds import context as kinds_context
from vbhc.pipeline.batch.merge import unit_source
from vbhc.pipeline.batch.run import UnitRenderer, run_batch
from vbhc.pipeline.batch.units import load_batch
from vbhc.pipeline.render import load

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"
LINUX = Path("/proc/self/stat").exists()


def environment(**extra: str) -> dict[str, str]:
    paths = [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONIOENCODING="utf-8",
                **extra)


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# ------------------------------------------------------------------ shared work, once


def test_the_parent_plan_is_cited_once_per_batch(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", 12)
    with calls_to(kinds_context.cited_document) as frames:
        result = run_batch("ke-hoach", data, tmp_path / "out", jobs=1)
    calls = [frame.f_locals["key"] for frame in frames]
    assert len(result.written) == 12, result.failures[:2]
    # -- the parent plan (kh_05) and the documents it cites in turn: each once per batch,
    # not once per unit --
    assert "kh_05" in calls
    assert len(calls) == len(set(calls)) < 12
    # -- and every unit's document still cites it --
    for unit in result.written[:3]:
        assert "Kế hoạch số" in text_of(tmp_path / "out" / unit.file)


def test_the_shared_records_are_validated_once_and_shared_by_every_unit(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", 4)
    batch = load_batch("ke-hoach", data)
    renderer = UnitRenderer(batch, tmp_path)
    first, second, third = (renderer.context(unit)[0] for unit in batch.units[:3])
    # -- validated once: the body's sections and the parent plan's entry are the same
    # objects in every unit's document (pydantic copies only the list holding them) --
    assert first.noi_dung
    for other in (second, third):
        assert all(a is b for a, b in zip(other.noi_dung, first.noi_dung, strict=True))
        assert other.van_ban["kh_05"] is first.van_ban["kh_05"]
    # -- what a unit changes is its own --
    assert first.co_quan_ban_hanh.ten != second.co_quan_ban_hanh.ten
    assert first.nguoi_ky.ho_ten != second.nguoi_ky.ho_ten


def test_the_body_is_planned_once_and_each_unit_gets_its_own_text(tmp_path: Path) -> None:
    # -- numbering plans the shared body once; each unit renders the plan's texts with its
    # own values: a reference to the unit (don_vi) reads its own name, one to a shared
    # fact the batch's value, in the .docx written --
    from vbhc.data import numbering

    data = make_dataset(tmp_path / "data", 3)
    text = data.read_text(encoding="utf-8")
    typed = "Từ các nguồn vận động hỗ trợ hợp pháp khác."
    assert typed in text
    data.write_text(text.replace(typed, "Đơn vị *{{ don_vi.ten }}* trong Chiến dịch "
                                 "{{ chien_dich.ten }} năm {{ chien_dich.nam }}."),
                    encoding="utf-8")
    numbering._kept = None
    with calls_to(numbering._section, lambda frame: frame.f_locals["depth"] == 1) as planned:
        result = run_batch("ke-hoach", data, tmp_path / "out", jobs=1)
    assert len(result.written) == 3, result.failures[:2]
    sections = len(load_batch("ke-hoach", data).source.data["noi_dung"])
    assert len(planned) == sections  # -- once for the batch, not once per unit --
    for unit in result.written:
        document = docx.Document(str(tmp_path / "out" / unit.file))
        lines = [p.text for p in document.paragraphs if p.text.startswith("- Đơn vị ")]
        assert lines == [f"- Đơn vị {unit.name} trong Chiến dịch Những giọt máu hồng "
                         "năm 2023."], lines
        runs = [r for p in document.paragraphs for r in p.runs if r.text == unit.name]
        assert any(r.italic for r in runs)
        heads = [p.text for p in document.paragraphs if p.text.startswith("1. Ban Chỉ đạo")]
        assert heads and heads[0].endswith(unit.name), heads


def test_shared_records_give_the_same_documents_as_a_full_validation(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", 3)
    batch = load_batch("ke-hoach", data)
    shared = UnitRenderer(batch, tmp_path)
    shared.context(batch.units[0])  # -- learns the shared records --
    for unit in batch.units[1:]:
        fresh = UnitRenderer(batch, tmp_path)  # -- validates everything for this unit --
        assert shared.context(unit)[1] == fresh.context(unit)[1]


# ------------------------------------------------------------------ kill -9 mid-batch


def _complete(path: Path) -> bool:
    """Return whether ``path`` is a whole document vbhc wrote (zip sound, fingerprint holds)."""
    content = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if archive.testzip() is not None:
            return False
    recorded, current = fingerprint.read_bytes(content)
    return recorded is not None and recorded == current


@pytest.mark.skipif(not LINUX, reason="kill -9 of a process group (POSIX)")
@pytest.mark.parametrize(("jobs", "after"), [("1", 3), ("1", 17), ("2", 9)])
def test_a_batch_killed_at_any_moment_leaves_whole_files_and_a_rerun_finishes(
        tmp_path: Path, jobs: str, after: int) -> None:
    units = 80
    data = make_dataset(tmp_path / "data", units)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "vbhc", "batch", "ke-hoach", "--data", str(data), "-o",
               str(out), "--jobs", jobs]
    child = subprocess.Popen(command, cwd=tmp_path, env=environment(), start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    # -- killed while documents are being written, not at a pause between chunks --
    while time.monotonic() < deadline and child.poll() is None:
        if out.is_dir() and sum(1 for _ in out.glob("*.docx")) >= after:
            break
        time.sleep(0.005)
    if child.poll() is not None:
        pytest.skip("the batch finished before it could be killed (machine too fast)")
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    written = sorted(out.glob("*.docx"))
    assert after <= len(written) < units
    assert all(_complete(path) for path in written)
    # -- nothing half-written beside the documents: only the run's lock and its staging --
    visible_leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert visible_leftovers == []
    rerun = subprocess.run(command, cwd=tmp_path, env=environment(), capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert len(list(out.glob("*.docx"))) == units
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert all(_complete(path) for path in sorted(out.glob("*.docx"))[:: units // 8])


# ------------------------------------------------------------------ the compiled template on disk


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VBHC_CACHE", str(folder))
    engine._compiled.cache_clear()
    yield folder
    engine._compiled.cache_clear()


def _with_document_xml(source: Path, target: Path, old: str, new: str) -> None:
    """Copy the template ``source`` to ``target`` with ``old`` replaced in its body."""
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    body = members["word/document.xml"].decode("utf-8")
    assert old in body
    members["word/document.xml"] = body.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_the_compiled_template_is_rebuilt_when_the_template_changes(tmp_path: Path,
                                                                    cache: Path) -> None:
    loaded = load("ke-hoach", DATA / "lao_cai_2023.yaml")
    template = tmp_path / "mau.docx"
    shutil.copy(loaded.kind.template_path, template)
    (tmp_path / "a.docx").write_bytes(engine.compiled_template(template).render(loaded.context))
    [first] = cache.iterdir()
    assert "Nơi nhận:" in text_of(tmp_path / "a.docx")

    # -- the template changes (a clerk edits a fixed word in Word): a new entry replaces the old --
    time.sleep(0.01)
    _with_document_xml(loaded.kind.template_path, template, "Nơi nhận:", "Nơi gửi:")
    os.utime(template, ns=(time.time_ns(), time.time_ns() + 10**9))
    (tmp_path / "b.docx").write_bytes(engine.compiled_template(template).render(loaded.context))
    [second] = cache.iterdir()
    assert second != first
    text = text_of(tmp_path / "b.docx")
    assert "Nơi gửi:" in text and "Nơi nhận:" not in text

    # -- a damaged entry is ignored and written again --
    second.write_bytes(b"not a compiled template")
    engine._compiled.cache_clear()
    (tmp_path / "c.docx").write_bytes(engine.compiled_template(template).render(loaded.context))
    assert "Nơi gửi:" in text_of(tmp_path / "c.docx")
    assert second.read_bytes() != b"not a compiled template"


def test_a_fresh_process_renders_from_the_cache_without_docxtpl(tmp_path: Path,
                                                               cache: Path) -> None:
    script = ("import sys; from pathlib import Path; from vbhc.pipeline import render; "
              "loaded = render.load('ke-hoach', Path(sys.argv[1])); "
              "Path(sys.argv[2]).write_bytes(render.render_to_bytes(loaded)); "
              "print('docxtpl' in sys.modules)")
    runs = []
    for name in ("first.docx", "second.docx"):
        done = subprocess.run([sys.executable, "-c", script, str(DATA / "lao_cai_2023.yaml"),
                               str(tmp_path / name)], env=environment(VBHC_CACHE=str(cache)),
                              capture_output=True, text=True, timeout=120, check=True)
        runs.append(done.stdout.strip())
    assert runs == ["True", "False"]  # -- compiled by the first, loaded by the second --
    for member in ("word/document.xml", "word/header1.xml", "docProps/custom.xml"):
        with zipfile.ZipFile(tmp_path / "first.docx") as a, \
                zipfile.ZipFile(tmp_path / "second.docx") as b:
            assert a.read(member) == b.read(member)


def test_no_cache_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VBHC_CACHE", "0")
    assert template_cache.folder() is None
    assert template_cache.path_of("abc", "ke_hoach") is None


# ------------------------------------------------------------------ the zip block


def test_a_zip_block_archive_reads_like_one_zipfile_writes() -> None:
    shared = {"[Content_Types].xml": b"<Types/>" * 50, "word/styles.xml": b"<w:styles/>",
              "word/media/ảnh.png": bytes(range(256)) * 8}
    block = ZipBlock(shared, level=6)
    new = {"word/document.xml": "<w:document>Quốc hiệu</w:document>".encode() * 100}
    made = block.archive(new)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [*shared, *new]
        for name, data in {**shared, **new}.items():
            assert archive.read(name) == data
    # -- the same block serves the next document --
    other = block.archive({"word/document.xml": b"<w:document/>"})
    with zipfile.ZipFile(io.BytesIO(other)) as archive:
        assert archive.read("word/document.xml") == b"<w:document/>"
        assert archive.read("word/media/ảnh.png") == shared["word/media/ảnh.png"]


def test_the_cache_keeps_its_most_recently_used_entries(tmp_path: Path, cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_cache, "MAX_ENTRIES", 3)
    loaded = load("ke-hoach", DATA / "lao_cai_2023.yaml")
    templates = []
    for number in range(5):  # -- five templates of one name in five folders --
        folder = tmp_path / f"co_quan_{number}"
        folder.mkdir()
        templates.append(folder / "ke_hoach.docx")
        _with_document_xml(loaded.kind.template_path, templates[-1], "Nơi nhận:",
                           f"Nơi nhận ({number}):")
        engine.compiled_template(templates[-1]).render(loaded.context)
        os.utime(next(cache.glob(f"*-{_key(templates[-1])}*")), ns=(number * 10**9,) * 2)
    kept = {path.name for path in cache.iterdir()}
    assert len(kept) == 3
    for template in templates[2:]:  # -- the three used last --
        assert any(_key(template) in name for name in kept)


def _key(template: Path) -> str:
    return template_cache.key(template.read_bytes(), True)



def test_a_units_references_compile_nothing(tmp_path: Path) -> None:
    # -- a batch renders each unit's {{ … }} references (the parent plan's citation, the
    # unit's name) without compiling a template per unit: after the first unit, more
    # units compile no reference at all (counted by the compile cache itself) --
    from vbhc.data import reference_paths, references

    data = make_dataset(tmp_path / "data", 6)
    batch = load_batch("ke-hoach", data)
    renderer = UnitRenderer(batch, tmp_path)
    references._compile.cache_clear()
    reference_paths.plan.cache_clear()
    references._shape.cache_clear()
    first = renderer.context(batch.units[0])[1]
    compiled = references._compile.cache_info().misses
    planned = reference_paths.plan.cache_info()
    shaped = references._shape.cache_info()
    assert planned.misses > 10 and shaped.misses > 10  # the body's texts were read once
    contexts = [renderer.context(unit)[1] for unit in batch.units[1:]]
    assert references._compile.cache_info().misses == compiled
    assert reference_paths.plan.cache_info().misses == planned.misses
    assert references._shape.cache_info().misses == shaped.misses
    # -- and the references were filled in per unit, with the unit's own name --
    names = [c["don_vi"]["ten"] for c in (first, *contexts)]
    assert len(set(names)) == len(names)
    opening = [str(c["mo_dau"]) for c in (first, *contexts)]
    for name, text in zip(names, opening, strict=True):
        assert name in text and "{{" not in text


def test_the_shared_part_is_walked_once_and_warns_every_unit(tmp_path: Path) -> None:
    # -- the consistency walks keep what they found in the values every unit shares (the
    # body): a unit gets the same warnings as from its own full walk --
    from vbhc.kinds import consistency

    data = make_dataset(tmp_path / "data", 5)
    shared_text = data.read_text(encoding="utf-8")
    assert "tu_ngay: 2023-05-01" in shared_text
    data.write_text(shared_text.replace("tu_ngay: 2023-05-01", "tu_ngay: 2021-05-01"),
                    encoding="utf-8")
    batch = load_batch("ke-hoach", data)
    renderer = UnitRenderer(batch, tmp_path)
    units = [(unit, *renderer.context(unit)) for unit in batch.units]
    walks = consistency.Walks()
    found = []
    with calls_to(consistency._outside_their_year,
                  lambda frame: frame.f_locals["location"] == ("noi_dung",)) as body_walks:
        for unit, document, _, _ in units:
            source = unit_source(batch, unit, unit.data)
            found.append(consistency.check(document, batch.kind, source, walks))
    assert len(body_walks) == 1  # -- the body is one object for every unit: walked once --
    for (unit, document, _, warnings), shared in zip(units, found, strict=True):
        own = consistency.check(document, batch.kind, unit_source(batch, unit, unit.data))
        assert [str(p) for p in shared] == [str(p) for p in own] == [str(p) for p in warnings]
        assert any("2021" in str(p) and "không thuộc năm 2023" in str(p) for p in own), own


# ------------------------------------------------------------------ what a single render loads

_RENDER_PROBE = """
import gc, json, sys
sys.argv = ["vbhc", "render", "ke-hoach", "--data", sys.argv[1], "-o", sys.argv[2]]
from vbhc.cli import main
collecting = gc.isenabled()
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
from vbhc.data import model
built = sorted(name for name, value in vars(model).items() if isinstance(value, type)
               and issubclass(value, model.Model) and value.__pydantic_complete__)
print(json.dumps({"modules": sorted(sys.modules), "built": built, "collecting": collecting,
                  "frozen": gc.get_freeze_count()}))
"""
# -- what other commands, other kinds or other data need: none of it for the Lào Cai plan --
_NOT_FOR_ONE_RENDER = ("docxtpl", "docx", "lxml", "openpyxl", "vbhc.checker", "vbhc.importer",
                       "vbhc.studio", "vbhc.pipeline.batch", "vbhc.pipeline.pdf",
                       "vbhc.pipeline.electronic", "vbhc.data.excel", "vbhc.data.structure",
                       "vbhc.document.columns", "vbhc.kinds.bao_cao", "vbhc.kinds.declared",
                       "vbhc.kinds.declared_model", "vbhc.kinds.phu_luc", "vbhc.kinds.parts",
                       "vbhc.kinds.results", "vbhc.kinds.attached")


def test_a_single_render_imports_and_builds_only_what_it_needs(tmp_path: Path,
                                                              cache: Path) -> None:
    runs = []
    for name in ("first.docx", "second.docx"):  # -- the second: template compiled on disk --
        done = subprocess.run([sys.executable, "-c", _RENDER_PROBE,
                               str(DATA / "lao_cai_2023.yaml"), str(tmp_path / name)],
                              env=environment(VBHC_CACHE=str(cache)), capture_output=True,
                              text=True, timeout=120, check=True)
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    assert "Nơi nhận:" in text_of(tmp_path / "second.docx")
    modules, built = set(runs[1]["modules"]), runs[1]["built"]
    assert "vbhc.kinds.ke_hoach" in modules and "vbhc.kinds.context" in modules
    loaded = sorted(m for m in modules if any(m == name or m.startswith(name + ".")
                                             for name in _NOT_FOR_ONE_RENDER))
    assert loaded == []
    # -- the records inside the plan are validated by the plan's own validator: building
    # one per record class (at import) doubled the time pydantic takes --
    assert not {"CoQuan", "NguoiKy", "Muc", "Y", "ChienDich", "SuKien", "ChiTieu", "PhuLuc",
                "VanBan"} & set(built), built
    # -- the cycle collector is back on once the imports are done, and what the command
    # made is kept out of its walks (and of Python's last collections at exit) --
    assert runs[1]["collecting"] is True
    assert runs[1]["frozen"] > 10_000


def test_importing_the_command_line_leaves_the_cycle_collector_as_it_was() -> None:
    probe = ("import gc\ngc.disable()\nimport vbhc.cli\nprint(gc.isenabled(), "
             "gc.get_freeze_count())\n")
    done = subprocess.run([sys.executable, "-c", probe], env=environment(), capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split() == ["False", "0"]
