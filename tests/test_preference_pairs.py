"""FT305 identical-preference-pair, FT306 empty-preference-side: on their lines, in every spelling."""
from __future__ import annotations

import json

from conftest import FIXTURES, realdata, run_check
from ftlint.checks.empty_preference_side import EmptyPreferenceSide
from ftlint.checks.identical_preference_pair import IdenticalPreferencePair
from ftlint.cli import main


def pair(prompt: str, chosen: str, rejected: str) -> dict:
    return {"prompt": prompt, "chosen": chosen, "rejected": rejected}


def openai_pair(prompt: str, chosen: str, rejected: str) -> dict:
    return {"input": {"messages": [{"role": "user", "content": prompt}]},
            "preferred_output": [{"role": "assistant", "content": chosen}],
            "non_preferred_output": [{"role": "assistant", "content": rejected}]}


def sharegpt_pair(prompt: str, chosen: str, rejected: str) -> dict:
    return {"conversations": [{"from": "human", "value": prompt}],
            "chosen": {"from": "gpt", "value": chosen}, "rejected": {"from": "gpt", "value": rejected}}


def test_identical_after_normalisation_in_each_spelling(make_view):
    for make, path in ((pair, "$.rejected"), (openai_pair, "$.non_preferred_output"), (sharegpt_pair, "$.rejected")):
        view = make_view([make("2+2?", "4", "5"), make("Capital of France?", "Paris.", "  paris. "),
                          make("3+3?", "6", "6")])
        problems = run_check(IdenticalPreferencePair, view)
        assert [(p.line, p.path) for p in problems] == [(2, path), (3, path)], make.__name__
        assert "identical" in problems[0].message


def test_different_reasoning_makes_a_real_pair(make_view):
    view = make_view([pair("2+2?", "<think>2 and 2 make 4</think>4", "<think>guess</think>4")])
    assert run_check(IdenticalPreferencePair, view) == []


def test_empty_sides_are_reported_at_their_paths(make_view):
    view = make_view([pair("a?", "fine answer", ""), pair("b?", " ", "other answer"), pair("c?", "", "\n"),
                      pair("d?", "yes", "no"), openai_pair("e?", "good", "")])
    problems = run_check(EmptyPreferenceSide, view)
    assert [(p.line, p.path) for p in problems] == [(1, "$.rejected"), (2, "$.chosen"), (3, "$.chosen"),
                                                   (5, "$.non_preferred_output")]
    assert "rejected answer is empty" in problems[0].message and "both" in problems[2].message
    assert run_check(IdenticalPreferencePair, view) == []  # two empty sides are FT306's, not also FT305's


def test_a_side_holding_only_a_tool_call_is_not_empty(make_view):
    call = {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}
    record = {"input": {"messages": [{"role": "user", "content": "run f"}]},
              "preferred_output": [call], "non_preferred_output": [{"role": "assistant", "content": "I can't."}]}
    assert run_check(EmptyPreferenceSide, make_view([record])) == []


def test_the_cli_names_lines_of_broken_pairs(tmp_path, capsys):
    path = tmp_path / "dpo.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [pair("a?", "x", "y"), pair("b?", "same", "Same"),
                                                      pair("c?", "z", "")]) + "\n")
    assert main([str(path), "--output-format", "json", "--select", "FT305,FT306"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"], f["path"]) for f in findings] == [("FT305", 2, "$.rejected"), ("FT306", 3, "$.rejected")]


def test_real_and_fixture_preference_files_have_no_broken_pairs(capsys):
    for path in (realdata("dpo_en_demo.json"), FIXTURES / "formats" / "preference.jsonl"):
        main([str(path), "--output-format", "json", "--select", "FT305,FT306,FT307,FT308"])
        assert json.loads(capsys.readouterr().out)["findings"] == [], path



def test_trl_implicit_prompt_is_cut_where_trl_cuts_it(make_view):
    conversation = [{"role": "user", "content": "What color is the sky?"}]
    view = make_view([
        {"chosen": "The sky is blue.", "rejected": "The sky is green."},  # TRL's documented example
        {"chosen": conversation + [{"role": "assistant", "content": "It is blue."}],
         "rejected": conversation + [{"role": "assistant", "content": "It is green."}]},
    ])
    assert not view.invalid
    text, chat = view.examples
    assert [t.text for t in text.turns] == ["The sky is", " blue."] and text.rejected[0].text == " green."
    assert [(t.role, t.text, t.target) for t in chat.turns] == [("user", "What color is the sky?", False),
                                                               ("assistant", "It is blue.", True)]
    assert (chat.rejected[0].text, chat.rejected[0].path) == ("It is green.", "$.rejected[1]")


def test_implicit_prompt_pairs_are_checked_like_the_others(make_view):
    conversation = [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]
    view = make_view([{"chosen": conversation, "rejected": conversation},
                      {"chosen": [conversation[0], {"role": "assistant", "content": "4"}],
                       "rejected": [conversation[0], {"role": "assistant", "content": "5"}]}])
    # identical sides: TRL cuts before the last message, so both answers are "4"
    assert [(p.line, p.path) for p in run_check(IdenticalPreferencePair, view)] == [(1, "$.rejected[1]")]
