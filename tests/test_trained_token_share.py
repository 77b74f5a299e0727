"""FT409 trained-token-share, and the loss-mask modes it reports on (train_on): assistant,
last-assistant, completion, all, with weight-0 turns and truncation. Expected trained tokens are
counted straight from the vocabulary, not from ftlint's renderer."""
from __future__ import annotations

import pytest

from conftest import run_check
from ftlint.checks.trained_token_share import TrainedTokenShare
from ftlint.features.tokens import example_tokens
from ftlint.model import Severity
from trainer_helpers import chat, llama_answer, llama_tokens, trainer_view

TWO_TURNS = chat("Hi", "Hello there!", "Bye", "Goodbye, see you soon.")
HEADER = 4  # <|start_header_id|> assistant <|end_header_id|> "\n\n"


def _counts(tmp_path, records, **run):
    return trainer_view(tmp_path, records, **run).feature(example_tokens)


@pytest.mark.parametrize("mode, expected", [
    ("assistant", llama_answer("Hello there!") + llama_answer("Goodbye, see you soon.")),
    ("last-assistant", llama_answer("Goodbye, see you soon.")),
    ("completion", llama_answer("Goodbye, see you soon.")),  # after the prompt rendered with the generation prompt
])
def test_mask_modes_on_a_two_turn_conversation(tmp_path, mode, expected):
    counts = _counts(tmp_path, [TWO_TURNS], train_on=mode)
    assert int(counts.target[0]) == expected and counts.train_on == mode


def test_mask_all_trains_every_token(tmp_path):
    counts = _counts(tmp_path, [TWO_TURNS], train_on="all")
    assert int(counts.target[0]) == int(counts.total[0])


def test_completion_mask_trains_every_trailing_answer_and_their_headers(tmp_path):
    record = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello there!"},
                           {"role": "assistant", "content": "How can I help?"}]}
    counts = _counts(tmp_path, [record], train_on="completion")
    assert int(counts.target[0]) == llama_answer("Hello there!") + HEADER + llama_answer("How can I help?")
    assert int(_counts(tmp_path, [record], train_on="last-assistant").target[0]) == llama_answer("How can I help?")


def test_completion_mask_on_prompt_completion_data(tmp_path):
    counts = _counts(tmp_path, [{"prompt": "The capital of France is", "completion": " Paris."}], train_on="completion")
    assert int(counts.target[0]) == llama_tokens(" Paris.") + 1  # the completion and EOS
    assert int(counts.total[0]) == 1 + llama_tokens("The capital of France is") + llama_tokens(" Paris.") + 1


def test_weight_zero_assistant_turn_is_not_trained(tmp_path):
    record = chat("Hi", "Hello there!", "Bye", "Goodbye, see you soon.", weights=[0, 1])
    counts = _counts(tmp_path, [record, TWO_TURNS])
    assert int(counts.target[0]) == llama_answer("Goodbye, see you soon.")
    assert counts.total[0] == counts.total[1]  # the template renders the turn all the same
    ids, trained, pieces = counts.show(trainer_view(tmp_path, [record]).examples[0])
    assert "Hello there!" not in "".join(p for p, t in zip(pieces, trained) if t)


def test_share_message_with_truncation(tmp_path):
    records = [TWO_TURNS, chat("What is 2+2?", "4")]
    counts = _counts(tmp_path, records)
    length = int(counts.total[0]) - 3  # cuts 3 trained tokens of the first example
    [p] = run_check(TrainedTokenShare, trainer_view(tmp_path, records, max_seq_length=length))
    kept = length + int(counts.total[1])
    trained = int(counts.target.sum()) - 3
    assert p.severity is None and p.line is None
    assert p.message.startswith(f"train_on = assistant: the loss trains {trained:,} of the {kept:,} tokens "
                                f"the trainer keeps ({trained / kept:.1%}); per example median ")
    assert p.data["trained_tokens"] == trained and p.data["tokens_kept"] == kept


def test_warn_below(tmp_path):
    view = trainer_view(tmp_path, [chat("Summarise: " + "lorem ipsum " * 200, "Lorem.")])
    [p] = run_check(TrainedTokenShare, view, warn_below=0.5)
    assert p.severity == Severity.WARNING and "below the configured 50.0%" in p.message
    [p] = run_check(TrainedTokenShare, view)
    assert p.severity is None


def test_openai_models_are_not_judged(tmp_path):
    assert run_check(TrainedTokenShare, trainer_view(tmp_path, [TWO_TURNS], model="gpt-4o-mini")) == []
