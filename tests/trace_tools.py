"""Counting calls in tests without mocks: the frames a function was entered in.

Import as ``from tests.trace_tools import calls_to``.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


@contextmanager
def calls_to(function: Callable[..., Any],
             where: Callable[[FrameType], bool] = lambda frame: True) -> Iterator[list[FrameType]]:
    """Yield the list of frames ``function`` runs in (those ``where`` accepts) meanwhile.

    A frame is listed once: a generator's resumes are "call" events too.
    """
    frames: list[FrameType] = []
    code = function.__code__

    def trace(frame, event, arg):  # noqa: ANN001, ANN202 - sys.setprofile's signature
        if event == "call" and frame.f_code is code and where(frame) \
                and not any(frame is seen for seen in frames):
            frames.append(frame)

    sys.setprofile(trace)
    try:
        yield frames
    finally:
        sys.setprofile(None)
