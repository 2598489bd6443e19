"""The building blocks of the data model: the base ``Model``, typed-as-clerks-type fields
(whole numbers, "-" items, recipients), ``TextOr`` (a line of text or a record) and the
walk over a data file's strings. ``vbhc.data.model`` builds the document from them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    model_validator,
)

from vbhc.core.numbers import whole_number
from vbhc.data.punctuation import RECIPIENT_ENDINGS, clean

# A whole number as clerks type it: 7000 or 7.000, quoted or not; 7,000 and 7.5 are errors.
WholeNumber = Annotated[int, BeforeValidator(whole_number)]
NO_SPACES = r"^\S+$"
KY_HIEU = r"^[^\s/]+(-[^\s/]+)+$"
# What each pattern asks for, in words (``vbhc.data.loading`` shows these, never the regex).
PATTERN_MESSAGES = {
    NO_SPACES: "không được có dấu cách",
    KY_HIEU: "phải có dạng KH-BCĐ: các phần nối bằng dấu '-', không có dấu cách hay dấu '/'",
}


def _without(bullet: str | None, endings: frozenset[str] = frozenset()) -> AfterValidator:
    """Return a validator taking off the marks vbhc adds itself (``vbhc.data.punctuation``)."""
    return AfterValidator(lambda text: clean(text, bullet, endings))


DashItem = Annotated[str, _without("-")]  # a "-" item: vbhc writes the dash
PlusItem = Annotated[str, _without("+")]  # a "+" item: vbhc writes the plus
RecipientText = Annotated[str, _without("-", RECIPIENT_ENDINGS)]  # "- …;" written by vbhc
QuyenHan = Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]


def _text_or_record(value: Any) -> str:
    return "text" if isinstance(value, str) else "record"


Text = TypeVar("Text")
Record = TypeVar("Record")
# "A plain ``Text``, or a ``Record``", told apart by the value's shape: ``TextOr[DashItem, Y]``.
# Without the discriminator, a bad record would also be reported as "not a string".
TextOr = Annotated[Union[Annotated[Text, Field(min_length=1), Tag("text")],  # noqa: UP007
                         Annotated[Record, Tag("record")]],
                   Discriminator(_text_or_record)]


class Model(BaseModel):
    """Base of every data record: unknown keys are errors, text is NFC."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, data: Any, info: ValidationInfo) -> Any:
        # -- decomposed diacritics (NFD, from some keyboards and PDFs) become precomposed.
        #    Every value, not the keys (an unknown key is reported as typed): what a
        #    validator on each field ("*") did, but one validator per model instead of one
        #    wrapped around each of a kind's ~85 fields, which made building its model slow.
        #    A record's mapping that an enclosing record made NFC in this validation
        #    (``nfc_context``) is NFC already: not walked again at every depth --
        if not isinstance(data, dict):
            return data
        done = info.context.get(_DONE) if isinstance(info.context, dict) else None
        if done is not None and id(data) in done:
            return data
        return {key: nfc(value, done) for key, value in data.items()}


# The validation context key (``nfc_context``) holding the ids of the mappings made NFC.
_DONE = "vbhc.nfc"


def nfc_context(done: set[int] | None = None) -> dict[str, Any]:
    """Return a context for one validation (``model_validate(…, context=…)``) in which
    each mapping is made NFC once, by the outermost record holding it.

    ``done``: the ids of mappings in the data already made NFC (by ``nfc(…, done)``), the
    data's own top-level mapping included if its values are. The ids must stay valid for
    the validation: the data being validated holds those mappings until it ends.
    """
    return {_DONE: set() if done is None else done}


_normalize = unicodedata.normalize


def nfc(value: Any, done: set[int] | None = None) -> Any:
    """Return ``value`` with every string in it (list items, keys) in Unicode NFC.

    ``done``, if given, receives the id of each mapping made.
    """
    if isinstance(value, str):
        return _normalize("NFC", value)
    # -- the leaves are done in place, not by a call each: this walk is most of what a
    # batch unit's validation costs in Python --
    if isinstance(value, list):
        return [_normalize("NFC", item) if isinstance(item, str)
                else nfc(item, done) if isinstance(item, (list, dict)) else item
                for item in value]
    if isinstance(value, dict):
        out = {_normalize("NFC", key) if isinstance(key, str) else key:
               _normalize("NFC", item) if isinstance(item, str)
               else nfc(item, done) if isinstance(item, (list, dict)) else item
               for key, item in value.items()}
        if done is not None:
            done.add(id(out))
        return out
    return value


def strings_in(value: Any, location: tuple) -> Iterator[tuple[tuple, str]]:
    """Yield (location, text) of every string in the raw data."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, location + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, location + (index,))
