"""The Mistral NeMo profile: counts as mistral-common encodes the conversation and mistral-finetune masks it.

Reference values come from mistral-common's public API in the test itself: `encode_chat_completion`
of a `ChatCompletionRequest` (its normalizer and `encode_instruct`, a path ftlint does not take) for
the total, and the raw Tekken tokenizer (`encode(text, bos=False, eos=False)` + `</s>`) for the
trained answers."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("mistral_common", reason="the Mistral profile needs the extra ftlint[mistral]")

from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, UserMessage  # noqa: E402
from mistral_common.protocol.instruct.request import ChatCompletionRequest  # noqa: E402
from mistral_common.protocol.instruct.validator import ValidationMode  # noqa: E402
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer  # noqa: E402

from conftest import run_check, write_jsonl  # noqa: E402
from ftlint import mistral_encoding  # noqa: E402
from ftlint.checks.template_drops_content import TemplateDropsContent  # noqa: E402
from ftlint.checks.template_refuses_example import TemplateRefusesExample  # noqa: E402
from ftlint.cli import main  # noqa: E402
from ftlint.config import ConfigError  # noqa: E402
from ftlint.features.tokens import example_tokens  # noqa: E402
from trainer_helpers import chat, trainer_view  # noqa: E402

NEMO = "mistral-nemo-instruct-2407"
# mistral-common's own tokenizer file for open-mistral-nemo-2407, validated as for fine-tuning
REFERENCE = MistralTokenizer.from_file(MistralTokenizer.v3(is_tekken=True).instruct_tokenizer.tokenizer.file_path,
                                       mode=ValidationMode.finetuning)
TEKKEN = REFERENCE.instruct_tokenizer.tokenizer

CONVERSATIONS = [
    chat("Hi", "Hello!"),
    chat("What is 2+2?", "4", system="Answer with a number."),
    chat("Bonjour, ça va ?", "Très bien, merci ! 😀", "And in Japanese?", "元気です。"),
    chat("Write a loop.", "```python\nfor i in range(3):\n    print(i)\n```", system="You write code."),
    chat("Is [INST] a token? </s> <s>", "Here it is plain text: [/INST] </s>."),
    chat("  padded  ", "  answer with spaces  \n", "next", "last\tone"),
]


def reference_total(record) -> int:
    messages = []
    for m in record["messages"]:
        kind = {"system": SystemMessage, "user": UserMessage, "assistant": AssistantMessage}[m["role"]]
        messages.append(kind(content=m["content"]))
    return len(REFERENCE.encode_chat_completion(ChatCompletionRequest(messages=messages)).tokens)


def answer_tokens(text: str) -> int:
    return len(TEKKEN.encode(text, bos=False, eos=False)) + 1  # the answer and its </s>


def test_totals_and_targets_equal_mistral_commons_own_encoding(tmp_path):
    counts = trainer_view(tmp_path, CONVERSATIONS, model=NEMO).feature(example_tokens)
    assert counts.total.tolist() == [reference_total(r) for r in CONVERSATIONS]
    expected = [sum(answer_tokens(m["content"]) for m in r["messages"] if m["role"] == "assistant")
                for r in CONVERSATIONS]
    assert counts.target.tolist() == expected
    assert counts.errors == {} and counts.max_seq_length == 131072 and counts.train_on == "assistant"


def test_weight_zero_answer_is_not_trained(tmp_path):
    record = chat("Hi", "Hello!", "Bye", "Goodbye!", weights=[0, 1])
    counts = trainer_view(tmp_path, [record], model=NEMO).feature(example_tokens)
    assert counts.total[0] == reference_total(chat("Hi", "Hello!", "Bye", "Goodbye!"))
    assert counts.target[0] == answer_tokens("Goodbye!")
    assert counts.turns(0).tolist() == [0, 0, 0, answer_tokens("Goodbye!")]


def test_mask_modes(tmp_path):
    record = chat("Hi", "Hello!", "Bye", "Goodbye!")
    total = reference_total(record)
    target = {mode: int(trainer_view(tmp_path, [record], model=NEMO, train_on=mode).feature(example_tokens).target[0])
              for mode in ("assistant", "last-assistant", "completion", "all")}
    assert target == {"assistant": answer_tokens("Hello!") + answer_tokens("Goodbye!"),
                      "last-assistant": answer_tokens("Goodbye!"), "completion": answer_tokens("Goodbye!"),
                      "all": total}


def test_truncation_cuts_part_and_all_of_the_target(tmp_path):
    answer = "one two three four five six seven eight nine ten"
    record = chat("Count to ten.", answer)
    total, trained = reference_total(record), answer_tokens(answer)
    part = trainer_view(tmp_path, [record], model=NEMO, max_seq_length=total - 3).feature(example_tokens)
    assert part.target_truncated[0] == 3
    whole = trainer_view(tmp_path, [record], model=NEMO, max_seq_length=total - trained).feature(example_tokens)
    assert whole.target_truncated[0] == trained == whole.target[0]


def test_system_prompt_placed_in_the_last_user_message_is_reported(tmp_path):
    record = chat("Hi", "Hello!", "Bye", "Goodbye!", system="Be brief.")
    view = trainer_view(tmp_path, [record, chat("Hi", "Hello!", system="Be brief.")], model=NEMO)
    counts = view.feature(example_tokens)
    from mistral_common.tokens.tokenizers.base import SpecialTokenPolicy

    ids = REFERENCE.encode_chat_completion(ChatCompletionRequest(messages=[
        SystemMessage(content="Be brief."), UserMessage(content="Hi"), AssistantMessage(content="Hello!"),
        UserMessage(content="Bye"), AssistantMessage(content="Goodbye!")])).tokens
    text = TEKKEN.decode(ids, special_token_policy=SpecialTokenPolicy.KEEP)
    assert "[INST]Be brief.\n\nBye[/INST]" in text  # mistral-common's own placement
    assert counts.total[0] == reference_total(record)
    assert counts.notes == {0: (mistral_encoding.SYSTEM_PLACED_NOTE,)}  # one user turn: nothing moves
    [p] = run_check(TemplateDropsContent, view)
    assert p.line == 1 and "start of the last user message" in p.message


def test_conversations_mistral_refuses_are_findings_not_crashes(tmp_path):
    records = [chat("Hi", "Hello!"),
               {"messages": [{"role": "system", "content": "A"}, {"role": "system", "content": "B"},
                             {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]},
               {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"},
                             {"role": "user", "content": "and?"}]}]
    view = trainer_view(tmp_path, records, model=NEMO)
    counts = view.feature(example_tokens)
    assert sorted(counts.errors) == [1, 2] and counts.total.tolist()[1:] == [0, 0]
    problems = run_check(TemplateRefusesExample, view)
    assert [p.line for p in problems] == [2, 3]
    assert "one system message per conversation" in problems[0].message
    assert "Expected last role Assistant for finetuning" in problems[1].message


def test_prompt_completion_and_show(tmp_path, capsys):
    view = trainer_view(tmp_path, [{"prompt": "2+2=", "completion": " 4"}], model=NEMO)
    counts = view.feature(example_tokens)
    prompt, completion = TEKKEN.encode("2+2=", bos=True, eos=False), TEKKEN.encode(" 4", bos=False, eos=True)
    assert counts.total[0] == len(prompt) + len(completion) and counts.target[0] == len(completion)
    path = write_jsonl(tmp_path / "s.jsonl", [chat("Hi", "Hello!")])
    assert main(["tokens", str(path), "--model", "mistral-nemo", "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert "<s>[INST]Hi[/INST][[Hello!</s>]]" in out


def test_tokens_command_rows(tmp_path, capsys):
    path = write_jsonl(tmp_path / "t.jsonl", CONVERSATIONS[:2])
    assert main(["tokens", str(path), "--model", "mistral-nemo"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["total"] for r in rows] == [reference_total(r) for r in CONVERSATIONS[:2]]


def test_missing_package_is_exit_2_naming_the_extra(tmp_path, monkeypatch, capsys):
    import sys

    mistral_encoding.load_tokenizer.cache_clear()
    monkeypatch.setitem(sys.modules, "mistral_common.tokens.tokenizers.mistral", None)
    with pytest.raises(ConfigError, match=r"ftlint\[mistral\]"):
        mistral_encoding.load_tokenizer("tekken_240718.json")
    path = write_jsonl(tmp_path / "t.jsonl", [chat("Hi", "Hello!")])
    assert main(["tokens", str(path), "--model", "mistral-nemo"]) == 2
    assert "ftlint[mistral]" in capsys.readouterr().err
    monkeypatch.undo()
    mistral_encoding.load_tokenizer.cache_clear()


def test_tokenizer_file_hash_mismatch_is_a_config_error(monkeypatch):
    mistral_encoding.load_tokenizer.cache_clear()
    monkeypatch.setitem(mistral_encoding.TOKENIZER_FILES, "tekken_240718.json", ("0" * 64, "a test"))
    with pytest.raises(ConfigError, match="reinstall mistral-common"):
        mistral_encoding.load_tokenizer("tekken_240718.json")
    monkeypatch.undo()
    mistral_encoding.load_tokenizer.cache_clear()


def test_chat_template_without_tokenizer_folder_is_a_usage_error():
    from ftlint.targets import resolve_model
    from ftlint.templated import trainer_setup

    with pytest.raises(ConfigError, match="mistral-common's own encoding"):
        trainer_setup(resolve_model(NEMO), chat_template="x.jinja")


def test_tool_calls_with_ids_are_encoded_and_without_ids_refused(tmp_path):
    tools = [{"type": "function", "function": {"name": "add", "description": "Add two numbers",
                                               "parameters": {"type": "object", "properties": {}}}}]
    good = {"tools": tools, "messages": [
        {"role": "user", "content": "1+2?"},
        {"role": "assistant", "tool_calls": [{"id": "abcDEF123", "type": "function",
                                              "function": {"name": "add", "arguments": "{\"a\": 1, \"b\": 2}"}}]},
        {"role": "tool", "tool_call_id": "abcDEF123", "content": "3"},
        {"role": "assistant", "content": "It is 3."}]}
    bare = {"conversations": [{"from": "human", "value": "1+2?"},
                              {"from": "function_call", "value": "{\"name\": \"add\", \"arguments\": {\"a\": 1}}"},
                              {"from": "observation", "value": "3"}, {"from": "gpt", "value": "It is 3."}]}
    counts = trainer_view(tmp_path, [good], model=NEMO).feature(example_tokens)
    assert counts.errors == {} and counts.target[0] == answer_tokens("It is 3.")  # tools: the last answer only
    view = trainer_view(tmp_path, [bare], model=NEMO)
    [p] = run_check(TemplateRefusesExample, view)
    assert "has no tool_call_id" in p.message
