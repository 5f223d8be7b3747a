"""Row-level checks of untrusted project files: `check_project`, `salvage`, `quick_check`."""

from qcode.integrity.problems import CheckResult, Problem

__all__ = ["CheckResult", "Problem"]
