"""What it does:
    Reports every example whose exact token count is over the target model's limit of
    tokens per training example (`--model`, default llama-3.1-8b-instruct: 131,072;
    gpt-4o-mini: 65,536; see `ftlint models`). Tokens are counted with the model's own
    encoding (o200k_base, cl100k_base, llama3, qwen3), offline.

    For an open model (a chat-template profile, `--tokenizer DIR`, `--chat-template FILE`)
    the count is the tokens of the conversation rendered through the chat template, as the
    trainer sees it (`ftlint tokens FILE --show LINE`); FT405 reports what truncation at
    `max_seq_length` cuts, and reports those examples instead of this check (this one
    still checks a preference pair's rejected side, and any example against a configured
    `limit`). For OpenAI models the count is the formula of OpenAI's
    data-preparation guide:
    total = sum over messages of (3 + tokens of each string value of the message - role,
    content, name, tool_call_id - + 1 if the message has a `name`) + 3, where an
    assistant's `tool_calls` and the example's `tools` list count as the tokens of their
    JSON text. Other formats count the tokens of the prompt and the completion. Text is
    counted as ordinary text (`<|endoftext|>` in a message is those characters, not the
    special token); images and other non-text parts are not counted. A message's reasoning
    (`reasoning_content`, reasoning parts, `<think>...</think>`) counts as its content.

    A preference pair is two training sequences, prompt + chosen and prompt + rejected:
    each is counted and checked against the limit (the rejected one is reported at the
    rejected answer's JSON path).

Why it matters:
    An over-long example is truncated to the limit (or the upload is rejected): the
    model trains on a cut-off answer, and you still pay for the tokens.

Example:
    A support transcript of 70,000 tokens in a file for gpt-4o-mini (limit 65,536).

Fix:
    Split the conversation into shorter examples, trim the context (long system prompts,
    pasted documents), or drop the example.

Options:
    limit: tokens allowed per example; overrides the model's limit (default: the model's).
"""
from __future__ import annotations

from typing import Iterable, Optional

import numpy as np
from pydantic import Field

from ftlint.features.preference import pair_tokens
from ftlint.features.tokens import example_tokens
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


class OverTokenLimit(Check):
    code = "FT401"
    name = "over-token-limit"
    severity = Severity.ERROR
    features = (example_tokens, pair_tokens)

    class Options(CheckOptions):
        limit: Optional[int] = Field(default=None, ge=1, description="tokens per example (default: the model's limit)")

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        limit = self.options.limit or counts.limit
        source = f"{counts.model.name}'s limit" if self.options.limit is None else "the configured limit"
        pairs = view.feature(pair_tokens)
        chosen = "prompt + chosen answer" if pairs is not None else "example"
        # a templated model's sequences over max_seq_length are FT405's: it says what truncation drops
        over = counts.total > limit if not (counts.templated and self.options.limit is None) else ()
        for i in np.flatnonzero(over):
            n = int(counts.total[i])
            yield Problem(f"{chosen} has {n:,} tokens, over {source} of {limit:,} tokens per training example "
                          f"by {n - limit:,}; it will be truncated or rejected",
                          line=view.examples[i].line, data={"tokens": n, "limit": limit})
        if pairs is None:
            return
        for i in np.flatnonzero(pairs.paired & (pairs.rejected.total > limit)):
            n, ex = int(pairs.rejected.total[i]), view.examples[i]
            yield Problem(f"prompt + rejected answer has {n:,} tokens, over {source} of {limit:,} tokens per "
                          f"training example by {n - limit:,}; it will be truncated or rejected",
                          line=ex.line, path=ex.rejected[0].path, data={"tokens": n, "limit": limit, "side": "rejected"})
