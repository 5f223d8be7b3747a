"""`python -m qcode` runs the `qcode` command."""

import sys

from qcode.cli import main

sys.exit(main())
