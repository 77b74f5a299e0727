"""FT405 over-max-seq-length: examples longer than max_seq_length and the trained tokens truncation drops."""
from __future__ import annotations

from conftest import run_check
from ftlint.checks.over_max_seq_length import OverMaxSeqLength
from ftlint.features.tokens import example_tokens
from ftlint.model import Severity
from trainer_helpers import chat, llama_answer, trainer_view

ANSWER = "The mitochondria is the powerhouse of the cell, and it makes most of the ATP a cell uses."


def _total(tmp_path, record):
    view = trainer_view(tmp_path, [record])
    return int(view.feature(example_tokens).total[0])


def test_truncation_cuts_part_of_the_answer(tmp_path):
    record = chat("What does the mitochondria do?", ANSWER)
    total, trained = _total(tmp_path, record), llama_answer(ANSWER)
    view = trainer_view(tmp_path, [record], max_seq_length=total - 5)  # the last 5 tokens are the answer's
    [p] = run_check(OverMaxSeqLength, view)
    assert p.severity is None and p.line == 1  # the default: a warning
    assert p.message == (f"example has {total:,} tokens, over max_seq_length {total - 5:,} by 5: truncation drops "
                         f"5 of its {trained} trained tokens ({5 / trained:.0%})")
    assert p.data == {"tokens": total, "max_seq_length": total - 5, "trained_tokens": trained, "trained_dropped": 5}


def test_truncation_cuts_all_of_the_answer_is_an_error(tmp_path):
    record = chat("What does the mitochondria do?", ANSWER)
    total, trained = _total(tmp_path, record), llama_answer(ANSWER)
    view = trainer_view(tmp_path, [chat("Hi", "Hello!"), record], max_seq_length=total - trained)
    [p] = run_check(OverMaxSeqLength, view)
    assert p.line == 2 and p.severity == Severity.ERROR
    assert f"truncation drops all {trained} of its trained tokens, so it trains nothing" in p.message


def test_truncation_of_untrained_tokens_only(tmp_path):
    record = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"},
                           {"role": "user", "content": "Thanks, that is all for today."}]}
    total = _total(tmp_path, record)
    [p] = run_check(OverMaxSeqLength, trainer_view(tmp_path, [record], max_seq_length=total - 4))
    assert "truncation drops 4 untrained tokens and none of its 3 trained tokens" in p.message


def test_examples_within_max_seq_length_and_openai_models_are_not_reported(tmp_path):
    record = chat("What does the mitochondria do?", ANSWER)
    total = _total(tmp_path, record)
    assert run_check(OverMaxSeqLength, trainer_view(tmp_path, [record], max_seq_length=total)) == []
    assert run_check(OverMaxSeqLength, trainer_view(tmp_path, [record], model="gpt-4o-mini")) == []


def test_max_seq_length_from_the_configuration_file(tmp_path, capsys):
    from ftlint.cli import main

    record = chat("What does the mitochondria do?", ANSWER)
    total = _total(tmp_path, record)
    config = tmp_path / "ftlint.toml"
    config.write_text(f'model = "llama-3.1-8b-instruct"\nmax_seq_length = {total - 5}\n')
    path = tmp_path / "cfg" / "train.jsonl"
    path.parent.mkdir()
    from conftest import write_jsonl

    write_jsonl(path, [record])
    main(["check", str(path), "--config", str(config), "--select", "FT405", "--output-format", "concise"])
    assert f"FT405 [warning] example has {total:,} tokens, over max_seq_length {total - 5:,}" in capsys.readouterr().out
