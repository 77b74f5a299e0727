"""The OpenAI cookbook's data-preparation recipe, as a benchmark baseline (what users run instead).

    python bench/recipe.py train.jsonl [eval.jsonl ...]

This follows "Data preparation and analysis for chat model fine-tuning"
(https://cookbook.openai.com/examples/chat_finetuning_data_prep), step by step, written here
from its description (not copied):

1. load: `json.loads` of every line (a line that does not parse is counted as a format error
   and skipped: the notebook itself would stop with a traceback on the first one);
2. format checks per example: not a dict, no `messages` list, a message missing `role` or
   `content`, unrecognised message keys, unrecognised role, missing content, no assistant
   message;
3. exact token counts with tiktoken, one `encoding.encode` call per message value
   (`num_tokens_from_messages`: 3 per message, 1 per name, 3 for the reply primer;
   `num_assistant_tokens_from_messages`), with the same encoding ftlint's default model uses
   (`o200k_base`, loaded offline through `ftlint.tokens`, so the two count the same tokens);
4. the statistics it prints: examples missing a system or user message, messages per example,
   total and assistant tokens per example (min/max/mean/median/p5/p95), examples over the
   16,385-token limit, and the billed-tokens and epochs estimate.

Prints one JSON line: seconds (interpreter start excluded), examples, format errors and the
token total, so `bench/run.py` can put it beside ftlint's time on the same files.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict

MAX_TOKENS_PER_EXAMPLE = 16_385
TARGET_EPOCHS, MIN_TARGET_EXAMPLES, MAX_TARGET_EXAMPLES = 3, 100, 25_000
MIN_DEFAULT_EPOCHS, MAX_DEFAULT_EPOCHS = 1, 25


def load(path: str) -> tuple[list, int]:
    dataset, unparsed = [], 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                dataset.append(json.loads(line))
            except ValueError:
                unparsed += 1
    return dataset, unparsed


def format_errors(dataset: list) -> dict[str, int]:
    errors: dict[str, int] = defaultdict(int)
    for ex in dataset:
        if not isinstance(ex, dict):
            errors["data_type"] += 1
            continue
        messages = ex.get("messages", None)
        if not messages:
            errors["missing_messages_list"] += 1
            continue
        for message in messages:
            if "role" not in message or "content" not in message:
                errors["message_missing_key"] += 1
            if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
                errors["message_unrecognized_key"] += 1
            if message.get("role", None) not in ("system", "user", "assistant", "function"):
                errors["unrecognized_role"] += 1
            content, function_call = message.get("content", None), message.get("function_call", None)
            if (not content and not function_call) or not isinstance(content, str):
                errors["missing_content"] += 1
        if not any(message.get("role", None) == "assistant" for message in messages):
            errors["example_missing_assistant_message"] += 1
    return dict(errors)


def token_statistics(dataset: list, encoding) -> dict:
    import numpy as np

    def num_tokens_from_messages(messages, tokens_per_message=3, tokens_per_name=1) -> int:
        num_tokens = 0
        for message in messages:
            num_tokens += tokens_per_message
            for key, value in message.items():
                if isinstance(value, str):
                    num_tokens += len(encoding.encode(value))
                if key == "name":
                    num_tokens += tokens_per_name
        return num_tokens + 3

    def num_assistant_tokens_from_messages(messages) -> int:
        return sum(len(encoding.encode(m["content"])) for m in messages
                   if m.get("role") == "assistant" and isinstance(m.get("content"), str))

    n_missing_system = n_missing_user = 0
    n_messages, convo_lens, assistant_message_lens = [], [], []
    for ex in dataset:
        messages = ex.get("messages") if isinstance(ex, dict) else None
        if not messages or not all(isinstance(m, dict) for m in messages):
            continue
        if not any(m.get("role") == "system" for m in messages):
            n_missing_system += 1
        if not any(m.get("role") == "user" for m in messages):
            n_missing_user += 1
        n_messages.append(len(messages))
        convo_lens.append(num_tokens_from_messages(messages))
        assistant_message_lens.append(num_assistant_tokens_from_messages(messages))

    def distribution(values) -> dict:
        if not values:
            return {}
        return {"min": int(np.min(values)), "max": int(np.max(values)), "mean": float(np.mean(values)),
                "median": float(np.median(values)), "p5": float(np.quantile(values, 0.05)),
                "p95": float(np.quantile(values, 0.95))}

    n_train = len(convo_lens)
    n_epochs = TARGET_EPOCHS
    if n_train and n_train * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        n_epochs = min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_train)
    elif n_train * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        n_epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_train)
    billing = sum(min(MAX_TOKENS_PER_EXAMPLE, n) for n in convo_lens)
    return {"missing_system": n_missing_system, "missing_user": n_missing_user,
            "messages": distribution(n_messages), "total_tokens": distribution(convo_lens),
            "assistant_tokens": distribution(assistant_message_lens),
            "too_long": sum(n > MAX_TOKENS_PER_EXAMPLE for n in convo_lens), "tokens": sum(convo_lens),
            "billing_tokens": billing, "epochs": n_epochs, "billed": billing * n_epochs}


def recipe_encoding():
    from ftlint.tokens import _tiktoken_encoding

    return _tiktoken_encoding("o200k_base")


def main(paths: list[str]) -> None:
    encoding = recipe_encoding()  # loading the vocabulary is not timed (the notebook's cell 1)
    started = time.perf_counter()
    out = []
    for path in paths:
        dataset, unparsed = load(path)
        errors = format_errors(dataset)
        if unparsed:
            errors["unparsed_line"] = unparsed
        out.append({"path": path, "examples": len(dataset), "format_errors": errors,
                    **token_statistics(dataset, encoding)})
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 3), "files": [
        {k: f[k] for k in ("path", "examples", "format_errors", "tokens", "too_long")} for f in out]}))


if __name__ == "__main__":
    main(sys.argv[1:])
