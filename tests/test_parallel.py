"""Checks spread over worker processes give exactly the serial result, and a dead worker is not fatal."""
from __future__ import annotations

import os

import pytest

from conftest import FIXTURES
from ftlint.config import Settings
from ftlint.engine import Engine
from ftlint.parallel import fork_available, partition
from ftlint.render import render

NOT_READY = FIXTURES / "not-ready"


def test_partition_is_contiguous_and_complete():
    items = list(range(7))
    groups = partition(items, 3)
    assert [len(g) for g in groups] == [3, 2, 2] and sum(groups, []) == items
    assert partition(items, 20) == [[i] for i in items]


@pytest.mark.skipif(not fork_available(), reason="workers need fork")
@pytest.mark.parametrize("jobs", [2, 3])
def test_any_number_of_jobs_gives_the_serial_report(jobs):
    files = [str(NOT_READY / "train.jsonl")]
    serial = Engine(Settings(jobs=1)).lint(files, str(NOT_READY / "eval.jsonl"))
    parallel = Engine(Settings(jobs=jobs)).lint(files, str(NOT_READY / "eval.jsonl"))
    assert render(parallel, "json") == render(serial, "json")
    assert len(serial.findings) > 10


@pytest.mark.skipif(not fork_available(), reason="workers need fork")
def test_a_worker_that_dies_has_its_checks_run_here(monkeypatch):
    import ftlint.parallel as parallel

    monkeypatch.setattr(parallel, "_worker", lambda *args: os._exit(3))
    files = [str(NOT_READY / "train.jsonl")]
    serial = Engine(Settings(jobs=1)).lint(files)
    survived = Engine(Settings(jobs=2)).lint(files)
    assert render(survived, "json") == render(serial, "json")
