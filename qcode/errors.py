"""The exceptions qcode raises for user mistakes and bad files (never a bare traceback)."""


class QcodeError(Exception):
    """Base class: the message is shown to the user as it is."""


class NotFoundError(QcodeError):
    """A document, code, coding or coder that does not exist (or was deleted)."""


class InvalidOffsetsError(QcodeError):
    """A passage whose [start, end) does not lie within the document text."""


class InvalidNameError(QcodeError):
    """A code or document name that is empty, clashes, or contains the path separator."""


class ProjectFileError(QcodeError):
    """A file that is not a qcode project, is damaged, or was written by a newer qcode."""


class ImportRefusedError(QcodeError):
    """A file the importers refuse; the message names the file and the reason."""


class ProjectBusyError(QcodeError):
    """Another process kept the project's write lock longer than qcode waits."""
