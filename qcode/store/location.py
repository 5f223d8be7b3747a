"""Where a project file lives: network shares and cloud-synced folders, where WAL is unsafe."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath

#: Set to 1 to treat every project as on a network share (tests, or a share not recognised).
ENV_ASSUME_NETWORK = "QCODE_ASSUME_NETWORK"

#: Linux file-system types that are not a local disk.
NETWORK_TYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ceph",
        "glusterfs", "lustre", "davfs", "ncpfs", "coda", "gfs2", "ocfs2", "virtiofs",
    }
)  # fmt: skip
#: FUSE types that are local disks all the same.
LOCAL_FUSE = frozenset({"fuseblk"})

#: Folder names of cloud-sync clients (compared case-insensitively, as a prefix).
SYNC_FOLDERS = (
    ("onedrive", "OneDrive"),
    ("sharepoint", "SharePoint"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("iclouddrive", "iCloud Drive"),
    ("box sync", "Box"),
    ("nextcloud", "Nextcloud"),
)


def _unescape(field: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as octal."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit() and i + 4 <= len(field):
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounts(mountinfo: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) of each line of /proc/self/mountinfo text."""
    found = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields or len(fields) < 5:
            continue
        dash = fields.index("-")
        if dash + 1 >= len(fields):
            continue
        found.append((_unescape(fields[4]), fields[dash + 1]))
    return found


def filesystem_type(path: str, mountinfo: str) -> str | None:
    """The file-system type of the mount holding the absolute POSIX `path` (the last,
    longest matching mount wins, as the kernel stacks them)."""
    best: tuple[int, str] | None = None
    for point, fstype in mounts(mountinfo):
        prefix = point.rstrip("/") + "/"
        inside = path == point or path.startswith(prefix) or point == "/"
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


def is_network_type(fstype: str) -> bool:
    """A file-system type that is a network share or a user-space (FUSE) mount."""
    base = fstype.lower()
    if base in LOCAL_FUSE:
        return False
    return base in NETWORK_TYPES or base == "fuse" or base.startswith("fuse.")


def is_unc(path: str) -> bool:
    """A Windows UNC path (\\\\server\\share\\…), not a local device path (\\\\?\\C:…)."""
    if not (path.startswith("\\\\") or path.startswith("//")):
        return False
    rest = path[2:]
    if rest.startswith("?\\UNC\\") or rest.startswith("?/UNC/"):
        return True
    return not rest.startswith(("?", "."))


def sync_folder(path: PurePath, env: Mapping[str, str], home: PurePath | None = None) -> str | None:
    """The cloud-sync client whose folder holds `path`, else None."""
    text = str(path).replace("\\", "/").lower()
    for var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = env.get(var, "")
        if root and text.startswith(root.replace("\\", "/").lower().rstrip("/") + "/"):
            return "OneDrive"
    if home is not None:
        for sub, name in (("library/cloudstorage", "a cloud storage provider"),
                          ("library/mobile documents", "iCloud Drive")):  # fmt: skip
            root = str(home).replace("\\", "/").lower().rstrip("/") + "/" + sub + "/"
            if text.startswith(root):
                return name
    for part in path.parts[:-1]:
        low = part.lower()
        for prefix, name in SYNC_FOLDERS:
            if low == prefix or low.startswith(prefix + " -") or low.startswith(prefix + "-"):
                return name
    return None


def _windows_remote_drive(path: Path) -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    drive = path.drive
    if not drive:
        return False
    kernel = getattr(ctypes, "windll", None)
    if kernel is None:
        return False
    return int(kernel.kernel32.GetDriveTypeW(drive + "\\")) == 4  # DRIVE_REMOTE


def _mountinfo() -> str:
    try:
        return Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def warning(path: Path) -> str | None:
    """Why the project's folder is unsafe for SQLite's WAL (with advice), else None."""
    path = Path(path).absolute()
    where: str | None = None
    assumed = os.environ.get(ENV_ASSUME_NETWORK) == "1"
    if assumed or is_unc(str(path)) or _windows_remote_drive(path):
        where = "on a network share"
    elif sys.platform.startswith("linux"):
        fstype = filesystem_type(str(path.resolve()), _mountinfo())
        if fstype and is_network_type(fstype):
            where = f"on a network or user-space file system ({fstype})"
    if where is None:
        client = sync_folder(path, os.environ, Path.home())
        if client:
            where = f"in a folder synced by {client}"
    if where is None:
        return None
    return (
        f"{path.name} is {where}, where several programs writing at once can damage it. "
        "qcode uses the slower rollback journal here; work on a local copy if you can "
        "(and keep the window and other qcode commands off it while it syncs)."
    )
