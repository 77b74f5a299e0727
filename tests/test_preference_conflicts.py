"""FT307 conflicting-preferences: A over B and B over A for the same prompt."""
from __future__ import annotations

from conftest import run_check
from ftlint.checks.conflicting_preferences import ConflictingPreferences


def pair(prompt, chosen, rejected, system=None):
    messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
    return {"prompt": messages, "chosen": [{"role": "assistant", "content": chosen}],
            "rejected": [{"role": "assistant", "content": rejected}]}


def test_reversed_pair_is_reported_once_on_the_later_line(make_view):
    view = make_view([pair("Tone?", "Formal.", "Casual."), pair("Other?", "a", "b"), pair("tone? ", "casual.", "Formal."),
                      pair("Tone?", "Casual.", "formal.")])
    problems = run_check(ConflictingPreferences, view)
    assert [(p.line, p.related, p.path) for p in problems] == [(3, [(view.path, 1)], "$.chosen")]
    assert "line 1 prefers the opposite" in problems[0].message
    assert problems[0].data == {"lines": [1, 3]}


def test_same_answers_for_different_prompts_are_no_conflict(make_view):
    view = make_view([pair("Tone?", "Formal.", "Casual."), pair("Tone?", "Casual.", "Formal.", system="Be casual."),
                      pair("Tone?", "Formal.", "Casual."), pair("Tone?", "Formal.", "Slang.")])
    assert run_check(ConflictingPreferences, view) == []
