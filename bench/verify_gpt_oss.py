"""Verify ftlint's gpt-oss profile against the openai-harmony package, example by example.

    pip install openai-harmony          # in the test extra as well
    python bench/verify_gpt_oss.py [--examples 300] [--seed 0]

The conversations are bench/verify_templates.py's varied set (system or not, 1-4 turns, unicode,
emoji, code, special-token-like text, a tool call and its result, reasoning) and, when present, the
tool-call and reasoning files of ../shared/realdata (LLaMA-Factory's glaive tool-call demo, its
reasoning + tool-use demo, its v1 SFT demo). Each example ftlint's profile renders is rendered

- by openai-harmony's `render_conversation_for_training` from openai-harmony's own message classes
  (system content with today's date; the system prompt and `ToolDescription`s of the tools in the
  developer message; reasoning on the analysis channel where gpt-oss's chat template keeps it, with
  auto_drop_analysis off; answers on the final channel; tool calls on the commentary channel to
  functions.NAME with <|constrain|>json; tool results from functions.NAME to the assistant), and
- by `ftlint tokens --model gpt-oss-20b` (ftlint's template + quicktok's o200k_harmony),

and the token ids are compared. openai-harmony reads o200k_base from TIKTOKEN_ENCODINGS_BASE: the
script writes quicktok's table there (checked against tiktoken's sha256 first), so nothing is
downloaded. Examples the profile refuses (FT410) are counted by reason. Today: 300/300 varied,
294/294 glaive (6 refused), 10/10 reason-tool-use (40 refused: `dict`-typed or nested tool
parameters, several calls in one message), 500/500 v1 SFT.
"""
from __future__ import annotations

import argparse
import json
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


def _arguments(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _reasoning(m: dict) -> str:
    return next((m[k] for k in ("reasoning_content", "reasoning", "thinking") if m.get(k)), "")


def harmony_ids(enc, messages: list[dict], today: str, tools: list | None = None) -> list[int]:
    """openai-harmony's training rendering of `messages` (OpenAI chat shape: reasoning in
    `reasoning_content`/`reasoning`/`thinking`, `tool_calls`, `tool` messages) and `tools`: harmony
    messages built with openai-harmony's own classes, rendered by its Rust renderer. The reasoning
    kept is what gpt-oss's chat_template.jinja keeps (the last message's, and a tool call's that no
    later answer follows); harmony renders with auto_drop_analysis off, since its default drops the
    analysis before the first final answer, even of a one-turn conversation."""
    from openai_harmony import (Author, Conversation, DeveloperContent, Message, RenderConversationConfig, Role,
                                SystemContent, ToolDescription)

    out = [Message.from_role_and_content(Role.SYSTEM, SystemContent.new().with_conversation_start_date(today))]
    developer = None
    if messages and messages[0]["role"] == "system":
        developer = DeveloperContent.new().with_instructions(messages[0]["content"])
        messages = messages[1:]
    if tools:
        described = [ToolDescription.new(t.get("function", t)["name"], t.get("function", t)["description"],
                                         parameters=t.get("function", t).get("parameters")) for t in tools]
        developer = (developer or DeveloperContent.new()).with_function_tools(described)
    if developer is not None:
        out.append(Message.from_role_and_content(Role.DEVELOPER, developer))
    call = None
    answers = [i for i, m in enumerate(messages) if m["role"] == "assistant" and not m.get("tool_calls")]
    for i, m in enumerate(messages):
        if m["role"] == "user":
            out.append(Message.from_role_and_content(Role.USER, m["content"]))
        elif m["role"] == "tool":
            out.append(Message.from_author_and_content(Author.new(Role.TOOL, f"functions.{call}"), m["content"])
                       .with_recipient("assistant").with_channel("commentary"))
        else:
            keep = i == len(messages) - 1 if not m.get("tool_calls") else not (answers and answers[-1] > i)
            if _reasoning(m) and keep:
                out.append(Message.from_role_and_content(Role.ASSISTANT, _reasoning(m)).with_channel("analysis"))
            for c in m.get("tool_calls") or []:
                c = c.get("function", c)
                call = c["name"]
                out.append(Message.from_role_and_content(Role.ASSISTANT, _arguments(c["arguments"]))
                           .with_channel("commentary").with_recipient(f"functions.{call}")
                           .with_content_type("<|constrain|>json"))
            if not m.get("tool_calls"):
                out.append(Message.from_role_and_content(Role.ASSISTANT, m["content"]).with_channel("final"))
    config = RenderConversationConfig(auto_drop_analysis=False)
    return list(enc.render_conversation_for_training(Conversation.from_messages(out), config=config))


def realdata_records() -> list[tuple[str, str]]:
    """The tool-call and reasoning files of ../shared/realdata (absent on a fresh clone)."""
    folder = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "llamafactory"
    names = ["glaive_toolcall_en_demo.json", "reason_tool_use_demo_50.jsonl", "v1_sft_demo.jsonl"]
    return [(name, str(folder / name)) for name in names if (folder / name).exists()]


def compare(enc, path: str, today: str) -> tuple[int, int, dict]:
    """(equal, rendered, refusals by reason) of ftlint's gpt-oss profile against openai-harmony on a file."""
    from ftlint.config import Settings
    from ftlint.engine import load_view
    from ftlint.targets import resolve_model
    from ftlint.templated import example_messages, render_example, show_example, trainer_setup
    from ftlint.view import RunSettings

    view = load_view(path, "train", Settings(model="gpt-oss-20b"), RunSettings(model="gpt-oss-20b", jobs=1))
    setup = trainer_setup(resolve_model("gpt-oss-20b"))
    equal = rendered = 0
    refused: dict = {}
    for ex in view.examples:
        error = render_example(setup, ex).error
        if error is not None:
            refused[error] = refused.get(error, 0) + 1
            continue
        rendered += 1
        messages, tools = example_messages(ex)
        ours = show_example(setup, ex)[0]
        theirs = harmony_ids(enc, messages, today, tools)
        if ours == theirs:
            equal += 1
        else:
            print(f"{Path(path).name} line {ex.line}: ftlint {len(ours)} tokens, openai-harmony {len(theirs)}")
            print("  ftlint:  ", repr(enc.decode(ours)))
            print("  harmony: ", repr(enc.decode(theirs)))
    return equal, rendered, refused


def main() -> int:
    from verify_templates import conversations

    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    today = date.today().strftime("%Y-%m-%d")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        enc = harmony_encoding(folder)
        path = Path(folder, "gpt_oss.jsonl")
        data = conversations(args.examples, args.seed)
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in data), encoding="utf-8")
        for name, file in [("varied conversations", str(path))] + realdata_records():
            equal, rendered, refused = compare(enc, file, today)
            ok &= equal == rendered
            print(f"{name}: {equal} of {rendered} rendered conversations have token ids equal to openai-harmony's; "
                  f"{sum(refused.values())} refused (FT410)")
            for reason, n in sorted(refused.items(), key=lambda kv: -kv[1]):
                print(f"    {n:4d}  {reason}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
