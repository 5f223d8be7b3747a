"""The "Apply pseudonyms" box of the window's quote and memo exports, and its leak question."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from qcode.analysis.privacy import Privacy
from qcode.errors import QcodeError
from qcode.export.leaks import LeaksError
from qcode.export.pseudonyms import list_pseudonyms
from qcode.store import Project

T = TypeVar("T")
TIP = (
    "Replace names with the project's pseudonyms (Coder 1, Coder 2 … for coders), then read "
    "the finished file back: a name still shown stops the export unless you accept it"
)


class PseudonymsBox(QCheckBox):
    """Ticked by default when the project has pseudonyms; the user's choice holds until the
    project, or whether it has any pseudonyms, changes."""

    def __init__(self, text: str = "Apply pse&udonyms", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(TIP)
        self._seen: tuple[str, bool] | None = None

    def follow(self, project: Project | None) -> None:
        """Tick the box if the project has pseudonyms (untick if it has none), unless this is
        what was seen last time: then the user's choice stands."""
        if project is None:
            return
        has = bool(list_pseudonyms(project))
        seen = (str(project.path), has)
        if seen != self._seen:
            self._seen = seen
            self.setChecked(has)

    def privacy(self, accepted: tuple[str, ...] = ()) -> Privacy:
        return Privacy(pseudonymise=self.isChecked(), accept_leaks=accepted)

    def confirm_leaks(self, names: list[str]) -> bool:
        """Ask whether to export although these names would show (tests replace this)."""
        return ask_to_show_names(self.window(), names, "file")

    def said(self) -> str:
        """What a message about the export adds when it was pseudonymised."""
        return " (pseudonymised)" if self.isChecked() else ""


def leak_names(exc: LeaksError) -> list[str]:
    return list(dict.fromkeys(x.term for x in exc.leaks))


def refused(names: list[str]) -> QcodeError:
    """The error when the user does not accept the names a pseudonymised export still shows."""
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return QcodeError(
        f"Nothing was written: {len(names)} name(s) would still show ({shown}). Add pseudonyms "
        "for them, or accept them when asked."
    )


def export_checked(box: PseudonymsBox, export: Callable[[Privacy], T]) -> T:
    """Run `export` with the box's choice; if the pseudonymised file would still show names,
    ask, and run it again accepting exactly those names, or raise QcodeError (nothing written)."""
    try:
        return export(box.privacy())
    except LeaksError as exc:
        names = leak_names(exc)
        if not box.confirm_leaks(names):
            raise refused(names) from exc
        return export(box.privacy(tuple(names)))


def ask_to_show_names(parent: QWidget, names: list[str], what: str) -> bool:
    """Whether the user exports the pseudonymised `what` although these names would show."""
    listed = "\n".join(f"• {n}" for n in names[:20])
    more = f"\n… and {len(names) - 20} more" if len(names) > 20 else ""
    answer = QMessageBox.warning(
        parent,
        "Names would still show",
        f"The pseudonymised {what} would still show these names:\n\n"
        f"{listed}{more}\n\nExport anyway, showing exactly these names? (Otherwise add "
        "pseudonyms for them with Tools → Pseudonyms… → Suggest names.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
