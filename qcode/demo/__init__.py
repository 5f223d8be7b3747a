"""The demo corpus: 267 synthetic transcripts on the terms-of-reference themes, and a project."""

from qcode.demo.build import build_demo

__all__ = ["build_demo"]
