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
    import ftlint.templated as templated

    path = write_jsonl(tmp_path / "c.jsonl", conversations(200, seed=7))
    view = load_view(str(path), "train", Settings(), RunSettings())
    for model in ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "qwen3-8b"):
        setup = trainer_setup(resolve_model(model), train_on=mode, max_seq_length=60)
        fast = count_examples(view.examples, setup.model, setup=setup)
        monkeypatch.setattr(templated, "_fast_renderer", lambda _setup: None)
        monkeypatch.setattr(templated, "_framer", lambda _setup: None)
        slow = count_examples(view.examples, setup.model, setup=setup)
        monkeypatch.undo()
        for field in ("total", "target", "target_truncated", "turn_total"):
            assert getattr(fast, field).tolist() == getattr(slow, field).tolist(), (model, field)
        assert fast.notes == slow.notes
