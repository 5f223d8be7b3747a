"""Progress, cancellation and atomic writes shared by every exporter."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from qcode.errors import QcodeError
from qcode.export.atomic import create_partial
from qcode.faults import fault_point

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


class ExportCancelled(QcodeError):
    """The user cancelled an export; nothing was left under the final file name."""


class Ticker:
    """Counts work done, reports it, and raises ExportCancelled when asked to stop."""

    def __init__(
        self, total: int, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancel = cancel

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ExportCancelled("export cancelled; no file was written")

    def step(self, label: str, n: int = 1) -> None:
        """Record `n` units done (quotes, rows), then check for cancellation."""
        self.done = min(self.total, self.done + n)
        if self._progress is not None:
            self._progress(self.done, self.total, label)
        self.check()

    def finish(self, label: str = "done") -> None:
        self.done = self.total
        if self._progress is not None:
            self._progress(self.total, self.total, label)


def check_target(path: Path) -> None:
    """Refuse, with the file named, a target whose folder is missing or which is a folder."""
    if path.is_dir():
        raise QcodeError(f"{path}: is a folder; give a file name to export to")
    if not path.parent.is_dir():
        raise QcodeError(f"{path}: folder {path.parent} does not exist")


def temp_beside(path: Path) -> Path:
    """A fresh, empty temporary file in the target's folder (so os.replace is atomic)."""
    check_target(path)
    try:
        return create_partial(path)
    except OSError as exc:
        raise QcodeError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from exc


@contextlib.contextmanager
def atomic_paths(targets: list[Path]) -> Iterator[list[Path]]:
    """Temporary paths for `targets`; all moved into place at the end, or all removed."""
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(temp_beside(target))
        yield temps
        fault_point("export-replace")
        for temp, target in zip(temps, targets, strict=True):
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise QcodeError(f"{target}: cannot be written ({exc.strerror})") from exc
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path that replaces `target` only if the block finishes."""
    with atomic_paths([target]) as temps:
        yield temps[0]
