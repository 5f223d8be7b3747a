"""Convergent merging of project files: read states, combine them, write the result."""
