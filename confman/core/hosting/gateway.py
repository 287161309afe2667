"""The TLS gateway: the only thing the LAN sees while this laptop hosts.

The bundled PostgreSQL is built without OpenSSL, so it listens on 127.0.0.1 only and this small
process speaks PostgreSQL's own TLS negotiation in front of it: a desk's SSLRequest is answered
``S``, the TLS handshake uses the host's self-signed certificate (which desks pin), and only then
is the startup message read. A plain-text startup is refused, and so is any role other than the
desk role and any database other than the event's; everything after that (SCRAM password
exchange included) is passed through unchanged, so the server still checks the password.

It runs as its own process (``confman --host-gateway CONFIG``) so hosting survives the window
being closed when the organiser chooses so, stops by itself when the server goes away, and on
Windows keeps the laptop awake while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import ssl
import struct
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger("confman.gateway")

SSL_REQUEST_CODE = 80877103
GSSENC_REQUEST_CODE = 80877104
CANCEL_REQUEST_CODE = 80877102
HANDSHAKE_TIMEOUT_S = 10.0
MAX_STARTUP_BYTES = 10_000
WATCH_INTERVAL_S = 1.0


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    listen_address: str
    listen_port: int
    upstream_port: int
    certificate: str
    private_key: str
    role: str
    database: str
    server_pid: int
    ready_file: str
    log_file: str

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> GatewayConfig:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def error_response(message: str, sqlstate: str = "28000") -> bytes:
    """A PostgreSQL ``ErrorResponse`` (FATAL) that libpq shows as the connection's error."""
    fields = b"".join(tag + value.encode("utf-8") + b"\0" for tag, value in (
        (b"S", "FATAL"), (b"V", "FATAL"), (b"C", sqlstate), (b"M", message)))
    body = fields + b"\0"
    return b"E" + struct.pack("!i", len(body) + 4) + body


def parse_startup(body: bytes) -> dict[str, str]:
    """Parameters of a startup message body (after the length and protocol words)."""
    parts = body.split(b"\0")
    params: dict[str, str] = {}
    for key, value in zip(parts[0::2], parts[1::2], strict=False):
        if not key:
            break
        params[key.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
    return params


class Gateway:
    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.minimum_version = ssl.TLSVersion.TLSv1_2
        self.tls.load_cert_chain(config.certificate, config.private_key)
        self.connections = 0

    async def _refuse(self, writer: asyncio.StreamWriter, message: str, sqlstate: str = "28000") -> None:
        with contextlib.suppress(OSError, ssl.SSLError):
            writer.write(error_response(message, sqlstate))
            await writer.drain()

    async def _forward_cancel(self, packet: bytes) -> None:
        with contextlib.suppress(OSError):
            _reader, writer = await asyncio.open_connection("127.0.0.1", self.config.upstream_port)
            writer.write(packet)
            await writer.drain()
            writer.close()

    async def _negotiate(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                         peer: str) -> bytes | None:
        """TLS first, then the startup message; returns it for the server, None when refused."""
        encrypted = False
        while True:
            header = await reader.readexactly(4)
            (length,) = struct.unpack("!i", header)
            if not 8 <= length <= MAX_STARTUP_BYTES:
                return None
            body = await reader.readexactly(length - 4)
            (code,) = struct.unpack("!i", body[:4])
            if code == SSL_REQUEST_CODE and not encrypted:
                writer.write(b"S")
                await writer.drain()
                await writer.start_tls(self.tls)
                encrypted = True
                continue
            if code == GSSENC_REQUEST_CODE and not encrypted:
                writer.write(b"N")
                await writer.drain()
                continue
            if code == CANCEL_REQUEST_CODE:
                await self._forward_cancel(header + body)
                return None
            if not encrypted:
                log.info("refused %s: no TLS", peer)
                await self._refuse(writer, "confman: this server accepts only encrypted (TLS) connections; "
                                           "join with the host's join code", "08P01")
                return None
            if code >> 16 != 3:
                await self._refuse(writer, "unsupported frontend protocol", "08P01")
                return None
            params = parse_startup(body[4:])
            user, database = params.get("user", ""), params.get("database") or params.get("user", "")
            if user != self.config.role:
                log.info("refused %s: role %r", peer, user)
                await self._refuse(writer, f"confman: role \"{user}\" may not connect from the network")
                return None
            if database != self.config.database:
                log.info("refused %s: database %r", peer, database)
                await self._refuse(writer, f"confman: database \"{database}\" is not served here", "3D000")
                return None
            log.info("desk %s connected as %r (%s)", peer, params.get("application_name", ""), user)
            return header + body

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, port = (writer.get_extra_info("peername") or ("?", "?"))[:2]
        peer = f"{host}:{port}"
        sock = writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        upstream: asyncio.StreamWriter | None = None
        try:
            async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
                startup = await self._negotiate(reader, writer, peer)
            if startup is None:
                return
            up_reader, upstream = await asyncio.open_connection("127.0.0.1", self.config.upstream_port)
            upstream.write(startup)
            await upstream.drain()
            self.connections += 1
            await self._pipe(reader, writer, up_reader, upstream)
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError, TimeoutError) as exc:
            log.info("connection from %s ended: %s", peer, type(exc).__name__)
        finally:
            for stream in (upstream, writer):
                if stream is not None:
                    with contextlib.suppress(Exception):
                        stream.close()

    @staticmethod
    async def _pipe(a_reader: asyncio.StreamReader, a_writer: asyncio.StreamWriter,
                    b_reader: asyncio.StreamReader, b_writer: asyncio.StreamWriter) -> None:
        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            while data := await src.read(65536):
                dst.write(data)
                await dst.drain()

        tasks = {asyncio.create_task(pump(a_reader, b_writer)), asyncio.create_task(pump(b_reader, a_writer))}
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in done:
            with contextlib.suppress(Exception):
                task.result()

    async def watch_server(self) -> None:
        """Return when the PostgreSQL server this gateway fronts is gone."""
        import psutil

        while True:
            try:
                if psutil.Process(self.config.server_pid).status() == psutil.STATUS_ZOMBIE:
                    return
            except psutil.NoSuchProcess:
                return
            await asyncio.sleep(WATCH_INTERVAL_S)


def _write_ready(path: Path, payload: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload), encoding="utf-8")
    os.replace(tmp, path)


def keep_awake(on: bool) -> None:
    """Windows: keep the system from sleeping while this thread says so (no effect elsewhere)."""
    if os.name != "nt":
        return
    import ctypes

    es_continuous, es_system_required = 0x80000000, 0x00000001
    flags = es_continuous | (es_system_required if on else 0)
    ctypes.windll.kernel32.SetThreadExecutionState(flags)  # type: ignore[attr-defined]


async def serve(config: GatewayConfig) -> int:
    gateway = Gateway(config)
    ready = Path(config.ready_file)
    try:
        server = await asyncio.start_server(gateway.handle, config.listen_address, config.listen_port,
                                            reuse_address=os.name != "nt")
    except OSError as exc:
        _write_ready(ready, {"error": exc.strerror or str(exc), "errno": exc.errno or 0})
        return 3
    import psutil

    me = psutil.Process()
    _write_ready(ready, {"pid": os.getpid(), "created": me.create_time(), "address": config.listen_address,
                         "port": config.listen_port})
    log.info("listening on %s:%s for %s@%s", config.listen_address, config.listen_port, config.role,
             config.database)
    keep_awake(True)
    try:
        async with server:
            await gateway.watch_server()
    finally:
        keep_awake(False)
    log.info("server %s is gone; gateway stops", config.server_pid)
    return 0


def main(argv: list[str]) -> int:
    """``confman --host-gateway CONFIG``: run the gateway until the server stops or a signal arrives."""
    config = GatewayConfig.load(Path(argv[0]))
    logging.basicConfig(filename=config.log_file, level=logging.INFO,
                        format="%(asctime)s gateway[%(process)d] %(message)s")
    logging.Formatter.converter = time.gmtime
    try:
        return asyncio.run(serve(config))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
