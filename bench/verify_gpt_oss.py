"""Verify ftlint's gpt-oss profile against the openai-harmony package, example by example.

    pip install openai-harmony          # in the test extra as well
    python bench/verify_gpt_oss.py [--examples 300] [--seed 0]

The conversations are bench/verify_templates.py's varied set (system or not, 1-4 turns, unicode,
emoji, code, special-token-like text), without the ones with tool calls (the profile refuses them)
and with reasoning fields removed (the profile leaves reasoning out). Each is rendered

- by openai-harmony's `render_conversation_for_training` (system content with today's date, the
  system prompt as developer instructions, assistant messages on the final channel), and
- by `ftlint tokens --model gpt-oss-20b` (ftlint's template + quicktok's o200k_harmony),

and the token ids are compared. openai-harmony reads o200k_base from TIKTOKEN_ENCODINGS_BASE: the
script writes quicktok's table there (checked against tiktoken's sha256 first), so nothing is
downloaded.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def harmony_encoding(folder: str):
    from ftlint.tokens import O200K_SHA256, vocabulary_file
    import hashlib

    data = vocabulary_file("o200k_base")
    assert hashlib.sha256(data).hexdigest() == O200K_SHA256
    Path(folder, "o200k_base.tiktoken").write_bytes(data)
    os.environ["TIKTOKEN_ENCODINGS_BASE"] = folder
    from openai_harmony import HarmonyEncodingName, load_harmony_encoding

    return load_harmony_encoding(HarmonyEncodingName.HARMONY_GPT_OSS)


def harmony_ids(enc, messages: list[dict], today: str) -> list[int]:
    from openai_harmony import Conversation, DeveloperContent, Message, Role, SystemContent

    out = [Message.from_role_and_content(Role.SYSTEM, SystemContent.new().with_conversation_start_date(today))]
    for m in messages:
        if m["role"] == "system":
            out.append(Message.from_role_and_content(Role.DEVELOPER, DeveloperContent.new().with_instructions(m["content"])))
        elif m["role"] == "user":
            out.append(Message.from_role_and_content(Role.USER, m["content"]))
        else:
            out.append(Message.from_role_and_content(Role.ASSISTANT, m["content"]).with_channel("final"))
    return list(enc.render_conversation_for_training(Conversation.from_messages(out)))


def plain(conversations: list[dict]) -> list[dict]:
    keep = []
    for c in conversations:
        if c.get("tools") or any(m.get("tool_calls") or m["role"] == "tool" for m in c["messages"]):
            continue
        keep.append({"messages": [{"role": m["role"], "content": m["content"]} for m in c["messages"]]})
    return keep


def main() -> int:
    from verify_templates import conversations
    from ftlint.targets import resolve_model
    from ftlint.templated import show_example, trainer_setup
    from ftlint.engine import load_view
    from ftlint.config import Settings
    from ftlint.view import RunSettings
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data = plain(conversations(args.examples, args.seed))
    today = date.today().strftime("%Y-%m-%d")
    with tempfile.TemporaryDirectory() as folder:
        enc = harmony_encoding(folder)
        path = Path(folder, "gpt_oss.jsonl")
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in data), encoding="utf-8")
        view = load_view(str(path), "train", Settings(model="gpt-oss-20b"), RunSettings(model="gpt-oss-20b", jobs=1))
        setup = trainer_setup(resolve_model("gpt-oss-20b"))
        equal = 0
        for record, ex in zip(data, view.examples):
            ours = show_example(setup, ex)[0]
            theirs = harmony_ids(enc, record["messages"], today)
            if ours == theirs:
                equal += 1
            else:
                print(f"line {ex.line}: ftlint {len(ours)} tokens, openai-harmony {len(theirs)}")
                print("  ftlint:  ", repr(enc.decode(ours)))
                print("  harmony: ", repr(enc.decode(theirs)))
    print(f"{equal} of {len(data)} conversations: token ids equal to openai-harmony's")
    return 0 if equal == len(data) else 1


if __name__ == "__main__":
    sys.exit(main())
