"""A large file's normalised texts are not kept (`text_keys` keeps them up to KEEP_CONTENT_CHARS
characters; beyond, they would be another copy of the data): read again when needed, they give
exactly the report that keeping them gives."""
from __future__ import annotations

from conftest import FIXTURES
from ftlint.config import Settings
from ftlint.engine import Engine, load_view
from ftlint.features import duplicates, leakage, texts
from ftlint.render import render
from ftlint.view import RunSettings

NOT_READY = FIXTURES / "not-ready"


def _report() -> str:
    report = Engine(Settings(jobs=1, select=["FT3", "FT6"])).lint([str(NOT_READY / "train.jsonl")],
                                                                  str(NOT_READY / "eval.jsonl"))
    report.stats.pop("timings_s", None)
    return render(report, "json")


def test_texts_read_again_give_the_report_of_kept_texts(monkeypatch):
    kept = _report()
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", 0)
    monkeypatch.setattr(leakage, "READ_AT_A_TIME", 7)  # many slices, texts straddling their ends
    normalised = []
    real = duplicates.content_text
    monkeypatch.setattr(duplicates, "content_text", lambda ex: normalised.append(ex.line) or real(ex))
    read_again = _report()
    assert read_again == kept
    assert '"FT6' in kept and '"FT30' in kept  # the comparison covers leak and duplicate findings
    assert normalised  # the texts were indeed read again


def _kept_size(view) -> int:
    """What keeping every content text of the view comes to, as KEEP_CONTENT_CHARS counts it."""
    return sum(texts.content_size(texts.content_text(ex)) for ex in view.examples)


def _view():
    return load_view(str(NOT_READY / "train.jsonl"), "train", Settings(), RunSettings())


def test_the_texts_of_a_large_file_are_read_again_not_held(monkeypatch):
    """Large by its characters, not its count: a few thousand 20 KB documents are a 100 MB copy."""
    view = _view()
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", _kept_size(view) - 1)
    assert view.feature(texts.text_keys).content is None
    read = duplicates.index_texts(view)
    assert isinstance(read, duplicates.ContentTexts)
    index = view.feature(duplicates.shingle_index)
    assert read[0] == duplicates.content_text(view.examples[int(index.reps[0])])


def test_the_texts_of_a_small_file_are_normalised_once_and_kept(monkeypatch):
    view = _view()
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", _kept_size(view))
    kept = view.feature(texts.text_keys).content
    assert kept == [duplicates.content_text(ex) for ex in view.examples]
    index = view.feature(duplicates.shingle_index)
    read = duplicates.index_texts(view)
    assert isinstance(read, list) and read == [kept[j] for j in index.reps.tolist()]
    assert all(a is kept[j] for a, j in zip(read, index.reps.tolist()))  # the same strings, not copies


def test_texts_are_signed_in_slices_bounded_by_their_characters(monkeypatch):
    """Normalised a slice at a time, a slice of long documents holds at most SIGN_CHARS characters
    (one text at least), and the signatures are those of signing all texts at once."""
    view = _view()
    whole = view.feature(duplicates.shingle_index).signatures.sig.copy()
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", 0)
    monkeypatch.setattr(duplicates, "SIGN_CHARS", 200)
    fresh = _view()
    reps = fresh.feature(duplicates.exact_index).reps
    slices = list(duplicates._sign_slices(fresh, reps))
    assert slices[0][0] == 0 and slices[-1][1] == len(reps) and all(a < b for a, b in slices)
    assert all(b - a == 1 or sum(fresh.examples[j].text_chars for j in reps[a:b].tolist()) <= 200 for a, b in slices)
    assert len(slices) > 3
    assert (fresh.feature(duplicates.shingle_index).signatures.sig == whole).all()
