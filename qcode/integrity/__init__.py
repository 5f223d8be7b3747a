"""Row-level checks of untrusted project files: `files.check_project`, `salvage`, `guard`."""

from qcode.integrity.problems import CheckResult, Problem

__all__ = ["CheckResult", "Problem"]
