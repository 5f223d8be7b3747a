"""Pause Python's cyclic garbage collector while 100,000s of rows are built and dropped."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside: every few hundred new row objects would start one, and
    the older generations are walked over and over (a third of a large merge's check time);
    rows hold no cycles, and reference counting still frees them. Restored after, if on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
