"""What a check finds: one `Problem` per (table, row, field), and the rows to leave out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """A row (or setting) qcode cannot trust, and why."""

    table: str
    row: str  # the row's UUID, or "rowid N" when the UUID itself is unusable
    field: str
    reason: str
    rowid: int | None = None

    def describe(self) -> str:
        where = f"{self.table} {self.row}"
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


@dataclass
class CheckResult:
    """Every problem found, and per table the rowids a salvage or a lenient merge leaves out."""

    problems: list[Problem] = field(default_factory=list)
    #: table -> rowids of rows that are invalid themselves or depend on an invalid row.
    dropped: dict[str, set[int]] = field(default_factory=dict)
    #: A problem that makes the whole file unusable (no project row): nothing can be kept.
    fatal: bool = False
    #: Project settings keys whose values are unusable (a salvage or merge drops them).
    bad_settings: set[str] = field(default_factory=set)
    #: Fields of the project row that are unusable (a salvage writes defaults for them).
    project_fields: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, table: str, row: str, column: str, reason: str, rowid: int | None) -> None:
        self.problems.append(Problem(table, row, column, reason, rowid))
        if rowid is not None:
            self.dropped.setdefault(table, set()).add(rowid)

    def drop(self, table: str, rowid: int) -> None:
        self.dropped.setdefault(table, set()).add(rowid)

    def summary(self, name: str, limit: int = 10) -> str:
        """The first problems and the count, for one error message naming the file."""
        lines = [f"{name}: {len(self.problems)} problem(s) found by qcode check:"]
        lines += [f"  - {p.describe()}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more (run: qcode check {name})")
        return "\n".join(lines)
