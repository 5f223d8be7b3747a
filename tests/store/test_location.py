"""Issue 11 item 6: network shares and synced folders are found and use the rollback journal."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from qcode.store import Project
from qcode.store.location import (
    filesystem_type,
    is_network_type,
    is_unc,
    mounts,
    sync_folder,
    warning,
)

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 27 0:50 / /home/ann/shares/team rw,relatime shared:12 - cifs //srv/team rw,vers=3.0
41 27 0:51 / /mnt/nfs rw,relatime - nfs4 srv:/export rw
42 27 0:52 / /home/ann/My\040Drive rw,nosuid - fuse.rclone gdrive: rw
43 27 8:2 / /media/ann/USB rw - fuseblk /dev/sdb1 rw
44 41 8:3 / /mnt/nfs/local rw - ext4 /dev/sdc1 rw
"""


def test_mountinfo_lines_are_read_with_escapes() -> None:
    points = dict(mounts(MOUNTINFO))
    assert points["/home/ann/My Drive"] == "fuse.rclone"
    assert points["/home/ann/shares/team"] == "cifs"


@pytest.mark.parametrize(
    ("path", "fstype", "network"),
    [
        ("/home/ann/study.qcode", "ext4", False),
        ("/home/ann/shares/team/study.qcode", "cifs", True),
        ("/home/ann/shares/teamwork/study.qcode", "ext4", False),
        ("/mnt/nfs/projects/study.qcode", "nfs4", True),
        ("/mnt/nfs/local/study.qcode", "ext4", False),
        ("/home/ann/My Drive/study.qcode", "fuse.rclone", True),
        ("/media/ann/USB/study.qcode", "fuseblk", False),
    ],
)
def test_the_file_system_of_a_path(path: str, fstype: str, network: bool) -> None:
    assert filesystem_type(path, MOUNTINFO) == fstype
    assert is_network_type(fstype) is network


@pytest.mark.parametrize("fstype", ["nfs", "smb3", "smbfs", "9p", "fuse.sshfs", "fuse"])
def test_network_types(fstype: str) -> None:
    assert is_network_type(fstype)


@pytest.mark.parametrize(
    ("path", "unc"),
    [
        (r"\\server\share\study.qcode", True),
        ("//server/share/study.qcode", True),
        (r"\\?\UNC\server\share\study.qcode", True),
        (r"\\?\C:\study.qcode", False),
        (r"C:\Users\ann\study.qcode", False),
        ("/home/ann/study.qcode", False),
    ],
)
def test_unc_paths(path: str, unc: bool) -> None:
    assert is_unc(path) is unc


@pytest.mark.parametrize(
    ("path", "client"),
    [
        (PureWindowsPath(r"C:\Users\ann\OneDrive - Police Force\study.qcode"), "OneDrive"),
        (PureWindowsPath(r"C:\Users\ann\OneDrive\study.qcode"), "OneDrive"),
        (PureWindowsPath(r"D:\Sync\Work\study.qcode"), "OneDrive"),  # via %OneDrive%
        (PureWindowsPath(r"C:\Users\ann\Dropbox\study.qcode"), "Dropbox"),
        (PureWindowsPath(r"G:\My Drive\study.qcode"), "Google Drive"),
        (PurePosixPath("/Users/ann/Library/CloudStorage/OneDrive-Force/s.qcode"), "a cloud"),
        (PurePosixPath("/Users/ann/Library/Mobile Documents/com~apple/s.qcode"), "iCloud"),
        (PureWindowsPath(r"C:\Users\ann\Documents\study.qcode"), None),
        (PurePosixPath("/Users/ann/Documents/onedrive-notes.qcode"), None),
    ],
)
def test_sync_folders(path: PurePosixPath | PureWindowsPath, client: str | None) -> None:
    env = {"OneDrive": r"D:\Sync"}
    home = PurePosixPath("/Users/ann") if isinstance(path, PurePosixPath) else None
    found = sync_folder(path, env, home)
    if client is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(client)


def test_a_project_on_a_network_share_uses_the_rollback_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.qcode"
    Project.create(path).close()
    with Project.open(path) as p, p.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert p.location_warning is None
    monkeypatch.setenv("QCODE_ASSUME_NETWORK", "1")
    assert warning(path) is not None
    with Project.open(path) as p, p.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert p.location_warning is not None
        assert "network share" in p.location_warning
        assert "local copy" in p.location_warning
    new = tmp_path / "new.qcode"
    with Project.create(new) as p, p.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    assert not Path(f"{new}-wal").exists()


def test_the_cli_prints_the_warning_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from qcode.cli import main

    path = tmp_path / "p.qcode"
    Project.create(path).close()
    monkeypatch.setenv("QCODE_ASSUME_NETWORK", "1")
    assert main(["documents", str(path)]) == 0
    err = capsys.readouterr().err
    assert err.count("qcode: warning:") == 1
    assert "network share" in err
