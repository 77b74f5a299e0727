"""Helpers for the trainer-view tests (FT405-FT409, `ftlint tokens --show`): a view of records
for an open model with run settings (train_on, max_seq_length, chat_template, tokenizer_dir), and
token counts computed independently of ftlint's renderer, straight from quicktok's vocabularies."""
from __future__ import annotations

import quicktok

from conftest import write_jsonl
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.view import RunSettings

LLAMA = "llama-3.1-8b-instruct"
_counter = {"n": 0}


def trainer_view(tmp_path, records, model=LLAMA, **run):
    """A training view of `records` for `model`, with RunSettings fields (train_on=..., max_seq_length=...)."""
    _counter["n"] += 1
    path = write_jsonl(tmp_path / f"train{_counter['n']}.jsonl", records)
    return load_view(str(path), "train", Settings(model=model), RunSettings(model=model, jobs=1, **run))


def llama_tokens(text: str) -> int:
    """Tokens of ordinary text for Llama 3 (no special tokens in it)."""
    return len(quicktok.get_encoding("llama3").encode_ordinary(text))


def qwen_tokens(text: str) -> int:
    return len(quicktok.get_encoding("qwen3").encode_ordinary(text))


def llama_answer(text: str) -> int:
    """What an assistant-only loss trains of one Llama 3.1 answer: its trimmed text and <|eot_id|>."""
    return llama_tokens(text.strip()) + 1


def chat(*pairs, system=None, weights=None):
    messages = [{"role": "system", "content": system}] if system else []
    for i, text in enumerate(pairs):
        message = {"role": "user" if i % 2 == 0 else "assistant", "content": text}
        if weights is not None and i % 2 == 1:
            message["weight"] = weights[i // 2]
        messages.append(message)
    return {"messages": messages}
