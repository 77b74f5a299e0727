"""Vertex AI Gemini supervised tuning files: detected as their own format, validated, normalised."""
from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from conftest import write_jsonl
from ftlint.checks.malformed_tool_call import MalformedToolCall
from ftlint.cli import main
from ftlint.formats import FORMATS, detect
from ftlint.formats.quick import QUICK_VALIDATORS

USER = {"role": "user", "parts": [{"text": "Do you have the Pixel 8 Pro in stock?"}]}
MODEL = {"role": "model", "parts": [{"text": "Yes, 12 in stock."}]}
GOOD = {"systemInstruction": {"role": "system", "parts": [{"text": "You are a shop assistant."}]},
        "contents": [USER, MODEL]}
CALLS = {  # the shape of Google's "Tune function calling" example, snake_case system_instruction
    "system_instruction": {"role": "system", "parts": [{"text": "Help users find products."}]},
    "contents": [USER,
                 {"role": "model", "parts": [{"functionCall": {"name": "get_product_sku",
                                                               "args": {"product_name": "Pixel 8 Pro"}}}]},
                 {"role": "user", "parts": [{"functionResponse": {"name": "get_product_sku",
                                                                  "response": {"in_stock": 12}}}]},
                 MODEL],
    "tools": [{"functionDeclarations": [{"name": "get_product_sku", "description": "Inventory",
                                         "parameters": {"type": "OBJECT", "properties": {}}}]}],
}


def test_vertex_records_are_their_own_format():
    assert detect(GOOD) == "vertex_gemini" and detect(CALLS) == "vertex_gemini"


def test_normalised_to_system_user_assistant_turns(make_view):
    view = make_view([GOOD, CALLS])
    assert view.format == "vertex_gemini" and not view.invalid
    first, calls = view.examples
    assert [(t.role, t.target, t.path) for t in first.turns] == [
        ("system", False, "$.systemInstruction"), ("user", False, "$.contents[0]"), ("assistant", True, "$.contents[1]")]
    assert first.turns[0].text == "You are a shop assistant." and first.turns[2].text == "Yes, 12 in stock."
    assert [t.role for t in calls.turns] == ["system", "user", "assistant", "tool", "assistant"]
    call = calls.turns[2].tool_calls[0]
    assert call.name == "get_product_sku" and json.loads(call.arguments) == {"product_name": "Pixel 8 Pro"}
    assert call.path == "$.contents[1].parts[0].functionCall"
    assert "functionDeclarations" in calls.tools_text and '"in_stock": 12' in calls.turns[3].extra_text


def test_gemini_calls_without_ids_are_not_malformed(make_view):
    view = make_view([CALLS])
    assert list(MalformedToolCall(MalformedToolCall.Options()).run(view)) == []


def test_broken_records_are_errors_on_their_lines_with_json_paths(tmp_path, capsys):
    wrong_role = {"contents": [USER, {"role": "assistant", "parts": [{"text": "Yes."}]}]}
    misspelt = {"contents": [{"role": "user", "parts": [{"txt": "Stock?"}]}, MODEL]}
    no_model = {"contents": [USER]}
    two_kinds = {"contents": [USER, {"role": "model", "parts": [{"text": "a", "fileData": {"fileUri": "gs://b/x.png"}}]}]}
    path = write_jsonl(tmp_path / "vertex.jsonl", [GOOD, wrong_role, misspelt, no_model, CALLS, two_kinds])
    assert main([str(path), "--output-format", "json", "--select", "FT0,FT1"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    located = {(f["line"], f["path"]) for f in findings if f["code"] == "FT100"}
    assert located == {(2, "$.contents[1].role"), (2, "$.contents"), (3, "$.contents[0].parts[0]"),
                       (4, "$.contents"), (6, "$.contents[1].parts[0]")}
    by_line = {f["line"]: f["message"] for f in findings if f["path"] == "$.contents"}
    assert "no model turn" in by_line[4]
    assert any("'txt' was unexpected" in f["message"] for f in findings if f["line"] == 3)
    assert any("exactly one of" in f["message"] for f in findings if f["line"] == 6)
    assert not any(f["line"] in (1, 5) for f in findings), "valid records get no finding"


def test_tokens_of_a_vertex_file(tmp_path, capsys):
    path = write_jsonl(tmp_path / "v.jsonl", [GOOD])
    assert main(["tokens", str(path), "--turns"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert [t["role"] for t in row["turns"]] == ["system", "user", "assistant"]
    assert row["target"] == row["turns"][2]["tokens"] > 0


values = st.recursive(st.none() | st.booleans() | st.integers(-2, 2) | st.text(max_size=3),
                      lambda c: st.lists(c, max_size=2) | st.dictionaries(
                          st.sampled_from(["text", "role", "parts", "fileData", "x"]), c, max_size=2), max_leaves=6)
text_part = st.fixed_dictionaries({"text": st.text(max_size=3)})
parts = st.lists(st.one_of(text_part, text_part, st.dictionaries(
    st.sampled_from(["text", "txt", "functionCall"]), values, max_size=2)), max_size=2)
content = st.fixed_dictionaries({"parts": parts}, optional={"role": st.sampled_from(["user", "model", "model", "assistant", 1])})
contents = st.lists(st.one_of(content, content, content, st.dictionaries(st.sampled_from(["role", "parts", "x"]), values)),
                    max_size=3)
text_parts = st.lists(text_part, min_size=1, max_size=2)
near_valid = st.fixed_dictionaries(  # mostly records the fast path accepts, some with one defect
    {"contents": st.lists(st.fixed_dictionaries({"parts": st.one_of(text_parts, text_parts, parts)}, optional={
        "role": st.sampled_from(["user", "model", "model", "assistant"])}), min_size=1, max_size=3)},
    optional={"systemInstruction": st.fixed_dictionaries({"parts": st.one_of(text_parts, parts)}, optional={"role": values}),
              "tools": st.lists(st.dictionaries(st.text(max_size=2), values), max_size=2)})
vertex_records = st.one_of(near_valid, st.fixed_dictionaries({"contents": contents}, optional={
    "systemInstruction": st.one_of(st.fixed_dictionaries({"parts": parts}), st.fixed_dictionaries({}, optional={
        "parts": parts, "role": values})),
    "tools": st.one_of(st.lists(st.dictionaries(st.text(max_size=2), values), max_size=2), values), "extra": values}))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(vertex_records)
def test_quick_validator_never_accepts_what_the_schema_rejects(record):
    if QUICK_VALIDATORS["vertex_gemini"](record):
        jsonschema.validate(record, FORMATS["vertex_gemini"].schema)


def test_quick_validator_takes_the_common_text_records():
    assert QUICK_VALIDATORS["vertex_gemini"](GOOD)
    quick = QUICK_VALIDATORS["vertex_gemini"]
    # the property above is not vacuous: its strategy reaches records the fast path accepts
    found = find(vertex_records, lambda r: quick(r) and "systemInstruction" in r and len(r["contents"]) > 1,
                 settings=settings(database=None, max_examples=2000, derandomize=True))
    jsonschema.validate(found, FORMATS["vertex_gemini"].schema)


def test_images_are_part_of_the_prompts_identity(make_view):
    def ask(uri):
        return {"contents": [{"role": "user", "parts": [{"text": "What is shown?"},
                                                       {"fileData": {"mimeType": "image/png", "fileUri": uri}}]},
                             {"role": "model", "parts": [{"text": "A cat."}]}]}
    view = make_view([ask("gs://b/cat.png"), ask("gs://b/dog.png"), ask("gs://b/cat.png")])
    media = [ex.media for ex in view.examples]
    assert media[0] == media[2] != media[1] and "gs://b/dog.png" in media[1]
    assert view.examples[0].turns[0].text == "What is shown?"


def test_thought_parts_are_reasoning(make_view):
    record = {"contents": [USER, {"role": "model", "parts": [{"text": "Check the stock table.", "thought": True},
                                                             {"text": "Yes, 12 in stock."}]}]}
    (ex,) = make_view([record]).examples
    answer = ex.turns[-1]
    assert (answer.text, answer.reasoning) == ("Yes, 12 in stock.", "Check the stock table.")
    assert answer.reasoning_path == "$.contents[1].parts[0].text"
