"""Checks run while this process waits for a worker's feature give exactly the serial result."""
from __future__ import annotations

import multiprocessing
from types import SimpleNamespace

import pytest

from conftest import FIXTURES
from ftlint.config import Settings
from ftlint.engine import Engine
from ftlint.parallel import WhileWaiting, fork_available
from ftlint.render import render

NOT_READY = FIXTURES / "not-ready"


def _targets(n):
    return [(SimpleNamespace(path="t.jsonl"), SimpleNamespace(code=f"FT{k}", name=f"c{k}")) for k in range(n)]


def test_a_target_runs_once_what_it_reads_is_computed_and_findings_keep_target_order():
    ran = []
    targets = _targets(4)
    checks = WhileWaiting(targets, [{1}, set(), {0, 2}, None], lambda view, check: ran.append(check.code) or [check.code])
    assert checks({0}) is True and ran == ["FT1"]  # FT0 waits for feature 1; FT1 reads nothing
    assert checks({0}) is False  # nothing else is ready
    assert checks({0, 1, 2}) is True and ran == ["FT1", "FT0"]
    assert checks({0, 1, 2}) is True and ran == ["FT1", "FT0", "FT2"]
    assert checks({0, 1, 2, 3}) is False  # FT3 reads what is not known: after the features only
    assert checks.findings() == ["FT0", "FT1", "FT2", "FT3"] and ran[-1] == "FT3" and len(ran) == 4


@pytest.mark.skipif(not fork_available(), reason="workers need fork")
@pytest.mark.parametrize("jobs", [2, 3])
def test_any_number_of_jobs_gives_the_serial_report(jobs):
    files = [str(NOT_READY / "train.jsonl")]
    serial = Engine(Settings(jobs=1)).lint(files, str(NOT_READY / "eval.jsonl"))
    parallel = Engine(Settings(jobs=jobs)).lint(files, str(NOT_READY / "eval.jsonl"))
    assert render(parallel, "json") == render(serial, "json")
    assert len(serial.findings) > 10


@pytest.mark.skipif(not fork_available(), reason="workers need fork")
def test_checks_run_while_a_worker_computes_and_the_report_is_the_serial_one(monkeypatch):
    from ftlint import parallel

    monkeypatch.setattr(parallel._Scheduler, "_next_here", lambda self: None)  # every feature to a worker
    during = []
    real = Engine._timed_check

    def timed(self, view, check):
        during.append(bool(multiprocessing.active_children()))
        return real(self, view, check)

    monkeypatch.setattr(Engine, "_timed_check", timed)
    files = [str(NOT_READY / "train.jsonl")]
    serial = Engine(Settings(jobs=1)).lint(files, str(NOT_READY / "eval.jsonl"))
    during.clear()
    parallel = Engine(Settings(jobs=2)).lint(files, str(NOT_READY / "eval.jsonl"))
    assert render(parallel, "json") == render(serial, "json")
    assert any(during)  # while the worker computed (once the features are done, it is retired)


_RELEASE = {"flag": ""}  # (a file this process writes to release `_slow_feature` in the worker)


def _slow_feature(view):
    import os
    import time

    for _ in range(1000):  # (at most ~5 s)
        if os.path.exists(_RELEASE["flag"]):
            break
        time.sleep(0.005)
    return os.getpid()


def _feature_after(view):
    import os

    return os.getpid()


@pytest.mark.skipif(not fork_available(), reason="workers need fork")
def test_this_process_runs_ready_checks_and_leaves_a_feature_to_the_busy_worker_that_can_take_it(tmp_path):
    """Checks run only in this process: when a busy worker holds all a ready feature needs, this
    process runs ready checks meanwhile and the worker takes the feature once it is free (before,
    this process took it at once and ran the checks afterwards, while the worker sat idle)."""
    import os
    import time

    from ftlint.parallel import _Scheduler
    from ftlint.view import DatasetView

    _RELEASE["flag"] = str(tmp_path / "release")
    view = DatasetView(path="t.jsonl", role="train", format=None, format_forced=False, examples=[], problems=[],
                       invalid=[], formats_seen={}, records=0)
    scheduler = _Scheduler([(view, _slow_feature), (view, _feature_after)], [[], []], 2, None, None)
    checks = []

    def idle(done):  # a check is ready as long as the second feature is left (up to ~10 s)
        if 1 not in scheduler.pending or len(checks) > 1000:
            return False
        checks.append(1)
        if len(checks) == 3:
            open(_RELEASE["flag"], "w").close()
        time.sleep(0.01)
        return True

    scheduler.idle = idle
    scheduler.run()
    assert len(checks) >= 3
    worker = view._cache[_slow_feature]
    assert worker != os.getpid() and view._cache[_feature_after] == worker
