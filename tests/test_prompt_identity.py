"""A prompt's identity is everything the model conditions on: system prompt, earlier turns, tools, media.

FT301 (exact duplicates), FT303 (conflicting answers, through `prompt_groups`) and FT602 (eval
prompt in training) all group by it: the same question asked with other tools or another image
is another prompt.
"""
from __future__ import annotations

import json

from conftest import realdata, run_check

from ftlint.checks.eval_prompt_in_train import EvalPromptInTrain
from ftlint.checks.exact_duplicates import ExactDuplicates
from ftlint.features.duplicates import exact_duplicate_groups, prompt_groups, prompt_identity

PIZZA = "Can you please order a pizza for me?"
NO = "I'm sorry, but I can't place orders; my tools only handle the listed functions."


def _tool(name: str) -> dict:
    return {"type": "function", "function": {"name": name, "description": f"{name} tool",
                                             "parameters": {"type": "object", "properties": {}}}}


def _chat(question: str, answer: str, tools=None, system=None, image=None) -> dict:
    user = question if image is None else [{"type": "text", "text": question},
                                          {"type": "image_url", "image_url": {"url": image}}]
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    record = {"messages": messages}
    if tools is not None:
        record["tools"] = tools
    return record


def _sharegpt(question: str, answer: str, tools: str) -> dict:
    return {"conversations": [{"from": "human", "value": question}, {"from": "gpt", "value": answer}],
            "tools": tools}


def test_same_conversation_with_other_tools_is_not_a_duplicate(make_view):
    records = [_chat(PIZZA, NO, [_tool("get_weather")]), _chat(PIZZA, NO, [_tool("convert_currency")]),
               _chat(PIZZA, NO, [_tool("get_weather")])]
    view = make_view(records)
    assert exact_duplicate_groups(view) == [[0, 2]]
    problems = run_check(ExactDuplicates, view)
    assert [p.data["lines"] for p in problems] == [[1, 3]]


def test_tools_compared_as_json_values_not_as_text(make_view):
    tools = [_tool("get_weather")]
    as_text = json.dumps(tools, indent=2)  # LLaMA-Factory stores tools as a JSON string
    view = make_view([_sharegpt(PIZZA, NO, as_text), _sharegpt(PIZZA, NO, json.dumps(tools)),
                      _sharegpt(PIZZA, NO, json.dumps([_tool("Get_Weather")]))])
    keys = view.feature(prompt_identity)
    assert keys[0] == keys[1] != keys[2]  # whitespace is not a difference; a tool's name is, case included
    assert exact_duplicate_groups(view) == [[0, 1]]


def test_prompt_groups_split_by_tools_system_prompt_and_image(make_view):
    records = [
        _chat(PIZZA, "a", [_tool("order_food")]), _chat(PIZZA, "b", [_tool("get_weather")]),  # other tools
        _chat(PIZZA, "c", system="You are a waiter."), _chat(PIZZA, "d", system="You are a chef."),
        _chat("What is in this picture?", "a cat", image="cat.png"),
        _chat("What is in this picture?", "a dog", image="dog.png"),
        _chat(PIZZA, "e"), _chat(PIZZA, "f"),  # the only real conflict: same prompt, nothing else differs
    ]
    groups = [g for g in make_view(records).feature(prompt_groups).values() if len(g) > 1]
    assert groups == [[6, 7]]


def test_llamafactory_top_level_images_are_part_of_the_prompt(make_view):
    def alpaca(image):
        return {"instruction": "Describe the image.", "input": "", "output": "A red bicycle.", "images": [image]}

    view = make_view([alpaca("1.jpg"), alpaca("2.jpg"), alpaca("1.jpg")])
    assert exact_duplicate_groups(view) == [[0, 2]]


def test_eval_prompt_with_other_tools_is_not_a_prompt_leak(make_view):
    train = [_chat(PIZZA, NO, [_tool("get_weather")]), _chat("Convert 5 USD to EUR", "4.6 EUR", [_tool("fx")])]
    evals = [_chat(PIZZA, "Sure, ordering now.", [_tool("order_food")]),  # other tools: unseen prompt
             _chat("Convert 5 USD to EUR", "About 4.6 euros.", [_tool("fx")])]  # same prompt and tools: leak
    problems = run_check(EvalPromptInTrain, make_view(train, eval_records=evals))
    assert [(p.line, p.data["train_lines"]) for p in problems] == [(2, [2])]


def _byte_identical_extra_copies(path) -> int:
    records = json.loads(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    for r in records:
        key = json.dumps(r, sort_keys=True, ensure_ascii=False)
        seen[key] = seen.get(key, 0) + 1
    return sum(n - 1 for n in seen.values())


def test_glaive_toolcall_exact_duplicates_equal_byte_identical_records(make_view):
    path = realdata("glaive_toolcall_en_demo.json")
    from conftest import load_view, RunSettings, Settings

    view = load_view(str(path), "train", Settings(), RunSettings(jobs=1))
    problems = run_check(ExactDuplicates, view)
    extra = sum(p.data["copies"] - 1 for p in problems)
    assert extra == _byte_identical_extra_copies(path) == 35  # 38 when tools were ignored
    # the pizza question comes with several tool lists: each list is its own prompt
    pizza = [g for g in view.feature(prompt_groups).values()
             if "order a pizza" in view.examples[g[0]].turns[0].text]
    assert len(pizza) >= 5
    for group in pizza:
        assert len({view.examples[i].tools_text for i in group}) == 1
