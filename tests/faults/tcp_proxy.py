"""A TCP proxy between a desk and its PostgreSQL server, for fault injection.

In-process (:class:`TcpProxy`) it can add latency, count what the client sends, *freeze*
(keep every socket open but forward nothing and accept nothing: a hung VM, a half-open
Wi-Fi link) and be killed.  As a script it runs as its own process, so a test can
``SIGSTOP`` it (the kernel still completes handshakes and acknowledges bytes, exactly as
for a frozen server) and ``SIGKILL`` it::

    python tests/faults/tcp_proxy.py --target 127.0.0.1:5432 [--delay-ms 20]

prints ``PORT <n>`` on its first line, then forwards until killed.  Only loopback
addresses are used.
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator

_CHUNK = 65536


class _Delayed:
    """Writes chunks to ``sock`` ``delay`` seconds after they were read, in order."""

    def __init__(self, sock: socket.socket, delay: float) -> None:
        self.sock = sock
        self.delay = delay
        self._queue: list[tuple[float, int, bytes]] = []
        self._seq = 0
        self._cond = threading.Condition()
        self._closed = False
        threading.Thread(target=self._run, daemon=True).start()

    def send(self, data: bytes) -> None:
        with self._cond:
            self._seq += 1
            heapq.heappush(self._queue, (time.monotonic() + self.delay, self._seq, data))
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if not self._queue:
                    break
                due, _, data = self._queue[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._queue)
            try:
                self.sock.sendall(data)
            except OSError:
                break
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)


class TcpProxy:
    """Forward 127.0.0.1:<port> to ``target``; ``delay_ms`` is added in each direction."""

    def __init__(self, target: tuple[str, int], *, delay_ms: float = 0.0) -> None:
        self.target = target
        self.delay = delay_ms / 1000.0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.client_sends = 0
        """Chunks received from clients: each round trip a client makes is at least one."""
        self._running = threading.Event()
        self._running.set()
        self._killed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    # faults -------------------------------------------------------------------------
    def freeze(self) -> None:
        """Stop forwarding and accepting, keeping every socket open (nothing is refused)."""
        self._running.clear()

    def thaw(self) -> None:
        self._running.set()

    def kill(self) -> None:
        """Close the listener and every connection (the client sees resets)."""
        self._killed = True
        self._running.set()
        with self._lock:
            for sock in [self.listener, *self._sockets]:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def url(self, database_url: str) -> str:
        """``database_url`` with host and port replaced by this proxy's."""
        from sqlalchemy.engine import make_url

        return make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    # plumbing -----------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._killed:
            self._running.wait()
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self._killed:
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        writer = _Delayed(sink, self.delay) if self.delay else None
        try:
            while True:
                self._running.wait()
                data = source.recv(_CHUNK)
                if not data:
                    break
                self._running.wait()  # frozen while this chunk was read: hold it
                if self._killed:
                    break
                if from_client:
                    self.client_sends += 1
                if writer is not None:
                    writer.send(data)
                else:
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            if writer is not None:
                writer.close()
            else:
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def proxy_process(target: tuple[str, int], *, delay_ms: float = 0.0) -> Iterator[tuple[int, int]]:
    """Run the proxy as a child process; yields ``(pid, port)`` and kills it on exit."""
    import signal
    import subprocess

    process = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--target", f"{target[0]}:{target[1]}",
         "--delay-ms", str(delay_ms)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().split()
        assert line and line[0] == "PORT", line
        yield process.pid, int(line[1])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True, help="HOST:PORT (loopback only)")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    if not host.startswith("127.") and host not in ("localhost", "::1"):
        parser.error("the proxy only forwards to loopback addresses")
    proxy = TcpProxy((host, int(port)), delay_ms=args.delay_ms)
    print(f"PORT {proxy.port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
