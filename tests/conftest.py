"""Shared test helpers. No test may touch the network: socket connections fail loudly."""
from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Iterable

import pytest

from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.view import RunSettings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REALDATA = ROOT.parent / "shared" / "realdata" / "llamafactory"


def realdata(name: str) -> Path:
    """A real public dataset file from ../shared/realdata/llamafactory.

    A user's fresh clone has no ../shared: the test is skipped there, with the reason. In CI
    (CI=true) the data must be present, so its absence fails the test instead of hiding it."""
    path = REALDATA / name
    if not path.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true but the real dataset {path} is missing")
        pytest.skip(f"real dataset {path} not present (a fresh clone has no ../shared)")
    return path


class NetworkAccessError(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to open a network connection fails the test (AF_UNIX stays allowed)."""
    real_connect = socket.socket.connect

    def guarded(self, address, *args, **kwargs):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAccessError(f"test tried to connect to {address!r}")
        return real_connect(self, address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    # child processes (python -m ftlint ...) load the same guard through a sitecustomize on PYTHONPATH
    from ftlint_subprocess import guard_dir

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [guard_dir(), os.environ.get("PYTHONPATH")])))
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (_ for _ in ()).throw(NetworkAccessError(f"connect to {address!r}")))
    yield


def write_jsonl(path: Path, records: Iterable) -> Path:
    """Write records (dicts are JSON-encoded; str/bytes are written as the raw line)."""
    with open(path, "wb") as fh:
        for r in records:
            if isinstance(r, bytes):
                fh.write(r + b"\n")
            elif isinstance(r, str):
                fh.write(r.encode("utf-8") + b"\n")
            else:
                fh.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")
    return path


def chat(*pairs: str, system: str | None = None) -> dict:
    """A chat record from alternating user/assistant texts."""
    messages = [{"role": "system", "content": system}] if system else []
    for i, text in enumerate(pairs):
        messages.append({"role": "user" if i % 2 == 0 else "assistant", "content": text})
    return {"messages": messages}


@pytest.fixture
def make_view(tmp_path):
    """make_view(records, role="train", eval_records=None, **settings) -> DatasetView."""
    counter = {"n": 0}

    def build(records, role="train", eval_records=None, model=None, **settings):
        counter["n"] += 1
        path = write_jsonl(tmp_path / f"{role}{counter['n']}.jsonl", records)
        run = RunSettings(model=model, jobs=1)
        view = load_view(str(path), role, Settings(**settings), run)
        if eval_records is not None:
            eval_path = write_jsonl(tmp_path / f"eval{counter['n']}.jsonl", eval_records)
            view.eval = load_view(str(eval_path), "eval", Settings(**settings), run)
        return view

    return build


def run_check(check_cls, view, **options):
    """Problems a check yields on a view, with the given options."""
    return list(check_cls(check_cls.Options(**options)).run(view))
