"""The desk's side: join a host with its code, or leave it.

Joining reads the code (checksum first), fetches the certificate the host presents and compares
its SHA-256 with the fingerprint in the code, stores that certificate in this laptop's data
folder, and connects with libpq ``sslmode=verify-ca`` against exactly that certificate (so a
different machine at the same address is refused), with short timeouts. Only then is the
connection stored in this laptop's settings, under the desk's name.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import URL

from confman.core.errors import DomainError
from confman.core.hosting import joincode
from confman.core.hosting.service import DESK_APP_PREFIX, app_name
from confman.core.hosting.state import HostingPaths, load_state
from confman.core.hosting.tls import fetch_server_certificate, fingerprint_der, format_fingerprint
from confman.core.settings import Settings, save_settings

JOIN_TIMEOUT_S = 4.0


@dataclass(frozen=True, slots=True)
class JoinResult:
    url: str  # password hidden
    station: str
    address: str
    port: int
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"joined": True, "url": self.url, "station": self.station, "address": self.address,
                "port": self.port, "fingerprint": self.fingerprint}


def desk_url(info: joincode.JoinInfo, certificate: str, station: str) -> str:
    return URL.create(
        "postgresql+psycopg", username=info.role, password=info.password, host=info.address, port=info.port,
        database=info.database,
        query={"sslmode": "verify-ca", "sslrootcert": certificate,
               "application_name": app_name(DESK_APP_PREFIX, station)},
    ).render_as_string(hide_password=False)


def _check(url: str, info: joincode.JoinInfo) -> None:
    """Connect once (short timeouts) and make sure it is a confman database this version can use."""
    import psycopg
    from sqlalchemy.engine import make_url

    params = make_url(url).translate_connect_args(username="user", database="dbname")
    params.update(make_url(url).query)
    try:
        with psycopg.connect(**params, connect_timeout=int(JOIN_TIMEOUT_S)) as conn:
            row = conn.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone() if row and row[0] else None
    except psycopg.OperationalError as exc:
        text = str(exc)
        if "password authentication failed" in text:
            raise DomainError("hosting.join.password_refused") from exc
        if "certificate verify failed" in text or "SSL error" in text:
            raise DomainError("hosting.join.fingerprint_mismatch", expected=format_fingerprint(info.fingerprint),
                              found="?") from exc
        detail = text.strip().splitlines()[-1] if text.strip() else type(exc).__name__
        raise DomainError("hosting.join.unreachable", address=info.address, port=info.port, detail=detail) from exc
    from confman.core.db.migrate import known_revisions

    if revision is None:
        raise DomainError("hosting.join.not_confman", address=info.address)
    if revision[0] not in known_revisions():
        raise DomainError("db.newer_schema", path=f"{info.address}:{info.port}", revision=revision[0])


def join_host(code: str, settings: Settings, *, station: str | None = None, paths: HostingPaths | None = None,
              persist: Any = save_settings, timeout: float = JOIN_TIMEOUT_S) -> JoinResult:
    """Join the host named by ``code``: pin its certificate, check the connection, store it."""
    paths = paths or HostingPaths.default()
    info = joincode.decode(code)
    if load_state(paths).active:
        raise DomainError("hosting.join.while_hosting")
    name = (station or settings.station).strip()[:40]
    if not name:
        raise DomainError("hosting.join.no_station")
    der = fetch_server_certificate(info.address, info.port, timeout=timeout)
    found = fingerprint_der(der)
    if not info.matches(found):
        raise DomainError("hosting.join.fingerprint_mismatch", expected=format_fingerprint(info.fingerprint),
                          found=format_fingerprint(found[: len(info.fingerprint)]))
    paths.root.mkdir(parents=True, exist_ok=True)
    certificate = paths.root / f"host-{found[:16]}.pem"
    certificate.write_text(ssl.DER_cert_to_PEM_cert(der), encoding="ascii")
    url = desk_url(info, str(certificate), name)
    _check(url, info)
    settings.database_url = url
    settings.station = name
    persist(settings)
    paths.joined_file.write_text(json.dumps({
        "address": info.address, "port": info.port, "fingerprint": found, "station": name,
        "joined_at": datetime.now(UTC).isoformat(timespec="seconds")}, indent=2), encoding="utf-8")
    from confman.core.db.engine import redacted

    return JoinResult(url=redacted(url), station=name, address=info.address, port=info.port,
                      fingerprint=format_fingerprint(found))


def joined_host(paths: HostingPaths | None = None) -> dict[str, Any] | None:
    """The host this desk joined (address, port, station), while its settings still point there."""
    paths = paths or HostingPaths.default()
    try:
        return json.loads(paths.joined_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def leave_host(settings: Settings, *, paths: HostingPaths | None = None, persist: Any = save_settings) -> None:
    """Back to this laptop's own database file (the host's data stays on the host)."""
    paths = paths or HostingPaths.default()
    settings.database_url = ""
    persist(settings)
    paths.joined_file.unlink(missing_ok=True)
