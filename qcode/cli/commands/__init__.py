"""Sub-commands of `qcode`: every module here has `register(subparsers)`; a new file adds more."""
