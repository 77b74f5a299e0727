"""The similarity machinery under FT3xx/FT6xx: word hashing, grams, templates, signatures, banding."""
from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.features import similarity as sim
from ftlint.text import normalize
from test_duplicates_data import mutate, sentence, vocabulary


def _word_hashes(text: str) -> list[int]:
    return sim.tokenize([normalize(text)]).hash.tolist()


def test_words_ignore_punctuation_and_position():
    a = _word_hashes("Reset, my password!")
    b = _word_hashes("well: reset my password")
    assert a == b[1:]
    assert len(set(_word_hashes("password passwords pass word"))) == 4


@given(st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_word_hashes_do_not_depend_on_the_batch(texts):
    texts = [normalize(t) for t in texts]
    together = sim.tokenize(texts)
    for i, t in enumerate(texts):
        alone = sim.tokenize([t])
        assert together.hash[together.offsets[i]:together.offsets[i + 1]].tolist() == alone.hash.tolist()


@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=30), st.integers(1, 200))
@settings(max_examples=80, deadline=None)
def test_tokenizing_in_batches_gives_the_words_of_tokenizing_at_once(texts, batch_bytes):
    texts = [normalize(t) for t in texts]
    whole = sim.tokenize(texts)
    real = sim.batches
    try:
        sim.batches = lambda t, max_bytes=0: real(t, batch_bytes)
        batched = sim.tokenize_batched(texts)
    finally:
        sim.batches = real
    assert batched.buf == whole.buf
    for name in ("doc", "start", "end", "hash", "offsets"):
        assert getattr(batched, name).tolist() == getattr(whole, name).tolist(), name


def test_a_text_shorter_than_a_shingle_gets_its_own_gram():
    g = sim.GramHasher(sim.tokenize(["hello", "hello there", "hello there friend", "", "hello"])).grams(3)
    assert g.doc.tolist() == [0, 1, 2, 3, 4]
    assert g.length.tolist() == [1, 2, 3, 0, 1]
    assert g.hash[0] == g.hash[4] and len(set(g.hash[:4].tolist())) == 4


def test_template_grams_are_those_in_most_texts():
    rng = random.Random(1)
    vocab = vocabulary(rng, 1000)
    header = "please answer the question below in one friendly sentence"
    texts = [normalize(f"{header} {sentence(rng, vocab, 8, 12)}") for _ in range(200)]
    common = sim.template_grams(texts)
    header_grams = sim.GramHasher(sim.tokenize([header])).grams(3).hash
    assert set(header_grams.tolist()) <= set(common.tolist())
    assert len(common) == len(header_grams)  # nothing from the varying part
    assert sim.varying_texts(texts[:1], common)[0] == " ".join(normalize(texts[0][len(header):]).rstrip(".").split())


@given(st.lists(st.text(alphabet="ab c", min_size=0, max_size=40), min_size=1, max_size=30),
       st.sampled_from([0, 10**9]), st.sampled_from([1 << 3, 1 << 22]))
@settings(max_examples=60, deadline=None)
def test_gram_shares_count_exactly_in_bounded_memory(texts, hold, buckets):
    """The bucket prefilter and the second pass (held or hashed again; few buckets: many collisions)
    give exactly the shares of a plain count of (text, gram) pairs."""
    import pytest
    texts = [normalize(t) for t in texts]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sim, "HOLD_GRAMS", hold)
        mp.setattr(sim, "COUNT_BUCKETS", buckets)
        values, shares = sim.gram_shares(texts, share=0.2, min_texts=2)
    per_text = [set(sim.GramHasher(sim.tokenize([t])).grams(3).hash.tolist()) for t in texts]
    counts: dict[int, int] = {}
    for grams in per_text:
        for g in grams:
            counts[g] = counts.get(g, 0) + 1
    threshold = max(0.2 * len(texts), min(2, len(texts)), 2)
    expected = sorted((g, c / len(texts)) for g, c in counts.items() if c >= threshold)
    assert list(zip(values.tolist(), shares.tolist())) == expected


def test_signatures_estimate_jaccard_and_banding_finds_near_copies_only():
    rng = random.Random(2)
    vocab = vocabulary(rng, 3000)
    base = [normalize(sentence(rng, vocab, 40, 60)) for _ in range(400)]
    texts = base + [mutate(t, rng, 2) for t in base[:50]]
    none = np.zeros(0, dtype=np.uint64)
    signed = sim.signatures(texts, none, none)
    pairs = sim.agreeing(sim.candidate_pairs(sim.band_keys(signed.sig)), signed.sig, signed.sig)
    found = {tuple(p) for p in pairs.tolist()}
    planted = {(i, 400 + i) for i in range(50)}
    assert len(planted & found) >= 48
    assert len(found - planted) <= 2


def test_identical_signatures_give_bounded_pairs_not_all_pairs():
    keys = np.zeros((1000, 4), dtype=np.uint64)  # a thousand texts in one bucket of every band
    pairs = sim.candidate_pairs(keys)
    assert len(pairs) <= 1000 * sim.BUCKET_WINDOW
    groups = sim.union_groups(pairs, 1000)
    assert groups == [list(range(1000))]  # still one connected group


def test_cross_pairs_only_pair_across_sets():
    a = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.uint64)
    b = np.array([[9, 4], [5, 0], [7, 7]], dtype=np.uint64)
    assert sim.cross_pairs(a, b).tolist() == [[1, 0], [2, 1]]


def test_membership_with_bitmap_matches_plain_lookup():
    rng = np.random.default_rng(3)
    common = np.unique(rng.integers(0, 2**63, size=5000, dtype=np.int64).astype(np.uint64))
    probe = np.concatenate([common[::7], rng.integers(0, 2**63, size=20000, dtype=np.int64).astype(np.uint64)])
    bitmap = sim.membership_bitmap(common)
    assert sim.is_member(probe, common, bitmap).tolist() == np.isin(probe, common).tolist()


def test_union_groups_sorted():
    pairs = np.array([[5, 9], [1, 5], [3, 4]])
    assert sim.union_groups(pairs, 10) == [[1, 5, 9], [3, 4]]


def test_cross_pairs_give_every_b_text_its_a_partners_even_in_a_crowded_bucket():
    a = np.zeros((3, 2), dtype=np.uint64)
    b = np.zeros((40, 2), dtype=np.uint64)  # forty eval copies sharing one bucket with three training texts
    pairs = sim.cross_pairs(a, b)
    assert {tuple(p) for p in pairs.tolist()} == {(i, j) for i in range(3) for j in range(40)}


def test_candidate_pairs_are_the_same_when_compacted_as_they_accumulate(monkeypatch):
    import numpy as np

    from ftlint.features import similarity

    rng = np.random.default_rng(3)
    keys = rng.integers(0, 40, size=(500, 8)).astype(np.uint64)  # many shared band keys
    whole = similarity.candidate_pairs(keys)
    monkeypatch.setattr(similarity, "COMPACT_PAIRS", 50)
    assert np.array_equal(similarity.candidate_pairs(keys), whole) and len(whole) > 1000


def test_pairs_scored_a_slice_at_a_time_score_the_same(monkeypatch):
    import numpy as np

    from ftlint.features import similarity

    texts = [f"the parcel {i % 7} arrived late and the box {i % 5} was damaged" for i in range(60)]
    pairs = np.array([(i, j) for i in range(60) for j in range(i + 1, 60, 7)], dtype=np.int64)
    flags = np.zeros(60, dtype=bool)
    common = np.zeros(0, dtype=np.uint64)
    whole = similarity.compare_pairs(pairs, texts, texts, flags, flags, common, 0.0)
    monkeypatch.setattr(similarity, "PAIR_SLICE", 16)
    assert np.array_equal(similarity.compare_pairs(pairs, texts, texts, flags, flags, common, 0.0), whole)
    assert len(pairs) > 16 and whole.max() > 0.9


@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=12), st.randoms(use_true_random=False))
@settings(max_examples=80, deadline=None)
def test_varying_texts_join_the_kept_words_of_each_text(texts, rng):
    """The vectorised join gives each text's non-template words joined by single spaces, as a
    word-by-word join does (unicode, empty texts, texts with no kept word included)."""
    texts = [normalize(t) for t in texts]
    w = sim.tokenize(texts)
    keep = np.array([rng.random() < 0.6 for _ in range(len(w.hash))], dtype=bool)
    expected = [" ".join(w.buf[s:e].decode("utf-8", "replace") for s, e, k in
                         zip(w.start[a:b], w.end[a:b], keep[a:b]) if k)
                for a, b in zip(w.offsets[:-1].tolist(), w.offsets[1:].tolist())]
    assert sim._joined_words(w, keep) == expected


@given(st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.5]))
@settings(max_examples=40, deadline=None)
def test_agreeing_keeps_exactly_the_pairs_whose_signatures_agree_enough(seed, minimum):
    """The low-byte prefilter never changes which pairs agree (values equal in their low byte but
    not above it are the case it must not be fooled by)."""
    rng = np.random.default_rng(seed)
    sig = (rng.integers(0, 4, size=(60, sim.BINS), dtype=np.uint32) << np.uint32(8 * rng.integers(0, 4)))
    sig |= rng.integers(0, 2, size=sig.shape, dtype=np.uint32)
    pairs = rng.integers(0, 60, size=(500, 2))
    expected = pairs[(sig[pairs[:, 0]] == sig[pairs[:, 1]]).mean(axis=1) >= minimum]
    assert sim.agreeing(pairs, sig, sig, minimum).tolist() == expected.tolist()


def test_varying_cache_gives_what_varying_texts_gives_when_it_forgets(monkeypatch):
    """The cache of cut texts across pair slices returns, for every text, exactly `varying_texts`'
    result, also when it overflows and forgets (a text known before the overflow asked again)."""
    rng = random.Random(5)
    vocab = vocabulary(rng, 300)
    header = "please answer the question below in one friendly sentence"
    texts = [normalize(f"{header} {sentence(rng, vocab, 5, 9)}") for _ in range(60)]
    common = sim.template_grams(texts)
    expected = dict(zip(texts, sim.varying_texts(texts, common)))
    monkeypatch.setattr(sim, "VARYING_CACHE_CHARS", 300)  # overflows every few texts
    cache = sim.VaryingCache()
    for lo in range(0, 60, 7):
        asked = texts[lo:lo + 9] + texts[:3]  # overlapping slices, early texts asked again and again
        assert cache.get(asked, common) == [expected[t] for t in asked]


def test_candidate_pairs_with_signatures_are_the_same_however_many_pairs_are_remembered(monkeypatch):
    import numpy as np

    from ftlint.features import similarity

    rng = np.random.default_rng(5)
    keys = rng.integers(0, 40, size=(500, 8)).astype(np.uint64)
    sig = rng.integers(0, 3, size=(500, 24)).astype(np.uint32)  # about a third of values agree by chance
    brute = {(i, j) for i in range(500) for j in range(i + 1, 500)
             if (keys[i] == keys[j]).any() and (sig[i] == sig[j]).mean() >= similarity.MIN_AGREEMENT}
    whole = similarity.candidate_pairs(keys, sig)
    monkeypatch.setattr(similarity, "COMPACT_PAIRS", 50)
    monkeypatch.setattr(similarity, "SEEN_PAIRS", 200)  # repeats checked again once this is full
    assert np.array_equal(similarity.candidate_pairs(keys, sig), whole) and len(whole) > 1000
    assert {tuple(p) for p in whole.tolist()} <= brute


def test_pairs_sharing_passages_score_the_same_however_many_texts_are_remembered(monkeypatch):
    """compare_sharing keeps texts read for one slice of pairs for later ones (up to MEMO_CHARS):
    forgetting them after every slice, or a slice of 16 pairs, changes no score."""
    from ftlint.features import duplicates, similarity
    from ftlint.model import Example, Turn

    document = "The warranty covers parts and labour for two years from the date of purchase. " * 4
    examples = []
    for i in range(40):
        context = f"{document}\n\n" if i % 3 == 0 else ""  # a passage some pairs share word for word
        examples.append(Example(i + 1, (Turn("user", f"{context}Is parcel {i % 6} covered, order {i % 4}?"),
                                        Turn("assistant", f"Yes, parcel {i % 6} is covered.", True)), "openai_chat"))
    texts = [duplicates.content_text(e) for e in examples]
    pairs = np.array([(i, j) for i in range(40) for j in range(i + 1, 40, 2)], dtype=np.int64)
    flags = np.zeros(40, dtype=bool)
    common = np.zeros(0, dtype=np.uint64)

    def scores():
        return duplicates.compare_sharing(pairs, examples, texts, examples, texts, flags, flags, common, workers=1)

    whole = scores()
    monkeypatch.setattr(similarity, "PAIR_SLICE", 16)
    sliced = scores()
    monkeypatch.setattr(duplicates, "MEMO_CHARS", 1)
    assert np.array_equal(scores(), whole) and np.array_equal(sliced, whole)
    shared = [k for k, (i, j) in enumerate(pairs.tolist()) if i % 3 == 0 and j % 3 == 0]
    plain = similarity.ratios([texts[i] for i, _ in pairs[shared]], [texts[j] for _, j in pairs[shared]], 0.0)
    assert shared and (whole[shared] < plain).all()  # the shared document is left out of those pairs


@given(st.lists(st.integers(min_value=-3, max_value=3), max_size=60) | st.lists(st.integers(), max_size=60))
@settings(max_examples=200, deadline=None)
def test_stable_order_is_numpys_stable_argsort(values):
    """Band buckets pair a text with its next neighbours in index order: the fast stable order must
    keep equal keys in index order exactly as numpy's stable argsort (a timsort) does."""
    for dtype in (np.int64, np.uint64):
        keys = np.array([v % (1 << 64) if dtype is np.uint64 else max(min(v, 2**62), -2**62) for v in values],
                        dtype=dtype)
        assert sim.stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()


def test_stable_order_of_many_ties_at_scale():
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 50, 200_000).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    assert np.array_equal(sim.stable_order(keys), np.argsort(keys, kind="stable"))
