"""Run the checks of one run on several cores: contiguous groups of (view, check) targets, one
group in this process and each other group in a forked worker.

A worker inherits the loaded views copy-on-write (nothing is re-read or pickled on the way in)
and sends back only its findings and stage timings. Groups are contiguous slices of the target
list and their results are concatenated in group order, so the findings are exactly those of a
serial run, in the same order: the report is identical for any `--jobs`.

Where `fork` is not available (Windows, macOS' default) or jobs is 1, everything runs here.
A worker that dies is not fatal: its group is run again in this process.
"""
from __future__ import annotations

import gc
import multiprocessing
import sys
from typing import Callable, Optional, Sequence

from ftlint.model import Finding
from ftlint.view import DatasetView

Target = tuple[DatasetView, object]
RunOne = Callable[[DatasetView, object], list[Finding]]


def fork_available() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def partition(targets: Sequence[Target], groups: int) -> list[list[Target]]:
    """Contiguous, near-equal slices (the first ones one longer when it does not divide)."""
    groups = max(1, min(groups, len(targets)))
    size, extra = divmod(len(targets), groups)
    out, start = [], 0
    for g in range(groups):
        end = start + size + (1 if g < extra else 0)
        out.append(list(targets[start:end]))
        start = end
    return out


def run_targets(targets: Sequence[Target], run_one: RunOne, jobs: int,
                step: Optional[Callable[[str], None]] = None) -> list[Finding]:
    groups = partition(targets, jobs) if jobs > 1 and fork_available() else [list(targets)]
    if len(groups) == 1:
        return _run_group(groups[0], run_one, step)
    views = _distinct_views(targets)
    context = multiprocessing.get_context("fork")
    gc.freeze()  # keep the collector from touching (and so copying) every inherited object in the workers
    workers = []
    try:
        for group in groups[1:]:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(group, run_one, views, sender), daemon=True)
            process.start()
            sender.close()
            workers.append((group, process, receiver))
        results = [_run_group(groups[0], run_one, step)]
        for group, process, receiver in workers:
            try:
                findings, timings = receiver.recv()
            except (EOFError, OSError):  # the worker died: do its share here
                findings, timings = _run_group(group, run_one, None), None
            process.join()
            if timings is not None:
                _merge_timings(views, timings)
            results.append(findings)
    finally:
        for _, process, receiver in workers:
            if process.is_alive():
                process.kill()
            receiver.close()
        gc.unfreeze()
    return [f for findings in results for f in findings]


def _run_group(group: list[Target], run_one: RunOne, step) -> list[Finding]:
    findings: list[Finding] = []
    for view, check in group:
        if step is not None:
            step(f"{check.code} {check.name} on {view.path}")
        findings.extend(run_one(view, check))
    return findings


def _worker(group: list[Target], run_one: RunOne, views: list[DatasetView], sender) -> None:
    before = [dict(v.timings) for v in views]
    findings = _run_group(group, run_one, None)
    timings = [{k: t - b.get(k, 0.0) for k, t in v.timings.items() if t != b.get(k)} for v, b in zip(views, before)]
    sender.send((findings, timings))
    sender.close()


def _distinct_views(targets: Sequence[Target]) -> list[DatasetView]:
    seen: dict[int, DatasetView] = {}
    for view, _ in targets:
        seen.setdefault(id(view), view)
        if view.eval is not None:
            seen.setdefault(id(view.eval), view.eval)
    return list(seen.values())


def _merge_timings(views: list[DatasetView], timings: list[dict[str, float]]) -> None:
    """Add a worker's stage seconds to this process's views (a feature both computed counts twice:
    these are seconds of work, not of wall time)."""
    for view, extra in zip(views, timings):
        for key, seconds in extra.items():
            view.timings[key] = view.timings.get(key, 0.0) + seconds
