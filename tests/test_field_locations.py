"""FT80x findings name the field holding the text (its JSON path) and, in a pretty-printed JSON
array, the line of that field rather than the line where the record starts."""
from __future__ import annotations

import json

from conftest import realdata

from ftlint.checks.email_address_in_text import EmailAddressInText
from ftlint.config import Settings
from ftlint.engine import load_view
from ftlint.features.locations import FieldLines
from ftlint.view import RunSettings


def run_check(cls, view):
    return list(cls().run(view))


def emails(path):
    view = load_view(str(path), "train", Settings(), RunSettings())
    return [(p.line, p.path, p.data["masked"]) for p in run_check(EmailAddressInText, view)]


def test_alpaca_address_in_input_is_named_at_the_input_line():
    # alpaca_en_demo.json: the record starting on line 1787 holds two addresses in "input" (line 1789)
    # and again in "output" (line 1790); "instruction" (line 1788) has none
    found = emails(realdata("alpaca_en_demo.json"))
    assert found[:4] == [(1789, "$.input", "ali…com"), (1789, "$.input", "joh…com"),
                         (1790, "$.output", "ali…com"), (1790, "$.output", "joh…com")]


def test_content_parts_are_named_to_the_part(tmp_path):
    # v1_sft_demo.jsonl keeps text in typed parts: {"type": "text", "value": ...}
    found = emails(realdata("v1_sft_demo.jsonl"))
    assert (408, "$.messages[0].content[0].value", "ali…com") in found


def records():
    return [{"instruction": "Say hi", "input": "", "output": "hi"},
            {"instruction": "Tabulate", "input": "Bob | bob@mailbox.org", "output": "| Bob |"},
            {"conversations": [{"from": "human", "value": "x"}]}]


def test_pretty_printed_array_gives_the_field_line(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(records()[:2], indent=2))
    # line 1 "[", 2-6 first element, 7 "{", 8 instruction, 9 input, 10 output
    assert emails(path) == [(9, "$.input", "bob…org")]


def test_jsonl_and_minified_array_keep_the_record_line(tmp_path):
    jsonl = tmp_path / "data.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records()[:2]) + "\n")
    assert emails(jsonl) == [(2, "$.input", "bob…org")]
    minified = tmp_path / "mini.json"
    minified.write_text(json.dumps(records()[:2]))
    assert emails(minified) == [(2, "$.input", "bob…org")]  # a minified array's records are located by index


def test_locator_follows_nested_paths_and_never_guesses(tmp_path):
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(records()[1:], indent=1))
    lines = path.read_text().split("\n")
    locate = FieldLines(str(path))
    assert lines[locate.line(2, "$.input") - 1].strip().startswith('"input"')
    convo = next(i for i, s in enumerate(lines, 1) if '"conversations"' in s) - 1  # the element's "{" line
    value_line = locate.line(convo, "$.conversations[0].value")
    assert lines[value_line - 1].strip() == '"value": "x"'
    assert locate.line(2, "$.missing") == 2  # a path not in the record: the record's line
    assert locate.line(4, "$.input") == 4  # no element starts on that line
