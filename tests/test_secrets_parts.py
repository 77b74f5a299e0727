"""The sensitive-content scan in parts (`ScanPart`, so idle cores share it) finds exactly what one
scan of every example finds, in the same order, whatever the number of examples: a system prompt
repeated on both sides of a part's boundary is reported in every example holding it, and a view
with fewer examples than parts has empty parts."""
from __future__ import annotations

import pytest

from conftest import chat
from ftlint.features.secrets import SCAN_PARTS, SCAN_PARTS_OF_VIEW, scan_examples, sensitive_content

KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"
SYSTEM = "Write to help@acme.example if stuck."


def records(n: int) -> list[dict]:
    out = []
    for i in range(n):
        user = f"My key is {KEY[:-2]}{i % 10}{i % 7} and my card 4539 1488 0343 6467" if i % 3 == 0 else f"question {i}"
        out.append(chat(user, f"Call +44 20 7946 09{i % 90:02d} or mail ann{i}@mail.com",
                        system=SYSTEM if i % 2 else None))
    return out


@pytest.mark.parametrize("n", [0, 1, SCAN_PARTS - 1, SCAN_PARTS, 2 * SCAN_PARTS + 3, 101])
def test_parts_together_are_one_scan(make_view, n):
    view = make_view(records(n) or [chat("hello", "hi")])
    whole = scan_examples(view.examples)
    parts = [o for part in SCAN_PARTS_OF_VIEW for o in view.feature(part)]
    assert parts == whole
    found = view.feature(sensitive_content)
    assert sum(map(len, found.values())) == len(whole)


def test_a_repeated_system_prompt_is_found_in_every_example_holding_it(make_view):
    view = make_view(records(40))
    emails = view.feature(sensitive_content)["email"]
    system_lines = [o.line for o in emails if o.role == "system"]
    assert system_lines == [i + 1 for i in range(40) if i % 2]  # both sides of every part's boundary
    keys = view.feature(sensitive_content)["credential"]
    assert [o.line for o in keys] == [i + 1 for i in range(40) if i % 3 == 0]
    assert all(o.path == "$.messages[0].content" for o in keys if o.line % 2 == 1)  # no system turn there


def test_parts_are_named_apart_in_timings(make_view):
    view = make_view(records(8))
    view.feature(sensitive_content)
    named = [k for k in view.timings if "sensitive_content_part" in k]
    assert len(named) == SCAN_PARTS


@pytest.mark.parametrize("batch_chars", [1, 60, 500])
def test_a_scan_in_batches_finds_what_one_batch_finds(make_view, monkeypatch, batch_chars):
    from ftlint.features import secrets

    view = make_view(records(60))
    whole = scan_examples(view.examples)
    assert len(whole) > 60
    monkeypatch.setattr(secrets, "SCAN_BATCH_CHARS", batch_chars)
    assert scan_examples(view.examples) == whole
