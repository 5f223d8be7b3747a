"""`qcode team publish|clone|member` and `qcode sync` from the command line."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from qcode.cli import main
from tests.merge.helpers import make_lead

from .cluster import Cluster
from .helpers import code_some, live_codings


def test_publish_clone_and_sync(tmp_path: Path, team_url: str, cluster: Cluster,
                                capsys: pytest.CaptureFixture[str]) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    assert main(["team", "publish", str(lead), team_url]) == 0
    assert "published" in capsys.readouterr().out
    assert main(["team", "member", team_url, "ann", "--role", "coder"]) == 0
    ann_url = cluster.url(urlsplit(team_url).path.strip("/"), user="ann")
    laptop = tmp_path / "ann.qcode"
    assert main(["team", "clone", ann_url, str(laptop), "--coder", "Ann"]) == 0
    assert f"created {laptop} for Ann" in capsys.readouterr().out
    code_some(laptop, 2)
    assert main(["sync", str(laptop)]) == 0
    assert "pushed 3 row(s)" in capsys.readouterr().out  # Ann and her two codings
    assert main(["sync", str(lead), "--json"]) == 0
    assert '"pulled_rows"' in capsys.readouterr().out
    assert len(live_codings(lead)) == 2


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    assert main(["sync", str(lead)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: ")
    assert "not connected to a team database" in err
    nowhere = f"postgresql://me@/team?host={tmp_path}"
    assert main(["sync", str(lead), nowhere]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: cannot reach the team database")
    assert "Traceback" not in err
    insecure = "postgresql://db.example.org/t?sslmode=disable"
    assert main(["team", "publish", str(lead), insecure]) == 1
    assert "needs TLS" in capsys.readouterr().err
