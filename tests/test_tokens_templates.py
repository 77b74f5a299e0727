"""Templated token counts (open models): totals, loss masks, truncation, notes, template sources.

Reference values are derived independently of ftlint's renderer: each expected sequence is written
out by hand from the model's documented prompt format and tokenized with quicktok directly
(special tokens allowed), or with the tokenizer folder's own `tokenizers` object.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import chat, write_jsonl
from ftlint.cli import main
from ftlint.features.tokens import count_examples, example_tokens
from ftlint.targets import resolve_model
from ftlint.templated import trainer_setup

LLAMA_HEAD = ("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
              "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n")


def encode(encoding: str, text: str) -> list[int]:
    import quicktok

    enc = quicktok.get_encoding(encoding)
    return enc.encode(text, allowed_special="all")


def n_llama(text: str) -> int:
    return len(encode("llama3", text))


def llama_turn(role: str, text: str) -> str:
    return f"<|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|>"


def counts_for(make_view, records, **run):
    model = run.pop("model", None)
    view = make_view(records, model=model)
    for key, value in run.items():
        setattr(view.settings, key, value)
    return view.feature(example_tokens)


def test_llama_total_and_assistant_mask_match_the_documented_format(make_view):
    record = chat("What is 2+2?", "4", "And 3+3?", "6", system="Be brief.")
    counts = counts_for(make_view, [record])
    text = (LLAMA_HEAD + "Be brief.<|eot_id|>" + llama_turn("user", "What is 2+2?") + llama_turn("assistant", "4")
            + llama_turn("user", "And 3+3?") + llama_turn("assistant", "6"))
    assert int(counts.total[0]) == n_llama(text)
    # trained: each answer and its <|eot_id|>
    assert int(counts.target[0]) == n_llama("4") + 1 + n_llama("6") + 1
    assert counts.template == "built-in llama-3.1" and counts.train_on == "assistant"


def test_llama_without_a_system_prompt_still_has_the_date_header(make_view):
    counts = counts_for(make_view, [chat("hi", "hello")])
    text = LLAMA_HEAD + "<|eot_id|>" + llama_turn("user", "hi") + llama_turn("assistant", "hello")
    assert int(counts.total[0]) == n_llama(text)


@pytest.mark.parametrize("mode, expected", [
    ("assistant", lambda: n_llama("4") + 1 + n_llama("6") + 1),
    ("last-assistant", lambda: n_llama("6") + 1),
    ("all", None),
])
def test_mask_modes(make_view, mode, expected):
    record = chat("What is 2+2?", "4", "And 3+3?", "6")
    counts = counts_for(make_view, [record], train_on=mode)
    if expected is None:
        assert int(counts.target[0]) == int(counts.total[0])
    else:
        assert int(counts.target[0]) == expected()


def test_completion_mode_trains_what_follows_the_generation_prompt(make_view):
    counts = counts_for(make_view, [chat("What is 2+2?", "4", "And 3+3?", "6")], train_on="completion")
    # the prompt is rendered with add_generation_prompt: the completion is "6<|eot_id|>"
    assert int(counts.target[0]) == n_llama("6") + 1


def test_prompt_completion_data_is_not_templated(make_view):
    record = {"prompt": "Translate: chat", "completion": " cat"}
    counts = counts_for(make_view, [record])
    assert int(counts.total[0]) == n_llama("<|begin_of_text|>Translate: chat cat<|eot_id|>")
    assert int(counts.target[0]) == n_llama(" cat") + 1


def test_weight_zero_assistant_turn_is_not_trained(make_view):
    record = {"messages": [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "skip me", "weight": 0},
                           {"role": "user", "content": "q2"}, {"role": "assistant", "content": "learn me", "weight": 1}]}
    counts = counts_for(make_view, [record])
    assert int(counts.target[0]) == n_llama("learn me") + 1
    assert int(counts.turns(0)[1]) == 0 and int(counts.turns(0)[3]) == n_llama("learn me") + 1


def test_truncation_that_cuts_part_and_all_of_a_target(make_view):
    record = chat("question " * 20, "answer " * 30)
    full = counts_for(make_view, [record])
    total, target = int(full.total[0]), int(full.target[0])
    assert int(full.target_truncated[0]) == 0
    cut = total - 10  # the last 10 tokens are past the sequence: all trained (answer + eot)
    part = counts_for(make_view, [record], max_seq_length=cut)
    assert int(part.target_truncated[0]) == 10 and part.limit == cut
    whole = counts_for(make_view, [record], max_seq_length=total - target)
    assert int(whole.target_truncated[0]) == target  # nothing trained survives truncation


def test_an_example_whose_mask_trains_nothing(tmp_path, make_view):
    plain = tmp_path / "plain.jinja"  # no {% generation %} block: an assistant-only loss trains nothing
    plain.write_text("{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n"
                     "{{ m.content }}<|eot_id|>{% endfor %}", "utf-8")
    counts = counts_for(make_view, [chat("q", "a")], chat_template=str(plain))
    assert int(counts.target[0]) == 0
    assert int(counts.total[0]) == n_llama(llama_turn("user", "q") + llama_turn("assistant", "a"))
    assert counts.template == str(plain)


def test_special_token_text_inside_a_message_is_a_special_token(make_view):
    counts = counts_for(make_view, [chat("say <|eot_id|> please", "ok")])
    text = LLAMA_HEAD + "<|eot_id|>" + llama_turn("user", "say <|eot_id|> please") + llama_turn("assistant", "ok")
    assert int(counts.total[0]) == n_llama(text)
    assert n_llama("say <|eot_id|> please") < len(encode("llama3", "say ") + encode("llama3", "<|eot_id|>")) + 3


def qwen(text: str) -> int:
    return len(encode("qwen3", text))


def test_qwen3_drops_the_reasoning_of_earlier_turns(make_view):
    record = {"messages": [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "<think>\nold thoughts\n</think>\n\none"},
        {"role": "user", "content": "second"},
        {"role": "assistant", "content": "<think>\nnew thoughts\n</think>\n\ntwo"},
    ]}
    counts = counts_for(make_view, [record], model="qwen3-8b")
    text = ("<|im_start|>user\nfirst<|im_end|>\n<|im_start|>assistant\none<|im_end|>\n"
            "<|im_start|>user\nsecond<|im_end|>\n<|im_start|>assistant\n<think>\nnew thoughts\n</think>\n\ntwo<|im_end|>\n")
    assert int(counts.total[0]) == qwen(text)
    assert any("reasoning of turn 2" in note for note in counts.notes[0])
    assert int(counts.target[0]) == qwen("one<|im_end|>") + qwen("<think>\nnew thoughts\n</think>\n\ntwo<|im_end|>")


def test_qwen2_5_adds_its_default_system_prompt_and_says_so(make_view):
    counts = counts_for(make_view, [chat("hi", "hello")], model="qwen2.5-7b-instruct")
    text = ("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
            "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhello<|im_end|>\n")
    assert int(counts.total[0]) == qwen(text)
    assert any("default system prompt" in note for note in counts.notes[0])


def test_qwen2_5_counts_think_tags_as_text_not_as_qwen3_tokens(make_view):
    record = chat("<think>x</think>", "ok")
    q25 = counts_for(make_view, [record], model="qwen2.5-7b-instruct")
    q3 = counts_for(make_view, [record], model="qwen3-8b")
    import quicktok

    enc = quicktok.get_encoding("qwen3")
    as_text = len(enc.encode_ordinary("\n<think>x</think>"))
    assert as_text > 3  # several ordinary tokens in Qwen2.5's vocabulary, 2 added tokens in Qwen3's
    system = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
    expected = qwen(system + "<|im_start|>user") + as_text + qwen("<|im_end|>\n<|im_start|>assistant\nok<|im_end|>\n")
    assert int(q25.total[0]) == expected and int(q3.total[0]) != int(q25.total[0])


def test_the_marked_and_streamed_renderings_agree():
    from ftlint.chat_templates import ChatTemplate
    from ftlint.templated import builtin_template

    messages = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"},
                {"role": "user", "content": "q2"}, {"role": "assistant", "content": "b"}]
    for name in ("llama-3.1", "qwen2.5", "qwen3", "llama-3"):
        template = builtin_template(name)
        marked = template.render(messages, bos_token="<s>")
        streamed = template._render_tracked(messages, {"bos_token": "<s>"})
        assert (marked.text, marked.spans) == (streamed.text, streamed.spans)
        assert [marked.text[s:e] for s, e, _m in marked.spans][-1].lstrip("<think>\n/").startswith("b")
        assert [m for _s, _e, m in marked.spans] == [1, 3]
    sandboxed = ChatTemplate(template.source)  # the user's templates render in the sandbox: same text
    assert sandboxed.render(messages, bos_token="<s>").text == marked.text


def test_a_template_that_raises_refuses_that_example_only(make_view):
    call = {"type": "function", "function": {"name": "f", "arguments": "{}"}}
    two_calls = {"messages": [{"role": "user", "content": "q"},
                              {"role": "assistant", "content": "", "tool_calls": [call, call]}]}
    counts = counts_for(make_view, [two_calls, chat("q", "a")])
    assert "single tool-calls" in counts.errors[0] and int(counts.total[0]) == 0
    assert 1 not in counts.errors and int(counts.total[1]) > 0


def write_tokenizer_folder(folder, template: str):
    """A tiny word-level tokenizer with added special tokens, written by the test."""
    from tokenizers import AddedToken, Tokenizer, models, pre_tokenizers

    words = ["[UNK]", "hello", "world", "question", "answer", "user", "assistant", ":"]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.add_special_tokens([AddedToken("<s>", special=True), AddedToken("</turn>", special=True)])
    folder.mkdir()
    tok.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps({"chat_template": template, "bos_token": "<s>",
                                                              "eos_token": "</turn>"}), "utf-8")
    return tok


TINY_TEMPLATE = ("{{ bos_token }}{% for m in messages %}{{ m.role }} : "
                 "{% if m.role == 'assistant' %}{% generation %}{{ m.content }} </turn>{% endgeneration %}"
                 "{% else %}{{ m.content }} </turn>{% endif %} {% endfor %}")


def test_tokenizer_folder_gives_its_own_counts(tmp_path, capsys):
    tok = write_tokenizer_folder(tmp_path / "tok", TINY_TEMPLATE)
    data = write_jsonl(tmp_path / "d.jsonl", [chat("hello question", "world answer")])
    assert main(["tokens", str(data), "--tokenizer", str(tmp_path / "tok")]) == 0
    row = json.loads(capsys.readouterr().out)
    expected = tok.encode("<s>user : hello question </turn> assistant : world answer </turn> ", add_special_tokens=False)
    assert row["total"] == len(expected.ids) == 11
    assert row["target"] == len(tok.encode("world answer </turn>", add_special_tokens=False).ids) == 3


def test_tokenizer_folder_that_is_missing_or_incomplete_is_exit_2(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", [chat("q", "a")])
    assert main(["tokens", str(data), "--tokenizer", str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["tokens", str(data), "--tokenizer", str(tmp_path / "empty")]) == 2
    assert "no tokenizer.json" in capsys.readouterr().err
    assert main([str(data), "--tokenizer", str(tmp_path / "empty")]) == 2  # `ftlint check` too, before any check


def test_a_model_whose_tokenizer_no_installed_package_ships_is_exit_2(tmp_path):
    from ftlint_subprocess import child_env

    data = write_jsonl(tmp_path / "d.jsonl", [chat("q", "a")])
    script = ("import sys; sys.modules['quicktok'] = None\n"
              "from ftlint.cli import main\n"
              f"sys.exit(main(['tokens', {str(data)!r}, '--model', 'qwen3-8b']))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=child_env(), capture_output=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "pass --tokenizer DIR" in proc.stderr.decode()


def test_chat_template_file_errors_are_exit_2(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", [chat("q", "a")])
    broken = tmp_path / "broken.jinja"
    broken.write_text("{% for m in messages %}", "utf-8")
    assert main(["tokens", str(data), "--chat-template", str(broken)]) == 2
    assert "broken.jinja" in capsys.readouterr().err
    assert main(["tokens", str(data), "--chat-template", str(tmp_path / "none.jinja")]) == 2


def test_vocabularies_match_their_published_hashes():
    import hashlib

    from ftlint.tokens import PUBLISHED_SHA256, vocabulary_file

    digest = hashlib.sha256(vocabulary_file("llama3")).hexdigest()
    assert digest == "82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55"  # Meta's tokenizer.model
    for encoding in ("o200k_base", "cl100k_base"):
        assert hashlib.sha256(vocabulary_file(encoding)).hexdigest() == PUBLISHED_SHA256[encoding][0]


def test_a_vocabulary_that_does_not_match_is_exit_2_naming_the_package(monkeypatch):
    import ftlint.tokens as tokens
    from ftlint.config import ConfigError

    monkeypatch.setitem(tokens.PUBLISHED_SHA256, "llama3", ("0" * 64, "Meta's Llama 3 tokenizer.model"))
    monkeypatch.setitem(tokens.CHECKED_DATA_FILES, "llama3", ("llama3.vocab", "1" * 64))
    tokens._verify_cached.cache_clear()
    try:
        with pytest.raises(ConfigError, match="reinstall quicktok-v1"):
            tokens.verify_vocabulary("llama3")
    finally:
        tokens._verify_cached.cache_clear()


def test_count_examples_uses_the_profile_by_default_and_show_renders_one_example(make_view):
    view = make_view([chat("hi", "hello")])
    model = resolve_model("llama-3.1-8b-instruct")
    counts = count_examples(view.examples, model)
    assert counts.templated and counts.limit == 131_072
    ids, trained, pieces = counts.show(view.examples[0])
    assert len(ids) == int(counts.total[0]) and sum(trained) == int(counts.target[0])
    assert "".join(p for p, t in zip(pieces, trained) if t) == "hello<|eot_id|>"
    assert pieces[0] == "<|begin_of_text|>"


def test_stats_and_cost_use_the_trainers_sequence_length(tmp_path, capsys):
    data = write_jsonl(tmp_path / "d.jsonl", [chat(f"question {i}", "answer " * 50) for i in range(12)])
    main([str(data), "--output-format", "json", "--exit-zero", "--max-seq-length", "40"])
    stats = json.loads(capsys.readouterr().out)["stats"]
    tokens, cost = stats["tokens"], stats["cost"]
    assert tokens["limit"] == tokens["max_seq_length"] == 40 and cost["limit"] == 40
    assert tokens["over_limit"] == 12 and cost["tokens_per_epoch"] == 12 * 40
    assert tokens["target_truncated"] > 0 and 0 < tokens["trained_share"] < 1
    assert tokens["template"] == "built-in llama-3.1" and "fireworks.ai/pricing" in cost["price_source"]


def test_trainer_setup_is_none_for_openai_models():
    assert trainer_setup(resolve_model("gpt-4o-mini")) is None


@pytest.mark.parametrize("day, written", [((2026, 12, 2), "02 Dec 2026"), ((2025, 9, 30), "30 Sep 2025")])
def test_llama_3_2_writes_the_day_of_the_run_and_only_that_changes_the_count(make_view, monkeypatch, day, written):
    """Llama 3.2's template writes today's date (strftime_now("%d %b %Y")) where Llama 3.1's writes
    "26 Jul 2024": a run on another day counts the header's date tokens of that day, and nothing else."""
    import datetime as dt

    import ftlint.templated as templated

    class Today(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(*day, 9, 30)

    monkeypatch.setattr(templated, "datetime", Today)
    records = [chat("What is 2+2?", "4", system="Be brief."), chat("hi", "hello", "more?", "no")]
    setup = trainer_setup(resolve_model("llama-3.2-3b-instruct"))
    assert setup.variables == {"date_string": written}
    assert trainer_setup(resolve_model("llama-3.1-8b-instruct")).variables == {}  # 3.1: the fixed date
    view = make_view(records, model="llama-3.2-3b-instruct")
    counts = count_examples(view.examples, setup.model, setup=setup)
    head = LLAMA_HEAD.replace("26 Jul 2024", written)
    first = head + "Be brief.<|eot_id|>" + llama_turn("user", "What is 2+2?") + llama_turn("assistant", "4")
    second = (head + "<|eot_id|>" + llama_turn("user", "hi") + llama_turn("assistant", "hello")
              + llama_turn("user", "more?") + llama_turn("assistant", "no"))
    assert counts.total.tolist() == [n_llama(first), n_llama(second)]
    assert counts.target.tolist() == [n_llama("4") + 1, n_llama("hello") + 1 + n_llama("no") + 1]  # the date is never trained
    fixed = count_examples(view.examples, resolve_model("llama-3.1-8b-instruct"))
    shift = n_llama(head) - n_llama(LLAMA_HEAD)
    assert (counts.total - fixed.total).tolist() == [shift, shift]
    monkeypatch.setattr(templated, "_framer", lambda _setup: None)
    monkeypatch.setattr(templated, "_fast_renderer", lambda _setup: None)
    rendered = count_examples(view.examples, setup.model, setup=setup)  # through the template itself
    assert rendered.total.tolist() == counts.total.tolist() and rendered.target.tolist() == counts.target.tolist()


def test_a_framed_run_never_imports_jinja(tmp_path):
    """Plain conversations on a built-in template are counted from their frames: Jinja (and the
    template's compilation) is left out of the run's start-up; a tool call needs the template."""
    plain = write_jsonl(tmp_path / "plain.jsonl", [chat("hi", "hello")])
    tools = write_jsonl(tmp_path / "tools.jsonl", [{"messages": [
        {"role": "user", "content": "weather?"},
        {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function",
                                                             "function": {"name": "get_weather", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "sunny"}, {"role": "assistant", "content": "Sunny."}]}])
    probe = ("import sys\nfrom ftlint.cli import main\ncode = main(['tokens', sys.argv[1], '--model', 'llama-3.1-8b-instruct'])\n"
             "print(code, 'jinja2' in sys.modules)")
    for path, imported in ((plain, "False"), (tools, "True")):
        out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True).stdout
        assert out.splitlines()[-1] == f"0 {imported}", out


def test_long_examples_are_tokenized_in_smaller_chunks_with_the_same_counts(make_view, monkeypatch):
    """Chunks are bounded by text as well as by examples (long documents would otherwise put
    gigabytes of token arrays in one chunk); where a chunk ends changes no count."""
    import ftlint.templated as templated

    records = [chat(f"question {i} " * (1 + i % 7), f"answer {i} " * (1 + i % 5), system="Be brief." if i % 2 else None)
               for i in range(40)]
    whole = counts_for(make_view, records)
    monkeypatch.setattr(templated, "CHUNK_CHARS", 50)
    monkeypatch.setattr(templated, "_framer", lambda _setup: None)  # the rendered path is the one chunked by text
    chunks = list(templated._chunks(make_view(records).examples))
    assert len(chunks) > 10 and chunks[0][0] == 0 and chunks[-1][1] == len(records)
    small = counts_for(make_view, records)
    assert small.total.tolist() == whole.total.tolist() and small.target.tolist() == whole.target.tolist()
