"""Work of one run on several cores, in forked worker processes.

**Features** (`compute_features`): the run's feature plan (`ftlint.view.feature_plan`) is computed
by this process and up to `jobs - 1` workers (this process would otherwise sit idle, and every
worker is one more copy of the pages it touches). A worker is forked from this process, so it inherits the loaded views
and every feature computed so far copy-on-write (nothing is re-read or pickled on the way in);
it computes the features it is given one at a time and sends each result back, pickled (numpy
arrays travel as compact buffers; a value over a megabyte in an in-memory file whose descriptor
crosses the socket, read here in one call). A feature is given to a worker that already holds
everything it needs (what it inherited, what it computed itself), else to a newly forked one, so a
chain of features stays in one worker and nothing crosses a pipe twice; a busy worker is given the
next feature of its chain before its current one is done, so it never waits for its value to
travel, and told to let go of the values it computed that this process holds and no feature left
needs. Among the features ready to start, those that more features wait on go first.

**Checks** (`WhileWaiting`) run in this process (once the features are computed they are cheap,
and a worker would copy the data's pages it touches): each as soon as what it reads is computed,
when this process would otherwise wait for a worker's feature or could leave the next feature to a
busy worker that holds all it needs (checks run nowhere else; the feature waits for that worker,
unless no check is ready), the rest after the features; their findings are put together in target
order, so they are exactly those of a serial run.

Either way the report is identical for any `--jobs`. Where `fork` is not available (Windows,
macOS' default) or jobs is 1, everything runs here. A worker that dies is not fatal: its work
is done again in this process (and, for features, the rest of the plan too).
"""
from __future__ import annotations

import io
import mmap
import os
import pickle
import struct
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Optional, Sequence

from ftlint import cyclic_gc
from ftlint.model import Example, Finding, Turn
from ftlint.view import DatasetView, Node, feature_label, is_inline, is_isolated

Target = tuple[DatasetView, object]
RunOne = Callable[[DatasetView, object], list[Finding]]


def fork_available() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import multiprocessing  # here: a run that forks no worker never imports it

    return "fork" in multiprocessing.get_all_start_methods()


class WhileWaiting:
    """(view, check) targets run in this process while it waits for a worker's feature (`idle` of
    `compute_features`): a target whose features are all computed runs then, in target order, instead
    of after every feature. `findings()` runs the others and returns all findings in target order, so
    the report is that of a run that waited. `wants[k]`: the plan indexes target k reads (None: not
    known, it runs after the features)."""

    def __init__(self, targets: Sequence[Target], wants: Sequence[Optional[set[int]]], run_one: RunOne,
                 step: Optional[Callable[[str], None]] = None):
        self.targets, self.wants, self.run_one, self.step = list(targets), list(wants), run_one, step
        self.results: dict[int, list[Finding]] = {}
        self.waiting = [k for k, want in enumerate(self.wants) if want is not None]

    def __call__(self, done: set[int]) -> bool:
        k = next((k for k in self.waiting if self.wants[k] <= done), None)
        if k is None:
            return False
        self.waiting.remove(k)
        self._run(k)
        return True

    def findings(self) -> list[Finding]:
        for k in range(len(self.targets)):
            if k not in self.results:
                self._run(k)
        return [f for k in range(len(self.targets)) for f in self.results[k]]

    def _run(self, k: int) -> None:
        view, check = self.targets[k]
        if self.step is not None:
            self.step(f"{check.code} {check.name} on {view.path}")
        self.results[k] = self.run_one(view, check)


def _distinct_views(targets: Sequence[tuple[DatasetView, object]]) -> list[DatasetView]:
    seen: dict[int, DatasetView] = {}
    for view, _ in targets:
        seen.setdefault(id(view), view)
        if view.eval is not None:
            seen.setdefault(id(view.eval), view.eval)
    return list(seen.values())


Step = Optional[Callable[[str], None]]


def compute_features(plan: Sequence[Node], needs: Sequence[Sequence[int]], jobs: int, step: Step = None,
                     idle: Optional[Callable[[set[int]], bool]] = None) -> None:
    """Compute every (view, feature) of `plan` into its view's cache, `needs[i]` (indexes into the
    plan) before `plan[i]`. A feature that raises is left uncached: whoever reads it computes it
    again and meets the error there (a check's error is reported as that check's). `idle(done)`
    is called when this process would wait for a worker, with the plan indexes computed so far; it
    may do some other work (`WhileWaiting`) and says whether it did."""
    if jobs <= 1 or sum(not is_inline(fn) for _, fn in plan) < 2 or not fork_available():
        for view, fn in plan:
            _compute_here(view, fn, step)
        return
    _Scheduler(list(plan), [list(n) for n in needs], jobs, step, idle).run()
    for view, fn in plan:  # cheap projections of the examples: computed here, never sent
        if is_inline(fn):
            _compute_here(view, fn, step)


def _compute_here(view: DatasetView, fn, step: Step) -> None:
    if step is not None:
        step(f"{feature_label(fn)} on {view.path}")
    try:
        view.feature(fn)
    except (Exception, SystemExit):
        pass
    cyclic_gc.freeze_new()  # a feature's value lives as long as the run: out of the garbage collector's view
    release_free_memory()


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's malloc_trim): a feature's transient
    texts and arrays leave freed but resident pages, which count in the run's peak otherwise."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None (another platform or C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


@dataclass(eq=False)
class _FeatureWorker:
    process: Any
    conn: Any
    has: set = field(default_factory=set)  # plan indexes whose values this worker holds
    own: set = field(default_factory=set)  # ... of those, the ones it computed (not inherited)
    queue: list = field(default_factory=list)  # the one it is computing, then the one it was given next


COLLECTOR_SWITCH_S = 0.0005  # the GIL's switch interval while features are computed (default 0.005)


class _Scheduler:
    """This process computes features too, beside `jobs - 1` workers: a collector thread receives the
    workers' values (and hands a worker its next feature when it already holds what that needs)
    while this thread computes; forks happen only here, between features, with the collector
    outside any receive (holding `lock`), so no worker is forked in the middle of one."""

    def __init__(self, plan: list[Node], needs: list[list[int]], jobs: int, step: Step,
                 idle: Optional[Callable[[set[int]], bool]] = None):
        self.plan, self.needs, self.jobs, self.step, self.idle = plan, needs, jobs, step, idle
        self.views = _distinct_views(plan)
        inline = {i for i, (_, fn) in enumerate(plan) if is_inline(fn)}
        self.done: set[int] = set(inline)  # a worker computes these itself when it needs them
        self.pending = [i for i in range(len(plan)) if i not in inline]
        self.workers: list[_FeatureWorker] = []
        self.broken = False  # a worker died: the rest is computed here
        self.stopping = False
        self.failure: Optional[BaseException] = None  # what stopped the collector thread, raised here
        waiting_on = [0] * len(plan)  # how many features need each one, directly or not
        for i in range(len(plan)):
            for j in _ancestors(i, needs):
                waiting_on[j] += 1
        # isolated features (`@feature(isolated=...)`) go to workers, first (and what they need)
        self.isolated = {i for i, (view, fn) in enumerate(plan) if is_isolated(fn, view)}
        first = self.isolated.union(*(_ancestors(i, needs) for i in self.isolated))
        self.rank = {i: (i not in first, -waiting_on[i], i) for i in range(len(plan))}
        import multiprocessing

        self.context = multiprocessing.get_context("fork")
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.wake_r, self.wake_w = self.context.Pipe(duplex=False)  # wakes the collector out of its wait

    def run(self) -> None:
        with cyclic_gc.frozen():  # the garbage collector must not touch (and so copy) every inherited object in the workers
            self._run()

    def _run(self) -> None:
        collector = threading.Thread(target=self._collect_loop, name="ftlint-features", daemon=True)
        interval = sys.getswitchinterval()
        # the collector reads a value of up to IN_MEMORY_FILE_BYTES in up to 16 socket reads (a larger one
        # in one read of its in-memory file), each releasing the GIL and waiting for it again while this
        # thread computes, and must get it back to hand a worker its next feature: at the default 5 ms
        # per wait that adds up; it waits only when it has something to do, so a shorter interval costs
        # nothing else
        sys.setswitchinterval(COLLECTOR_SWITCH_S)
        try:
            collector.start()
            while True:
                deferred = False
                with self.lock:
                    if self.failure is not None:
                        raise self.failure
                    self._assign(fork=True)
                    i = self._next_here()
                    if i is not None and self.idle is not None and self._a_worker_could_take(i):
                        i, deferred = None, True  # a check first (only this process runs checks), if one is ready
                    elif i is not None:
                        self.pending.remove(i)
                    if i is None:
                        if not self.pending and not self._busy():
                            break
                        if self.idle is None:
                            self.changed.wait(timeout=1.0)
                            continue
                        done = set(self.done)
                if i is not None:
                    self._finish_here(i)
                elif self.idle(done):
                    continue
                elif deferred:  # no check is ready: the feature is computed here after all
                    with self.lock:
                        i = self._take_here()
                    if i is not None:
                        self._finish_here(i)
                else:  # nothing else to do here either: wait for a worker
                    with self.lock:
                        if len(self.done) == len(done):  # (only a worker's value can have come meanwhile)
                            self.changed.wait(timeout=1.0)
        finally:
            with self.lock:
                self.stopping = True
            self.wake_w.send(None)
            if collector.is_alive():
                collector.join()
            for w in list(self.workers):  # (retiring removes it from the list)
                self._retire(w)
            self.wake_r.close()
            self.wake_w.close()
            sys.setswitchinterval(interval)

    def _ready(self) -> list[int]:
        return sorted((i for i in self.pending if all(j in self.done for j in self.needs[i])), key=self.rank.get)

    def _next_here(self) -> Optional[int]:
        """The next ready feature no worker took, not an isolated one (all of them, in plan order, after
        a worker died)."""
        if self.broken:
            return min(self.pending, default=None) if not self._busy() else None
        return next((i for i in self._ready() if i not in self.isolated), None)

    def _take_here(self) -> Optional[int]:
        """`_next_here`, taken off the pending list."""
        i = self._next_here()
        if i is not None:
            self.pending.remove(i)
        return i

    def _a_worker_could_take(self, i: int) -> bool:
        """Whether a busy worker holds all that feature `i` needs, so it can take `i` once it is done:
        then this process runs a check that is ready first (checks run only here) and leaves `i`
        to that worker, if it is free by then. A worker computing an isolated feature ends after it."""
        return not self.broken and any(w.has.issuperset(self.needs[i]) and not self.isolated.intersection(w.queue)
                                       for w in self._busy())

    def _busy(self) -> list[_FeatureWorker]:
        return [w for w in self.workers if w.queue]

    def _assign(self, fork: bool) -> None:
        """Give ready features to idle workers (with the lock held), and a busy worker the next
        feature of its chain. Only this thread forks: a new worker inherits everything computed so
        far; the collector gives a feature only to a worker that holds all it needs."""
        if self.broken:
            return
        for i in self._ready():
            idle = [w for w in self.workers if not w.queue]
            worker = next((w for w in idle if w.has.issuperset(self.needs[i])), None)
            if worker is None:
                if not fork:
                    continue
                if len(self.workers) >= self.jobs - 1:
                    if not idle:
                        break
                    self._retire(idle[0])  # it lacks what this feature needs: a fresh fork inherits it
                worker = self._fork()
            if not self._give(worker, i):
                return
        for worker in self._busy():
            if not self._extend_chain(worker):
                return

    def _give(self, worker: _FeatureWorker, i: int, sent: Optional[int] = None) -> bool:
        """Send feature `i` to `worker` (`sent`: the feature whose value it has sent, not yet received here)."""
        self.pending.remove(i)
        worker.queue.append(i)
        drop = self._droppable(worker, sent)
        worker.has -= drop
        worker.own -= drop
        try:
            worker.conn.send((i, sorted(drop)))
        except OSError:
            self._died(worker)
            return False
        return True

    def _droppable(self, worker: _FeatureWorker, sent: Optional[int] = None) -> set[int]:
        """Values `worker` computed, this process holds, and no feature left to compute needs: the
        worker lets go of them (a 60 MB index it no longer reads would stay in its memory to the end).
        What it inherited is left alone: that memory is shared, and letting go would copy pages.
        `sent`: a feature of its queue that is computed already (its value is on its way here)."""
        needed = {j for k in self.pending for j in self.needs[k]}
        needed.update(j for w in self.workers for k in w.queue if k != sent for j in self.needs[k])
        return {j for j in worker.own if j in self.done and j not in needed}

    def _next_in_chain(self, worker: _FeatureWorker) -> Optional[int]:
        """A pending feature that waits on what `worker` is computing and needs nothing else than
        that and what the worker holds (what it inherited, what it computed: not what this process
        computed since its fork): given to it now, it starts as soon as that is done, without waiting
        for its value to reach this process (which, for a large value, takes a while)."""
        computing = set(worker.queue)
        if computing & self.isolated:
            return None  # that worker ends once the value is here
        chain = [j for j in self.pending if computing.intersection(self.needs[j])
                 and all(k in worker.has or k in computing for k in self.needs[j])]
        return min(chain, key=self.rank.get, default=None)

    def _fork(self) -> _FeatureWorker:
        cyclic_gc.freeze_new()  # values received since the last fork too
        ours, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_feature_worker, args=(self.plan, self.views, theirs), daemon=True)
        process.start()
        theirs.close()
        worker = _FeatureWorker(process, ours, set(self.done))
        self.workers.append(worker)
        self.wake_w.send(None)  # the collector waits on this worker too from now on
        return worker

    def _retire(self, worker: _FeatureWorker) -> None:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        if worker in self.workers:
            self.workers.remove(worker)

    def _collect_loop(self) -> None:
        """Receive the workers' values until stopped; an unexpected error here is handed to the
        computing thread, which raises it (it would otherwise wait for a value that never comes)."""
        try:
            self._collect()
        except BaseException as error:  # noqa: BLE001 - re-raised in the computing thread
            with self.lock:
                self.failure = error
                self.changed.notify_all()

    def _collect(self) -> None:
        from multiprocessing.connection import wait as connection_wait

        while True:
            with self.lock:
                if self.stopping:
                    return
                busy = {w.conn: w for w in self._busy()}
            try:
                ready = connection_wait([*busy, self.wake_r])
            except (OSError, ValueError):  # a worker retired meanwhile (its pipe closed): look again
                continue
            for conn in ready:
                if conn is self.wake_r:
                    try:
                        conn.recv()
                    except (EOFError, OSError):
                        return
                    continue
                with self.lock:
                    self._receive(busy[conn])
                    self._assign(fork=False)
                    self.changed.notify_all()

    def _receive(self, worker: _FeatureWorker) -> None:
        if worker not in self.workers or not worker.queue:
            return
        try:
            data, buffers = receive_value(worker.conn)
        except (EOFError, OSError, ValueError, struct.error):
            self._died(worker)
            return
        self._hand_on(worker)
        try:
            payload = _ViewUnpickler(io.BytesIO(bytes(data)), self.views, buffers).load()
        except Exception:  # noqa: BLE001 - a value that cannot be read here is computed here
            self._died(worker)
            return
        i, entries, timings = payload
        for view_i, key, value in entries:
            self.views[view_i]._cache.setdefault(key, value)
        cyclic_gc.freeze_new()
        for view, extra in zip(self.views, timings):
            for key, seconds in extra.items():
                view.timings[key] = view.timings.get(key, 0.0) + seconds
        self.done.add(i)
        worker.has.add(i)
        worker.own.add(i)
        if i in worker.queue:
            worker.queue.remove(i)
        if not worker.queue and (not self.pending or i in self.isolated):  # its memory goes now
            self._retire(worker)
        if self.step is not None:
            view, fn = self.plan[i]
            self.step(f"{feature_label(fn)} on {view.path}")

    def _extend_chain(self, worker: _FeatureWorker, sent: Optional[int] = None) -> bool:
        """Give a worker with one feature left to compute (besides `sent`, whose value it has sent)
        the next feature of its chain (False: it died on the way)."""
        if len([k for k in worker.queue if k != sent]) != 1:
            return True  # it computes nothing more, or has its next feature already
        j = self._next_in_chain(worker)
        return j is None or self._give(worker, j, sent)

    def _hand_on(self, worker: _FeatureWorker) -> None:
        """`worker` has sent the value of the feature it was computing (`queue[0]`): extend its chain
        now, before this process unpickles the value (a 100k-example `text_keys` takes ~0.2 s; the
        worker would wait for its next feature meanwhile)."""
        if worker.queue and not self.broken:
            self._extend_chain(worker, sent=worker.queue[0])

    def _died(self, worker: _FeatureWorker) -> None:
        """A worker died: its features and everything still pending are computed here, in plan order."""
        given, worker.queue = worker.queue, []
        self.broken = True
        self._retire(worker)
        self.pending.extend(given)

    def _finish_here(self, i: int) -> None:
        view, fn = self.plan[i]
        _compute_here(view, fn, self.step)
        with self.lock:
            self.done.add(i)
            self.changed.notify_all()


def _feature_worker(plan: list[Node], views: list[DatasetView], conn) -> None:
    """In a forked worker: compute the plan entries asked for, send back every value they added
    to any view's cache (needs computed on demand included) and the seconds they took."""
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        i, drop = message
        for j in drop:  # values the main process holds and no feature left needs
            dropped_view, dropped_fn = plan[j]
            dropped_view._cache.pop(dropped_fn, None)
        view, fn = plan[i]
        cached = [set(v._cache) for v in views]
        timings = [dict(v.timings) for v in views]
        try:
            view.feature(fn)
        except (Exception, SystemExit):
            pass  # left uncached: the reader meets the error in the main process
        cyclic_gc.freeze_new()
        release_free_memory()
        entries = [(vi, key, v._cache[key]) for vi, (v, before) in enumerate(zip(views, cached))
                   for key in v._cache if key not in before and not is_inline(key)]
        spent = [{k: t - b.get(k, 0.0) for k, t in v.timings.items() if t != b.get(k)} for v, b in zip(views, timings)]
        send_value(conn, *_pickled((i, entries, spent), views))


IN_MEMORY_FILE_BYTES = 1 << 20  # a value this large travels in an in-memory file, not through the socket
_IN_FILE = b"\0memfd"  # the message that says the value's file descriptor follows (a frame is longer)

Message = tuple[memoryview, list[memoryview]]  # a pickle and its out-of-band buffers (pickle protocol 5)


def send_value(conn, data: bytes, buffers: Sequence = ()) -> None:
    """Send a pickled value and its out-of-band buffers (the memory of its numpy arrays, not copied
    into the pickle) to the main process, framed: the number of buffers, the lengths, the pickle,
    the buffers. A large value (a 60 MB index) is written to an in-memory file whose descriptor is
    passed over the socket: through the socket, the main process's collector thread would read it
    in a thousand 64 KB pieces, each waiting for the GIL while the main thread computes, and this
    worker would wait for all of them before its next feature. There the main process maps the
    file: its arrays are that memory (no copy, no read)."""
    parts = [memoryview(data), *(memoryview(b).cast("B") for b in buffers)]
    frame = struct.pack(f"<{len(parts) + 1}Q", len(parts) - 1, *(p.nbytes for p in parts))
    fd = -1
    if len(frame) + sum(p.nbytes for p in parts) >= IN_MEMORY_FILE_BYTES and hasattr(os, "memfd_create"):
        try:
            fd = os.memfd_create("ftlint-value", getattr(os, "MFD_CLOEXEC", 0))
        except OSError:  # (a sandbox may forbid it: the socket it is)
            fd = -1
    if fd < 0:
        conn.send_bytes(b"".join([frame, *parts]))
        return
    from multiprocessing.reduction import send_handle

    try:
        with open(fd, "wb", closefd=False) as out:
            for part in (frame, *parts):
                out.write(part)
        conn.send_bytes(_IN_FILE)
        send_handle(conn, fd, os.getppid())
    finally:
        os.close(fd)


def receive_value(conn) -> Message:
    """The pickle and buffers `send_value` sent: views of the message, or of its in-memory file mapped
    copy-on-write (writable: an array received is one this process may change, as one it computed)."""
    data = conn.recv_bytes()
    if data == _IN_FILE:
        from multiprocessing.reduction import recv_handle

        fd = recv_handle(conn)
        try:
            size = os.fstat(fd).st_size
            whole = memoryview(mmap.mmap(fd, size, flags=mmap.MAP_PRIVATE,
                                         prot=mmap.PROT_READ | mmap.PROT_WRITE)) if size else memoryview(b"")
        finally:
            os.close(fd)
    else:
        whole = memoryview(bytearray(data))
    if whole.nbytes < 16:
        raise EOFError("the worker's value ended early")
    count = struct.unpack_from("<Q", whole)[0]
    lengths = struct.unpack_from(f"<{count + 1}Q", whole, 8)
    at, parts = 8 * (count + 2), []
    for n in lengths:
        if at + n > whole.nbytes:
            raise EOFError("the worker's value ended early")
        parts.append(whole[at:at + n])
        at += n
    return parts[0], parts[1:]


def _pickled(payload: tuple, views: list[DatasetView]) -> tuple[bytes, list]:
    try:
        return _dumps(payload, views)
    except Exception:  # a value that cannot travel is left out: it is computed again where it is read
        i, entries, spent = payload
        kept = []
        for entry in entries:
            try:
                _dumps(entry, views)
                kept.append(entry)
            except Exception:
                pass
        return _dumps((i, kept, spent), views)


def _dumps(obj, views: list[DatasetView]) -> tuple[bytes, list]:
    """The pickle of `obj` and the raw memory of its contiguous arrays (out-of-band, protocol 5)."""
    out, buffers = io.BytesIO(), []
    _ViewPickler(out, views, buffers.append).dump(obj)
    return out.getvalue(), [b.raw() for b in buffers]


class _ViewPickler(pickle.Pickler):
    """Pickles a feature value, sending the views, their example lists, examples, turns and the
    values of their run settings' `extra` it refers to as references (both processes hold them): no copy of the data crosses the pipe, and
    the value received refers to the very objects a locally computed one would."""

    def __init__(self, file, views: list[DatasetView], buffer_callback=None):
        super().__init__(file, protocol=5, buffer_callback=buffer_callback)
        self.views = views
        # what the run settings hold (a trainer's setup: its template, its tokenizer) exists in both
        # processes, made before the fork, and may not pickle at all
        self.shared = {id(value): (value, (vi, key)) for vi, view in enumerate(views)
                       for key, value in view.settings.extra.items()}

    def persistent_id(self, obj):
        kind = type(obj)
        if kind is Example:
            for vi, view in enumerate(self.views):
                k = _positions(view).get(obj.line)
                if k is not None and view.examples[k] is obj:
                    return ("example", vi, k)
        elif kind is Turn:
            where = _turn_positions(self.views).get(id(obj))
            if where is not None:
                return ("turn", *where)
        elif kind is list:
            for vi, view in enumerate(self.views):
                if obj is view.examples:
                    return ("examples", vi)
        elif kind is DatasetView:
            for vi, view in enumerate(self.views):
                if obj is view:
                    return ("view", vi)
        else:
            found = self.shared.get(id(obj))
            if found is not None and found[0] is obj:
                return ("setting", *found[1])
        return None


class _ViewUnpickler(pickle.Unpickler):
    def __init__(self, file, views: list[DatasetView], buffers=None):
        super().__init__(file, buffers=buffers)
        self.views = views

    def persistent_load(self, pid):
        kind, vi, *at = pid
        view = self.views[vi]
        if kind == "view":
            return view
        if kind == "examples":
            return view.examples
        if kind == "example":
            return view.examples[at[0]]
        if kind == "turn":
            return view.examples[at[0]].turns[at[1]]
        if kind == "setting":
            return view.settings.extra[at[0]]
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


_POSITIONS: dict[int, dict[int, int]] = {}  # (in a worker) id of a view -> line -> example index
_TURNS: dict[int, tuple[int, int, int]] = {}  # (in a worker) id of a turn -> (view, example, turn) indexes


def _positions(view: DatasetView) -> dict[int, int]:
    found = _POSITIONS.get(id(view))
    if found is None:
        found = _POSITIONS[id(view)] = {ex.line: k for k, ex in enumerate(view.examples)}
    return found


def _turn_positions(views: list[DatasetView]) -> dict[int, tuple[int, int, int]]:
    if not _TURNS:
        for vi, view in enumerate(views):
            for k, ex in enumerate(view.examples):
                for t, turn in enumerate(ex.turns):
                    _TURNS[id(turn)] = (vi, k, t)
    return _TURNS


def _ancestors(i: int, needs: Sequence[Sequence[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(needs[i])
    while stack:
        j = stack.pop()
        if j not in seen:
            seen.add(j)
            stack.extend(needs[j])
    return seen
