"""Lead and coder roles are enforced by the server; TLS off this machine; no password stored."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from qcode.codebook.tree import add_code, rename_code
from qcode.documents import delete_document
from qcode.errors import QcodeError
from qcode.merging.state import open_engine
from qcode.store import Project
from qcode.team import SyncRefusedError, add_member, clone, publish, sync
from qcode.team.connect import public_url
from qcode.team.local import URL_KEY
from tests.merge.helpers import content, make_lead

from .cluster import Cluster
from .helpers import code_some, live_codings


def _database(url: str) -> str:
    return urlsplit(url).path.strip("/")


@pytest.fixture
def roles(tmp_path: Path, team_url: str, cluster: Cluster) -> dict[str, Path]:
    """A team database with a lead (Lee) and a coder (Ann), each on a laptop of their own."""
    db = _database(team_url)
    publish(make_lead(tmp_path / "owner.qcode"), team_url)
    add_member(team_url, "lee", "lead")
    add_member(team_url, "ann", "coder")
    lee = tmp_path / "lee.qcode"
    ann = tmp_path / "ann.qcode"
    clone(cluster.url(db, user="lee"), lee, "Lee")
    clone(cluster.url(db, user="ann"), ann, "Ann")
    return {"lee": lee, "ann": ann}


def test_a_coder_may_code_and_memo(roles: dict[str, Path]) -> None:
    code_some(roles["ann"], 3)
    sync(roles["ann"])
    sync(roles["lee"])
    assert len(live_codings(roles["lee"])) == 3


def test_a_coder_may_not_change_the_codebook(roles: dict[str, Path]) -> None:
    ann = roles["ann"]
    with Project.open(ann) as p:
        add_code(p, "Trust")
        rename_code(p, "Training", "Briefings")
    code_some(ann, 2, code="Trust")
    with pytest.raises(SyncRefusedError) as caught:
        sync(ann)
    message = str(caught.value)
    assert "'Trust': role ann may not change the codebook" in message
    assert "'Briefings': role ann may not change the codebook" in message
    sync(roles["lee"])
    assert live_codings(roles["lee"]) == set()  # nothing of that push went through


def test_a_coder_may_not_delete_documents_but_a_lead_may(roles: dict[str, Path]) -> None:
    with Project.open(roles["ann"]) as p:
        delete_document(p, "Focus group 01")
    with pytest.raises(SyncRefusedError, match="may not add, rename or delete documents"):
        sync(roles["ann"])
    with Project.open(roles["lee"]) as p:
        delete_document(p, "Focus group 01")
        rename_code(p, "Training", "Briefings")
    sync(roles["lee"])


def test_the_server_enforces_the_roles_whatever_client_connects(
    roles: dict[str, Path], team_url: str, cluster: Cluster
) -> None:
    db = _database(team_url)
    for user, sql in [("ann", "UPDATE code SET name = 'x'"), ("ann", "DELETE FROM coding"),
                      ("lee", "DELETE FROM document"), ("ann", "TRUNCATE coding")]:
        with psycopg.connect(host=str(cluster.socket), dbname=db, user=user) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql)  # type: ignore[arg-type]


def test_a_newer_team_database_is_refused(roles: dict[str, Path], team_url: str,
                                          cluster: Cluster) -> None:
    cluster.psql(_database(team_url),
                 "UPDATE qcode_meta SET value = '99' WHERE key = 'server_schema'")
    before = content(roles["lee"])
    with pytest.raises(QcodeError, match="made by a newer qcode"):
        sync(roles["lee"])
    assert content(roles["lee"]) == before


def test_another_projects_laptop_is_refused(tmp_path: Path, roles: dict[str, Path],
                                            team_url: str) -> None:
    stranger = make_lead(tmp_path / "stranger.qcode")
    with pytest.raises(QcodeError, match="is not a copy of the team's project"):
        sync(stranger, team_url)


def test_no_password_is_kept_in_the_project(tmp_path: Path, team_url: str,
                                            cluster: Cluster) -> None:
    publish(make_lead(tmp_path / "owner.qcode"), team_url)
    with_password = cluster.url(_database(team_url), user="qcode_admin:s3cret")
    laptop = tmp_path / "laptop.qcode"
    clone(with_password, laptop, "Ann")
    engine = open_engine(laptop)
    try:
        with engine.connect() as conn:
            raw = conn.exec_driver_sql("SELECT settings FROM project").scalar_one()
    finally:
        engine.dispose()
    assert "s3cret" not in raw
    assert "s3cret" not in json.loads(raw)[URL_KEY]


def test_tls_is_required_off_this_machine() -> None:
    assert public_url("postgresql://db.example.org/team") == (
        "postgresql://db.example.org/team?sslmode=verify-full"
    )
    assert public_url("postgresql://u:pw@db.example.org:6543/team?sslmode=require") == (
        "postgresql://u@db.example.org:6543/team?sslmode=require"
    )
    assert public_url("postgresql://localhost/team") == "postgresql://localhost/team"
    assert public_url("postgresql://u@/team?host=/run/pg") == "postgresql://u@/team?host=/run/pg"
    for weak in ("disable", "allow", "prefer"):
        with pytest.raises(QcodeError, match="needs TLS"):
            public_url(f"postgresql://db.example.org/team?sslmode={weak}")
    with pytest.raises(QcodeError, match="not a team database URL"):
        public_url("mysql://db.example.org/team")
