"""Leakage features: evaluation examples found in the training file.

Computed on the training view (its `eval` is the evaluation view; every feature is empty
without one). Exact and prompt leakage compare normalised texts; near leakage reuses the
training file's MinHash index (`ftlint.features.duplicates.shingle_index`) and the same
similarity as the near-duplicate check; n-gram contamination holds only the eval set's
n-grams in memory and streams the training texts past them, a few megabytes at a time.

`leaked_training_indexes` is the API `ftlint fix` uses to drop leaked training examples.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional
import numpy as np

from ftlint.features import similarity as sim
from ftlint.features.duplicates import (DEFAULT_NEAR_THRESHOLD, NEAR_FLOOR, ContentTexts, RepExamples, compare_sharing,
                                        exact_index, exact_members, index_texts, prompt_groups, prompt_identity,
                                        shingle_index)
from ftlint.features.texts import EMPTY_KEY, content_text, example_keys, text_keys
from ftlint.text import normalize
from ftlint.view import feature, on_eval

RUN_WORDS = 50  # a verbatim run of this many eval words found in training is contamination


@feature(needs=(exact_index, exact_members, on_eval(example_keys)))
def exact_leaks(view) -> dict[int, list[int]]:
    """Eval example index -> every training example with the same normalised text."""
    if view.eval is None:
        return {}
    first, members = view.feature(exact_index).first, view.feature(exact_members)
    out = {}
    for e, text in enumerate(view.eval.feature(example_keys)):
        t = first.get(text)
        if t is not None:
            out[e] = members.get(t, [t])
    return out


@feature(needs=(prompt_groups, exact_leaks, on_eval(prompt_identity)))
def prompt_leaks(view) -> dict[int, list[int]]:
    """Eval example index -> training examples with the same normalised prompt (and any
    answer); eval examples that leak whole (`exact_leaks`) are left out."""
    if view.eval is None:
        return {}
    groups, exact = view.feature(prompt_groups), view.feature(exact_leaks)
    return {e: groups[p] for e, p in enumerate(view.eval.feature(prompt_identity))
            if p != EMPTY_KEY and e not in exact and p in groups}


@dataclass
class NearLeaks:
    eval: np.ndarray  # eval example index
    train: np.ndarray  # training example index (first of its exact-duplicate group)
    similarity: np.ndarray


@feature(needs=(shingle_index, exact_leaks, text_keys, on_eval(text_keys)))
def near_leak_pairs(view) -> NearLeaks:
    """(eval, train) pairs with similarity >= NEAR_FLOOR; exact leaks left out."""
    empty = NearLeaks(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if view.eval is None or not view.eval.examples or not view.examples:
        return empty
    index = view.feature(shingle_index)
    texts = eval_content(view.eval)
    frequent, share = sim.gram_shares(texts)
    common = np.union1d(index.common, frequent[share >= sim.TEMPLATE_SHARE])
    signed = sim.signatures(texts, np.union1d(index.frequent, frequent), common)
    pairs = sim.cross_pairs(index.keys, sim.band_keys(signed.sig))
    pairs = sim.capped(sim.agreeing(pairs, index.signatures.sig, signed.sig), index.signatures.sig, signed.sig,
                       same_set=False)
    exact = view.feature(exact_leaks)
    pairs = pairs[[int(e) not in exact for e in pairs[:, 1]]] if len(pairs) else pairs
    # each pair judged on what its two examples do not share (a document, schema or tool list both hold)
    score = compare_sharing(pairs, RepExamples(view.examples, index.reps), index_texts(view), view.eval.examples, texts,
                            index.signatures.templated, signed.templated, common, workers=max(1, view.settings.jobs))
    keep = score >= NEAR_FLOOR
    if not keep.any():
        return empty
    e, t, s = pairs[keep, 1], index.reps[pairs[keep, 0]], score[keep]
    order = np.lexsort((-s, e))
    return NearLeaks(e[order], t[order], s[order])


def eval_content(view) -> list[str]:
    """`content_text` of every example of the (evaluation) view, as a list: read several times."""
    return list(index_texts(view, np.arange(len(view.examples))))


@feature(needs=(exact_leaks, near_leak_pairs, exact_members))
def leaked_training_indexes(view, threshold: float = DEFAULT_NEAR_THRESHOLD) -> dict[int, list[int]]:
    """Training example index -> sorted eval line numbers it leaks into (exact or near copies,
    every exact copy of a leaked training example included). {} without an eval file."""
    if view.eval is None:
        return {}
    out: dict[int, set[int]] = {}
    for e, trains in view.feature(exact_leaks).items():
        for t in trains:
            out.setdefault(t, set()).add(view.eval.examples[e].line)
    near, members = view.feature(near_leak_pairs), view.feature(exact_members)
    for e, t, s in zip(near.eval.tolist(), near.train.tolist(), near.similarity.tolist()):
        if s >= threshold:
            for m in members.get(t, [t]):
                out.setdefault(m, set()).add(view.eval.examples[e].line)
    return {t: sorted(lines) for t, lines in sorted(out.items())}


@dataclass
class Overlap:
    """How much of one eval example's text is found verbatim in training.

    Content matches are what contamination is made of: n-grams of the eval answer found in
    training (those the eval prompt itself holds left out: an answer copied from its own
    document), and n-grams of the eval prompt found in a training answer (a worked answer
    quoted in a new question). Context matches are n-grams of the eval prompt found only in
    training prompts: a shared document, schema or header, which says nothing about whether
    the eval item itself is known."""

    eval: int  # eval example index
    coverage: float  # share of its counted n-grams that are content matches
    matched: int  # content matches
    counted: int  # n-grams counted (template n-grams excluded)
    longest: int  # longest run of eval words covered by consecutive content matches
    whole: bool  # a text shorter than n words, found whole (as content)
    train: list[int]  # training example indexes holding most of the content matches (up to 3)
    context_matched: int = 0  # prompt n-grams found in training prompts only
    context_counted: int = 0  # prompt n-grams counted
    context_train: list[int] = field(default_factory=list)  # training examples holding most of them (up to 3)

    @property
    def context_share(self) -> float:
        return self.context_matched / self.context_counted if self.context_counted else 0.0


def eval_ngram_text(example, min_answer_words: int) -> str:
    """The eval text checked for contamination (`content_text`, like the training texts it is
    looked up in), without the final answer when that is shorter than `min_answer_words`
    words (a class label says nothing on its own)."""
    return _eval_parts(example, min_answer_words)[0]


def _turn_text(turn) -> str:
    return f"{turn.text}\n{turn.extra_text}" if turn.extra_text else turn.text


def _eval_parts(example, min_answer_words: int) -> tuple[str, Optional[str]]:
    """(the eval text, its final answer normalised: None when left out or absent)."""
    end = example.final_target_index
    if end >= 0 and len(normalize(example.turns[end].text).split()) < min_answer_words:
        return normalize("\n".join(t.text for i, t in enumerate(example.turns) if i != end)), None
    answer = normalize(_turn_text(example.turns[end])) if end >= 0 else None
    return content_text(example), answer


def _answer_spans(texts: list[str], answers: list[Optional[str]], words: sim.Words) -> tuple[np.ndarray, np.ndarray]:
    """Global word index range [start, stop) of each eval text's final answer (empty: none). The
    answer is the text's last words unless turns follow it; then its words are found by content."""
    start = words.offsets[1:].copy()
    stop = words.offsets[1:].copy()
    counts = sim.tokenize_batched([a or "" for a in answers]).offsets
    for e, (text, answer) in enumerate(zip(texts, answers)):
        n = int(counts[e + 1] - counts[e])
        if answer and n and text.endswith(answer):
            start[e] = words.offsets[e + 1] - n
        elif answer and n and answer in text:  # turns after the answer: locate it by its characters
            before = sim.tokenize([text[:text.index(answer)]]).offsets[1]
            start[e] = words.offsets[e] + int(before)
            stop[e] = start[e] + n
    return start, stop


@dataclass(frozen=True)
class NgramOverlap:
    """Feature (hashable, so each parameter set is computed once per view):
    `view.feature(NgramOverlap(n=13))` -> list[Overlap] of eval examples with any match."""

    n: int = 13
    min_answer_words: int = 3
    template_share: float = 0.5
    # the features it reads (see ftlint.view.feature): the distinct training texts, not their signatures,
    # so it does not wait for the shingle index
    needs = (exact_index, text_keys)

    @property
    def __name__(self) -> str:  # the view names features in its timings
        return f"ngram_overlap_{self.n}"

    def __call__(self, view) -> list[Overlap]:
        if view.eval is None or not view.eval.examples or not view.examples:
            return []
        parts = [_eval_parts(ex, self.min_answer_words) for ex in view.eval.examples]
        texts, answers = [p[0] for p in parts], [p[1] for p in parts]
        words = sim.tokenize_batched(texts)
        grams = sim.GramHasher(words).grams(self.n)
        has_words = grams.length > 0
        values = sim.sorted_unique(grams.hash[has_words])
        gid = np.full(len(grams.hash), -1, dtype=np.int64)
        gid[has_words] = np.searchsorted(values, grams.hash[has_words])
        # which n-grams hold words of the eval answer; answer n-grams the eval prompt holds too do not count
        ans_start, ans_stop = _answer_spans(texts, answers, words)
        del words  # (its arrays are most of what this holds)
        in_answer = (grams.first < ans_stop[grams.doc]) & (grams.first + grams.length > ans_start[grams.doc])
        keyed = grams.hash ^ sim.mix64(grams.doc.astype(np.uint64) + np.uint64(1))
        own_prompt = in_answer.copy()  # answer n-grams its own prompt holds too
        prompt_keys = sim.sorted_unique(keyed[~in_answer & has_words])
        own_prompt[in_answer] = sim.is_member(keyed[in_answer], prompt_keys)
        del keyed, prompt_keys
        excluded = self._templates(grams.doc[has_words], gid[has_words], len(values), len(texts))
        # prompt n-grams whose training occurrences are looked up in training answers (those touching
        # eval template words never count, so they are not followed)
        prompt_value = np.zeros(len(values), dtype=bool)
        prompt_value[gid[has_words & ~in_answer & ~self._touching(grams, gid, has_words, excluded)]] = True
        reps = view.feature(exact_index).reps
        first_train, train_count, seen = self._stream_training(view, values, np.unique(grams.length[has_words]),
                                                               prompt_value & ~excluded)
        excluded |= train_count >= max(3, self.template_share * len(reps))  # training boilerplate
        in_train_answer = self._in_training_answers(view, values, np.unique(grams.length[has_words]),
                                                    seen[~excluded[seen[:, 0]]] if len(seen) else seen)
        touches_template = self._touching(grams, gid, has_words, excluded)
        out = []
        bounds = np.searchsorted(grams.doc, np.arange(len(texts) + 1))
        for e in range(len(texts)):
            sl = slice(bounds[e], bounds[e + 1])
            ok = (gid[sl] >= 0) & ~touches_template[sl] & ~own_prompt[sl]
            g, answer_side = gid[sl][ok], in_answer[sl][ok]
            counted = ~excluded[g]
            found = (first_train[g] >= 0) & counted
            content = found & (answer_side | in_train_answer[g])
            context = found & ~content
            if not counted.any() or not found.any():
                continue
            length = int(grams.length[bounds[e]])
            whole = len(g) == 1 and length < self.n and bool(content[0])
            top = Counter(first_train[g[content]].tolist()).most_common(3)
            top_context = Counter(first_train[g[context]].tolist()).most_common(3)
            out.append(Overlap(e, float(content.sum() / counted.sum()), int(content.sum()), int(counted.sum()),
                               length if whole else (_longest_run(content) + self.n - 1 if content.any() else 0),
                               whole, [int(reps[t]) for t, _ in top], int(context.sum()),
                               int((counted & ~answer_side).sum()), [int(reps[t]) for t, _ in top_context]))
        return out

    def _touching(self, grams: sim.Grams, gid: np.ndarray, has_words: np.ndarray, excluded: np.ndarray) -> np.ndarray:
        """N-grams touching template words (one straddling the end of a system prompt): they do not count."""
        template_word = np.zeros(len(grams.hash) and int(grams.first.max() + self.n) + 1, dtype=np.int64)
        tmpl = has_words & (grams.length == self.n)
        tmpl[tmpl] = excluded[gid[tmpl]]
        np.add.at(template_word, grams.first[tmpl], 1)
        np.add.at(template_word, grams.first[tmpl] + self.n, -1)
        free = np.concatenate([[0], np.cumsum(np.cumsum(template_word) == 0)])
        own_words = free[grams.first + grams.length] - free[grams.first]
        return has_words & (grams.length == self.n) & (own_words < self.n)

    def _stream_training(self, view, values: np.ndarray, lengths: np.ndarray,
                         record: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One pass over the training texts: for each eval n-gram, the first training text (index
        into `exact_index`'s reps, the distinct texts) holding it (-1: none) and its occurrences;
        and the distinct (n-gram, training text) pairs of the n-grams marked in `record`."""
        texts = index_texts(view)
        first = np.full(len(values), np.iinfo(np.int64).max, dtype=np.int64)
        count = np.zeros(len(values), dtype=np.int64)
        seen = []
        for g, doc in _occurrences(texts, values, lengths):
            np.minimum.at(first, g, doc)
            np.add.at(count, g, 1)
            keep = record[g]
            if keep.any():
                code = sim.sorted_unique(g[keep] * len(texts) + doc[keep])  # each (n-gram, text) once
                seen.append(np.stack([code // len(texts), code % len(texts)], axis=1))
        first[first == np.iinfo(np.int64).max] = -1
        return first, count, np.concatenate(seen) if seen else np.zeros((0, 2), dtype=np.int64)

    def _in_training_answers(self, view, values: np.ndarray, lengths: np.ndarray, seen: np.ndarray) -> np.ndarray:
        """Which eval n-grams occur in a training answer (an assistant target turn), looked up only in
        the training texts where an eval prompt n-gram was found (`seen`)."""
        out = np.zeros(len(values), dtype=bool)
        if len(seen) == 0:
            return out
        reps = view.feature(exact_index).reps
        answers = ContentTexts(view.examples, reps[sim.sorted_unique(seen[:, 1])], _target_text)  # normalised as read
        for g, _ in _occurrences(answers, values, lengths):
            out[g] = True
        return out

    def _templates(self, doc: np.ndarray, gid: np.ndarray, n_values: int, n_texts: int) -> np.ndarray:
        """N-grams present in at least template_share of the eval texts (and 3 of them)."""
        excluded = np.zeros(n_values, dtype=bool)
        if n_texts < 3 or len(gid) == 0:
            return excluded
        once = sim.sorted_unique(gid.astype(np.int64) * n_texts + doc)  # each (n-gram, text) once
        per_gram = np.bincount(once // n_texts, minlength=n_values)
        return per_gram >= max(3, self.template_share * n_texts)


def _target_text(example) -> str:
    """The example's target turns, normalised (read as the scan goes: they may be most of the
    training data, not held as a list)."""
    return normalize("\n".join(_turn_text(t) for t in example.turns if t.target))


def _occurrences(texts, values: np.ndarray, lengths: np.ndarray):
    """(n-gram id, text index) of every occurrence in `texts` of an n-gram in `values` (sorted
    hashes), for runs of each of `lengths` words; the texts are read a few megabytes at a time."""
    powers, bitmap = sim.shared_powers(), sim.membership_bitmap(values)
    for lo, batch in _slices(texts):
        words = sim.tokenize(batch, powers)
        hasher = sim.GramHasher(words, powers)
        total = len(words.hash)
        for length in lengths.tolist():
            start = np.arange(max(total - length + 1, 0), dtype=np.int64)
            start = start[words.doc[start] == words.doc[start + length - 1]]
            h = hasher.hash(start, length)
            found = sim.is_member(h, values, bitmap)
            yield np.searchsorted(values, h[found]), words.doc[start[found]] + lo


READ_AT_A_TIME = 2_000  # texts of a sequence computed when read (not a list) taken at a time


def _slices(texts):
    """(index of the first, texts) of about a megabyte of texts at a time. A sequence whose texts are
    computed when read (the shingle index's content texts of a large file) is read a text at a time,
    at most READ_AT_A_TIME texts or sim.CHUNK_BYTES characters held, each text computed once."""
    if isinstance(texts, list):
        for lo, hi in sim.batches(texts):
            yield lo, texts[lo:hi]
        return
    start, part, size = 0, [], 0
    for i in range(len(texts)):
        part.append(texts[i])
        size += len(part[-1]) + 1
        if len(part) >= READ_AT_A_TIME or size >= sim.CHUNK_BYTES:
            yield start, part
            start, part, size = i + 1, [], 0
    if part:
        yield start, part


def _longest_run(hit: np.ndarray) -> int:
    if not hit.any():
        return 0
    padded = np.concatenate([[False], hit, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())

