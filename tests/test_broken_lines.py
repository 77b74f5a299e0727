"""Issue 2's acceptance: 1,000 lines, 37 broken in assorted ways; each broken line is named, no clean one is."""
from __future__ import annotations

import json
import random

from conftest import write_jsonl
from ftlint.cli import main

TOPICS = ["invoice", "parcel", "password", "refund", "router", "warranty", "upgrade", "login", "coupon", "address"]


def clean_record(rng: random.Random, i: int) -> dict:
    topic = rng.choice(TOPICS)
    words = " ".join(rng.choice(TOPICS + ["please", "today", "again", "still", "my", "new"]) for _ in range(12))
    return {"messages": [
        {"role": "system", "content": "You are a concise support agent."},
        {"role": "user", "content": f"Ticket {i}: question about my {topic}. {words}"},
        {"role": "assistant", "content": f"Ticket {i} is about the {topic}; here is what to do next: {words[::-1]}"},
    ]}


BROKEN = [
    lambda r: json.dumps(r)[:-5],                                   # cut short
    lambda r: "",                                                   # blank
    lambda r: "[1, 2, 3]",                                          # not an object
    lambda r: json.dumps(r).encode().replace(b"Ticket", b"Tick\xe9t", 1),  # invalid UTF-8
    lambda r: json.dumps({"messages": r["messages"][:2]}),          # no assistant turn
    lambda r: json.dumps({"messages": [*r["messages"][:2], {"role": "assistant", "content": ""}]}),  # empty target
    lambda r: json.dumps({"messages": [*r["messages"], {"role": "user", "content": "ok?"}]}),  # ends on user
    lambda r: json.dumps({"messages": [r["messages"][1], r["messages"][0], r["messages"][2]]}),  # system not first
    lambda r: json.dumps({"messages": [{**m, "role": "bot"} if m["role"] == "assistant" else m for m in r["messages"]]}),
    lambda r: json.dumps({"messages": [*r["messages"][:2], {**r["messages"][2], "weight": 0.3}]}),
    lambda r: json.dumps({"messages": [*r["messages"][:2], {**r["messages"][2], "content": 5}]}),  # schema
    lambda r: json.dumps({"prompt": "x", "completion": "y"}),       # other format in a chat file
    lambda r: "{'single': 'quotes'}",
    lambda r: json.dumps({"messages": [*r["messages"][:2], {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{not json"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "done"}, {"role": "assistant", "content": "Done."}]}),
]


def test_each_broken_line_named_and_no_clean_line(tmp_path, capsys):
    rng = random.Random(37)
    broken_at = set(rng.sample(range(1, 1001), 37))
    lines = []
    for n in range(1, 1001):
        record = clean_record(rng, n)
        lines.append(BROKEN[n % len(BROKEN)](record) if n in broken_at else record)
    path = write_jsonl(tmp_path / "data.jsonl", lines)
    code = main([str(path), "--output-format", "json"])  # every default check
    report = json.loads(capsys.readouterr().out)
    named = {f["line"] for f in report["findings"] if f["line"] is not None}
    assert code == 1
    assert broken_at <= named, sorted(broken_at - named)
    assert named <= broken_at, sorted(named - broken_at)
