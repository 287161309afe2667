"""Where hosting keeps its files, and the state of the current (or last) hosting session."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from confman.paths import data_dir

ACTIVE = "active"
FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class HostingPaths:
    """The hosting folder inside the data folder: server data, log, certificate, state, gateway files."""

    root: Path

    @classmethod
    def default(cls) -> HostingPaths:
        return cls(data_dir() / "hosting")

    @property
    def pgdata(self) -> Path:
        return self.root / "pgdata"

    @property
    def log_dir(self) -> Path:
        return self.root / "log"

    @property
    def certificate(self) -> Path:
        return self.root / "server-cert.pem"

    @property
    def private_key(self) -> Path:
        return self.root / "server-key.pem"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def gateway_config(self) -> Path:
        return self.root / "gateway.json"

    @property
    def gateway_ready(self) -> Path:
        return self.root / "gateway.ready"

    @property
    def gateway_log(self) -> Path:
        return self.root / "gateway.log"

    @property
    def joined_file(self) -> Path:
        """On a desk: which host it joined."""
        return self.root / "joined.json"


@dataclass
class HostState:
    """Secrets and addresses of a hosting session (kept readable by this user only)."""

    status: str = ""
    address: str = ""
    port: int = 0
    internal_port: int = 0
    database: str = "confman"
    desk_role: str = "confman_desk"
    host_role: str = "confman_host"
    owner_role: str = "confman_owner"
    desk_password: str = ""
    host_password: str = ""
    admin_password: str = ""
    fingerprint: str = ""
    previous_database_url: str = ""
    source_sqlite: str = ""
    started_at: str = ""
    finished_at: str = ""
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.status == ACTIVE


def load_state(paths: HostingPaths) -> HostState:
    try:
        raw = json.loads(paths.state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return HostState()
    known = {f.name for f in fields(HostState)}
    return HostState(**{k: v for k, v in raw.items() if k in known})


def save_state(paths: HostingPaths, state: HostState) -> None:
    """Write atomically, readable by the owner only (it holds the passwords)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    tmp = paths.state_file.with_name("state.json.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(state), fh, indent=2)
    os.replace(tmp, paths.state_file)
