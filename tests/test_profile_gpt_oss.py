"""The gpt-oss-20b profile (harmony format, o200k_harmony): token ids equal openai-harmony's own
training rendering (`render_conversation_for_training`, computed in the test, not by ftlint's
template), and the assistant-only mask trains what the model generates after <|start|>assistant."""
from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("openai_harmony", reason="the reference needs openai-harmony (test extra)")
import quicktok  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from verify_gpt_oss import harmony_encoding, harmony_ids  # noqa: E402

from conftest import run_check  # noqa: E402
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


def test_tool_calls_are_refused_not_guessed(tmp_path):
    record = {"messages": [{"role": "user", "content": "Weather?"},
                           {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                                                 "function": {"name": "w", "arguments": "{}"}}]},
                           {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
                           {"role": "assistant", "content": "Sunny."}]}
    view = trainer_view(tmp_path, [record, chat("Hi", "Hello!")], model=GPT_OSS)
    [p] = run_check(TemplateRefusesExample, view)
    assert p.line == 1 and "does not render tool calls, so it cannot count them exactly" in p.message
    assert p.severity == "warning" and "left out of the token statistics" in p.message  # ftlint's limit, not the data's


def test_o200k_harmony_vocabulary_has_tiktokens_published_hash():
    assert PUBLISHED_SHA256["o200k_harmony"][0] == O200K_SHA256
    assert hashlib.sha256(vocabulary_file("o200k_harmony")).hexdigest() == O200K_SHA256
