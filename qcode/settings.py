"""Per-machine settings (the current coder's name, recent projects) in a JSON file."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

ENV_CONFIG_DIR = "QCODE_CONFIG_DIR"


def config_dir() -> Path:
    """Where settings live: $QCODE_CONFIG_DIR if set (tests), else the platform's config folder."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("qcode", appauthor=False))


def _settings_path() -> Path:
    return config_dir() / "settings.json"


def load() -> dict[str, Any]:
    """All settings; an unreadable or missing file gives empty settings."""
    try:
        data = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> None:
    """Write all settings atomically."""
    path = _settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any) -> None:
    data = load()
    data[key] = value
    save(data)


def coder_name() -> str:
    """The remembered coder name, else the login name."""
    name = get("coder_name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    try:
        return getpass.getuser() or "coder"
    except (OSError, KeyError):
        return "coder"


def remember_coder(name: str) -> None:
    put("coder_name", name.strip())


def add_recent_project(path: Path, limit: int = 10) -> None:
    recent = [p for p in get("recent_projects", []) if isinstance(p, str)]
    resolved = str(Path(path).resolve())
    recent = [resolved] + [p for p in recent if p != resolved]
    put("recent_projects", recent[:limit])


def recent_projects() -> list[Path]:
    return [Path(p) for p in get("recent_projects", []) if isinstance(p, str)]
