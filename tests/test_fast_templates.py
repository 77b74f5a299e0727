"""ftlint.fast_templates gives exactly the packaged templates' text and trained spans."""
from __future__ import annotations

import random

import pytest

from conftest import write_jsonl
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.fast_templates import fast_renderer
from ftlint.features.tokens import count_examples
from ftlint.targets import resolve_model
from ftlint.templated import render_example, trainer_setup
from ftlint.view import RunSettings

PIECES = ["hello", "  padded  ", "\n\nnewlines first", "trailing\n", "<|eot_id|> in text", "<|im_end|>", "<think>x",
          "héllo wörld", "日本語", "🚀 emoji", "```py\nx = 1\n```", "", " ", "tab\tsep"]


def conversations(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        messages = []
        if rng.random() < 0.5:
            messages.append({"role": "system", "content": rng.choice(PIECES) + " system"})
        for _ in range(rng.randint(1, 4)):
            messages.append({"role": "user", "content": rng.choice(PIECES) + rng.choice(PIECES)})
            if rng.random() < 0.9:
                messages.append({"role": "assistant", "content": rng.choice(PIECES) + " " + rng.choice(PIECES)})
        out.append({"messages": messages})
    return out


@pytest.mark.parametrize("model", ["llama-3.1-8b-instruct", "llama-3-8b", "qwen2.5-7b-instruct", "qwen3-8b"])
def test_fast_rendering_equals_the_template(tmp_path, model):
    path = write_jsonl(tmp_path / "c.jsonl", conversations(300, seed=len(model)))
    view = load_view(str(path), "train", Settings(), RunSettings(model=model))
    setup = trainer_setup(resolve_model(model))
    fast = fast_renderer(setup.template_source.split(" ", 1)[1])
    used = 0
    for ex in view.examples:
        out = fast(ex, setup.bos_token, setup.variables)
        if out is None:
            continue
        used += 1
        slow = render_example(setup, ex)
        assert out.text == slow.text
        assert "".join(p.replace("\x00special\x00", "") for p in out.pieces) == slow.text
        spans = [(s, e, m) for s, e, m in out.spans if ex.turns[m].target]
        assert spans == slow.trained


@pytest.mark.parametrize("mode", ["assistant", "last-assistant", "all"])
def test_counts_with_and_without_the_fast_path_agree(tmp_path, monkeypatch, mode):
    path = write_jsonl(tmp_path / "c.jsonl", conversations(200, seed=7))
    view = load_view(str(path), "train", Settings(), RunSettings())
    for model in ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "qwen3-8b"):
        fast, slow = _fast_and_template_counts(monkeypatch, view, model, mode, max_seq_length=60)
        assert fast.notes == slow.notes


def _fast_and_template_counts(monkeypatch, view, model: str, mode, max_seq_length: int):
    """Counts of `view` through the fast paths and through the template alone, asserted equal."""
    import ftlint.templated as templated

    setup = trainer_setup(resolve_model(model), train_on=mode, max_seq_length=max_seq_length)
    fast = count_examples(view.examples, setup.model, setup=setup)
    monkeypatch.setattr(templated, "_fast_renderer", lambda _setup: None)
    monkeypatch.setattr(templated, "_framer", lambda _setup: None)
    slow = count_examples(view.examples, setup.model, setup=setup)
    monkeypatch.undo()
    for field in ("total", "target", "target_truncated", "turn_total"):
        assert getattr(fast, field).tolist() == getattr(slow, field).tolist(), (model, field)
    return fast, slow


EDGES = ["'s starts with a contraction", "\u00a0no-break space first", "\u3000ideographic space", "e\u0301 combining (NFD)",
         "\u0301 a lone combining mark", "<|eot_id|> first", "ends with a special <|im_end|>", "\r\ncrlf first",
         "trailing newlines\n\n", "123456 digits", "!? punctuation first", "\t tab first", "\u2028line separator",
         "<think>", "x</tool_response>", "🚀", "", "\n"]


def edge_conversations(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        messages = [{"role": "system", "content": rng.choice(EDGES)}] if rng.random() < 0.5 else []
        for _ in range(rng.randint(1, 3)):
            messages.append({"role": "user", "content": rng.choice(EDGES) + rng.choice(EDGES)})
            messages.append({"role": "assistant", "content": rng.choice(EDGES) + rng.choice(EDGES)})
        out.append({"messages": messages})
    return out


@pytest.mark.parametrize("model", ["llama-3.1-8b-instruct", "llama-3-8b", "qwen2.5-7b-instruct", "qwen3-8b"])
def test_frames_split_the_rendered_text_where_no_token_crosses(tmp_path, model):
    """A frame's pieces are the template's text, each wholly trained or not, and tokenizing them one by
    one gives the tokens of the whole text (so counting pieces is counting the text)."""
    from ftlint.fast_templates import framer

    path = write_jsonl(tmp_path / "c.jsonl", edge_conversations(200, seed=3) + conversations(100, seed=4))
    view = load_view(str(path), "train", Settings(), RunSettings(model=model))
    setup = trainer_setup(resolve_model(model))
    frame = framer(setup.template_source.split(" ", 1)[1])
    framed = 0
    for ex in view.examples:
        texts, turns = [], []
        if not frame(ex, setup.bos_token, setup.variables, texts, turns):
            assert texts == [] and turns == []
            continue
        framed += 1
        slow = render_example(setup, ex)
        assert "".join(texts) == slow.text
        starts = [sum(len(t) for t in texts[:k]) for k in range(len(texts))]
        trained = [(s, s + len(t)) for s, t, m in zip(starts, texts, turns) if m >= 0 and ex.turns[m].target and t]
        merged = []  # adjacent trained pieces of one turn form its span
        for s, e in trained:
            if merged and merged[-1][1] == s:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        assert merged == [(s, e) for s, e, _m in slow.trained if e > s]
        whole = setup.tokenizer.count_texts([slow.text])
        ids, _offsets, _ends = setup.tokenizer.encode_many([setup.tokenizer.prepare(slow.text, [])[0]])
        assert int(whole[0]) == ids.size == int(setup.tokenizer.count_texts(texts).sum())
    assert framed >= 100  # (a Qwen assistant message starting with whitespace is not framed)


def test_count_texts_equals_the_token_by_token_encoding():
    from ftlint.tokens import chat_tokenizer

    texts = ["plain", "<|im_start|>user\nhi<|im_end|>\n", "e\u0301 NFD <|im_end|>e\u0301", "<think>x</think>", "", "<|bogus|>"]
    for template in ("qwen2.5", "qwen3", "llama-3.1"):
        tok = chat_tokenizer("llama3" if template == "llama-3.1" else "qwen3", template)
        want = [tok.encode_many([tok.prepare(t, [])[0]])[0].size for t in texts]
        assert tok.count_texts(texts).tolist() == want, template
    qwen25, qwen3 = chat_tokenizer("qwen3", "qwen2.5"), chat_tokenizer("qwen3", "qwen3")
    assert int(qwen3.count_texts(["<think>"])[0]) == 1 < int(qwen25.count_texts(["<think>"])[0])


@pytest.mark.parametrize("mode", ["assistant", "last-assistant", "all"])
def test_the_verification_set_counts_the_same_framed_and_rendered(tmp_path, monkeypatch, mode):
    """bench/verify_templates.py's 300 conversations (the set checked against the official templates):
    framed counting equals rendering every example through the template, field by field."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from verify_templates import conversations as verification_set

    path = write_jsonl(tmp_path / "v.jsonl", verification_set(300, seed=0))
    view = load_view(str(path), "train", Settings(), RunSettings())
    for model in ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "qwen3-8b"):
        fast, slow = _fast_and_template_counts(monkeypatch, view, model, mode, max_seq_length=200)
        assert int(slow.target_truncated.sum()) > 0  # truncation is exercised
        assert fast.notes == slow.notes and fast.errors == slow.errors


def test_count_texts_in_batches_bounded_by_characters_gives_the_same_counts(monkeypatch):
    import ftlint.tokens as tokens

    tok = tokens.chat_tokenizer("llama3", "llama-3.1")
    texts = [("word " * (i % 50)) + "<|eot_id|>" * (i % 3) for i in range(300)]
    whole = tok.count_texts(texts).tolist()
    monkeypatch.setattr(tokens, "COUNT_CHARS", 100)
    monkeypatch.setattr(tokens, "COUNT_CHUNK", 7)
    assert tok.count_texts(texts).tolist() == whole
    assert whole == [tok.encode_many([t])[0].size for t in texts]


@pytest.mark.parametrize("name", ["v1_sft_demo.jsonl", "alpaca_en_demo.json", "dpo_en_demo.json", "glaive_toolcall_en_demo.json"])
def test_real_datasets_count_the_same_framed_and_rendered(monkeypatch, name):
    """LLaMA-Factory's demo files (conversations with loss weights, Alpaca, preference, tool calls):
    the framed count equals rendering every example, and the plain ones are framed."""
    from conftest import realdata
    from ftlint.fast_templates import framer

    view = load_view(str(realdata(name)), "train", Settings(), RunSettings())
    for model in ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "qwen3-8b"):
        setup = trainer_setup(resolve_model(model), max_seq_length=300)
        frame = framer(setup.template_source.split(" ", 1)[1])
        framed = sum(bool(frame(ex, setup.bos_token, setup.variables, [], [])) for ex in view.examples)
        assert framed == (0 if name.startswith("glaive") else len(view.examples))  # tool calls are rendered
        _fast_and_template_counts(monkeypatch, view, model, None, max_seq_length=300)
