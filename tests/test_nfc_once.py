"""Text is made NFC once per validation, by the outermost record, with the same result.

``loading.validate`` passes ``base.nfc_context``: a mapping an enclosing record made NFC
is not walked again by the records inside it. The oracle is the validation without
that context (every record normalising its own values, as before): the same document
and the same problems, for every example decomposed (NFD) to its keys, and for data
with errors.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tests.trace_tools import calls_to
from vbhc.core.errors import DataError
from vbhc.data import base
from vbhc.data.loading import load_yaml, validate
from vbhc.kinds import get_kind

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = sorted(DATA.glob("*.yaml"))
BATCH_KEYS = ("don_vi", "chi_tieu_cap_tren")  # -- a batch's shared part is a document --


def decomposed(value: Any) -> Any:
    """Return ``value`` with every string in it, keys too, in NFD."""
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, list):
        return [decomposed(item) for item in value]
    if isinstance(value, dict):
        return {decomposed(key): decomposed(item) for key, item in value.items()}
    return value


def outcome(model: Any, data: Any, context: dict[str, Any] | None) -> Any:
    try:
        return model.model_validate(data, context=context).model_dump()
    except ValidationError as error:
        return [(item["loc"], item["msg"], item["type"]) for item in error.errors()]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_decomposed_validate_as_before(path: Path) -> None:
    source = load_yaml(path)
    model = get_kind(source.data.get("loai") or "ke-hoach").model
    data = {key: decomposed(value) for key, value in source.data.items()
            if key not in BATCH_KEYS}
    once = outcome(model, data, base.nfc_context())
    # -- the examples are valid (a batch's shared part may lack the units' fields) --
    assert "don_vi" in source.data or not isinstance(once, list), once
    assert once == outcome(model, data, None)


def test_problems_inside_records_read_as_before() -> None:
    model = get_kind("ke-hoach").model
    source = load_yaml(DATA / "lao_cai_2023.yaml")
    data = decomposed(dict(source.data))
    data["chien_dich"] = dict(data["chien_dich"], nam="hai nghìn", thừa="x")
    data["nguoi_ky"] = dict(data["nguoi_ky"], quyen_han="KT. TM.")
    data["noi_nhan"] = [*data["noi_nhan"], {"ten": "", "ghi_chú": 1}]
    data["noi_dung"] = [*data["noi_dung"], {"muc": [{"tiêu_đề": "x"}]}]
    once = outcome(model, data, base.nfc_context())
    assert isinstance(once, list) and len(once) >= 5
    assert once == outcome(model, data, None)
    with pytest.raises(DataError) as raised:
        validate(model, source, data)
    # -- an unknown key inside a record is reported NFC, as the record before it made it --
    unknown = unicodedata.normalize("NFC", "thừa")
    assert unknown in str(raised.value)


def test_each_mapping_is_walked_once() -> None:
    model = get_kind("ke-hoach").model
    source = load_yaml(DATA / "lao_cai_2023.yaml")

    def mappings(value: Any) -> int:
        items = value.values() if isinstance(value, dict) else value \
            if isinstance(value, list) else ()
        return isinstance(value, dict) + sum(mappings(item) for item in items)

    def walked(frame: Any) -> bool:
        return isinstance(frame.f_locals.get("value"), dict)

    with calls_to(base.nfc, walked) as once:
        validate(model, source)
    with calls_to(base.nfc, walked) as before:
        model.model_validate(source.data)
    # -- the top level's own mapping is the validator's, not a call of ``nfc`` --
    assert len(once) == mappings(source.data) - 1 < len(before)


def test_a_batchs_shared_text_is_made_nfc_once_for_every_unit(tmp_path: Path) -> None:
    # -- the shared part's values are made NFC once for the batch (``merge``): each unit's
    # document reads as from NFC data typed so, the unit's own values its own --
    from benchmarks.batch import make_dataset
    from vbhc.pipeline.batch import merge
    from vbhc.pipeline.batch.run import UnitRenderer
    from vbhc.pipeline.batch.units import load_batch

    typed = make_dataset(tmp_path / "nfc", 8)  # -- the 7th has no number ("so"): a draft --
    decomposed_file = make_dataset(tmp_path / "nfd", 8)
    text = decomposed_file.read_text(encoding="utf-8")
    for words in ("Những giọt máu hồng", "Hành trình đỏ", "HIẾN MÁU TÌNH NGUYỆN",
                  "Hội Chữ thập đỏ tỉnh", "Các thành viên BCĐ", "Kinh phí"):
        assert words in text
        text = text.replace(words, unicodedata.normalize("NFD", words))
    decomposed_file.write_text(text, encoding="utf-8")
    contexts = []
    for data in (typed, decomposed_file):
        batch = load_batch("ke-hoach", data)
        renderer = UnitRenderer(batch, tmp_path)
        merge._kept_nfc = None
        out = [renderer.context(unit)[1] for unit in batch.units[:2]]
        kept = merge._kept_nfc
        assert kept is not None and kept[0] is batch.source.data
        out += [renderer.context(unit)[1] for unit in batch.units[2:]]
        assert merge._kept_nfc is kept  # -- made NFC for the second unit, kept for the rest --
        contexts.append(out)
    assert contexts[0] == contexts[1]
    assert len({c["don_vi"]["ten"] for c in contexts[1]}) == 8
    assert [c["so"] for c in contexts[1]].count(None) == 1
