"""FT407 template-drops-content: content of the data that the chat template leaves out."""
from __future__ import annotations

from conftest import run_check
from ftlint.checks.template_drops_content import TemplateDropsContent
from ftlint.features.tokens import example_tokens
from ftlint.model import Severity
from trainer_helpers import chat, trainer_view

EARLIER = "<think>\n91 = 7 * 13.\n</think>\n\nNo, 91 = 7 x 13."
LAST = "<think>\nNo divisor up to 9 divides 97.\n</think>\n\nYes, 97 is prime."


def test_qwen3_drops_the_reasoning_of_earlier_turns(tmp_path):
    records = [chat("Is 91 prime?", EARLIER, "Is 97 prime?", LAST), chat("Is 97 prime?", LAST)]
    view = trainer_view(tmp_path, records, model="qwen3-8b")
    [p] = run_check(TemplateDropsContent, view)
    assert p.line == 1 and p.severity is None  # a warning
    assert "$.messages[1]" in p.message and "reasoning of turn 2" in p.message
    # what the trainer sees: the first answer without its reasoning, the last with it
    ids, _trained, pieces = view.feature(example_tokens).show(view.examples[0])
    text = "".join(pieces)
    assert "91 = 7 * 13." not in text and "No, 91 = 7 x 13." in text and "No divisor up to 9 divides 97." in text


def test_qwen3_keeps_reasoning_of_the_last_turn_and_llama_keeps_everything(tmp_path):
    assert run_check(TemplateDropsContent, trainer_view(tmp_path, [chat("Is 97 prime?", LAST)], model="qwen3-8b")) == []
    records = [chat("Is 91 prime?", EARLIER, "Is 97 prime?", LAST)]
    assert run_check(TemplateDropsContent, trainer_view(tmp_path, records)) == []


def test_qwen25_default_system_prompt_is_one_info_per_file(tmp_path):
    records = [chat("Hi", "Hello!"), chat("Hi", "Hello!", system="Be brief."), chat("2+2?", "4")]
    [p] = run_check(TemplateDropsContent, trainer_view(tmp_path, records, model="qwen2.5-7b-instruct"))
    assert p.severity == Severity.INFO and p.line == 1 and p.data["examples"] == 2
    assert "default system prompt" in p.message and "2 example(s)" in p.message


def test_openai_models_are_not_judged(tmp_path):
    records = [chat("Is 91 prime?", EARLIER, "Is 97 prime?", LAST)]
    assert run_check(TemplateDropsContent, trainer_view(tmp_path, records, model="gpt-4o-mini")) == []


def test_a_template_that_ignores_tools_and_the_system_prompt(tmp_path):
    template = tmp_path / "no_system_no_tools.jinja"
    template.write_text("{{ bos_token }}{% for m in messages if m.role != 'system' %}<|start_header_id|>{{ m.role }}"
                        "<|end_header_id|>\n\n{% generation %}{{ m.content }}<|eot_id|>{% endgeneration %}{% endfor %}")
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]
    record = {"messages": [{"role": "system", "content": "You check the weather."},
                           {"role": "user", "content": "Oslo?"}, {"role": "assistant", "content": "Snow."}],
              "tools": tools}
    [p] = run_check(TemplateDropsContent, trainer_view(tmp_path, [record], chat_template=str(template)))
    assert "tool definitions not rendered by the template: get_weather" in p.message
    assert "the system prompt is not rendered by the template" in p.message
