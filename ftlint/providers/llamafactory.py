"""LLaMA-Factory (https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md).

Formats: `alpaca` (instruction/input/output, system, history) and `sharegpt` (`conversations`
of from/value with human, gpt, function_call, observation, system; `tools`), messages with
role/content through `dataset_info.json` tags, and preference pairs with `chosen`/`rejected`.
Its ShareGPT converter keeps an example only when, after the optional system turn, user or
observation turns stand at odd positions and gpt or function_call turns at even positions, and the
last turn is the assistant's: other examples are dropped with a warning, so they train on nothing.
"""
from ftlint.providers import (AlternationRule, FormatsRule, LastRoleRule, PromptEndRule, RolesRule, Rules, SystemRule,
                              Target)

README = "https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md"
CONVERTER = "https://github.com/hiyouga/LLaMA-Factory/blob/main/src/llamafactory/data/converter.py"

TARGET = Target(
    name="llamafactory",
    title="LLaMA-Factory",
    kind="trainer",
    url=README,
    rules=Rules(
        formats=FormatsRule(url=README, says="alpaca or sharegpt format (messages via dataset_info tags); "
                                             "preference data with chosen and rejected",
                            accepted={"alpaca": None, "sharegpt": None, "openai_chat": None,
                                      "preference": "chosen_rejected_preference.json"}),
        roles=RolesRule(url=README, allowed=("system", "user", "assistant", "tool"),
                        says="human, gpt, observation, function_call and system tags"),
        system=SystemRule(url=CONVERTER, placement="first", says="a system turn is read only as the first turn"),
        alternation=AlternationRule(url=CONVERTER, mode="user-assistant",
                                    says="human/observation at odd positions, gpt/function_call at even positions"),
        last_role=LastRoleRule(url=CONVERTER, allowed=("assistant",),
                               says="an example with an odd number of turns is dropped (invalid message count)"),
        prompt_end=PromptEndRule(url=CONVERTER, forbidden=("assistant",),
                                 says="a pairwise example's prompt has an odd number of turns (it ends with the user)"),
    ),
    not_enforced=("your dataset_info.json column and tag mappings (ftlint assumes the defaults)",
                  "a user turn right after a tool result (the converter wants the assistant there; ftlint's "
                  "user-assistant alternation lets either speak)"),
)
