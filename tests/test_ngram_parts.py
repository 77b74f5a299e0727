"""The n-gram contamination scan comes in parts (`NgramTrainingPart`) that both cores share; the
parts together find what one scan of every training text finds."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from ftlint.config import Settings
from ftlint.engine import Engine, load_view
from ftlint.features import leakage, texts
from ftlint.render import render
from ftlint.view import RunSettings

NOT_READY = FIXTURES / "not-ready"


def _report(jobs: int = 1) -> str:
    report = Engine(Settings(jobs=jobs, select=["FT6"])).lint([str(NOT_READY / "train.jsonl")],
                                                              str(NOT_READY / "eval.jsonl"))
    report.stats.pop("timings_s", None)
    return render(report, "json")


@pytest.mark.parametrize("kept", [True, False], ids=["texts-kept", "texts-read-again"])
def test_any_number_of_parts_gives_the_report_of_one_scan(monkeypatch, kept):
    if not kept:
        monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", 0)
    monkeypatch.setattr(leakage, "TRAINING_PARTS", 1)
    whole = _report()
    assert '"FT604"' in whole and '"FT605"' in whole  # the comparison covers n-gram findings
    for parts in (2, 4, 7):
        monkeypatch.setattr(leakage, "TRAINING_PARTS", parts)
        assert _report() == whole, parts
    assert _report(jobs=2) == whole


def test_the_parts_cover_every_distinct_training_text_once():
    view = load_view(str(NOT_READY / "train.jsonl"), "train", Settings(), RunSettings())
    view.eval = load_view(str(NOT_READY / "eval.jsonl"), "eval", Settings(), RunSettings())
    overlap = leakage.NgramOverlap()
    parts = [view.feature(p) for p in overlap.parts]
    assert len(parts) == leakage.TRAINING_PARTS
    side = view.feature(leakage.NgramEvalSide(overlap))
    whole = leakage._stream_training(leakage.index_texts(view), 0, len(leakage.index_texts(view)), side.values,
                                     side.lengths, side.record)
    counts = sum(p[1] for p in parts)
    assert (counts == whole[1]).all() and counts.sum() > 0
    seen = {tuple(row) for p in parts for row in p[2].tolist()}
    assert seen == {tuple(row) for row in whole[2].tolist()}
