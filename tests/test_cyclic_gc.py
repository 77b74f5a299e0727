"""The garbage collector during a run: paused while the data is read, the data frozen out of its
view while the run holds it, and the collector's state given back as it was found."""
from __future__ import annotations

import gc

import pytest

from conftest import chat, write_jsonl
from ftlint import cyclic_gc
from ftlint.config import Settings
from ftlint.engine import Engine


@pytest.fixture(autouse=True)
def clean_collector():
    gc.unfreeze()
    was = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


def test_only_the_outermost_frozen_gives_the_objects_back():
    with cyclic_gc.frozen():
        with cyclic_gc.frozen():
            kept = [object() for _ in range(10)]
            cyclic_gc.freeze_new()
        assert gc.get_freeze_count() > 0  # the inner one left it frozen
    assert gc.get_freeze_count() == 0 and len(kept) == 10


def test_paused_restores_the_state_it_found():
    gc.disable()
    with cyclic_gc.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    gc.enable()
    with cyclic_gc.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_run_reads_without_collections_holds_its_data_frozen_and_gives_it_back(tmp_path, monkeypatch):
    import ftlint.engine as engine

    seen = {}
    real_load = engine.load_view

    def load(*args, **kwargs):
        seen["enabled while reading"] = gc.isenabled()
        return real_load(*args, **kwargs)

    real_check = Engine._run_check

    def check(self, check, view):
        seen.setdefault("frozen during checks", gc.get_freeze_count())
        seen["examples"] = len(view.examples)
        return real_check(self, check, view)

    monkeypatch.setattr(engine, "load_view", load)
    monkeypatch.setattr(Engine, "_run_check", check)
    path = write_jsonl(tmp_path / "t.jsonl", [chat(f"question {i}", f"answer {i}") for i in range(2000)])
    assert gc.isenabled() and gc.get_freeze_count() == 0
    report = Engine(Settings(jobs=1)).lint([str(path)])
    assert report.files[0].valid_examples == 2000
    assert seen["enabled while reading"] is False
    assert seen["frozen during checks"] > 10 * seen["examples"]  # every example, its turns and their strings
    assert gc.isenabled() and gc.get_freeze_count() == 0  # as found
