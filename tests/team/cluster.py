"""A throwaway PostgreSQL cluster in a temporary folder, reached on a Unix socket (tests, bench)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Where Debian, Ubuntu and Fedora put the server programs when they are not on PATH.
_SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin",
           "/opt/homebrew/opt/postgresql*/bin", "/usr/local/opt/postgresql*/bin")


def server_bin() -> Path | None:
    """The folder holding `initdb` and `pg_ctl` (PATH first, then the usual places)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for pattern in _SEARCH:
        for folder in sorted(glob.glob(pattern), reverse=True):
            if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
                return Path(folder)
    return None


@dataclass
class Cluster:
    """A running cluster: its folder, socket directory and superuser."""

    root: Path
    bindir: Path
    user: str = "qcode_admin"
    #: How the server's programs are run (as another account when this process is root).
    run_as: dict[str, Any] = field(default_factory=dict)

    @property
    def socket(self) -> Path:
        return self.root / "s"

    def url(self, database: str, user: str | None = None) -> str:
        """A qcode team URL for a database of this cluster (on the Unix socket)."""
        return f"postgresql://{user or self.user}@/{database}?host={self.socket}"

    def psql(self, database: str, sql: str) -> None:
        """Run SQL as the superuser (set-up of roles and databases in tests)."""
        import psycopg

        with psycopg.connect(host=str(self.socket), dbname=database, user=self.user,
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def stop(self) -> None:
        subprocess.run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate",
             "-w", "stop"], capture_output=True, check=False, **self.run_as,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start(root: Path | None = None) -> Cluster:
    """initdb a new cluster in a temporary folder and start it listening on a socket only."""
    bindir = server_bin()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL's initdb and pg_ctl were not found (Debian: apt-get install postgresql)"
        )
    # A Unix socket path must stay short (about 100 bytes): a folder under /tmp.
    root = Path(tempfile.mkdtemp(prefix="qcode-pg-", dir=root or "/tmp"))
    cluster = Cluster(root, bindir)
    cluster.socket.mkdir()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    run_as = cluster.run_as = _unprivileged(root)
    subprocess.run(
        [str(bindir / "initdb"), "-D", str(root / "data"), "-U", cluster.user, "-A", "trust",
         "-E", "UTF8", "--no-sync"],
        capture_output=True, check=True, env=env, **run_as,
    )
    options = (f"-k {cluster.socket} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
    subprocess.run(
        [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-o", options, "-l",
         str(root / "log"), "-w", "-t", "60", "start"],
        capture_output=True, check=True, env=env, **run_as,
    )
    return cluster


def _unprivileged(root: Path) -> dict[str, Any]:
    """PostgreSQL refuses to run as root: under root (containers, CI) the server runs as the
    `postgres` account (else `nobody`), which is given the cluster's folder."""
    if os.geteuid() != 0:
        return {}
    import pwd

    for name in ("postgres", "nobody"):
        try:
            account = pwd.getpwnam(name)
        except KeyError:
            continue
        for folder in (root, root / "s"):
            os.chown(folder, account.pw_uid, account.pw_gid)
        return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": [],
                "cwd": str(root)}
    raise RuntimeError("running as root and no 'postgres' or 'nobody' account to run as")
