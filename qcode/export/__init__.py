"""Quote bundles, theme summaries and pseudonymisation: exporters over the store."""

from qcode.export.progress import ExportCancelled

__all__ = ["ExportCancelled"]
