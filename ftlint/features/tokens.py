"""Token counts per example and per turn, for the run's target model, in one batched call.

Open models (a model profile with a chat template, `--chat-template FILE`, or `--tokenizer DIR`)
are counted as their trainer sees them: the conversation rendered by the chat template and
tokenized with the model's vocabulary; `target` is what the loss mask trains (`--train-on`), and
`target_truncated` what truncation at `max_seq_length` drops from it (see `ftlint.templated`).

OpenAI models use OpenAI's data-preparation cookbook accounting (`num_tokens_from_messages`):

- chat formats (`openai_chat`, `sharegpt`): each turn costs
  ``3 + tokens(role) + tokens(text) + tokens(tool-call JSON) + tokens(name) + 1 if name
  + tokens(tool_call_id)``, i.e. 3 plus the tokens of every string value of the message, plus 1
  for a `name`; the example costs the sum of its turns + 3 (the reply primer) + the tokens of
  the JSON text of its `tools` list.
- other formats (prompt/completion, Alpaca, preference, text): the tokens of each turn's text
  (the concatenated prompt and completion) with no per-message overhead, plus any `tools` JSON.

Target (trainable) tokens are the content tokens (text and tool-call JSON) of target turns,
without the per-message overhead, as the cookbook's `num_assistant_tokens_from_messages`.
Text is counted as ordinary text (see `ftlint.tokens`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ftlint.targets import ModelInfo, resolve_model
from ftlint.tokens import get_tokenizer
from ftlint.view import feature

CHAT_FORMATS = frozenset({"openai_chat", "sharegpt"})
MESSAGE_OVERHEAD = 3  # <|start|>{role}<|message|> framing of every message
REPLY_PRIMER = 3  # every reply is primed with <|start|>assistant<|message|>
NAME_OVERHEAD = 1


@dataclass(frozen=True)
class TokenCounts:
    """Counts aligned with `view.examples` (`total`, `target`) and with their turns (CSR layout).

    The turns of example i are `turn_total[turn_start[i]:turn_start[i + 1]]`: for OpenAI's formula
    what each message adds to the total; for a templated model the tokens each turn's mask trains
    (a template interleaves its own text with the messages, so only the trained share is a turn's).

    Trainer's view (templated models; `setup` is None for OpenAI's formula):
    - `max_seq_length`: the trainer's sequence length (config / --max-seq-length, default the
      profile's context length); `limit` is it.
    - `target_truncated[i]`: trained tokens of example i at positions >= max_seq_length (dropped by
      truncation); None for OpenAI's formula.
    - `notes[i]`: content the template drops (earlier reasoning, a default system prompt it adds,
      tools it does not render); sparse: only examples with notes.
    - `errors[i]`: the template refused example i (`raise_exception`): its counts are 0.
    - `show(view, i)` renders example i to (token ids, trained mask, decoded pieces).
    """

    model: ModelInfo
    backend: str
    total: np.ndarray  # int64, per example
    target: np.ndarray  # int64, per example
    turn_total: np.ndarray  # int64, per turn: what the turn adds to the total
    turn_content: np.ndarray  # int64, per turn: text + tool-call JSON tokens only
    turn_start: np.ndarray  # int64, len(examples) + 1
    max_seq_length: Optional[int] = None
    target_truncated: Optional[np.ndarray] = None  # int64, per example (templated models)
    notes: dict = field(default_factory=dict)  # example index -> tuple of notes
    errors: dict = field(default_factory=dict)  # example index -> the template's refusal
    train_on: Optional[str] = None
    template: Optional[str] = None  # where the chat template came from
    setup: Optional[object] = field(default=None, repr=False, compare=False)  # templated.TrainerSetup

    def turns(self, i: int) -> np.ndarray:
        return self.turn_total[self.turn_start[i]:self.turn_start[i + 1]]

    @property
    def templated(self) -> bool:
        return self.setup is not None

    @property
    def counted(self) -> np.ndarray:
        """Bool per example: it has token counts (its template did not refuse it, see `errors`).
        Statistics, outliers and packing figures are over these examples only."""
        mask = np.ones(len(self.total), dtype=bool)
        if self.errors:
            mask[list(self.errors)] = False
        return mask

    @property
    def limit(self) -> int:
        return self.max_seq_length if self.max_seq_length is not None else self.model.max_tokens

    def show(self, example) -> tuple[list[int], list[bool], list[str]]:
        """Example as the trainer sees it: token ids, trained flags, decoded pieces (templated models)."""
        from ftlint.templated import show_example

        if self.setup is None:
            raise ValueError(f"{self.model.name} is counted with OpenAI's formula: there is no rendered sequence")
        return show_example(self.setup, example)


EXAMPLES_AT_A_TIME = 50_000  # bounds the bookkeeping lists and the distinct-string table


def count_examples(examples, model: ModelInfo, threads: int = 1, backend: Optional[str] = None,
                   setup=None) -> TokenCounts:
    """Count tokens of `examples` for `model` (see the module docstring for the formula), a slice
    of examples at a time so the working memory does not grow with the file. `setup` (a
    `templated.TrainerSetup`) defaults to the model's built-in profile, if it has one."""
    if setup is None and model.templated:
        from ftlint.templated import trainer_setup

        setup = trainer_setup(model, backend=backend)
    if setup is not None:
        return _count_templated(examples, model, setup, threads)
    if len(examples) <= EXAMPLES_AT_A_TIME:
        return _count_slice(examples, model, threads, backend)
    parts = [_count_slice(examples[lo:lo + EXAMPLES_AT_A_TIME], model, threads, backend)
             for lo in range(0, len(examples), EXAMPLES_AT_A_TIME)]
    starts, offset = [np.zeros(1, dtype=np.int64)], 0
    for part in parts:
        starts.append(part.turn_start[1:] + offset)
        offset += int(part.turn_start[-1])
    return TokenCounts(model, parts[0].backend, np.concatenate([p.total for p in parts]),
                       np.concatenate([p.target for p in parts]), np.concatenate([p.turn_total for p in parts]),
                       np.concatenate([p.turn_content for p in parts]), np.concatenate(starts))


def _count_slice(examples, model: ModelInfo, threads: int, backend: Optional[str]) -> TokenCounts:
    tokenizer = get_tokenizer(model.encoding, backend)
    # Each distinct string is counted once (system prompts and roles repeat across examples).
    unique: dict[str, int] = {}
    slot = unique.setdefault
    slots: list[int] = []  # per text occurrence: index of its distinct string
    owner: list[int] = []  # per occurrence: global turn index, or -(example index) - 1 for example-level text
    is_content: list[bool] = []
    chat_turn: list[bool] = []
    role_slots: list[int] = []
    named: list[int] = []
    target_turn: list[bool] = []
    starts = [0]
    add_slot, add_owner, add_content = slots.append, owner.append, is_content.append
    t = 0
    for e, ex in enumerate(examples):
        is_chat = ex.format in CHAT_FORMATS
        if ex.tools_text:
            add_slot(slot(ex.tools_text, len(unique))), add_owner(-e - 1), add_content(False)
        for turn in ex.turns:
            if turn.text:
                add_slot(slot(turn.text, len(unique))), add_owner(t), add_content(True)
            if turn.extra_text:
                add_slot(slot(turn.extra_text, len(unique))), add_owner(t), add_content(True)
            if turn.reasoning:  # reasoning is content the model sees (and, in a target turn, learns)
                add_slot(slot(turn.reasoning, len(unique))), add_owner(t), add_content(True)
            if is_chat:
                if isinstance(turn.name, str):
                    add_slot(slot(turn.name, len(unique))), add_owner(t), add_content(False)
                if isinstance(turn.tool_call_id, str) and turn.tool_call_id:
                    add_slot(slot(turn.tool_call_id, len(unique))), add_owner(t), add_content(False)
            chat_turn.append(is_chat)
            role_slots.append(slot(turn.role, len(unique)))
            named.append(1 if is_chat and isinstance(turn.name, str) else 0)
            target_turn.append(turn.target)
            t += 1
        starts.append(t)
    counts = tokenizer.count_batch(list(unique), threads) if unique else np.zeros(0, np.int64)
    text_counts = counts[np.asarray(slots, dtype=np.int64)]
    role_tokens = counts[np.asarray(role_slots, dtype=np.int64)]

    n_turns, n_examples = t, len(examples)
    owners = np.asarray(owner, dtype=np.int64)
    content_mask = np.asarray(is_content, dtype=bool)
    on_turn = owners >= 0
    turn_content = np.bincount(owners[on_turn & content_mask], weights=text_counts[on_turn & content_mask],
                               minlength=n_turns).astype(np.int64)
    turn_meta = np.bincount(owners[on_turn & ~content_mask], weights=text_counts[on_turn & ~content_mask],
                            minlength=n_turns).astype(np.int64)
    example_level = np.bincount(-owners[~on_turn] - 1, weights=text_counts[~on_turn],
                                minlength=n_examples).astype(np.int64)

    chat = np.asarray(chat_turn, dtype=bool)
    overhead = np.where(chat, MESSAGE_OVERHEAD + role_tokens, 0) + np.asarray(named, dtype=np.int64) * NAME_OVERHEAD
    turn_total = turn_content + turn_meta + overhead

    turn_start = np.asarray(starts, dtype=np.int64)
    example_of_turn = np.repeat(np.arange(n_examples, dtype=np.int64), np.diff(turn_start))
    targets = np.asarray(target_turn, dtype=bool)
    total = np.bincount(example_of_turn, weights=turn_total, minlength=n_examples).astype(np.int64) + example_level
    example_is_chat = np.fromiter((ex.format in CHAT_FORMATS for ex in examples), dtype=bool, count=n_examples)
    total += np.where(example_is_chat, REPLY_PRIMER, 0)
    target = np.bincount(example_of_turn[targets], weights=turn_content[targets],
                         minlength=n_examples).astype(np.int64)
    return TokenCounts(model, tokenizer.backend, total, target, turn_total, turn_content, turn_start)


def _count_templated(examples, model: ModelInfo, setup, threads: int) -> TokenCounts:
    from ftlint.templated import count_templated

    counted = count_templated(examples, setup, threads)
    turn_start = np.concatenate([[0], np.cumsum([len(ex.turns) for ex in examples])]).astype(np.int64)
    return TokenCounts(model, setup.tokenizer.backend, counted.total, counted.target, counted.turn_trained,
                       counted.turn_trained, turn_start, max_seq_length=setup.max_seq_length,
                       target_truncated=counted.target_truncated, notes=counted.notes, errors=counted.errors,
                       train_on=setup.train_on, template=setup.template_source, setup=setup)


@feature()
def token_model(view) -> ModelInfo:
    """The run's target model (`--model`, config, or the default)."""
    return resolve_model(view.settings.model)


def run_trainer_setup(settings, model: ModelInfo):
    """The trainer's view for run settings (`view.RunSettings`), or None for OpenAI's formula.
    Raises ConfigError (exit 2) for a missing tokenizer or a broken template: the engine calls it
    before any check runs. The result is kept in `settings.extra`, so a run builds it once (and
    forked workers share it)."""
    from ftlint.templated import trainer_setup

    memo = getattr(settings, "extra", None)
    key = ("trainer_setup", model.name)
    if memo is not None and key in memo:
        return memo[key]
    setup = trainer_setup(model, chat_template=getattr(settings, "chat_template", None),
                         tokenizer_dir=getattr(settings, "tokenizer_dir", None),
                         train_on=getattr(settings, "train_on", None),
                         max_seq_length=getattr(settings, "max_seq_length", None),
                         backend=settings.extra.get("tokenizer"))
    if memo is not None:
        memo[key] = setup
    return setup


ISOLATE_FROM_CHARS = 10_000_000  # non-ASCII characters (estimated) from which tokens get a worker of their own
ISOLATE_SAMPLE = 5_000  # examples read for the estimate, evenly spaced


def _grows_the_piece_cache(view) -> bool:
    """Whether the view holds over ISOLATE_FROM_CHARS characters of non-ASCII text (estimated from
    an evenly spaced sample): quicktok keeps every distinct piece it has encoded for the life of the
    process, whichever `Tokenizer` encoded it, and deleting one gives none of it back. Non-ASCII
    pieces grow that cache ~2.5 MB per million characters (+227 MB over bench/'s 209 MB
    multilingual file); ASCII text barely does (+14 MB over 110 million characters of chat). So does a
    view whose texts stay in their file (`ftlint.file_texts`, a large file): random ASCII has many
    distinct pieces too (+194 MB over bench/'s 1 GB random-long), and a worker that starts later
    reads those texts from the file instead of copying the pages of held ones."""
    if view.deferred_texts:
        return True
    step = max(1, len(view.examples) // ISOLATE_SAMPLE)
    chars = sum(len(t.text) for ex in view.examples[::step] for t in ex.turns if not t.text.isascii())
    return chars * step > ISOLATE_FROM_CHARS


@feature(needs=(token_model,), isolated=_grows_the_piece_cache)
def example_tokens(view) -> TokenCounts:
    """Token counts of every example of the view, for the run's model (one batched call). On much
    non-ASCII text, and with workers, counted in a worker that then ends (`_grows_the_piece_cache`):
    a worker that starts later copies the pages of the data it reads again, so ASCII text, whose
    cache stays small, is counted wherever the plan puts it."""
    model = view.feature(token_model)
    return count_examples(view.examples, model, threads=max(1, view.settings.jobs),
                          backend=view.settings.extra.get("tokenizer"), setup=run_trainer_setup(view.settings, model))


HISTOGRAM_BINS = 20


def histogram(total: np.ndarray, limit: int, bins: int = HISTOGRAM_BINS) -> dict:
    """Token-length histogram: integer bin edges and counts; bin k holds edges[k] <= tokens < edges[k+1].

    Equal bins span the shortest example to the 99th percentile; the long tail above it is one
    bin, so a few giant examples do not squash the picture. `limit + 1` is an edge whenever
    some example exceeds the model's limit, so bins are either all within it or all over it.
    """
    total = np.asarray(total, dtype=np.int64)
    if total.size == 0:
        return {"edges": [], "counts": [], "limit": limit}
    over = limit + 1
    start, top = min(int(total.min()), over), int(total.max()) + 1
    cap = min(top, int(np.percentile(total, 99)) + 1)
    if cap <= start + 1:
        cap = top
    body = np.linspace(start, cap, (bins if cap == top else bins - 1) + 1)
    extra = [top] + ([over] if start < over < top else [])
    edges = np.unique(np.concatenate([np.ceil(body), extra]).astype(np.int64))
    counts, _ = np.histogram(total, bins=edges)
    return {"edges": edges.tolist(), "counts": counts.tolist(), "limit": limit}


def summarize(total: np.ndarray, target: np.ndarray, model: ModelInfo, limit: Optional[int] = None) -> dict:
    """Dataset token figures (what `stats["tokens"]` and FT404 report); `limit` defaults to the model's."""
    total = np.asarray(total, dtype=np.int64)
    limit = model.max_tokens if limit is None else limit
    out: dict = {"model": model.name, "encoding": model.encoding, "limit": limit, "examples": int(total.size)}
    if total.size:
        p50, p90, p99 = np.percentile(total, [50, 90, 99])
        out.update(min=int(total.min()), median=round(float(p50), 1), p90=round(float(p90), 1),
                   p99=round(float(p99), 1), max=int(total.max()), mean=round(float(total.mean()), 1))
    else:
        out.update(min=0, median=0.0, p90=0.0, p99=0.0, max=0, mean=0.0)
    out.update(total_tokens=int(total.sum()), target_tokens=int(np.asarray(target, dtype=np.int64).sum()),
               over_limit=int((total > limit).sum()), histogram=histogram(total, limit))
    return out


@feature(needs=(example_tokens, token_model))
def training_cost(view):
    """The training cost estimate (`ftlint.cost.CostEstimate`) of this view's examples."""
    from ftlint.cost import estimate_cost

    declarations = view.settings.declarations
    iterations = getattr(declarations, "iterations", None) or 3
    counts = view.feature(example_tokens)
    return estimate_cost(counts.total, view.feature(token_model), epochs=view.settings.epochs,
                         price_per_mtok=view.settings.price_per_mtok, iterations=iterations, limit=counts.limit,
                         target=getattr(view.settings.target, "name", None))
