"""One window per database on one machine: a second launch wakes the first one.

Two windows writing one SQLite file fight over locks; a second launch therefore
asks the running instance (over a QLocalSocket named after the database) to come
to the front, and exits.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_ACTIVATE = b"activate\n"


def server_name(database_key: str) -> str:
    """A local socket name unique per user and database."""
    digest = hashlib.sha256(f"{getpass.getuser()}|{database_key}".encode()).hexdigest()[:16]
    return f"confman-{digest}"


class SingleInstance(QObject):
    """Call ``acquire()``: True for the first instance (which then listens), False for a second one."""

    activation_requested = Signal()

    def __init__(self, database_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(database_key)
        self._server: QLocalServer | None = None

    def _notify_running(self, timeout_ms: int) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_ACTIVATE)
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def acquire(self, timeout_ms: int = 500) -> bool:
        if self._notify_running(timeout_ms):
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # stale socket left by a crash
            if not server.listen(self.name):
                return True  # cannot guard; never block the organiser from starting
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_ACTIVATE.strip()):
            self.activation_requested.emit()
        socket.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
