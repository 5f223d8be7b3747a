"""Transcript importers: one module per file format, a registry by extension, bulk import."""
