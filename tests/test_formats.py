"""Format detection, the JSON Schema contracts, and normalisation to Examples."""
from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, realdata
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.formats import FORMATS, detect
from ftlint.formats.quick import QUICK_VALIDATORS
from ftlint.view import RunSettings


def view_of(path, **settings):
    return load_view(str(path), "train", Settings(**settings), RunSettings())


@pytest.mark.parametrize("name, fmt, records", [
    ("alpaca_en_demo.json", "alpaca", 999),
    ("identity.json", "alpaca", 91),
    ("glaive_toolcall_en_demo.json", "sharegpt", 300),
    ("dpo_en_demo.json", "preference", 300),
    ("v1_sft_demo.jsonl", "openai_chat", 500),
    ("reason_tool_use_demo_50.jsonl", "openai_chat", 50),
])
def test_real_datasets_are_detected_and_valid(name, fmt, records):
    view = view_of(realdata(name))
    assert view.format == fmt
    assert view.records == records
    assert len(view.examples) == records, [r.errors for r in view.invalid[:3]]
    assert not view.problems
    assert all(ex.final_target_index >= 0 for ex in view.examples)


def test_real_tool_calls_and_loss_weights_are_normalised():
    view = view_of(realdata("reason_tool_use_demo_50.jsonl"))
    tool_turns = [t for ex in view.examples for t in ex.turns if "get_movie_details" in t.extra_text]
    assert tool_turns and all(t.role == "assistant" for t in tool_turns)
    v1 = view_of(realdata("v1_sft_demo.jsonl"))
    first = v1.examples[0]
    assert [(t.role, t.target) for t in first.turns] == [("user", False), ("assistant", True)]
    assert first.turns[1].text.startswith("Hello! I am {{name}}")


def test_sharegpt_roles_map_to_chat_roles():
    view = view_of(realdata("glaive_toolcall_en_demo.json"))
    roles = {t.role for ex in view.examples for t in ex.turns}
    assert roles <= {"user", "assistant", "tool", "system"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_fixture_is_valid_and_normalised(fmt):
    view = view_of(FIXTURES / "formats" / f"{fmt}.jsonl")
    assert view.format == fmt and not view.invalid and view.examples
    for ex in view.examples:
        assert ex.turns[ex.final_target_index].text.strip()


def test_gzip_and_json_array_fixtures():
    assert len(view_of(FIXTURES / "formats" / "openai_chat.jsonl.gz").examples) == 1
    arr = view_of(FIXTURES / "formats" / "alpaca_array.json")
    assert [ex.line for ex in arr.examples] == [2, 7]


def test_forced_format_validates_every_record_against_it(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"prompt": "a", "completion": "b"}) + "\n")
    view = view_of(p, format="openai_chat")
    assert view.format == "openai_chat" and not view.examples
    assert view.invalid[0].errors[0].message == "'messages' is a required property"


def test_schema_errors_name_json_paths(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": 42}]}) + "\n")
    [bad] = view_of(p).invalid
    assert bad.errors[0].path == "$.messages[1].content"


def test_alpaca_prompt_joins_instruction_and_input():
    view = view_of(FIXTURES / "formats" / "alpaca.jsonl")
    assert [t.text for t in view.examples[0].turns] == ["Add the numbers.\n\n2 and 2", "4"]


def test_detection_order():
    assert detect({"messages": [], "chosen": "a", "rejected": "b"}) == "preference"
    assert detect({"conversations": []}) == "sharegpt"
    assert detect({"prompt": "a", "completion": "b"}) == "prompt_completion"
    assert detect({"instruction": "a", "output": "b"}) == "alpaca"
    assert detect({"text": "a"}) == "text"
    assert detect({"question": "a"}) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["role", "content", "type", "text", "value", "name", "weight", "tool_calls", "from", "x"]),
        children, max_size=4),
    max_leaves=12,
)
messages = st.lists(st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", 3])},
                                          optional={"content": json_values, "weight": json_values, "name": json_values,
                                                    "tool_calls": json_values, "extra": json_values}), max_size=3)
records = st.one_of(
    st.fixed_dictionaries({"messages": messages}, optional={"tools": json_values}),
    st.fixed_dictionaries({"prompt": json_values, "completion": json_values}),
    st.fixed_dictionaries({"instruction": json_values, "output": json_values},
                          optional={"input": json_values, "history": json_values}),
    st.fixed_dictionaries({"conversations": st.lists(st.fixed_dictionaries(
        {"from": json_values, "value": json_values}), max_size=3)}, optional={"system": json_values}),
    st.fixed_dictionaries({"text": json_values}),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(records)
def test_quick_validators_never_accept_what_the_schema_rejects(record):
    for name, quick in QUICK_VALIDATORS.items():
        if quick(record):
            jsonschema.validate(record, FORMATS[name].schema)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_schema_is_a_valid_json_schema(fmt):
    schema = FORMATS[fmt].schema
    jsonschema.validators.validator_for(schema).check_schema(schema)


turn_texts = st.text(alphabet=st.sampled_from(list("aB \n\t.:é\u0301ﬁ２Ä\u00a0x")), max_size=12)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["user", "assistant", "system", "Tool ", ""]), turn_texts, st.booleans()),
                max_size=5))
def test_assembled_normalised_example_equals_normalising_the_whole(turns):
    from ftlint.features.texts import example_text, normalized_examples
    from ftlint.model import Example, Turn
    from ftlint.text import normalize
    from ftlint.view import DatasetView

    ex = Example(1, tuple(Turn(role, text, target) for role, text, target in turns), "openai_chat")
    view = DatasetView("x", "train", "openai_chat", False, [ex], [], [], {}, 1)
    assert view.feature(normalized_examples) == [normalize(example_text(ex))]
