"""Mistral fine-tuning (https://docs.mistral.ai/capabilities/finetuning/text_finetuning) and its loader
mistral-finetune (https://github.com/mistralai/mistral-finetune#prepare-dataset).

Formats: `messages` (instruct and function calling) and `text` (pretraining). Roles user,
assistant, system and tool; one system message at most; after it the user speaks first, user and
assistant alternate (tool results follow the assistant's tool calls) and the assistant speaks last
(mistral-common's fine-tuning validator); `weight` 0 or 1 on assistant messages.
"""
from ftlint.providers import (AlternationRule, FirstRoleRule, FormatsRule, LastRoleRule, RolesRule, Rules,
                              SystemRule, Target, WeightRule)

DOCS = "https://docs.mistral.ai/capabilities/finetuning/text_finetuning"
LOADER = "https://github.com/mistralai/mistral-finetune#prepare-dataset"

TARGET = Target(
    name="mistral",
    title="Mistral",
    kind="platform",
    url=DOCS,
    rules=Rules(
        formats=FormatsRule(url=LOADER, says="pretrain data in the `text` key; instruct data in the `messages` key",
                            accepted={"openai_chat": None, "text": None}),
        roles=RolesRule(url=LOADER, allowed=("system", "user", "assistant", "tool"),
                        says="role is one of user, assistant, system, or tool"),
        system=SystemRule(url=LOADER, placement="once", says="multiple messages with role 'system': only one is allowed"),
        first_role=FirstRoleRule(url=LOADER, allowed=("user",), says="the conversation starts with the user"),
        alternation=AlternationRule(url=LOADER, mode="user-assistant",
                                    says="user and assistant messages alternate; tool results follow tool calls"),
        last_role=LastRoleRule(url=LOADER, allowed=("assistant",), says="the last message must be the assistant's"),
        weights=WeightRule(url=LOADER, values=(0, 1), roles=("assistant",),
                           says="\"weight\": 0 on an assistant message means: don't train on it"),
    ),
    not_enforced=("tool call ids of exactly 9 characters (mistral-finetune recommends generating them)",
                  "file size and example-count limits of the API (not stated on the data-format page)"),
)
