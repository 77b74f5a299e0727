"""Features as a plan: declared needs are computed once each, in dependency order, on any number
of cores, with the report the serial run gives; undeclared features still work on demand."""
from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, chat, write_jsonl
from ftlint.config import Settings
from ftlint.engine import Engine, load_view
from ftlint.parallel import compute_features, fork_available
from ftlint.render import render
from ftlint.view import RunSettings, feature, feature_plan, on_eval

NOT_READY = FIXTURES / "not-ready"
needs_fork = pytest.mark.skipif(not fork_available(), reason="workers need fork")

LOG: dict[str, Path] = {}  # where the features below note each computation (workers inherit it)


def _note(name: str) -> None:
    with open(LOG["path"], "a") as fh:
        fh.write(f"{os.getpid()} {name}\n")


@feature()
def lengths(view):
    _note("lengths")
    return [len(ex.turns) for ex in view.examples]


@feature(needs=(lengths,))
def total_turns(view):
    _note("total_turns")
    return sum(view.feature(lengths))


@feature()
def first_lines(view):
    _note("first_lines")
    return [ex.line for ex in view.examples]


@feature(needs=(total_turns, first_lines, on_eval(lengths)))
def summary(view):
    _note("summary")
    other = view.eval.feature(lengths) if view.eval is not None else []
    return (view.feature(total_turns), view.feature(first_lines)[:3], sum(other))


@feature(needs=(lengths,))
def examples_back(view):
    """A value that refers to the view's own examples."""
    return [view.examples[0], view.examples[-1], view.examples]


@feature()
def unpicklable(view):
    return lambda: len(view.examples)


@feature()
def broken(view):
    raise ValueError("feature broke")


def undeclared(view):
    _note("undeclared")
    return len(view.examples)


@pytest.fixture
def views(tmp_path):
    LOG["path"] = tmp_path / "computed.log"
    LOG["path"].write_text("")
    run = RunSettings(jobs=2)
    train = load_view(str(write_jsonl(tmp_path / "train.jsonl", [chat(f"q{i}", f"a{i}") for i in range(30)])),
                      "train", Settings(), run)
    train.eval = load_view(str(write_jsonl(tmp_path / "eval.jsonl", [chat("e", "f", "g", "h")] * 4)), "eval",
                           Settings(), run)
    return train, train.eval


def computed() -> list[str]:
    return [line.split()[1] for line in LOG["path"].read_text().splitlines()]


def test_plan_orders_needs_first_and_holds_each_feature_once(views):
    train, evals = views
    plan, needs = feature_plan([(train, summary), (train, total_turns), (evals, lengths), (train, lengths)])
    names = [(v.role, fn.__name__) for v, fn in plan]
    assert names == [("train", "lengths"), ("train", "total_turns"), ("train", "first_lines"), ("eval", "lengths"),
                     ("train", "summary")]
    assert needs[names.index(("train", "summary"))] == [1, 2, 3]


def test_a_need_on_the_eval_view_is_dropped_without_one(views):
    train, _ = views
    train.eval = None
    plan, _ = feature_plan([(train, summary)])
    assert [fn.__name__ for _, fn in plan] == ["lengths", "total_turns", "first_lines", "summary"]


def test_a_declared_cycle_is_broken_not_endless(views):
    train, _ = views

    @feature(needs=lambda: (second,))
    def first(view):
        return 1

    @feature(needs=(first,))
    def second(view):
        return 2

    plan, needs = feature_plan([(train, second)])
    assert [fn.__name__ for _, fn in plan] == ["first", "second"] and needs == [[], [0]]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_every_feature_is_computed_once_whatever_the_jobs(views, jobs):
    train, evals = views
    plan, needs = feature_plan([(train, summary), (evals, summary), (train, total_turns)])
    compute_features(plan, needs, jobs)
    assert sorted(computed()) == sorted(["lengths", "total_turns", "first_lines", "summary"] * 2)
    assert train._cache[summary] == (60, [1, 2, 3], 16)
    assert evals._cache[summary] == (16, [1, 2, 3], 0)
    train.feature(summary), evals.feature(lengths)  # read again: cached, not computed again
    assert len(computed()) == 8
    assert multiprocessing.active_children() == []  # every worker retired


@needs_fork
def test_a_large_value_comes_back_whole_and_the_switch_interval_is_restored(views):
    """The collector thread reads a worker's value while this one computes (at a shorter GIL switch
    interval, so a many-read value does not wait 5 ms per read); the caller's interval is back after."""
    import sys

    train, _ = views
    before = sys.getswitchinterval()
    plan, needs = feature_plan([(train, large_value), (train, lengths), (train, total_turns)])
    compute_features(plan, needs, 2)
    assert train._cache[large_value].tobytes() == np.arange(4_000_000, dtype=np.int64).tobytes()  # 32 MB
    assert sys.getswitchinterval() == before


def _sent_arrays():
    """A pickle with two arrays out of band (their memory is not copied into the pickle)."""
    from ftlint.parallel import _dumps

    value = {"sig": np.arange(3 * IN_MEMORY_BYTES // 8, dtype=np.uint64).reshape(-1, 3), "mask": np.ones(5, bool)}
    return value, _dumps(value, [])


IN_MEMORY_BYTES = 1 << 20


@needs_fork
def test_a_large_value_travels_in_an_in_memory_file_and_a_small_one_through_the_socket():
    import pickle

    from ftlint.parallel import IN_MEMORY_FILE_BYTES, receive_value, send_value

    assert IN_MEMORY_FILE_BYTES == IN_MEMORY_BYTES
    value, (data, buffers) = _sent_arrays()
    assert len(buffers) == 2 and len(data) < 1000  # the arrays' memory is not in the pickle
    ours, theirs = multiprocessing.get_context("fork").Pipe(duplex=True)
    small = b"\x80\x05small"
    process = multiprocessing.get_context("fork").Process(
        target=lambda: (send_value(theirs, data, buffers), send_value(theirs, small)))
    process.start()
    got, got_buffers = receive_value(ours)
    arrived = pickle.loads(bytes(got), buffers=got_buffers)
    assert np.array_equal(arrived["sig"], value["sig"]) and np.array_equal(arrived["mask"], value["mask"])
    arrived["sig"][0, 0] = 7  # an array received can be changed, as one computed here
    assert receive_value(ours) == (memoryview(small), [])
    process.join()
    assert process.exitcode == 0


@needs_fork
def test_a_large_value_goes_through_the_socket_where_in_memory_files_are_forbidden(monkeypatch):
    import pickle

    from ftlint.parallel import receive_value, send_value

    def forbidden(*args):
        raise PermissionError("memfd_create: operation not permitted")

    monkeypatch.setattr(os, "memfd_create", forbidden)
    value, (data, buffers) = _sent_arrays()
    ours, theirs = multiprocessing.get_context("fork").Pipe(duplex=True)
    process = multiprocessing.get_context("fork").Process(target=lambda: send_value(theirs, data, buffers))
    process.start()
    got, got_buffers = receive_value(ours)
    arrived = pickle.loads(bytes(got), buffers=got_buffers)
    assert np.array_equal(arrived["sig"], value["sig"])
    arrived["mask"][0] = False
    process.join()
    assert process.exitcode == 0


@feature()
def slow_start(view):
    _note("slow_start")
    return list(range(len(view.examples)))


@feature(needs=(slow_start,))
def after_slow_start(view):
    with open(LOG["path"], "a") as fh:
        fh.write(f"{os.getpid()} after_slow_start {time.time()}\n")
    return len(view.feature(slow_start))


@needs_fork
def test_a_feature_waiting_on_a_worker_starts_there_before_the_value_reaches_this_process(views, monkeypatch):
    """The worker computing a feature is given the next one of its chain at once: it does not wait
    for its value to be received here (which takes a while for a large one)."""
    from ftlint import parallel

    train, _ = views
    received = []
    real = parallel.receive_value

    def slow_receive(conn):
        time.sleep(0.5)  # a large value on its way
        value = real(conn)
        received.append(time.time())
        return value

    monkeypatch.setattr(parallel, "receive_value", slow_receive)
    monkeypatch.setattr(parallel._Scheduler, "_next_here", lambda self: None)  # every feature to the worker
    plan, needs = feature_plan([(train, after_slow_start)])
    compute_features(plan, needs, 2)
    assert train._cache[after_slow_start] == 30
    pid, _, started = next(line.split() for line in LOG["path"].read_text().splitlines() if "after_slow_start" in line)
    assert int(pid) != os.getpid() and float(started) < received[0]


@feature(needs=lambda: (large_value,))
def reads_large_value(view):
    return int(view.feature(large_value)[-1])


@feature(needs=(reads_large_value,))
def one_step_later(view):
    return view.feature(reads_large_value) + 1


@feature(needs=(one_step_later,))
def worker_still_holds(view):
    """Whether the worker computing it still holds large_value (read by nothing left to compute)."""
    return large_value in view._cache


@needs_fork
def test_a_worker_lets_go_of_a_value_this_process_holds_and_nothing_left_needs(views, monkeypatch):
    from ftlint import parallel

    train, _ = views
    monkeypatch.setattr(parallel._Scheduler, "_next_here", lambda self: None)  # every feature to the worker
    plan, needs = feature_plan([(train, worker_still_holds)])
    compute_features(plan, needs, 2)
    assert train._cache[large_value].shape == (4_000_000,) and train._cache[one_step_later] == 4_000_000
    assert train._cache[worker_still_holds] is False  # let go once nothing left needed it
    assert computed().count("large_value") == 1  # ... and not before: what needed it read it, not a recomputation


@feature()
def large_value(view):
    _note("large_value")
    return np.arange(4_000_000, dtype=np.int64)


@needs_fork
def test_values_come_back_from_workers_referring_to_the_same_examples(views):
    train, _ = views
    plan, needs = feature_plan([(train, examples_back), (train, first_lines)])
    compute_features(plan, needs, 2)
    first, last, examples = train._cache[examples_back]
    assert first is train.examples[0] and last is train.examples[-1] and examples is train.examples
    assert len({int(line.split()[0]) for line in LOG["path"].read_text().splitlines()} - {os.getpid()}) >= 1


@needs_fork
def test_a_value_that_cannot_travel_or_a_feature_that_raises_is_left_to_its_reader(views):
    train, _ = views
    plan, needs = feature_plan([(train, unpicklable), (train, broken), (train, lengths)])
    compute_features(plan, needs, 2)
    assert lengths in train._cache and broken not in train._cache and unpicklable not in train._cache
    assert train.feature(unpicklable)() == 30
    with pytest.raises(ValueError, match="feature broke"):
        train.feature(broken)


@feature()
def holding_a_setting(view):
    """A value that holds what the run settings hold (like a trainer's setup: it cannot pickle)."""
    return {"setup": view.settings.extra["setup"], "n": len(view.examples)}


@needs_fork
def test_a_value_holding_a_run_setting_comes_back_holding_the_same_object(views):
    train, _ = views
    train.settings.extra["setup"] = setup = (lambda: "cannot pickle",)  # made before the fork, like the engine's
    plan, needs = feature_plan([(train, holding_a_setting), (train, lengths)])
    compute_features(plan, needs, 2)
    assert holding_a_setting in train._cache  # it travelled: the reader does not compute it again
    assert train._cache[holding_a_setting]["setup"] is setup and train._cache[holding_a_setting]["n"] == 30


@needs_fork
def test_templated_token_counts_computed_in_a_worker_reach_the_checks(tmp_path, monkeypatch):
    """The default model's counts hold the trainer's setup (template, tokenizer): computed by a
    worker, they must arrive, not be counted a second time in the main process."""
    from ftlint import parallel

    monkeypatch.setattr(parallel._Scheduler, "_next_here", lambda self: None)  # every feature to the worker
    from ftlint.features import tokens

    counted = []
    real = tokens.count_examples
    monkeypatch.setattr(tokens, "count_examples", lambda *a, **k: counted.append(os.getpid()) or real(*a, **k))
    path = write_jsonl(tmp_path / "t.jsonl", [chat(f"question {i}", f"answer {i}") for i in range(40)])
    report = Engine(Settings(jobs=2)).lint([str(path)])
    assert report.stats["tokens"]["total_tokens"] > 0
    assert os.getpid() not in counted  # counted by the worker only: not again in this process for the checks


def test_an_undeclared_feature_is_computed_on_demand_where_it_is_read(views):
    train, _ = views
    plan, needs = feature_plan([(train, lengths)])
    compute_features(plan, needs, 1)
    assert undeclared not in train._cache
    assert train.feature(undeclared) == 30 and train.feature(undeclared) == 30
    assert computed().count("undeclared") == 1


@needs_fork
@pytest.mark.parametrize("jobs", [2, 3])
def test_engine_report_is_byte_identical_for_any_jobs(jobs):
    files = [str(NOT_READY / "train.jsonl")]
    serial = Engine(Settings(jobs=1)).lint(files, str(NOT_READY / "eval.jsonl"))
    parallel = Engine(Settings(jobs=jobs)).lint(files, str(NOT_READY / "eval.jsonl"))
    assert render(parallel, "json") == render(serial, "json")
    assert {f.code for f in serial.findings} >= {"FT301", "FT601"}


@needs_fork
def test_a_feature_worker_that_dies_has_its_features_computed_here(monkeypatch):
    import ftlint.parallel as parallel

    monkeypatch.setattr(parallel, "_feature_worker", lambda *args: os._exit(3))
    files = [str(NOT_READY / "train.jsonl")]
    serial = Engine(Settings(jobs=1)).lint(files, str(NOT_READY / "eval.jsonl"))
    survived = Engine(Settings(jobs=2)).lint(files, str(NOT_READY / "eval.jsonl"))
    assert render(survived, "json") == render(serial, "json")


def test_every_built_in_check_declares_what_it_reads(monkeypatch):
    """The plan computes every feature a built-in check reads: running the checks afterwards
    computes none (with options at their defaults)."""
    late: list[tuple[str, str]] = []
    real = Engine._run_check

    def watched(self, check, view):
        before = {id(v): set(v._cache) for v in (view, view.eval) if v is not None}
        found = real(self, check, view)
        for v in (view, view.eval):
            if v is not None:
                late.extend((check.code, getattr(k, "__name__", repr(k))) for k in set(v._cache) - before[id(v)])
        return found

    monkeypatch.setattr(Engine, "_run_check", watched)
    engine = Engine(Settings(extend_select=["ALL"], jobs=1))
    report = engine.lint([str(NOT_READY / "train.jsonl")], str(NOT_READY / "eval.jsonl"))
    assert len(report.findings) > 10
    assert late == []


def test_small_runs_without_an_explicit_jobs_use_no_workers(monkeypatch):
    import ftlint.parallel as parallel

    forks = []
    monkeypatch.setattr(parallel._Scheduler, "_fork", lambda self: forks.append(1) or (_ for _ in ()).throw(AssertionError))
    Engine(Settings()).lint([str(NOT_READY / "train.jsonl")], str(NOT_READY / "eval.jsonl"))
    assert forks == []


def test_every_built_in_feature_declares_the_features_it_reads():
    """Each feature of the plan, computed after only what it declares it needs (on a fresh view), reads
    nothing else: a need it did not declare would be computed again by a worker that holds none of it
    (a whole token count, once)."""
    from ftlint.engine import _wanted_features

    engine = Engine(Settings(extend_select=["ALL"], jobs=1))
    run = engine.run_settings()

    def fresh():
        train = load_view(str(NOT_READY / "train.jsonl"), "train", engine.settings, run)
        train.eval = load_view(str(NOT_READY / "eval.jsonl"), "eval", engine.settings, run)
        return train

    train = fresh()
    targets = [(train, c) for c in engine.checks] + [(train.eval, c) for c in engine.checks if c.scope == "each"]
    plan, _ = feature_plan(_wanted_features(targets, [train, train.eval]))
    undeclared = []
    for view, fn in plan:
        train = fresh()
        node = (train if view.role == "train" else train.eval, fn)
        own_plan, _ = feature_plan([node])
        for need_view, need in own_plan[:-1]:  # what it declares, directly or not
            need_view.feature(need)
        before = {id(v): set(v._cache) for v in (train, train.eval)}
        node[0].feature(fn)
        for v in (train, train.eval):
            undeclared += [(getattr(fn, "__name__", repr(fn)), getattr(k, "__name__", repr(k)))
                           for k in set(v._cache) - before[id(v)] if not (v is node[0] and k is fn)]
    assert len(plan) > 20 and undeclared == []


@feature(isolated=True)
def grows_its_process(view):
    """Stands for a feature whose library keeps memory to the end of its process (quicktok's cache)."""
    _note("grows_its_process")
    return os.getpid()


@feature(needs=(grows_its_process,))
def after_the_isolated_one(view):
    _note("after_the_isolated_one")
    return view.feature(grows_its_process) + 1


@feature(isolated=lambda view: len(view.examples) > 10)
def isolated_on_large_views(view):
    _note("isolated_on_large_views")
    return os.getpid()


@needs_fork
def test_an_isolated_feature_is_computed_in_a_worker_that_computes_nothing_else(views):
    train, evals = views
    wanted = [lengths, after_the_isolated_one, first_lines, total_turns, isolated_on_large_views]
    plan, needs = feature_plan([(train, fn) for fn in wanted] + [(evals, isolated_on_large_views)])
    compute_features(plan, needs, 2)
    lines = [line.split() for line in LOG["path"].read_text().splitlines()]
    isolated_pid = train._cache[grows_its_process]
    assert isolated_pid != os.getpid() and train._cache[after_the_isolated_one] == isolated_pid + 1
    assert [name for pid, name in lines if int(pid) == isolated_pid] == ["grows_its_process"]
    # the predicate: isolated on the 30-example view, not on the 4-example one
    on_large = train._cache[isolated_on_large_views]
    assert [name for pid, name in lines if int(pid) == on_large] == ["isolated_on_large_views"]
    assert train._cache[isolated_on_large_views] not in (os.getpid(), isolated_pid)
    assert not multiprocessing.active_children()


def test_an_isolated_feature_is_computed_here_with_one_job(views):
    train, _ = views
    plan, needs = feature_plan([(train, after_the_isolated_one)])
    compute_features(plan, needs, 1)
    assert train._cache[grows_its_process] == os.getpid()


@feature(isolated=lambda view: 1 / 0)
def isolation_predicate_fails(view):
    return len(view.examples)


@needs_fork
def test_a_failing_isolation_predicate_leaves_the_feature_to_the_plan(views):
    train, _ = views
    plan, needs = feature_plan([(train, isolation_predicate_fails), (train, lengths)])
    compute_features(plan, needs, 2)
    assert train._cache[isolation_predicate_fails] == 30


@feature()
def chain_first(view):
    return np.arange(1_000_000, dtype=np.int64)


@feature(needs=(chain_first,))
def chain_second(view):
    return int(view.feature(chain_first)[-1])


@feature(needs=(chain_second,))
def chain_third(view):
    return view.feature(chain_second) + 1


@needs_fork
def test_a_worker_gets_its_next_feature_before_its_last_value_is_unpickled_here(views, monkeypatch):
    # a large value takes a while to unpickle in this process; the worker, which has sent it and computes
    # the feature it was given next, must already have the one after (or it would wait idle meanwhile)
    from ftlint import parallel

    train, _ = views
    monkeypatch.setattr(parallel._Scheduler, "_next_here", lambda self: None)  # every feature to the worker
    events: list[tuple[str, list[str]]] = []
    hand_on, load = parallel._Scheduler._hand_on, parallel._ViewUnpickler.load

    def recorded_hand_on(self, worker):
        hand_on(self, worker)
        events.append(("handed on", [self.plan[j][1].__name__ for j in worker.queue]))

    def recorded_load(self):
        events.append(("unpickled", []))
        return load(self)

    monkeypatch.setattr(parallel._Scheduler, "_hand_on", recorded_hand_on)
    monkeypatch.setattr(parallel._ViewUnpickler, "load", recorded_load)
    plan, needs = feature_plan([(train, chain_third)])
    compute_features(plan, needs, 2)
    assert train._cache[chain_third] == 1_000_000
    assert events[0] == ("handed on", ["chain_first", "chain_second", "chain_third"])
    assert events[1] == ("unpickled", [])


def _run_within(seconds: float, fn) -> list:
    """Run `fn` in a thread; what it returned or raised (a run that hangs fails the test, not the suite)."""
    import threading

    outcome: list = []

    def target():
        try:
            outcome.append(("returned", fn()))
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcome.append(("raised", error))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


@needs_fork
def test_a_value_that_cannot_be_read_here_is_computed_here(views, monkeypatch):
    from ftlint import parallel

    def unreadable(self):
        raise AttributeError("Can't get attribute 'Gone' on <module 'ftlint.view'>")

    train, evals = views
    monkeypatch.setattr(parallel._ViewUnpickler, "load", unreadable)
    plan, needs = feature_plan([(train, summary), (evals, summary)])
    assert _run_within(60, lambda: compute_features(plan, needs, 2))[0] == "returned"
    assert train._cache[summary] == (60, [1, 2, 3], 16) and evals._cache[summary] == (16, [1, 2, 3], 0)
    assert multiprocessing.active_children() == []


@needs_fork
def test_an_error_in_the_collector_thread_stops_the_run_with_that_error(views):
    import threading

    train, evals = views

    def step(label: str) -> None:  # a progress callback that fails when a worker's value arrives
        if threading.current_thread().name == "ftlint-features":
            raise RuntimeError(f"progress display failed on {label}")

    plan, needs = feature_plan([(train, summary), (evals, summary)])
    outcome, error = _run_within(60, lambda: compute_features(plan, needs, 2, step))
    assert outcome == "raised" and isinstance(error, RuntimeError)
    assert str(error).startswith("progress display failed on ")
    assert multiprocessing.active_children() == []  # its workers retired all the same
