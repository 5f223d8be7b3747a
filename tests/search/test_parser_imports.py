"""A cold search does not load Whoosh's parser, query, analysis or fields modules (nor asyncio)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("whoosh.qparser", "whoosh.query", "whoosh.analysis", "whoosh.fields", "asyncio")
#: SQLAlchemy loads asyncio itself; the ORM-free read path is another change's concern.
_ASYNCIO_EXCUSED = "'sqlalchemy' in sys.modules and m == 'asyncio'"


def test_the_query_path_imports_none_of_whooshs_parser_machinery() -> None:
    code = (
        "import sys\n"
        "import qcode.search.query, qcode.search.engine\n"
        "from qcode.search.parser import parse\n"
        "parse('\"advisory group\"~3 OR impartial* AND NOT force:c', {'force': 'a_force'})\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules and not ({_ASYNCIO_EXCUSED})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "", f"loaded: {done.stdout.strip()}"


def test_the_stemmer_is_still_the_one_the_index_was_built_with() -> None:
    from qcode.search.analysis import STOPS, stem

    assert [stem(w) for w in ("impartiality", "advisory", "groups", "recruited")] == [
        "imparti",
        "advisori",
        "group",
        "recruit",
    ]
    assert {"the", "and", "of", "us", "we", "tbd"} <= STOPS
    assert len(STOPS) == 34
