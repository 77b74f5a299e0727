"""The targets' fast validators never vouch for a record their strict schema rejects (ftlint.providers.quick)."""
from __future__ import annotations

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.providers import _schema
from ftlint.providers.quick import QUICK_VALIDATORS

roles = st.sampled_from(["system", "user", "assistant", "tool", "function", "developer", "human", 3])
values = st.one_of(st.none(), st.booleans(), st.integers(-1, 2), st.floats(allow_nan=False), st.text(max_size=5),
                   st.lists(st.fixed_dictionaries({"type": st.sampled_from(["text", "image_url"])},
                                                  optional={"text": st.text(max_size=3)}), max_size=2))
keys = st.sampled_from(["role", "content", "name", "weight", "refusal", "loss_weight", "tool_calls", "tool_call_id"])
message = st.one_of(
    st.dictionaries(keys, values, max_size=5),
    st.builds(lambda r, c, extra: {"role": r, "content": c, **extra}, roles, st.one_of(st.text(max_size=5), values),
              st.dictionaries(keys, values, max_size=2)),
)
record = st.one_of(
    st.fixed_dictionaries({"messages": st.lists(message, max_size=4)},
                          optional={"tools": values, "text": values, "id": values}),
    st.dictionaries(st.sampled_from(["prompt", "completion", "text", "extra"]), values, max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(record)
def test_quick_validators_are_never_looser_than_the_schemas(value):
    for name, quick in QUICK_VALIDATORS.items():
        if quick(value):
            schema = _schema(name)
            errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(value))
            assert not errors, (name, value, [e.message for e in errors])


def test_quick_validators_vouch_for_the_common_shapes():
    chat = {"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"},
                         {"role": "assistant", "content": "a", "weight": 1}]}
    assert QUICK_VALIDATORS["openai_openai_chat.json"](chat)
    assert QUICK_VALIDATORS["together_openai_chat.json"](chat)
    assert QUICK_VALIDATORS["together_prompt_completion.json"]({"prompt": "p", "completion": "c"})
    assert QUICK_VALIDATORS["together_text.json"]({"text": "t"})


def test_a_role_that_is_a_list_or_object_is_left_to_the_schema(tmp_path):
    """Found by the property test above: `"role": []` made the fast path raise TypeError (a crash under
    --target openai); it now declines, and the schema reports the role on its line."""
    for role in ([], {"a": 1}):
        record = {"messages": [{"role": role, "content": ""}, {"role": "assistant", "content": "x"}]}
        assert not any(quick(record) for quick in QUICK_VALIDATORS.values())
