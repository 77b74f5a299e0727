"""Normalised texts of each example: whole example, prompt (before the final target), answer.

Indexes line up with `view.examples`. Role names are part of the whole-example text
so that the same words said by different roles are not "the same example".

A prompt's identity is everything the model conditions on: the system prompt, every turn
before the final target, the tool definitions and the media (images, audio, video). The
prompt and example digests of `text_keys` therefore include `context_text` (tools as
canonical JSON, media references): two records asking the same question with different
tools are different prompts, and are not exact duplicates.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
import json
from functools import lru_cache
from itertools import accumulate
from typing import Optional
from hashlib import blake2b

from ftlint.model import Example
from ftlint.text import normalize
from ftlint.view import feature


def _turn_text(turn) -> str:
    text = f"{turn.reasoning}\n{turn.text}" if turn.reasoning else turn.text  # reasoning is trained text too
    return f"{text}\n{turn.extra_text}" if turn.extra_text else text


@lru_cache(maxsize=1024)
def canonical_json(text: str) -> str:
    """JSON text with keys sorted and no insignificant whitespace (as given when it is not JSON):
    two tool lists are the same when their JSON values are equal. Many examples share one list."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return text


def context_text(ex: Example) -> str:
    """What the model conditions on besides the turns' text: tool definitions and media ('' when none).
    Compared exactly (not case folded): a tool's name or an image path is not prose."""
    if not ex.tools_text and not ex.media:
        return ""
    return f"\x00tools:{canonical_json(ex.tools_text) if ex.tools_text else ''}\x00media:{ex.media}"


def example_text(ex: Example) -> str:
    return "\n".join(f"{t.role}: {_turn_text(t)}" for t in ex.turns)


def prompt_text(ex: Example) -> str:
    end = ex.final_target_index
    turns = ex.turns[:end] if end >= 0 else ex.turns
    return "\n".join(f"{t.role}: {_turn_text(t)}" for t in turns)


def answer_text(ex: Example) -> str:
    end = ex.final_target_index
    return _turn_text(ex.turns[end]) if end >= 0 else ""


@feature(needs=lambda: (normalized_prompts, normalized_answers))
def normalized_examples(view) -> list[str]:
    """normalize(example_text(ex)) for every example. Checks that only compare examples for
    identity should use `example_keys`, which does not keep the texts."""
    prompts, answers = view.feature(normalized_prompts), view.feature(normalized_answers)
    return [_assembled(ex, p, a) for ex, p, a in zip(view.examples, prompts, answers)]


@dataclass(frozen=True)
class TextKeys:
    """128-bit digests of each example's normalised whole text, prompt and answer: equal keys <=>
    equal normalised texts (collisions are negligible), at 16 bytes each instead of the texts.
    `example` and `prompt` also cover the example's `context_text` (tools, media): the prompt key
    is the prompt's identity. `content`: the normalised `content_text` of every example, found in
    the same pass, when they come to at most KEEP_CONTENT_CHARS (`content_size`; None beyond: the
    near-duplicate and leakage features then normalise a text again when they read it)."""

    example: list[bytes]
    prompt: list[bytes]
    answer: list[bytes]
    context: list[bytes]  # digest of `context_text` (tools, media); EMPTY_KEY when there is none
    content: Optional[list[str]] = None

    def __reduce__(self):
        """Pickled packed (it travels from the worker that computed it): each digest list as one
        bytes object and the texts as one string with their lengths, instead of half a million
        small objects the pickler would memoise one by one (0.3 s for 100k examples, 0.05 s packed)."""
        content = None if self.content is None else ("".join(self.content), array("q", map(len, self.content)))
        return _unpacked_keys, (*(b"".join(keys) for keys in (self.example, self.prompt, self.answer, self.context)),
                                content)


def _unpacked_keys(example: bytes, prompt: bytes, answer: bytes, context: bytes, content) -> TextKeys:
    def split(blob: bytes) -> list[bytes]:
        return [blob[i:i + KEY_BYTES] for i in range(0, len(blob), KEY_BYTES)]

    texts = None
    if content is not None:
        joined, ends = content[0], list(accumulate(content[1]))
        texts = [joined[a:b] for a, b in zip([0, *ends], ends)]
    return TextKeys(split(example), split(prompt), split(answer), split(context), texts)


KEEP_CONTENT_CHARS = 50_000_000  # a view's content characters (`content_size`) up to which its texts are kept


def content_size(text: str) -> int:
    """A content text's characters as KEEP_CONTENT_CHARS counts them: those of a text that is not ASCII
    twice (a Python string of such text takes 2 or 4 bytes a character)."""
    return len(text) if text.isascii() else 2 * len(text)


KEY_BYTES = 16


def text_key(normalized: str) -> bytes:
    return blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES).digest()


EMPTY_KEY = text_key("")


def content_text(example) -> str:
    """Normalised text of all turns without role labels: what near-duplicate and leakage
    signatures and comparisons read (labels would make any two short examples look alike)."""
    return normalize("\n".join(filter(None, (x for t in example.turns for x in (t.reasoning, t.text, t.extra_text)))))


@feature()
def text_keys(view) -> TextKeys:
    """Digests of the normalised texts, computed in one pass that normalises each turn once: the
    prompt, answer, whole-example and content texts are put together from the turns' normalised
    texts (`normalize` of texts joined by whitespace is their normalised texts joined by a space;
    `tests/test_text_keys.py` checks it against normalising each text whole)."""
    examples, prompts, answers, contexts = [], [], [], []
    content: Optional[list[str]] = []
    size = 0
    heads: dict[str, str] = {}  # role -> normalize(f"{role}:")
    for ex in view.examples:
        labelled, norms = [], []
        for t in ex.turns:
            norm = normalize(_turn_text(t))
            head = heads.get(t.role)
            if head is None:
                head = heads[t.role] = _role_head(t.role)
            labelled.append(f"{head} {norm}" if norm else head)
            norms.append(norm)
        end = ex.final_target_index
        whole = " ".join(labelled)
        prompt = whole if end < 0 else " ".join(labelled[:end])
        context = context_text(ex)
        examples.append(text_key(whole + context))
        prompts.append(text_key(prompt + context))
        contexts.append(text_key(context) if context else EMPTY_KEY)
        answers.append(text_key(norms[end]) if end >= 0 else EMPTY_KEY)
        if content is not None:
            content.append(" ".join([n for n in norms if n]))
            size += content_size(content[-1])
            if size > KEEP_CONTENT_CHARS:
                content = None  # too much to keep: read again by whoever needs it
    return TextKeys(examples, prompts, answers, contexts, content)


@feature(needs=(text_keys,))
def example_keys(view) -> list[bytes]:
    """Digest of each normalised example (see `TextKeys`)."""
    return view.feature(text_keys).example


def _assembled(ex: Example, prompt: str, answer: str) -> str:
    """normalize(example_text(ex)) from the normalised prompt and answer (whitespace collapses at the
    joins), so no text is normalised twice."""
    end = ex.final_target_index
    if end < 0:
        return prompt
    parts = [prompt] if prompt else []
    head = _role_head(ex.turns[end].role)
    parts.append(f"{head} {answer}" if answer else head)
    if end + 1 < len(ex.turns):
        tail = normalize("\n".join(f"{t.role}: {_turn_text(t)}" for t in ex.turns[end + 1:]))
        if tail:
            parts.append(tail)
    return " ".join(parts)


@lru_cache(maxsize=256)
def _role_head(role: str) -> str:
    return normalize(f"{role}:")


@feature()
def normalized_prompts(view) -> list[str]:
    return [normalize(prompt_text(ex)) for ex in view.examples]


@feature()
def normalized_answers(view) -> list[str]:
    return [normalize(answer_text(ex)) for ex in view.examples]
