"""The progress bar: stderr, terminal only, only once a run takes longer than the delay."""
from __future__ import annotations

import io

from rich.console import Console

from conftest import FIXTURES
from ftlint.config import Settings
from ftlint.engine import Engine
from ftlint.progress import StageProgress


def test_engine_reports_every_stage_with_its_share():
    seen = []
    Engine(Settings(select=["FT0", "FT1"])).lint([str(FIXTURES / "ready" / "train.jsonl")],
                                                 stage=lambda name, done, total: seen.append((name, done, total)))
    names = [s[0] for s in seen]
    assert names[0].startswith("reading") and names[-1] == "statistics"
    dones, totals = [s[1] for s in seen], {s[2] for s in seen}
    # stages run by a worker process (--jobs) are not reported one by one, but the count never goes back
    assert dones == sorted(dones) and len(totals) == 1 and dones[-1] == totals.pop() - 1


def test_bar_appears_only_after_the_delay():
    quiet = io.StringIO()
    hook = StageProgress(delay=3600, console=Console(file=quiet, force_terminal=True))
    hook("reading", 0, 2)
    hook.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    hook = StageProgress(delay=0, console=Console(file=shown, force_terminal=True, width=80))
    hook("FT301 exact-duplicates", 1, 2)
    hook.close()
    assert "FT301 exact-duplicates" in shown.getvalue() and "1/2" in shown.getvalue()


def test_no_progress_output_when_stderr_is_not_a_terminal(capsys):
    from ftlint.cli import main

    main([str(FIXTURES / "ready" / "train.jsonl"), "--output-format", "json"])
    assert capsys.readouterr().err == ""
