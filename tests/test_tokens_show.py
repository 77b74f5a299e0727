"""`ftlint tokens FILE --model M --show LINE` (the example as the trainer sees it), `--tokenizer DIR`
with a tokenizer folder the test writes itself, a missing tokenizer, and the HTML report's view."""
from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import write_jsonl
from ftlint.cli import main
from trainer_helpers import chat, llama_answer

ANSWER = "The mitochondria is the powerhouse of the cell."
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _file(tmp_path, records, name="train.jsonl"):
    return str(write_jsonl(tmp_path / name, records))


def test_show_marks_trained_spans_in_brackets_without_colour(tmp_path, capsys):
    path = _file(tmp_path, [chat("Hi", "Hello!"), chat("What does the mitochondria do?", ANSWER)])
    assert main(["tokens", path, "--model", "llama-3.1-8b-instruct", "--show", "2"]) == 0
    out = capsys.readouterr().out
    assert not ANSI.search(out)  # captured output is not a terminal: the plain view
    assert f"[[{ANSWER}<|eot_id|>]]" in out
    body = out.split("everything else is masked (not trained)\n", 1)[1]
    assert body.count("[[") == 1 and "[[What does" not in body  # the prompt is masked
    trained = llama_answer(ANSWER)
    assert f"tokens, {trained} trained; max_seq_length 131,072" in out
    assert f"{path}:2 as llama-3.1-8b-instruct's trainer sees it (template built-in llama-3.1, train_on assistant)" in out


def test_show_on_a_terminal_is_coloured_and_honours_no_color(tmp_path, capsys, monkeypatch):
    path = _file(tmp_path, [chat("What does the mitochondria do?", ANSWER)])
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["tokens", path, "--model", "llama-3.1-8b-instruct", "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert ANSI.search(out) and "[[" not in out
    assert "trained tokens are highlighted" in out
    assert "The mitochondria" in ANSI.sub("", out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["tokens", path, "--model", "llama-3.1-8b-instruct", "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert not ANSI.search(out) and f"[[{ANSWER}<|eot_id|>]]" in out


def test_show_marks_the_cut_at_max_seq_length(tmp_path, capsys):
    path = _file(tmp_path, [chat("What does the mitochondria do?", ANSWER)])
    main(["tokens", path, "--model", "llama-3.1-8b-instruct"])
    total = json.loads(capsys.readouterr().out)["total"]
    config = tmp_path / "ftlint.toml"
    config.write_text(f"max_seq_length = {total - 3}\n")
    assert main(["tokens", path, "--model", "llama-3.1-8b-instruct", "--config", str(config), "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert f"--- cut at max_seq_length {total - 3:,}: the trainer drops what follows ---" in out
    assert f"the trainer keeps the first {total - 3:,} tokens and {llama_answer(ANSWER) - 3} trained ones" in out


def test_show_qwen3_renders_without_earlier_reasoning_and_notes_it(tmp_path, capsys):
    record = chat("Is 91 prime?", "<think>\n91 = 7 * 13.\n</think>\n\nNo.", "Is 97 prime?",
                  "<think>\nNo divisor up to 9.\n</think>\n\nYes.")
    path = _file(tmp_path, [record])
    assert main(["tokens", path, "--model", "qwen3-8b", "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert "91 = 7 * 13." not in out.split("\n\n", 1)[1]  # not in the rendered conversation
    assert "[[<think>\nNo divisor up to 9.\n</think>\n\nYes.<|im_end|>" in out
    assert "note: the reasoning of turn 2 ($.messages[1]) is not rendered" in out


def test_show_usage_errors(tmp_path, capsys):
    path = _file(tmp_path, [chat("Hi", "Hello!"), "{broken"])
    assert main(["tokens", path, "--model", "llama-3.1-8b-instruct", "--show", "2"]) == 2
    assert f"--show 2: line 2 of {path} holds no valid example" in capsys.readouterr().err
    assert main(["tokens", path, "--model", "gpt-4o-mini", "--show", "1"]) == 2
    assert "--show needs an open model" in capsys.readouterr().err
    assert main(["tokens", path, "--show", "0"]) == 2


# --- a tokenizer folder written by the test -------------------------------------------------------

TEMPLATE = ("{{ bos_token }}{% for m in messages %}{% if m.role == 'assistant' %}<|assistant|> "
            "{% generation %}{{ m.content }} {{ eos_token }}{% endgeneration %} "
            "{% else %}<|user|> {{ m.content }} {% endif %}{% endfor %}")
WORDS = ["hello", "there", "how", "are", "you", "fine", "thanks", "!", "?", ",", "."]
SPECIALS = ["[UNK]", "<s>", "</s>", "<|user|>", "<|assistant|>"]


def write_tokenizer_folder(folder):
    """A tiny WordLevel tokenizer (tokenizers library) and a tokenizer_config.json with a chat template."""
    from tokenizers import AddedToken, Tokenizer, models, pre_tokenizers

    vocab = {token: i for i, token in enumerate(SPECIALS + WORDS)}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in SPECIALS])
    folder.mkdir()
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"bos_token": "<s>", "eos_token": "</s>", "chat_template": TEMPLATE, "model_max_length": 64}))
    return folder


def test_tokenizer_folder_counts_and_shows_as_its_template_says(tmp_path, capsys):
    folder = write_tokenizer_folder(tmp_path / "tiny")
    path = _file(tmp_path, [chat("hello there", "hello , how are you ?", "fine thanks", "thanks !")])
    assert main(["tokens", path, "--tokenizer", str(folder)]) == 0
    row = json.loads(capsys.readouterr().out)
    # <s> <|user|> hello there <|assistant|> hello , how are you ? </s> <|user|> fine thanks <|assistant|> thanks ! </s>
    assert row["total"] == 1 + (1 + 2) + (1 + 6 + 1) + (1 + 2) + (1 + 2 + 1)
    assert row["target"] == (6 + 1) + (2 + 1)  # each answer and its </s>
    assert main(["tokens", path, "--tokenizer", str(folder), "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert "[[hello , how are you ? </s>]]" in out and "[[thanks ! </s>]]" in out
    assert "[[hello there" not in out


def test_missing_tokenizer_is_exit_2_with_a_clear_message(tmp_path, capsys):
    path = _file(tmp_path, [chat("hello", "hi")])
    assert main(["tokens", path, "--tokenizer", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "not a folder" in err and "Traceback" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["check", path, "--tokenizer", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "no tokenizer.json" in err and "Traceback" not in err


def test_html_report_shows_the_longest_and_shortest_examples(tmp_path):
    records = [chat("Hello there, how are you?", "Fine, thanks."), chat("What does the mitochondria do?", ANSWER),
               chat("Ok?", "Yes.")]
    path = _file(tmp_path, records)
    out = tmp_path / "report.html"
    main(["check", path, "--model", "llama-3.1-8b-instruct", "--output-format", "html", "-o", str(out)])
    html = out.read_text()
    assert "<h2>As the trainer sees it</h2>" in html
    assert re.search(r"longest example: \S*train\.jsonl line 2<", html)
    assert re.search(r"shortest example: \S*train\.jsonl line 3<", html)
    trained = re.findall(r'<span class="t[01]" title="token \d+: trained">([^<]*)</span>', html)
    assert "".join(trained).count("Yes.") == 1 and "mitochondria" in "".join(trained)
    assert "What does" not in "".join(trained)


def test_html_names_an_example_too_long_to_render_again(tmp_path, monkeypatch):
    import ftlint.trainer_view as trainer_view

    monkeypatch.setattr(trainer_view, "SHOW_LIMIT", 30)
    path = _file(tmp_path, [chat("What does the mitochondria do?", ANSWER), chat("Ok?", "Yes.")])
    out = tmp_path / "report.html"
    main(["check", path, "--model", "llama-3.1-8b-instruct", "--output-format", "html", "-o", str(out)])
    html = out.read_text()
    assert re.search(r"tokens: too long to show here; <code>ftlint tokens \S*train\.jsonl --show 1</code>", html)
    assert re.search(r"shortest example: \S*train\.jsonl line 2<", html)
