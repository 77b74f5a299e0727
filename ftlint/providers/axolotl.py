"""Axolotl (https://docs.axolotl.ai/docs/dataset-formats/).

Formats: pre-training `text`, instruction datasets (`alpaca`: instruction/input/output),
conversations through `type: chat_template` (`messages` with role/content, or ShareGPT
`conversations` mapped with `message_property_mappings`), and preference pairs with
`chosen`/`rejected`. The default role mapping reads system, user/human, assistant/gpt and tool.
"""
from ftlint.providers import FormatsRule, RolesRule, Rules, Target

DOCS = "https://docs.axolotl.ai/docs/dataset-formats/"
CHAT = "https://docs.axolotl.ai/docs/dataset-formats/conversation.html"

TARGET = Target(
    name="axolotl",
    title="Axolotl",
    kind="trainer",
    url=DOCS,
    rules=Rules(
        formats=FormatsRule(url=DOCS, says="pre-training (text), instruction (alpaca), conversation (chat_template), "
                                           "preference (chosen/rejected)",
                            accepted={"text": None, "alpaca": None, "openai_chat": None, "sharegpt": None,
                                      "preference": "chosen_rejected_preference.json"}),
        roles=RolesRule(url=CHAT, allowed=("system", "user", "assistant", "tool"),
                        says="default roles: system, user (human), assistant (gpt), tool; others need a roles mapping"),
    ),
    not_enforced=("custom field and role mappings of your axolotl config (ftlint assumes the defaults)",),
)
