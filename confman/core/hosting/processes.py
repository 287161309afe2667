"""Start and stop the gateway process (detached, so hosting can outlive the window)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from pathlib import Path

from confman.core.errors import DomainError
from confman.core.hosting.gateway import GatewayConfig
from confman.core.hosting.server import python_command

READY_TIMEOUT_S = 15.0


def _detached_flags() -> dict:
    if os.name == "nt":
        flags = (subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
                 | 0x01000000)  # CREATE_BREAKAWAY_FROM_JOB: survive the window's job object
        return {"creationflags": flags}
    return {"start_new_session": True}


def _read_ready(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def gateway_pid(ready_file: Path) -> int | None:
    """The running gateway's process id (checked against its start time), else None."""
    info = _read_ready(ready_file)
    if not info or "pid" not in info:
        return None
    import psutil

    try:
        process = psutil.Process(int(info["pid"]))
        if abs(process.create_time() - float(info["created"])) > 1 or process.status() == psutil.STATUS_ZOMBIE:
            return None
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError, KeyError):
        return None
    return process.pid


def start_gateway(config: GatewayConfig, config_path: Path) -> int:
    """Launch the gateway and wait until it listens; returns its pid."""
    ready = Path(config.ready_file)
    running = gateway_pid(ready)
    if running is not None:
        return running
    ready.unlink(missing_ok=True)
    config.save(config_path)
    command = [*python_command(), "--host-gateway", str(config_path)]
    try:
        popen = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, close_fds=True, **_detached_flags())
    except OSError:
        if os.name != "nt":
            raise
        popen = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, close_fds=True,
                                 creationflags=subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
                                 | subprocess.CREATE_NEW_PROCESS_GROUP)  # type: ignore[attr-defined]
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        info = _read_ready(ready)
        if info is not None:
            if "error" in info:
                popen.wait(5)
                if info.get("errno") in (98, 10048):  # EADDRINUSE / WSAEADDRINUSE
                    raise DomainError("hosting.port_busy", address=config.listen_address, port=config.listen_port)
                raise DomainError("hosting.cannot_listen", address=config.listen_address,
                                  port=config.listen_port, detail=str(info["error"]))
            return int(info["pid"])
        if popen.poll() is not None:
            raise DomainError("hosting.gateway_failed", detail=f"exit {popen.returncode}")
        time.sleep(0.03)
    popen.kill()
    raise DomainError("hosting.gateway_failed", detail="timeout")


def _wait_gone(pid: int, seconds: float) -> bool:
    """Wait until ``pid`` has exited (a zombie of another parent counts as exited)."""
    import psutil

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            process = psutil.Process(pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                if os.name != "nt":
                    with contextlib.suppress(ChildProcessError, OSError):
                        os.waitpid(pid, os.WNOHANG)  # reaped here when it is our child
                return True
        except psutil.NoSuchProcess:
            return True
        with contextlib.suppress(psutil.TimeoutExpired, psutil.NoSuchProcess):
            process.wait(0.05)
    return False


def stop_gateway(ready_file: Path) -> None:
    """Stop the gateway (desks lose the host; their offline copies take over)."""
    pid = gateway_pid(ready_file)
    if pid is not None:
        import psutil

        with contextlib.suppress(psutil.NoSuchProcess):
            process = psutil.Process(pid)
            process.terminate()
            if not _wait_gone(pid, 5):
                process.kill()
                _wait_gone(pid, 5)
    ready_file.unlink(missing_ok=True)
