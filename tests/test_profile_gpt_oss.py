"""The gpt-oss-20b profile (harmony format, o200k_harmony): token ids equal openai-harmony's own
training rendering (`render_conversation_for_training`, computed in the test, not by ftlint's
template) for plain chats, reasoning (analysis channel), tool calls, results and definitions; the
assistant-only mask trains what the model generates after <|start|>assistant; what ftlint cannot
render exactly is refused (FT410)."""
from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("openai_harmony", reason="the reference needs openai-harmony (test extra)")
import quicktok  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from verify_gpt_oss import compare, harmony_encoding, harmony_ids  # noqa: E402

from conftest import realdata, run_check  # noqa: E402
from ftlint.checks.template_drops_content import TemplateDropsContent  # noqa: E402
from ftlint.checks.template_refuses_example import TemplateRefusesExample  # noqa: E402
from ftlint.features.tokens import example_tokens  # noqa: E402
from ftlint.tokens import O200K_SHA256, PUBLISHED_SHA256, vocabulary_file  # noqa: E402
from trainer_helpers import chat, trainer_view  # noqa: E402

GPT_OSS = "gpt-oss-20b"
ENC = quicktok.get_encoding("o200k_harmony")
CONVERSATIONS = [
    chat("Hi", "Hello!"),
    chat("What is 2+2?", "4", system="Answer with a number."),
    chat("Bonjour, ça va ?", "Très bien, merci ! 😀", "And in Japanese?", "元気です。"),
    chat("Write a loop.", "```python\nfor i in range(3):\n    print(i)\n```", system="  You write code.  "),
    chat("Is <|eot_id|> a token?", "  Not here: <|im_end|>  \n"),
]


@pytest.fixture(scope="module")
def harmony(tmp_path_factory):
    return harmony_encoding(str(tmp_path_factory.mktemp("harmony")))


def answer_tokens(text: str, last: bool) -> int:
    """<|channel|>final<|message|>TEXT<|end|> (or <|return|> for the last answer)."""
    return 1 + len(ENC.encode_ordinary("final")) + 1 + len(ENC.encode_ordinary(text)) + 1


def test_token_ids_equal_openai_harmony(tmp_path, harmony):
    view = trainer_view(tmp_path, CONVERSATIONS, model=GPT_OSS)
    counts = view.feature(example_tokens)
    today = date.today().strftime("%Y-%m-%d")
    for i, record in enumerate(CONVERSATIONS):
        theirs = harmony_ids(harmony, record["messages"], today)
        assert counts.total[i] == len(theirs)
        assert counts.show(view.examples[i])[0] == theirs
    answers = [[m["content"] for m in r["messages"] if m["role"] == "assistant"] for r in CONVERSATIONS]
    assert counts.target.tolist() == [sum(answer_tokens(a, k == len(s) - 1) for k, a in enumerate(s)) for s in answers]


def test_weight_zero_answer_and_truncation(tmp_path):
    record = chat("Hi", "Hello!", "Bye", "Goodbye!", weights=[0, 1])
    counts = trainer_view(tmp_path, [record], model=GPT_OSS).feature(example_tokens)
    assert counts.target[0] == answer_tokens("Goodbye!", True)
    total = int(counts.total[0])
    cut = trainer_view(tmp_path, [record], model=GPT_OSS, max_seq_length=total - 2).feature(example_tokens)
    assert cut.target_truncated[0] == 2
    gone = trainer_view(tmp_path, [record], model=GPT_OSS, max_seq_length=total - int(counts.target[0]))
    assert gone.feature(example_tokens).target_truncated[0] == counts.target[0]


def trained(text: str) -> int:
    """Tokens of hand-written harmony text (its special tokens as single tokens)."""
    return len(ENC.encode(text, allowed_special="all"))


def ids_and_counts(tmp_path, record):
    view = trainer_view(tmp_path, [record], model=GPT_OSS)
    counts = view.feature(example_tokens)
    return view, counts, counts.show(view.examples[0])[0]


def reference(harmony, record):
    return harmony_ids(harmony, record["messages"], date.today().strftime("%Y-%m-%d"), record.get("tools"))


WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Weather for a city",
    "parameters": {"type": "object", "required": ["city"], "properties": {
        "city": {"type": "string", "description": "City name"},
        "unit": {"type": "string", "enum": ["c", "f"], "default": "c"},
        "days": {"type": "integer", "default": 1}, "hourly": {"type": "boolean"},
        "fields": {"type": "array", "items": {"type": "string"}}, "ids": {"type": "array", "items": {"type": "integer"}},
        "when": {"type": "string", "format": "date"}, "note": {"type": "str", "default": "x"}}}}}
TOOL_CHAT = {"tools": [WEATHER], "messages": [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "", "reasoning_content": "I should call the weather tool.",
     "tool_calls": [{"id": "c1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
    {"role": "tool", "tool_call_id": "c1", "content": "{\"temp\": 21}"},
    {"role": "assistant", "content": "21 °C in Paris."}]}


def test_reasoning_turn_is_the_analysis_channel_and_trained(tmp_path, harmony):
    record = {"messages": [{"role": "user", "content": "Is 91 prime?"},
                           {"role": "assistant", "reasoning_content": "91 = 7 x 13.", "content": "No."}]}
    view, counts, ids = ids_and_counts(tmp_path, record)
    assert ids == reference(harmony, record)
    assert "<|channel|>analysis<|message|>91 = 7 x 13.<|end|>" in ENC.decode(ids)
    assert counts.target[0] == trained("<|channel|>analysis<|message|>91 = 7 x 13.<|end|><|start|>assistant"
                                       "<|channel|>final<|message|>No.<|return|>")
    assert run_check(TemplateDropsContent, view) == []


def test_earlier_reasoning_dropped_as_harmony_and_the_template_do_and_reported(tmp_path, harmony):
    record = {"messages": [{"role": "user", "content": "Is 91 prime?"},
                           {"role": "assistant", "reasoning_content": "91 = 7 x 13.", "content": "No."},
                           {"role": "user", "content": "And 97?"},
                           {"role": "assistant", "reasoning_content": "No divisor up to 9.", "content": "Yes."}]}
    view, counts, ids = ids_and_counts(tmp_path, record)
    assert ids == reference(harmony, record)
    text = ENC.decode(ids)
    assert "91 = 7 x 13." not in text and "No divisor up to 9." in text
    assert counts.target[0] == trained("<|channel|>final<|message|>No.<|end|>") + trained(
        "<|channel|>analysis<|message|>No divisor up to 9.<|end|><|start|>assistant<|channel|>final<|message|>Yes.<|return|>")
    [p] = run_check(TemplateDropsContent, view)
    assert p.line == 1 and "the reasoning of turn 2" in p.message and "drops it" in p.message


def test_tool_call_result_and_definitions_equal_openai_harmony(tmp_path, harmony):
    view, counts, ids = ids_and_counts(tmp_path, TOOL_CHAT)
    assert ids == reference(harmony, TOOL_CHAT)
    text = ENC.decode(ids)
    assert ("<|start|>assistant to=functions.get_weather<|channel|>commentary <|constrain|>json<|message|>"
            '{"city": "Paris"}<|call|>') in text
    assert '<|start|>functions.get_weather to=assistant<|channel|>commentary<|message|>{"temp": 21}<|end|>' in text
    assert "namespace functions {" in text and 'unit?: "c" | "f", // default: c' in text
    # trained: the call (reasoning dropped: a final answer follows) and the final answer; not the result
    assert "I should call" not in text
    assert counts.target[0] == trained(" to=functions.get_weather<|channel|>commentary <|constrain|>json<|message|>"
                                       '{"city": "Paris"}<|call|>') + trained(
        "<|channel|>final<|message|>21 °C in Paris.<|return|>")
    [p] = run_check(TemplateDropsContent, view)
    assert "the reasoning of turn 3" in p.message


def test_reasoning_before_a_last_tool_call_is_kept(tmp_path, harmony):
    record = {"tools": TOOL_CHAT["tools"], "messages": TOOL_CHAT["messages"][:4]}
    view, counts, ids = ids_and_counts(tmp_path, record)
    assert ids == reference(harmony, record)
    assert "<|channel|>analysis<|message|>I should call the weather tool.<|end|>" in ENC.decode(ids)
    again = dict(TOOL_CHAT["messages"][2], reasoning_content="Now Rome.")
    record = {"tools": TOOL_CHAT["tools"], "messages": TOOL_CHAT["messages"][:4] + [again, TOOL_CHAT["messages"][3]]}
    view, counts, ids = ids_and_counts(tmp_path, record)
    assert ids == reference(harmony, record)
    text = ENC.decode(ids)
    assert "I should call the weather tool." in text and "Now Rome." in text  # no answer follows either call


def refusal(tmp_path, record) -> str:
    view = trainer_view(tmp_path, [record, chat("Hi", "Hello!")], model=GPT_OSS)
    [p] = run_check(TemplateRefusesExample, view)
    assert p.line == 1 and p.severity == "warning" and "left out of the token statistics" in p.message
    return p.message


def test_what_it_cannot_render_exactly_is_still_refused(tmp_path):
    call = {"type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    two_calls = {"tools": [WEATHER], "messages": [{"role": "user", "content": "Paris and Rome?"},
                                                  {"role": "assistant", "content": "", "tool_calls": [call, call]},
                                                  {"role": "tool", "content": "a"}, {"role": "tool", "content": "b"},
                                                  {"role": "assistant", "content": "Both sunny."}]}
    assert "does not render several tool calls in one message, so it cannot count them exactly" in refusal(tmp_path, two_calls)
    nested = {"tools": [{"type": "function", "function": {
        "name": "f", "description": "d", "parameters": {"type": "object", "properties": {
            "o": {"type": "object", "properties": {"k": {"type": "string"}}}}}}}],
        "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    assert "tool parameters with schema keys other than type, description, enum, default, items, format" in refusal(tmp_path, nested)
    # openai-harmony encodes "<|end|>" in a message as ordinary text; a transformers tokenizer as one token
    spelled = chat("What ends a message?", "The token <|end|>.")
    assert "does not render text that spells the harmony special token <|end|>" in refusal(tmp_path, spelled)


def test_real_tool_call_datasets_equal_openai_harmony(harmony):
    """LLaMA-Factory's glaive tool-call demo (ShareGPT function_call/observation turns, a `tools` field)
    and its reasoning + tool-use demo: every example ftlint renders has openai-harmony's token ids; the
    rest are refused with what is not rendered (nested or `dict` parameters, several calls, ...)."""
    today = date.today().strftime("%Y-%m-%d")
    equal, rendered, refused = compare(harmony, str(realdata("glaive_toolcall_en_demo.json")), today)
    assert equal == rendered and rendered >= 290  # 294 of 300 today
    assert all("ftlint's gpt-oss profile does not render" in reason for reason in refused)
    equal, rendered, refused = compare(harmony, str(realdata("reason_tool_use_demo_50.jsonl")), today)
    assert equal == rendered and rendered >= 10 and sum(refused.values()) == 50 - rendered


def test_o200k_harmony_vocabulary_has_tiktokens_published_hash():
    assert PUBLISHED_SHA256["o200k_harmony"][0] == O200K_SHA256
    assert hashlib.sha256(vocabulary_file("o200k_harmony")).hexdigest() == O200K_SHA256
