"""Verify ftlint's Mistral NeMo totals against mistral-common's own `encode_chat_completion`.

    pip install 'ftlint[mistral]'
    python bench/verify_mistral.py [--examples 300] [--seed 0]

The conversations are bench/verify_templates.py's varied set (system or not, 1-4 turns, unicode,
emoji, code, special-token-like text) without the ones with tool calls. Each is encoded by
mistral-common's `MistralTokenizer.encode_chat_completion` (its request normalizer and
`encode_instruct`, with the tokenizer file mistral-common maps open-mistral-nemo-2407 to) and by
`ftlint tokens --model mistral-nemo-instruct-2407` (mistral-finetune's message-by-message path),
and the token ids are compared.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, UserMessage
    from mistral_common.protocol.instruct.request import ChatCompletionRequest
    from mistral_common.protocol.instruct.validator import ValidationMode
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    from ftlint.config import Settings
    from ftlint.engine import load_view
    from ftlint.targets import resolve_model
    from ftlint.templated import show_example, trainer_setup
    from ftlint.view import RunSettings
    from verify_gpt_oss import plain
    from verify_templates import conversations

    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    reference = MistralTokenizer.from_file(MistralTokenizer.v3(is_tekken=True).instruct_tokenizer.tokenizer.file_path,
                                           mode=ValidationMode.finetuning)
    kinds = {"system": SystemMessage, "user": UserMessage, "assistant": AssistantMessage}
    data = plain(conversations(args.examples, args.seed))
    model = "mistral-nemo-instruct-2407"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "mistral.jsonl")
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in data), encoding="utf-8")
        view = load_view(str(path), "train", Settings(model=model), RunSettings(model=model, jobs=1))
        setup = trainer_setup(resolve_model(model))
        equal = 0
        for record, ex in zip(data, view.examples):
            ours = show_example(setup, ex)[0]
            request = ChatCompletionRequest(messages=[kinds[m["role"]](content=m["content"]) for m in record["messages"]])
            theirs = list(reference.encode_chat_completion(request).tokens)
            if ours == theirs:
                equal += 1
            else:
                print(f"line {ex.line}: ftlint {len(ours)} tokens, mistral-common {len(theirs)}")
    print(f"{equal} of {len(data)} conversations: token ids equal to mistral-common's encode_chat_completion")
    return 0 if equal == len(data) else 1


if __name__ == "__main__":
    sys.exit(main())
