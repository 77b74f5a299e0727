"""FT406 nothing-trained: the loss mask trains no token of an example that has answers to learn."""
from __future__ import annotations

from conftest import run_check
from ftlint.checks.nothing_trained import NothingTrained
from ftlint.features.tokens import example_tokens
from trainer_helpers import chat, trainer_view

PLAIN = ("{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n"
         "{{ m.content | trim }}<|eot_id|>{% endfor %}")


def test_template_without_generation_block_trains_nothing_reported_once(tmp_path):
    template = tmp_path / "plain.jinja"
    template.write_text(PLAIN)
    records = [chat("Hi", "Hello!"), chat("2+2?", "4"), chat("Name a colour.", "Teal.")]
    view = trainer_view(tmp_path, records, chat_template=str(template), train_on="assistant")
    assert view.feature(example_tokens).target.tolist() == [0, 0, 0]
    [p] = run_check(NothingTrained, view)
    assert p.line == 1 and p.data == {"examples": 3, "train_on": "assistant"}
    assert p.message.startswith(f"no example trains any token: the chat template ({template}) has no "
                                "{% generation %} block, so train_on = assistant selects nothing (all 3 examples;")
    # the same template with a mask that does not need generation blocks trains every example
    view = trainer_view(tmp_path, records, chat_template=str(template), train_on="all")
    assert run_check(NothingTrained, view) == []


def test_last_assistant_with_weight_zero_trains_nothing(tmp_path):
    records = [chat("Hi", "Hello!", "Bye", "Goodbye!", weights=[1, 0]), chat("Hi", "Hello!", "Bye", "Goodbye!")]
    view = trainer_view(tmp_path, records, train_on="last-assistant")
    counts = view.feature(example_tokens)
    assert counts.target[0] == 0 and counts.target[1] > 0
    [p] = run_check(NothingTrained, view)
    assert p.line == 1
    assert p.message == (f"the loss trains none of the example's {int(counts.total[0]):,} tokens: "
                         "train_on = last-assistant and the last assistant message has weight 0")
    # with the default mask (every assistant message of non-zero weight) the first answer is trained
    assert run_check(NothingTrained, trainer_view(tmp_path, records)) == []


def test_data_without_answers_is_left_to_the_structure_checks(tmp_path):
    records = [chat("Hi", "Hello!", weights=[0]), {"messages": [{"role": "user", "content": "Hi"}]},
               chat("Hi", "")]
    assert run_check(NothingTrained, trainer_view(tmp_path, records)) == []  # FT110, FT101, FT403


def test_openai_models_are_not_judged(tmp_path):
    assert run_check(NothingTrained, trainer_view(tmp_path, [chat("Hi", "Hello!")], model="gpt-4o-mini")) == []
