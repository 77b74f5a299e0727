"""Bounded work per pair and per text (issue 17): long texts are compared by `bounded_ratio`, linear
in their lengths, on fuzz.ratio's scale; each text has at most MAX_CANDIDATES candidate pairs."""
from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz import fuzz

from conftest import chat, run_check

from ftlint.checks.near_duplicates import NearDuplicates
from ftlint.checks.near_leakage import NearLeakage
from ftlint.features import similarity as sim

_RNG = random.Random(17)
_WORDS = ["".join(_RNG.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_RNG.randint(2, 9))) for _ in range(4000)]


def _doc(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _edited(text: str, rng: random.Random, substitutions: int = 0, blocks: int = 0) -> str:
    words = text.split(" ")
    for _ in range(substitutions):
        words[rng.randrange(len(words))] = "zzz"
    for _ in range(blocks):  # insert or delete a run of words
        at = rng.randrange(len(words))
        if rng.random() < 0.5:
            words[at:at] = _doc(rng, rng.randint(10, 300)).split(" ")
        else:
            del words[at:at + rng.randint(10, 300)]
    return " ".join(words)


def test_short_texts_get_exactly_fuzz_ratio():
    rng = random.Random(1)
    for _ in range(20):
        a = _doc(rng, rng.randint(1, 1000))
        b = _edited(a, rng, substitutions=rng.randint(0, 30))
        assert sim.bounded_ratio(a, b) == pytest.approx(fuzz.ratio(a, b) / 100)
        assert sim.ratios([a], [b], 0.0)[0] == pytest.approx(fuzz.ratio(a, b) / 100)


@pytest.mark.parametrize("substitutions,blocks", [(40, 0), (200, 0), (0, 1), (1, 0)])
def test_long_near_copies_get_exactly_fuzz_ratio(substitutions, blocks):
    rng = random.Random(substitutions * 10 + blocks)
    a = _doc(rng, 5000)  # ~30 KB, beyond LONG_TEXT
    b = _edited(a, rng, substitutions, blocks)
    assert len(a) > sim.LONG_TEXT
    assert sim.bounded_ratio(a, b) == pytest.approx(fuzz.ratio(a, b) / 100, abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_long_copies_with_several_inserted_and_deleted_runs_stay_within_a_point(seed):
    rng = random.Random(seed)
    a = _doc(rng, 5000)
    b = _edited(a, rng, substitutions=50, blocks=4)
    exact, bounded = fuzz.ratio(a, b) / 100, sim.bounded_ratio(a, b)
    # lower only by chance character matches between a deleted and an inserted run on either side of an anchor
    assert exact - 0.01 <= bounded <= exact + 1e-9


def test_long_unrelated_or_rearranged_texts_are_never_scored_above_fuzz_ratio():
    rng = random.Random(3)
    for _ in range(4):
        a = _doc(rng, 3000)
        for b in (_doc(rng, 3000), a[len(a) // 2:] + " " + a[:len(a) // 2],
                  _edited(a, rng, substitutions=600, blocks=30)):
            exact = fuzz.ratio(a, b) / 100
            bounded = sim.bounded_ratio(a, b)
            assert bounded <= exact + 1e-9
            assert bounded >= exact - 0.25  # a lower bound, not a guess


def test_cutoff_gives_zero_below_it_like_fuzz_ratio():
    rng = random.Random(4)
    a = _doc(rng, 4000)
    assert sim.bounded_ratio(a, _doc(rng, 4000), cutoff=0.75) == 0.0
    assert sim.bounded_ratio(a, a[: len(a) // 3], cutoff=0.75) == 0.0  # length alone rules it out
    assert sim.bounded_ratio("", "") == 1.0


def test_candidates_per_text_are_capped_at_the_best_agreeing():
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 4, (400, sim.BINS)).astype(np.uint32)
    sig[1:301] = sig[0]  # 300 texts agree fully with text 0 ...
    sig[301:, :] = sig[0]
    sig[301:, : sim.BINS // 2] += np.uint32(7)  # ... 99 agree on half of the values
    pairs = np.array([[0, j] for j in range(1, 400)], dtype=np.int64)
    kept = sim.capped(pairs, sig, sig, same_set=True, limit=50)
    assert len(kept) == 50 and set(kept[:, 1].tolist()) <= set(range(1, 301))
    everyone = sim.candidate_pairs(sim.band_keys(sig), sig)
    counts = np.bincount(everyone.ravel(), minlength=len(sig))
    assert counts.max() <= sim.MAX_CANDIDATES


def _long_example(rng, doc: str) -> dict:
    return chat(doc, "Summary: " + _doc(rng, 40))


def test_long_near_duplicates_and_near_leaks_are_found_with_the_exact_similarity(make_view):
    rng = random.Random(5)
    docs = [_doc(rng, 9000) for _ in range(6)]  # ~55 KB each
    train = [_long_example(rng, d) for d in docs] + [chat(_doc(rng, 20), _doc(rng, 30)) for _ in range(30)]
    copy = dict(train[2], messages=[dict(train[2]["messages"][0], content=_edited(docs[2], rng, 30, 2)),
                                    train[2]["messages"][1]])
    train.append(copy)  # line 37 ~ line 3
    leak = chat(_edited(docs[4], rng, 20, 1), train[4]["messages"][1]["content"])
    view = make_view(train, eval_records=[leak, chat(_doc(rng, 15), _doc(rng, 20))])
    problems = run_check(NearDuplicates, view)
    assert [p.data["lines"] for p in problems] == [[3, 37]]
    from ftlint.features.duplicates import content_text
    from ftlint.formats.normalise import openai_chat

    a, b = (content_text(openai_chat(r, 1)) for r in (train[2], copy))
    assert problems[0].data["similarity"] == pytest.approx(fuzz.ratio(a, b) / 100, abs=1e-4)
    leaks = run_check(NearLeakage, view)
    assert [(p.line, [ln for _, ln in p.related]) for p in leaks] == [(1, [5])]
