"""Verify ftlint's built-in chat templates against the models' official ones, example by example.

    pip install transformers            # in a scratch venv: not a dependency of ftlint
    python bench/verify_templates.py --official DIR [--examples 300] [--seed 0] [--out FILE.jsonl]

DIR holds the official chat templates as published in each model's `tokenizer_config.json`
(`chat_template`), one file per profile: `llama-3.1-8b-instruct.jinja`, `qwen2.5-7b-instruct.jinja`,
`qwen3-8b.jinja` (copy them from the model repositories; they are not shipped with ftlint).

For a varied set of conversations (system prompt or not, 1-4 turns, unicode, emoji, code,
special-token-like text, tool calls, reasoning), each is rendered

- by transformers' own `apply_chat_template` with the **official** template, tokenized by a
  transformers fast tokenizer built from the vocabulary (`TikTokenConverter` of the ranks file,
  with the model's split pattern, NFC normaliser for Qwen, and its added special tokens), and
- by `ftlint tokens` (our template + quicktok),

and the token totals are compared. The script also writes the conversations to `--out` so the
same file can be fed to `ftlint tokens`. A mismatch prints both renderings.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SNIPPETS = [
    "How do I reset my password?", "Translate 'good morning' into French.", "Résumé: naïve café à Zürich.",
    "日本語のテキストを要約してください。", "Объясни, как работает BPE.", "emoji test 🚀🔥👍🏽 and 🇫🇷 flags",
    "```python\ndef add(a, b):\n    return a + b\n```", "SELECT * FROM users WHERE id = 42;",
    "  leading and trailing spaces  ", "line one\nline two\n\nline four", "tabs\tand\tcolumns",
    "The literal text <|eot_id|> and <|im_end|> inside a message.", "<|begin_of_text|> is not mine",
    "<think>not real reasoning</think>", "1234567890 3.14159 1e-9", "مرحبا بالعالم", "Ελληνικά γράμματα",
    "{\"json\": [1, 2, 3], \"ok\": true}", "Ｆｕｌｌｗｉｄｔｈ ｃｈａｒｓ", "e\u0301 combining accent", "\n\nstarts with newlines",
]
SYSTEMS = ["You are a helpful assistant.", "You are Acme's support bot. Be brief.", "  Système: réponds en français.  ",
           "Always answer in JSON."]
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
                                           "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                                          "required": ["city"]}}}]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(SNIPPETS) for _ in range(rng.randint(1, 4)))


def conversations(n: int, seed: int = 0) -> list[dict]:
    """Varied conversations: system or not, 1-4 turns, unicode, emoji, code, special-token-like text;
    a few with a tool call or with reasoning."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        messages = []
        if rng.random() < 0.6:
            messages.append({"role": "system", "content": rng.choice(SYSTEMS)})
        for _ in range(rng.randint(1, 4)):
            messages.append({"role": "user", "content": _text(rng)})
            answer = _text(rng)
            if rng.random() < 0.1:
                answer = f"<think>\nLet me think about {rng.choice(SNIPPETS)}\n</think>\n\n{answer}"
            messages.append({"role": "assistant", "content": answer})
        record: dict = {"messages": messages}
        if i % 10 == 7:  # a tool call and its result before the last answer
            record["tools"] = TOOLS
            last = messages.pop()
            messages.append({"role": "assistant", "content": "",
                             "tool_calls": [{"id": "call_1", "type": "function",
                                             "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]})
            messages.append({"role": "tool", "tool_call_id": "call_1", "content": "{\"temp\": 21}"})
            messages.append(last)
        out.append(record)
    return out


PROFILES = {  # profile -> (quicktok encoding, split pattern, NFC normaliser, bos)
    "llama-3.1-8b-instruct": ("llama3", r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", False, "<|begin_of_text|>"),
    "qwen2.5-7b-instruct": ("qwen3", r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", True, None),
    "qwen3-8b": ("qwen3", r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", True, None),
}


def reference_tokenizer(encoding: str, pattern: str, nfc: bool, scratch: Path, exclude=frozenset()):
    """A transformers fast tokenizer built independently of ftlint's counting path."""
    import quicktok
    from tokenizers import AddedToken, normalizers
    from transformers import PreTrainedTokenizerFast
    from transformers.convert_slow_tokenizer import TikTokenConverter

    from ftlint.tokens import vocabulary_file

    ranks_file = scratch / f"{encoding}.tiktoken"
    ranks_file.write_bytes(vocabulary_file(encoding))
    enc = quicktok.get_encoding(encoding)
    specials = sorted(set(enc.special_tokens_set) - set(exclude), key=enc.encode_single_token)
    converted = TikTokenConverter(vocab_file=str(ranks_file), pattern=pattern).converted()
    if nfc:
        converted.normalizer = normalizers.NFC()
    converted.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return PreTrainedTokenizerFast(tokenizer_object=converted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--official", required=True, help="folder of the official templates (see the docstring)")
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="also write the conversations here (JSONL)")
    args = parser.parse_args()

    import tempfile

    from ftlint.config import Settings
    from ftlint.features.tokens import count_examples
    from ftlint.targets import resolve_model

    convs = conversations(args.examples, args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="ftlint-verify-"))
    data = scratch / "conversations.jsonl"
    data.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in convs), "utf-8")
    if args.out:
        Path(args.out).write_text(data.read_text("utf-8"), "utf-8")
    from ftlint.engine import load_view
    from ftlint.view import RunSettings

    failed = False
    for profile, (encoding, pattern, nfc, bos) in PROFILES.items():
        template = (Path(args.official) / f"{profile}.jinja").read_text("utf-8")
        from ftlint.tokens import QWEN3_ONLY_SPECIALS  # Qwen2.5's tokenizer lacks Qwen3's four added tokens

        ref = reference_tokenizer(encoding, pattern, nfc, scratch, QWEN3_ONLY_SPECIALS if profile.startswith("qwen2.5") else ())
        ref.chat_template = template
        if bos:
            ref.bos_token = bos
        view = load_view(str(data), "train", Settings(), RunSettings(model=profile, jobs=2))
        ours = count_examples(view.examples, resolve_model(profile), threads=2)
        agree = 0
        for i, conv in enumerate(convs):
            ids = ref.apply_chat_template(conv["messages"], tools=conv.get("tools"), tokenize=True,
                                          add_generation_prompt=False, return_dict=False)
            if len(ids) == int(ours.total[i]):
                agree += 1
            elif agree + 5 > i:  # show the first few disagreements
                print(f"  {profile} example {i}: official {len(ids)} tokens, ftlint {int(ours.total[i])}")
        print(f"{profile}: total equal on {agree} of {len(convs)} conversations")
        failed |= agree != len(convs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
