"""The trainer's view of an example: its conversation rendered by the model's chat template,
tokenized with the model's vocabulary, and the mask of tokens the loss trains.

Counting (what `ftlint tokens`, the FT4xx checks, the statistics and the cost read for an open
model):

- chat formats (OpenAI chat, ShareGPT, Alpaca, preference: prompt turns plus the chosen answer):
  the messages are rendered with `add_generation_prompt=False`, as transformers'
  `apply_chat_template` renders them, and the whole text is tokenized as the trainer's Hugging
  Face tokenizer does: special-token strings are single tokens *wherever they appear* (also inside
  a user's message), and the template's own `bos_token` is the only BOS.
- prompt/completion and plain text: not templated (Together's and TRL's non-conversational
  formats): `bos + prompt + completion + eos`.

`total` = tokens of that sequence. `target` = tokens the mask trains, by `train_on`:

- ``assistant`` (default): the text of `{% generation %}` blocks of assistant messages whose weight
  is not 0 (TRL `assistant_only_loss`, transformers `return_assistant_tokens_mask`). A template
  without `{% generation %}` blocks trains nothing in this mode, as TRL would (noted once).
- ``last-assistant``: the generation block of the last assistant message only (if its weight is not 0).
- ``completion``: everything after the prompt, where the prompt is the conversation up to the last
  non-assistant message rendered with `add_generation_prompt=True` (TRL's prompt/completion loss);
  for prompt/completion data, the completion and EOS.
- ``all``: every token.

A token is trained when any of its characters falls in a trained span (transformers' rule).
`target_truncated` counts trained tokens at positions >= `max_seq_length`: what truncation drops.

How it is counted: a conversation of plain system/user/assistant messages on a built-in template
is *framed* (`ftlint.fast_templates.framer`): the rendered text is listed as pieces that no token
crosses (a special token is atomic; a header's closing newline before a text that does not start
with whitespace ends a pre-tokenizer match), each wholly trained or not, so every distinct piece is
tokenized once and the counts are sums over pieces, without token ids. Any other conversation or
template is rendered (the template itself, or the fast renderer's identical text) and tokenized
whole, and its mask laid over the token positions. tests/test_fast_templates.py requires both ways
to give the same counts on the 300 conversations of bench/verify_templates.py.

Dates: Llama 3.1's template writes "Today Date: 26 Jul 2024" unless told a date; Llama 3.2's writes
the day it runs (transformers' `strftime_now("%d %b %Y")`). The Llama 3.2 profiles (`date_format` in
targets.toml) therefore count the header with the date of the run's day, taken once per run, as the
trainer would render it that day: a run on another day can differ by the tokens of that date in
every example's (untrained) header, and in nothing else. A template given with --chat-template or
--tokenizer that calls `strftime_now` gets the day it is rendered on, as with transformers.

Notes name content the template drops: reasoning of earlier turns (Qwen3), a default system prompt
the template adds (Qwen2.5), tool definitions or reasoning that do not appear in the rendered text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import numpy as np

from ftlint.config import ConfigError
from ftlint.targets import ModelInfo

if TYPE_CHECKING:
    from ftlint.chat_templates import ChatTemplate

TRAIN_ON = ("assistant", "last-assistant", "completion", "all")
PLAIN_FORMATS = frozenset({"prompt_completion", "text"})
REASONING_KEYS = ("reasoning_content", "reasoning", "thinking")
DEFAULT_SYSTEM_NOTE = "the template adds Qwen's default system prompt (the example has none)"
NO_GENERATION_NOTE = ("the chat template has no {% generation %} block: an assistant-only loss trains nothing "
                      "(use --train-on all or completion, or a template that marks assistant text)")


@dataclass
class TrainerSetup:
    """Everything that decides the trainer's view: template, tokenizer, mask, sequence length."""

    model: ModelInfo
    template: "ChatTemplate"  # (or BuiltinTemplate; None for an encoder of whole examples)
    template_source: str  # "built-in llama-3.1", "FILE.jinja", "DIR/tokenizer_config.json"
    tokenizer: object  # ftlint.tokens.ChatTokenizer
    bos_token: str
    eos_token: str
    train_on: str
    max_seq_length: int
    variables: dict = field(default_factory=dict)


@lru_cache(maxsize=16)
def builtin_template(name: str) -> "ChatTemplate":
    from ftlint.chat_templates import ChatTemplate

    return ChatTemplate(_builtin_source(name), f"built-in template {name}", trusted=True)


def _builtin_source(name: str) -> str:
    resource = files("ftlint").joinpath("profiles", f"{name}.jinja")
    try:
        return resource.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"targets.toml names the chat template {name!r}, which ftlint/profiles does not ship") from None


class BuiltinTemplate:
    """A built-in template, compiled by Jinja on its first rendering: a run whose conversations are all
    framed (see `count_templated`) never imports Jinja."""

    def __init__(self, name: str) -> None:
        _builtin_source(name)  # a missing file is a configuration error now, not at the first rendering
        self.name = name

    def render(self, messages, **variables):
        return builtin_template(self.name).render(messages, **variables)


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: {what} is not UTF-8 text") from None


def _token_text(value) -> str:
    if isinstance(value, dict):  # tokenizer_config.json's AddedToken form
        value = value.get("content", "")
    return value if isinstance(value, str) else ""


def trainer_setup(model: ModelInfo, chat_template: Optional[str] = None, tokenizer_dir: Optional[str] = None,
                  train_on: Optional[str] = None, max_seq_length: Optional[int] = None,
                  backend: Optional[str] = None) -> Optional[TrainerSetup]:
    """The trainer's view for this run, or None when the model is counted with OpenAI's formula.

    Template sources, in order: `chat_template` (a .jinja file), `tokenizer_dir`'s
    tokenizer_config.json, the model's built-in profile."""
    from ftlint.tokens import chat_tokenizer, folder_tokenizer

    if train_on is not None and train_on not in TRAIN_ON:
        raise ConfigError(f"unknown train_on {train_on!r}; choose one of {', '.join(TRAIN_ON)}")
    if model.encoder == "mistral-common":  # counted by mistral-common's own encoding (ftlint.mistral_encoding)
        from ftlint.mistral_encoding import encoder_setup

        setup = encoder_setup(model, chat_template, tokenizer_dir, train_on, max_seq_length)
        if setup is not None:
            return setup
    config: dict = {}
    if tokenizer_dir is not None:
        folder = Path(tokenizer_dir)
        config_path = folder / "tokenizer_config.json"
        if not folder.is_dir():
            raise ConfigError(f"--tokenizer {tokenizer_dir}: not a folder (give a Hugging Face tokenizer folder "
                              f"holding tokenizer.json and tokenizer_config.json)")
        if config_path.is_file():
            try:
                config = json.loads(_read_text(config_path, "the tokenizer configuration"))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{config_path}: invalid JSON ({exc.msg}, line {exc.lineno})") from None
            if not isinstance(config, dict):
                raise ConfigError(f"{config_path}: not a JSON object")
        tokenizer = folder_tokenizer(folder)
    elif model.templated or chat_template is not None:
        tokenizer = chat_tokenizer(model.encoding, model.chat_template, backend)
    else:
        return None

    if chat_template is not None:
        from ftlint.chat_templates import ChatTemplate

        path = Path(chat_template)
        template = ChatTemplate(_read_text(path, "the chat template"), str(path))
        source = str(path)
    elif config.get("chat_template"):
        raw = config["chat_template"]
        if isinstance(raw, list):  # named templates: the "default" one
            raw = next((t.get("template") for t in raw if isinstance(t, dict) and t.get("name") == "default"), None)
        if not isinstance(raw, str):
            raise ConfigError(f"{tokenizer_dir}/tokenizer_config.json: no usable chat_template")
        from ftlint.chat_templates import ChatTemplate

        template, source = ChatTemplate(raw, f"{tokenizer_dir}/tokenizer_config.json"), f"{tokenizer_dir}/tokenizer_config.json"
    elif tokenizer_dir is not None and not model.templated:
        raise ConfigError(f"{tokenizer_dir}/tokenizer_config.json has no chat_template; give one with --chat-template FILE")
    else:
        template, source = BuiltinTemplate(model.chat_template), f"built-in {model.chat_template}"

    bos = _token_text(config.get("bos_token")) if config else model.bos_token
    eos = _token_text(config.get("eos_token")) if config else model.eos_token
    variables = {}
    if model.date_format and not config and chat_template is None:
        variables["date_string"] = datetime.now().strftime(model.date_format)
    length = max_seq_length or model.max_tokens
    if length < 1:
        raise ConfigError("max_seq_length must be at least 1")
    return TrainerSetup(model, template, source, tokenizer, bos, eos, train_on or model.train_on, length, variables)


# --- examples to messages -------------------------------------------------------------------------

def _tool_calls(turn) -> list:
    calls = []
    for call in turn.tool_calls:
        entry: dict = {"type": "function", "function": {"name": call.name, "arguments": call.arguments}}
        if call.id is not None:
            entry["id"] = call.id
        calls.append(entry)
    if not calls and turn.extra_text:  # ShareGPT function_call turns carry the call as JSON text
        try:
            value = json.loads(turn.extra_text)
        except ValueError:
            value = None
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            calls.append({"type": "function", "function": {"name": value["name"], "arguments": value.get("arguments", {})}})
    return calls


def example_messages(ex) -> tuple[list[dict], Optional[list]]:
    """The example as the `messages` (and `tools`) a trainer passes to `apply_chat_template`."""
    messages = []
    for turn in ex.turns:
        if not (turn.tool_calls or turn.extra_text or turn.tool_call_id or turn.name is not None
                or turn.reasoning or turn.raw_text is not None):  # the common case: role and text only
            messages.append({"role": turn.role, "content": turn.text})
            continue
        message: dict = {"role": turn.role, "content": turn.text}
        calls = _tool_calls(turn)
        if calls:
            message["tool_calls"] = calls
        elif turn.extra_text:
            message["content"] = "\n".join(filter(None, [turn.text, turn.extra_text]))
        if turn.tool_call_id:
            message["tool_call_id"] = turn.tool_call_id
        if isinstance(turn.name, str):
            message["name"] = turn.name
        reasoning, raw = turn.reasoning, turn.raw_text
        if raw is not None:  # <think>...</think> written in the content: the template receives it there
            message["content"] = raw
        elif reasoning:  # a reasoning field keeps its own name (a template reads only the names it knows)
            where = turn.reasoning_path or ""
            key = where.rsplit(".", 1)[-1] if where.rsplit(".", 1)[-1] in REASONING_KEYS else "reasoning_content"
            message[key] = reasoning
        messages.append(message)
    tools = None
    if ex.tools_text:
        try:
            tools = json.loads(ex.tools_text)
        except ValueError:
            tools = None
    return messages, tools


# --- rendering to text and trained character spans ---------------------------------------------------

@dataclass
class RenderedExample:
    text: str
    trained: list[tuple[int, int, Optional[int]]]  # character spans the mask trains (with their turn)
    notes: list[str]
    error: Optional[str] = None


def _reasoning_of(message: dict) -> str:
    for key in REASONING_KEYS:
        if message.get(key):
            return message[key]
    content = message.get("content") or ""
    if "</think>" in content:
        return content.split("</think>")[0].split("<think>")[-1].strip("\n")
    return ""


def _notes(setup: TrainerSetup, ex, messages: list[dict], tools, text: str) -> list[str]:
    notes = []
    if setup.template_source == "built-in qwen2.5" and not (messages and messages[0]["role"] == "system"):
        notes.append(DEFAULT_SYSTEM_NOTE)
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        thought = _reasoning_of(message).strip()
        if thought and thought not in text:
            notes.append(f"the reasoning of turn {i + 1} ({ex.turns[i].path}) is not rendered: the template drops it")
    if tools:
        names = [t.get("function", t).get("name") for t in tools if isinstance(t, dict)]
        missing = [n for n in names if isinstance(n, str) and n not in text]
        if missing:
            notes.append(f"tool definitions not rendered by the template: {', '.join(missing)}")
    if messages and messages[0]["role"] == "system":
        system = (messages[0]["content"] or "").strip()
        if system and system not in text:
            notes.append("the system prompt is not rendered by the template")
    return notes


def render_example(setup: TrainerSetup, ex) -> RenderedExample:
    """Text of the example as the trainer renders it, and the character spans its mask trains."""
    from ftlint.chat_templates import TemplateError

    if ex.format in PLAIN_FORMATS:
        return _render_plain(setup, ex)
    messages, tools = example_messages(ex)
    variables = dict(setup.variables, bos_token=setup.bos_token, eos_token=setup.eos_token, add_generation_prompt=False)
    if tools is not None:
        variables["tools"] = tools
    try:
        rendering = setup.template.render(messages, **variables)
    except TemplateError as exc:
        return RenderedExample("", [], [], error=str(exc))
    text = rendering.text
    if setup.train_on == "completion":
        trained = _completion_span(setup, messages, variables, text)
    else:
        trained = _select(setup.train_on, ex, rendering.spans, text)
    return RenderedExample(text, trained, _notes(setup, ex, messages, tools, text))


def _select(mode: str, ex, spans, text: str):
    """The generation spans a mask mode trains (assistant, last-assistant, all)."""
    if mode == "all":
        return [(0, len(text), None)]
    trained = [(s, e, m) for s, e, m in spans
               if m is not None and m < len(ex.turns) and ex.turns[m].role == "assistant" and ex.turns[m].target]
    if mode == "last-assistant":
        last = max((i for i, t in enumerate(ex.turns) if t.role == "assistant"), default=None)
        trained = [span for span in trained if span[2] == last]
    return trained


def _completion_span(setup: TrainerSetup, messages: list[dict], variables: dict, text: str):
    from ftlint.chat_templates import TemplateError

    k = len(messages)
    while k > 0 and messages[k - 1]["role"] == "assistant":
        k -= 1
    if k == len(messages):
        return []
    try:
        prompt = setup.template.render(messages[:k], **dict(variables, add_generation_prompt=True)).text
    except TemplateError:
        return []
    if not text.startswith(prompt):
        return []
    return [(len(prompt), len(text), k)]


def _render_plain(setup: TrainerSetup, ex) -> RenderedExample:
    bos, eos = setup.bos_token, setup.eos_token
    if ex.format == "text":
        body = ex.turns[0].text
        text = bos + body + eos
        return RenderedExample(text, [(len(bos), len(text), 0)] if ex.turns[0].target else [], [])
    prompt, completion = ex.turns[0].text, ex.turns[1].text
    text = bos + prompt + completion + eos
    if setup.train_on == "all":
        return RenderedExample(text, [(0, len(text), None)], [])
    start = len(bos) + len(prompt)
    return RenderedExample(text, [(start, len(text), 1)] if ex.turns[1].target else [], [])


# --- counting -----------------------------------------------------------------------------------------

@dataclass
class TemplatedCounts:
    total: np.ndarray
    target: np.ndarray
    target_truncated: np.ndarray
    turn_trained: np.ndarray  # per turn: trained tokens of that turn's spans
    notes: dict[int, tuple[str, ...]]
    errors: dict[int, str]


CHUNK = 2048  # examples rendered and tokenized together
CHUNK_CHARS = 2_000_000  # ... or fewer, holding about this much text (a token's arrays take ~50 bytes)


def _chunks(examples):
    """(lo, hi) ranges of at most CHUNK examples and about CHUNK_CHARS characters of turn text."""
    lo, chars = 0, 0
    for i, ex in enumerate(examples):
        chars += ex.text_chars
        if i + 1 - lo >= CHUNK or chars >= CHUNK_CHARS:
            yield lo, i + 1
            lo, chars = i + 1, 0
    if lo < len(examples):
        yield lo, len(examples)


def _builtin_name(setup: TrainerSetup, tokenizer_method: str) -> Optional[str]:
    """The built-in template's name when a fast path applies: assistant, last-assistant and all
    masks, on a tokenizer with `tokenizer_method`; None for any other template, mode or tokenizer."""
    if not setup.template_source.startswith("built-in ") or setup.train_on == "completion":
        return None
    if not hasattr(setup.tokenizer, tokenizer_method):
        return None
    return setup.template_source[len("built-in "):]


def _fast_renderer(setup: TrainerSetup):
    """ftlint's fast renderer of a built-in template (same text and spans, see ftlint.fast_templates),
    or None (see `_builtin_name`)."""
    from ftlint.fast_templates import fast_renderer

    name = _builtin_name(setup, "encode_parts")
    return None if name is None else fast_renderer(name)


def _framer(setup: TrainerSetup):
    """The framer of a built-in template (ftlint.fast_templates.framer: the rendered text as pieces no
    token crosses, counted piece by piece), or None (see `_builtin_name`)."""
    from ftlint.fast_templates import framer

    name = _builtin_name(setup, "count_texts")
    return None if name is None else framer(name)


def _adds_default_system(setup: TrainerSetup, ex) -> bool:
    """Qwen2.5's template puts in its default system prompt: the example has none of its own."""
    return setup.template_source == "built-in qwen2.5" and not (ex.turns and ex.turns[0].role == "system")


def count_templated(examples, setup: TrainerSetup, threads: int = 1) -> TemplatedCounts:
    """Exact totals, trained tokens and truncated trained tokens of `examples` (see the module docstring).

    Conversations a built-in template frames (ftlint.fast_templates) are counted piece by piece; the
    others are rendered (fast renderer or the template) and tokenized whole, token by token."""
    if getattr(setup.tokenizer, "counts_examples", False):  # an encoder of whole examples (ftlint.mistral_encoding)
        return setup.tokenizer.count(examples, setup, threads)
    n = len(examples)
    total = np.zeros(n, dtype=np.int64)
    target = np.zeros(n, dtype=np.int64)
    truncated = np.zeros(n, dtype=np.int64)
    turn_counts = np.fromiter((len(ex.turns) for ex in examples), dtype=np.int64, count=n)
    turn_start = np.concatenate([[0], np.cumsum(turn_counts)])
    turn_trained = np.zeros(int(turn_start[-1]), dtype=np.int64)
    notes: dict[int, tuple[str, ...]] = {}
    errors: dict[int, str] = {}
    out = (total, target, truncated, turn_trained, turn_start, notes)
    frame = _framer(setup)
    if frame is None:
        rest = list(range(n))
    else:
        rest = []
        for lo in range(0, n, FRAMED_AT_A_TIME):
            rest += _count_framed(examples, range(lo, min(n, lo + FRAMED_AT_A_TIME)), setup, frame, threads, out)
    for lo, hi in _chunks([examples[i] for i in rest]):
        _count_rendered(examples, rest[lo:hi], setup, threads, out, errors)
    for i in errors:
        total[i] = target[i] = truncated[i] = 0
    return TemplatedCounts(total, target, truncated, turn_trained, notes, errors)


FRAMED_AT_A_TIME = 16_384  # examples framed and counted together (bounds the piece lists)


def _count_framed(examples, indices, setup: TrainerSetup, frame, threads: int, out) -> list[int]:
    """Counts the examples of `indices` that `frame` frames into `out`; returns the others."""
    total, target, truncated, turn_trained, turn_start, notes = out
    texts: list[str] = []
    turns: list[int] = []  # per piece: the example's turn whose mask trains it, or -1
    framed: list[int] = []
    bounds = [0]
    rest: list[int] = []
    bos, variables = setup.bos_token, setup.variables
    for i in indices:
        ex = examples[i]
        if ex.format not in PLAIN_FORMATS and frame(ex, bos, variables, texts, turns):
            framed.append(i)
            bounds.append(len(texts))
            if _adds_default_system(setup, ex):
                notes[i] = (DEFAULT_SYSTEM_NOTE,)
        else:
            rest.append(i)
    if not framed:
        return rest
    distinct = dict.fromkeys(texts)  # each distinct piece (headers, repeated prompts) counted once
    where = {text: k for k, text in enumerate(distinct)}
    counts = setup.tokenizer.count_texts(list(distinct), threads)[np.fromiter(map(where.__getitem__, texts),
                                                                                dtype=np.int64, count=len(texts))]
    del distinct, where, texts
    ids = np.asarray(framed, dtype=np.int64)
    per_example = np.diff(np.asarray(bounds, dtype=np.int64))
    example_of = np.repeat(np.arange(ids.size, dtype=np.int64), per_example)
    local_turn = np.asarray(turns, dtype=np.int64)
    has_turn = local_turn >= 0
    global_turn = np.where(has_turn, turn_start[ids][example_of] + local_turn, 0)
    if setup.train_on == "all":
        trained = np.ones(local_turn.size, dtype=bool)
    else:
        target_turn = np.fromiter((t.target for k in framed for t in examples[k].turns), dtype=bool,
                                  count=int(np.sum(np.diff(turn_start)[ids])))
        first_turn = np.concatenate([[0], np.cumsum(np.diff(turn_start)[ids])])[:-1]
        trained = has_turn & target_turn[np.where(has_turn, first_turn[example_of] + local_turn, 0)]
        if setup.train_on == "last-assistant":  # only the example's last assistant turn (the frames mark assistants)
            last = np.full(ids.size, -1, dtype=np.int64)
            np.maximum.at(last, example_of[has_turn], local_turn[has_turn])
            trained &= local_turn == last[example_of]
    end = np.cumsum(counts)
    example_base = np.concatenate([[0], end[np.asarray(bounds[1:], dtype=np.int64) - 1]])[:-1]
    end -= example_base[example_of]
    start = end - counts
    total[ids] = np.bincount(example_of, weights=counts, minlength=ids.size).astype(np.int64)
    target[ids] = np.bincount(example_of[trained], weights=counts[trained], minlength=ids.size).astype(np.int64)
    late = np.maximum(end - np.maximum(start, setup.max_seq_length), 0)
    truncated[ids] = np.bincount(example_of[trained], weights=late[trained], minlength=ids.size).astype(np.int64)
    if setup.train_on != "all":  # (a mask of everything credits no turn, as the token-level count does)
        np.add.at(turn_trained, global_turn[trained], counts[trained])
    return rest


def _count_rendered(examples, indices, setup: TrainerSetup, threads: int, out, errors: dict) -> None:
    """Renders the examples of `indices` (fast renderer or template), tokenizes them whole and counts
    their tokens into `out`."""
    total, target, truncated, turn_trained, turn_start, notes = out
    tokenizer = setup.tokenizer
    fast = _fast_renderer(setup)
    texts, spans = [], []
    for i in indices:
        ex = examples[i]
        if fast is not None and ex.format not in PLAIN_FORMATS:
            out_fast = fast(ex, setup.bos_token, setup.variables)
            if out_fast is not None:
                text = out_fast.text
                utext, uspans = tokenizer.prepare(text, _select(setup.train_on, ex, out_fast.spans, text))
                if utext == text:  # (a text NFC changes is tokenized from its normalised form below)
                    if _adds_default_system(setup, ex):
                        notes[i] = (DEFAULT_SYSTEM_NOTE,)
                    texts.append(out_fast.pieces)
                    spans.append(uspans)
                    continue
        rendered = render_example(setup, ex)
        if rendered.error is not None:
            errors[i] = rendered.error
        if rendered.notes:
            notes[i] = tuple(rendered.notes)
        text, unit_spans = tokenizer.prepare(rendered.text, rendered.trained)
        texts.append(text)
        spans.append(unit_spans)
    if not texts:
        return
    ids = np.asarray(indices, dtype=np.int64)
    tokens, offsets, ends = tokenizer.encode_many(texts, threads)
    counts = np.diff(offsets)
    total[ids] = counts
    trained_mask = _mask(offsets, ends, spans)
    example_of = np.repeat(np.arange(ids.size, dtype=np.int64), counts)
    position = np.arange(tokens.size, dtype=np.int64) - offsets[:-1][example_of]
    target[ids] = np.bincount(example_of[trained_mask], minlength=ids.size)
    late = trained_mask & (position >= setup.max_seq_length)
    truncated[ids] = np.bincount(example_of[late], minlength=ids.size)
    _turn_shares(turn_trained, turn_start, ids, offsets, ends, spans, trained_mask)


def _token_starts(offsets: np.ndarray, ends: np.ndarray) -> np.ndarray:
    starts = np.empty_like(ends)
    if ends.size:
        starts[1:] = ends[:-1]
        starts[offsets[:-1][np.diff(offsets) > 0]] = 0
    return starts


def _global(offsets, ends, spans):
    """Token ends and span bounds on one axis over the chunk (each example shifted past the previous)."""
    n = len(spans)
    counts = np.diff(offsets)
    lengths = np.zeros(n, dtype=np.int64)
    nonempty = counts > 0
    lengths[nonempty] = ends[offsets[1:][nonempty] - 1]
    shift = np.concatenate([[0], np.cumsum(lengths + 1)])[:-1]  # +1 keeps examples apart
    token_shift = np.repeat(shift, counts)
    return shift, ends + token_shift, _token_starts(offsets, ends) + token_shift


def _span_tokens(offsets, ends, spans):
    """Per trained span (flattened): its example, turn, and the token range [first, last) it touches."""
    shift, g_end, g_start = _global(offsets, ends, spans)
    flat = [(j, s + shift[j], e + shift[j], -1 if m is None else m) for j, sp in enumerate(spans) for s, e, m in sp if e > s]
    if not flat:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    j, a, b, m = (np.asarray(col, dtype=np.int64) for col in zip(*flat))
    first = np.searchsorted(g_end, a, side="right")
    last = np.maximum(np.searchsorted(g_start, b, side="left"), first)
    return j, m, first, last


def _mask(offsets, ends, spans) -> np.ndarray:
    size = int(offsets[-1])
    if not size or not any(spans):
        return np.zeros(size, dtype=bool)
    _j, _m, first, last = _span_tokens(offsets, ends, spans)
    marks = np.zeros(size + 1, dtype=np.int64)
    np.add.at(marks, first, 1)
    np.add.at(marks, last, -1)
    return np.cumsum(marks)[:size] > 0


def _turn_shares(turn_trained, turn_start, ids, offsets, ends, spans, trained_mask) -> None:
    """Adds each turn's trained tokens (a token shared by two spans counts for the first)."""
    if not any(spans):
        return
    j, m, first, last = _span_tokens(offsets, ends, spans)
    keep = m >= 0
    csum = np.concatenate([[0], np.cumsum(trained_mask)])
    np.add.at(turn_trained, turn_start[ids[j[keep]]] + m[keep], csum[last[keep]] - csum[first[keep]])


def _render_fast(setup: TrainerSetup, ex) -> Optional[RenderedExample]:
    """`render_example`'s result through the built-in template's fast renderer (the same text and
    spans, see tests/test_fast_templates.py; no Jinja compile for the report's longest and shortest
    example), or None where it does not apply."""
    fast = _fast_renderer(setup) if ex.format not in PLAIN_FORMATS else None
    out = fast(ex, setup.bos_token, setup.variables) if fast is not None else None
    if out is None:
        return None
    messages, tools = example_messages(ex)
    return RenderedExample(out.text, _select(setup.train_on, ex, out.spans, out.text),
                           _notes(setup, ex, messages, tools, out.text))


def show_example(setup: TrainerSetup, ex) -> tuple[list[int], list[bool], list[str]]:
    """One example as the trainer sees it: token ids, trained flags, and each token's text."""
    if getattr(setup.tokenizer, "counts_examples", False):  # an encoder of whole examples (ftlint.mistral_encoding)
        return setup.tokenizer.show(setup, ex)
    rendered = _render_fast(setup, ex) or render_example(setup, ex)
    if rendered.error is not None:
        from ftlint.chat_templates import TemplateError

        raise TemplateError(rendered.error)
    text, spans = setup.tokenizer.prepare(rendered.text, rendered.trained)
    ids, offsets, ends = setup.tokenizer.encode_many([text], 1)
    mask = [bool(m) for m in _mask(offsets, ends, [spans])]
    if hasattr(setup.tokenizer, "offsets"):
        pieces = _text_pieces(text, setup.tokenizer.offsets(text), mask)
    else:
        pieces = setup.tokenizer.pieces(ids)
    return [int(i) for i in ids], mask, pieces


def _text_pieces(text: str, spans: list[tuple[int, int]], mask: list[bool]) -> list[str]:
    """Each token's text, with the text a pre-tokenizer leaves between tokens (spaces) given to a
    neighbour: to the token before, unless that one is trained and the next is not (a trained run
    then ends at its last token)."""
    pieces = [text[s:e] for s, e in spans]
    if not pieces:
        return pieces
    pieces[0] = text[:spans[0][0]] + pieces[0]
    for k in range(len(spans) - 1):
        gap = text[spans[k][1]:spans[k + 1][0]]
        if not gap:
            continue
        if mask[k] and not mask[k + 1]:
            pieces[k + 1] = gap + pieces[k + 1]
        else:
            pieces[k] += gap
    if not mask[-1]:  # text after the last token shows with it, unless that would put it inside a trained run
        pieces[-1] += text[spans[-1][1]:]
    return pieces
