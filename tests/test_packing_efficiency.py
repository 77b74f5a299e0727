"""FT408 packing-efficiency: padding and packing at max_seq_length, from the rendered token counts."""
from __future__ import annotations

from conftest import run_check
from ftlint.checks.packing_efficiency import PackingEfficiency
from ftlint.features.tokens import example_tokens
from trainer_helpers import chat, trainer_view


def test_three_equal_examples_pack_two_to_a_sequence(tmp_path):
    records = [chat("What is the capital of France?", "Paris.")] * 3
    t = int(trainer_view(tmp_path, records[:1]).feature(example_tokens).total[0])
    length = 2 * t + 1  # two examples fit in a sequence, three do not
    [p] = run_check(PackingEfficiency, trainer_view(tmp_path, records, max_seq_length=length))
    assert p.line is None and p.severity is None
    assert p.message == (f"at max_seq_length {length:,}: padding each of the 3 examples to it fills "
                         f"{3 * t / (3 * length):.1%} of {3 * length:,} token slots; packing them whole "
                         f"(best-fit decreasing) needs 2 sequences, {3 * t / (2 * length):.1%} full ({3 * t:,} tokens)")
    packing = p.data["packing"]
    assert packing["packed"]["sequences"] == 2 and packing["padded"]["slots"] == 3 * length


def test_truncated_tokens_are_counted_out(tmp_path):
    records = [chat("What is the capital of France?", "Paris, on the Seine, since the Middle Ages.")]
    t = int(trainer_view(tmp_path, records).feature(example_tokens).total[0])
    [p] = run_check(PackingEfficiency, trainer_view(tmp_path, records, max_seq_length=t - 7))
    assert p.message.endswith(f"needs 1 sequence, 100.0% full ({t - 7:,} tokens); truncation cuts 7 tokens")


def test_openai_models_have_no_sequences_to_pack(tmp_path):
    assert run_check(PackingEfficiency, trainer_view(tmp_path, [chat("Hi", "Hello!")], model="gpt-4o-mini")) == []
