"""Hugging Face TRL trainers (https://huggingface.co/docs/trl/dataset_formats).

Formats: language modelling `text`, conversational `messages`, prompt/completion, and preference
pairs as `chosen`/`rejected` (with `prompt`, or with the prompt implicit in both); roles are
whatever the model's chat template renders, so TRL adds no role rules of its own (FT1xx and the
chat template's own checks apply). Alpaca, ShareGPT and OpenAI's preferred_output spelling are
not TRL dataset formats: convert them first.
"""
from ftlint.providers import FormatsRule, Rules, Target

DOCS = "https://huggingface.co/docs/trl/dataset_formats"

TARGET = Target(
    name="trl",
    title="TRL",
    kind="trainer",
    url=DOCS,
    rules=Rules(
        formats=FormatsRule(url=DOCS, says="language modeling (text), conversational (messages), prompt-completion, "
                                           "preference (prompt, chosen, rejected)",
                            accepted={"text": None, "openai_chat": None, "prompt_completion": None,
                                      "preference": "chosen_rejected_preference.json"}),
    ),
    not_enforced=("roles and turn order: the chat template of the model decides (see --chat-template)",),
)
