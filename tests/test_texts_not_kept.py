"""A large file's normalised texts are not kept by the shingle index (they would be another copy of
the data): read again when needed, they give exactly the report that keeping them gives."""
from __future__ import annotations

from conftest import FIXTURES
from ftlint.config import Settings
from ftlint.engine import Engine
from ftlint.features import duplicates, leakage
from ftlint.render import render

NOT_READY = FIXTURES / "not-ready"


def _report() -> str:
    report = Engine(Settings(jobs=1, select=["FT3", "FT6"])).lint([str(NOT_READY / "train.jsonl")],
                                                                  str(NOT_READY / "eval.jsonl"))
    report.stats.pop("timings_s", None)
    return render(report, "json")


def test_texts_read_again_give_the_report_of_kept_texts(monkeypatch):
    kept = _report()
    monkeypatch.setattr(duplicates, "KEEP_TEXTS_UP_TO", 0)
    monkeypatch.setattr(leakage, "READ_AT_A_TIME", 7)  # many slices, texts straddling their ends
    normalised = []
    real = duplicates.content_text
    monkeypatch.setattr(duplicates, "content_text", lambda ex: normalised.append(ex.line) or real(ex))
    read_again = _report()
    assert read_again == kept
    assert '"FT6' in kept and '"FT30' in kept  # the comparison covers leak and duplicate findings
    assert normalised  # the texts were indeed read again


def test_the_index_of_a_large_file_holds_no_text_list(monkeypatch):
    monkeypatch.setattr(duplicates, "KEEP_TEXTS_UP_TO", 0)
    from ftlint.engine import load_view
    from ftlint.view import RunSettings

    view = load_view(str(NOT_READY / "train.jsonl"), "train", Settings(), RunSettings())
    index = view.feature(duplicates.shingle_index)
    assert isinstance(index.texts, duplicates.ContentTexts)
    assert index.texts[0] == duplicates.content_text(view.examples[int(index.reps[0])])


def test_few_but_long_texts_are_not_kept_either(monkeypatch):
    """A file of a few thousand 20 KB documents is large by its characters, not its count."""
    from ftlint.engine import load_view
    from ftlint.view import RunSettings

    view = load_view(str(NOT_READY / "train.jsonl"), "train", Settings(), RunSettings())
    chars = sum(len(t.text) for ex in view.examples for t in ex.turns)
    monkeypatch.setattr(duplicates, "KEEP_CHARS_UP_TO", chars // 2)
    assert isinstance(view.feature(duplicates.shingle_index).texts, duplicates.ContentTexts)
    monkeypatch.setattr(duplicates, "KEEP_CHARS_UP_TO", chars * 2)
    fresh = load_view(str(NOT_READY / "train.jsonl"), "train", Settings(), RunSettings())
    assert isinstance(fresh.feature(duplicates.shingle_index).texts, list)
