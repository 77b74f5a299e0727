"""Mistral models as mistral-finetune sees them: mistral-common's own request encoding, offline.

Mistral's models are not counted through a Jinja chat template: Mistral's own fine-tuning code
(mistral-finetune, `finetune/data/tokenize.py`) builds every training sample with `mistral-common`'s
instruct tokenizer, message by message, and so does ftlint (package `mistral-common`, Apache-2.0,
the optional extra `ftlint[mistral]`). The tokenizer file ships in that package: for
`mistral-nemo-instruct-2407` it is `tekken_240718.json`, the file mistral-common itself maps the
models `open-mistral-nemo-2407` and `ministral-8b-2410` to (`MistralTokenizer.v3(is_tekken=True)`).

Counts (chat formats):

- `total`: BOS, then each message as mistral-common encodes it (`encode_user_message`,
  `encode_assistant_message`, `encode_tool_message`), the same tokens `encode_chat_completion`
  gives for the conversation. Text that looks like a control token (`[INST]`, `</s>`) is ordinary
  text, as mistral-common encodes it.
- `target` (`train_on`): ``assistant`` (default, mistral-finetune's mask): every token of each
  assistant message whose weight is not 0 (its text and its `</s>`); when the example defines
  tools, only the last assistant message (mistral-finetune's `only_last`). ``last-assistant``: the
  last assistant message. ``completion``: the assistant messages after the last other message.
  ``all``: every token.
- prompt/completion and text records: `<s>` + prompt + completion + `</s>` (prompt and completion
  tokenized apart); the completion (or the whole text) is trained.

System messages: mistral-finetune accepts one per conversation and mistral-common's v3 encoding
writes it at the start of the *last* user message (`system + "\\n\\n" + text`): an example with a
system prompt and several user turns gets a note saying so; two system messages, or a conversation
mistral-common's finetuning validator refuses (roles out of order, last message not assistant, a
tool message without its call id), is refused with mistral-common's own message (counts 0).

Truncation: `target_truncated` counts trained tokens at positions >= `max_seq_length` (a trainer
that cuts there drops them; mistral-finetune itself packs samples and splits a long one across
sequences).

The tokenizer file is checked once per process against its sha256 (`TOKENIZER_FILES`); a mismatch
is exit 2 naming the package to reinstall.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

from ftlint.config import ConfigError

EXTRA = "pip install 'ftlint[mistral]' (or pip install mistral-common)"
# tokenizer file -> (sha256, where that hash is published)
TOKENIZER_FILES = {
    "tekken_240718.json": ("eccd1665d2e477697c33cb7f0daa6f6dfefc57a0a6bceb66d4be52952f827516",
                           "the RECORD of the mistral-common 1.13.1 wheel on PyPI"),
}
PLAIN_FORMATS = frozenset({"prompt_completion", "text"})
SYSTEM_PLACED_NOTE = ("mistral-common writes the system prompt at the start of the last user message "
                      "(v3 encoding): earlier turns are encoded without it")


@lru_cache(maxsize=None)
def load_tokenizer(filename: str):
    """mistral-common's tokenizer for a bundled file, checked against its published sha256."""
    try:
        from mistral_common.protocol.instruct.validator import ValidationMode
        from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
    except ImportError:
        raise ConfigError(f"this Mistral model is counted with mistral-common's encoding: {EXTRA}") from None
    path = Path(MistralTokenizer._data_path()) / filename
    if not path.is_file():
        raise ConfigError(f"the installed mistral-common does not ship {filename}: {EXTRA}")
    expected, where = TOKENIZER_FILES[filename]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise ConfigError(f"{path} has sha256 {digest}, not {expected} ({where}); reinstall mistral-common "
                          f"(pip install --force-reinstall mistral-common)")
    return MistralTokenizer.from_file(str(path), mode=ValidationMode.finetuning)


class MistralEncoder:
    """The `tokenizer` of a mistral-common trainer setup: it encodes whole examples (see the module)."""

    backend = "mistral-common"
    counts_examples = True  # ftlint.templated hands whole examples to count() and show()

    def __init__(self, filename: str):
        self.encoding = filename
        self._tok = load_tokenizer(filename)
        self._it = self._tok.instruct_tokenizer

    # --- one example ------------------------------------------------------------------------------
    def encode(self, ex) -> tuple[list[int], list[tuple[int, int, int]], list[str]]:
        """Token ids, each message's token range (start, end, turn index) and notes. Raises ValueError
        with mistral-common's (or mistral-finetune's) reason when it refuses the example."""
        tok = self._it.tokenizer
        if ex.format in PLAIN_FORMATS:
            if ex.format == "text":
                ids = tok.encode(ex.turns[0].text, bos=True, eos=True)
                return ids, [(1, len(ids), 0)], []
            prompt = tok.encode(ex.turns[0].text, bos=True, eos=False)
            completion = tok.encode(ex.turns[1].text, bos=False, eos=True)
            return prompt + completion, [(1, len(prompt), 0), (len(prompt), len(prompt) + len(completion), 1)], []
        try:
            return self._encode_chat(ex)
        except ValueError:
            raise
        except Exception as exc:  # mistral-common asserts on what it cannot encode: never a traceback
            raise ValueError(f"mistral-common cannot encode this conversation: {type(exc).__name__}: {exc}") from None

    def _encode_chat(self, ex):
        tok = self._it.tokenizer
        messages, order, system, tools, notes = _messages(ex)
        from mistral_common.protocol.instruct.validator import MistralRequestValidatorV3, ValidationMode

        try:
            validator = MistralRequestValidatorV3(ValidationMode.finetuning)
            validator.validate_messages(messages)
            validator._validate_tools(tools or [])
        except Exception as exc:  # mistral-common's own exception types
            raise ValueError(f"mistral-common's fine-tuning validator: {exc}") from None
        users = [k for k, m in enumerate(messages) if m.role == "user"]
        first, last = (users[0], users[-1]) if users else (-1, -1)
        ids = list(self._it.start())
        spans = []
        for k, message in enumerate(messages):
            if message.role == "user":
                part = self._it.encode_user_message(message, tools, is_last=k == last, is_first=k == first,
                                                    system_prompt=system)
            elif message.role == "tool":
                part = self._it.encode_tool_message(message, is_before_last_user_message=k < last)
            else:
                if message.tool_calls and k == len(messages) - 1:  # mistral-finetune drops the last call's id
                    from mistral_common.protocol.instruct.tool_calls import ToolCall

                    message = message.model_copy(update={"tool_calls": [ToolCall(function=c.function)
                                                                         for c in message.tool_calls]})
                part = self._it.encode_assistant_message(message, is_before_last_user_message=False)
            part = part[0] if isinstance(part, tuple) else part
            spans.append((len(ids), len(ids) + len(part), order[k]))
            ids.extend(part)
        if system is not None and len(users) > 1:
            notes.append(SYSTEM_PLACED_NOTE)
        return ids, spans, notes

    def trained(self, ex, spans, train_on: str, n: int) -> np.ndarray:
        """The mask of trained positions over `n` tokens."""
        mask = np.zeros(n, dtype=bool)
        if train_on == "all":
            mask[:] = True
            return mask
        if ex.format in PLAIN_FORMATS:
            s, e, m = spans[-1]
            if ex.turns[m].target:
                mask[s:e] = True
            return mask
        assistant = [(s, e, m) for s, e, m in spans if ex.turns[m].role == "assistant"]
        if train_on == "completion":
            k = len(spans)
            while k > 0 and ex.turns[spans[k - 1][2]].role == "assistant":
                k -= 1
            if k < len(spans):
                mask[spans[k][0]:] = True
            return mask
        if train_on == "last-assistant" or ex.tools_text:
            assistant = assistant[-1:]
        for s, e, m in assistant:
            if ex.turns[m].target:
                mask[s:e] = True
        return mask

    # --- many examples -----------------------------------------------------------------------------
    def count(self, examples, setup, threads: int = 1):
        """`templated.TemplatedCounts` of `examples` (errors: mistral-common's refusals, counts 0)."""
        from ftlint.templated import TemplatedCounts

        n = len(examples)
        total = np.zeros(n, dtype=np.int64)
        target = np.zeros(n, dtype=np.int64)
        truncated = np.zeros(n, dtype=np.int64)
        turn_start = np.concatenate([[0], np.cumsum([len(ex.turns) for ex in examples])]).astype(np.int64)
        turn_trained = np.zeros(int(turn_start[-1]), dtype=np.int64)
        notes: dict[int, tuple[str, ...]] = {}
        errors: dict[int, str] = {}
        for i, ex in enumerate(examples):
            try:
                ids, spans, found = self.encode(ex)
            except ValueError as exc:
                errors[i] = str(exc)
                continue
            mask = self.trained(ex, spans, setup.train_on, len(ids))
            total[i], target[i] = len(ids), int(mask.sum())
            truncated[i] = int(mask[setup.max_seq_length:].sum())
            for s, e, m in spans:
                turn_trained[turn_start[i] + m] += int(mask[s:e].sum())
            if found:
                notes[i] = tuple(found)
        return TemplatedCounts(total, target, truncated, turn_trained, notes, errors)

    def show(self, setup, ex) -> tuple[list[int], list[bool], list[str]]:
        from ftlint.chat_templates import TemplateError

        try:
            ids, spans, _notes = self.encode(ex)
        except ValueError as exc:
            raise TemplateError(str(exc)) from None
        mask = self.trained(ex, spans, setup.train_on, len(ids))
        return ids, [bool(m) for m in mask], [self.piece(i) for i in ids]

    def piece(self, token_id: int) -> str:
        from mistral_common.tokens.tokenizers.base import SpecialTokenPolicy

        tok = self._it.tokenizer
        return tok.id_to_byte_piece(int(token_id), SpecialTokenPolicy.KEEP).decode("utf-8", errors="replace")


def _messages(ex):
    """The example as mistral-common messages: (messages, turn index of each, system prompt, tools, notes)."""
    from mistral_common.protocol.instruct.messages import FinetuningAssistantMessage, ToolMessage, UserMessage
    from mistral_common.protocol.instruct.tool_calls import FunctionCall, Tool, ToolCall

    messages, order, notes = [], [], []
    system: Optional[str] = None
    try:
        for k, turn in enumerate(ex.turns):
            content = turn.raw_text if turn.raw_text is not None else turn.text
            if turn.reasoning and turn.raw_text is None:
                notes.append(f"the reasoning of turn {k + 1} ({turn.path}) is not encoded: mistral-common's "
                             f"v3 encoding has no place for it")
            if turn.role == "system":
                if system is not None:
                    raise ValueError("mistral-finetune accepts one system message per conversation "
                                     "(finetune/data/tokenize.py); this one has several")
                system = content
                continue
            if turn.role == "user":
                message = UserMessage(content=content)
            elif turn.role == "tool":
                if not turn.tool_call_id:
                    raise ValueError(f"the tool message at {turn.path} has no tool_call_id, which mistral-common's "
                                     f"v3 encoding and mistral-finetune require (and its call an id)")
                message = ToolMessage(content=content, tool_call_id=turn.tool_call_id, name=turn.name)
            elif turn.role == "assistant":
                calls = [ToolCall(id=c.id or "null", function=FunctionCall(name=c.name or "", arguments=c.arguments))
                         for c in turn.tool_calls]
                shared = _sharegpt_call(turn) if not calls and turn.extra_text else None
                if shared is not None:  # a ShareGPT function_call turn: the call as JSON text
                    calls = [ToolCall(function=FunctionCall(name=shared[0], arguments=shared[1]))]
                elif not calls and turn.extra_text:
                    content = "\n".join(filter(None, [content, turn.extra_text]))
                message = FinetuningAssistantMessage(content=content or None, tool_calls=calls or None,
                                                     weight=None if turn.target else 0)
            else:
                raise ValueError(f"mistral-common has no role {turn.role!r}")
            messages.append(message)
            order.append(k)
        tools = [_tool(t) for t in json.loads(ex.tools_text)] if ex.tools_text else None
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        text = str(exc).splitlines()
        raise ValueError(text[0] if len(text) == 1 else f"mistral-common cannot read this conversation: {' '.join(text[:3])}") from None
    return messages, order, system, tools, notes


def _sharegpt_call(turn):
    try:
        value = json.loads(turn.extra_text)
    except ValueError:
        return None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        arguments = value.get("arguments", {})
        return value["name"], arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    return None


def _tool(entry):
    """A tool definition as mistral-finetune reads it (`_parse_available_tools`): the function's name,
    description and parameters; a bare function definition (LLaMA-Factory's tools) is read as one."""
    from mistral_common.protocol.instruct.tool_calls import Function, Tool

    function = entry.get("function", entry) if isinstance(entry, dict) else None
    if not isinstance(function, dict) or not isinstance(function.get("name"), str):
        raise ValueError(f"a tool definition mistral-common cannot read: {json.dumps(entry)[:80]}")
    return Tool(function=Function(name=function["name"], description=function.get("description") or "",
                                  parameters=function.get("parameters") or {}))


def encoder_setup(model, chat_template: Optional[str], tokenizer_dir: Optional[str], train_on: Optional[str],
                  max_seq_length: Optional[int]):
    """The trainer setup of a model counted by mistral-common (`encoder = "mistral-common"` in
    targets.toml), or None when `--tokenizer DIR` asks for that folder's template instead."""
    from ftlint.templated import TrainerSetup

    if tokenizer_dir is not None:
        config = Path(tokenizer_dir) / "tokenizer_config.json"
        has_template = False
        try:
            has_template = bool(json.loads(config.read_text("utf-8")).get("chat_template"))
        except (OSError, ValueError, AttributeError):
            pass
        if chat_template is None and not has_template:
            raise ConfigError(f"{tokenizer_dir}: no chat_template in tokenizer_config.json; give one with "
                              f"--chat-template FILE, or drop --tokenizer to count {model.name} with mistral-common")
        return None
    if chat_template is not None:
        raise ConfigError(f"{model.name} is counted with mistral-common's own encoding, not a chat template: "
                          f"--chat-template needs --tokenizer DIR (a Hugging Face tokenizer folder)")
    length = max_seq_length or model.max_tokens
    if length < 1:
        raise ConfigError("max_seq_length must be at least 1")
    encoder = MistralEncoder(model.tokenizer_file)
    return TrainerSetup(model, None, f"mistral-common {model.tokenizer_file}", encoder, "<s>", "</s>",
                        train_on or model.train_on, length)
