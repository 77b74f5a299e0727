"""Run ftlint (or any Python snippet) in a child process that cannot reach the network.

The suite-wide guard in conftest.py patches sockets in the test process only. Children get
the same guarantee from a `sitecustomize` module placed first on their PYTHONPATH: any
AF_INET/AF_INET6 connection or non-local name lookup raises `NetworkAccessError`.
The child runs in a scratch folder, so no `ftlint.toml` or source tree shadows the install.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

SITECUSTOMIZE = '''\
import socket as _socket

class NetworkAccessError(RuntimeError):
    pass

_LOCAL = ("localhost", "127.0.0.1", "::1", None, "")
_real_connect = _socket.socket.connect
_real_connect_ex = _socket.socket.connect_ex
_real_getaddrinfo = _socket.getaddrinfo

def _guard(sock, address):
    if sock.family in (_socket.AF_INET, _socket.AF_INET6):
        raise NetworkAccessError(f"ftlint test child tried to connect to {address!r}")

def _connect(self, address, *a, **k):
    _guard(self, address)
    return _real_connect(self, address, *a, **k)

def _connect_ex(self, address, *a, **k):
    _guard(self, address)
    return _real_connect_ex(self, address, *a, **k)

def _getaddrinfo(host, *a, **k):
    if host not in _LOCAL:
        raise NetworkAccessError(f"ftlint test child tried to resolve {host!r}")
    return _real_getaddrinfo(host, *a, **k)

def _create_connection(address, *a, **k):
    raise NetworkAccessError(f"ftlint test child tried to connect to {address!r}")

_socket.socket.connect = _connect
_socket.socket.connect_ex = _connect_ex
_socket.getaddrinfo = _getaddrinfo
_socket.create_connection = _create_connection
'''

_GUARD_DIR: Optional[str] = None


def guard_dir() -> str:
    """A folder holding the network-blocking sitecustomize (created once per test session)."""
    global _GUARD_DIR
    if _GUARD_DIR is None or not os.path.isfile(os.path.join(_GUARD_DIR, "sitecustomize.py")):
        _GUARD_DIR = tempfile.mkdtemp(prefix="ftlint-netguard-")
        Path(_GUARD_DIR, "sitecustomize.py").write_text(SITECUSTOMIZE, "utf-8")
    return _GUARD_DIR


def child_env(extra_path: Sequence[str] = (), **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS_"))}
    env["PYTHONPATH"] = os.pathsep.join([guard_dir(), *map(str, extra_path)])
    env["NO_COLOR"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env


def ftlint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ftlint", *map(str, args)]


def run_ftlint(*args: str, cwd: Path, extra_path: Sequence[str] = (), timeout: float = 120,
               input: Optional[bytes] = None) -> subprocess.CompletedProcess:
    """`python -m ftlint ARGS` in `cwd` behind the network guard; stdout/stderr as text."""
    proc = subprocess.run(ftlint_command(*args), cwd=cwd, env=child_env(extra_path), input=input,
                          capture_output=True, timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc
