"""Fireworks AI fine-tuning (https://docs.fireworks.ai/fine-tuning/fine-tuning-models).

Formats: OpenAI-compatible chat `messages` (supervised) and `input`/`preferred_output`/
`non_preferred_output` (DPO). Roles system, user, assistant; a system message is optional but must
be the first; `weight` 0 or 1; 3 to 3,000,000 examples per dataset.
"""
from ftlint.providers import CountRule, FormatsRule, RolesRule, Rules, SystemRule, Target, WeightRule

SFT = "https://docs.fireworks.ai/fine-tuning/fine-tuning-models"
DPO = "https://docs.fireworks.ai/fine-tuning/dpo-fine-tuning"

TARGET = Target(
    name="fireworks",
    title="Fireworks AI",
    kind="platform",
    url=SFT,
    rules=Rules(
        formats=FormatsRule(url=SFT, says="OpenAI-compatible chat completion format; DPO: input, preferred_output, "
                                          "non_preferred_output",
                            accepted={"openai_chat": None, "preference": "fireworks_preference.json"}),
        roles=RolesRule(url=SFT, allowed=("system", "user", "assistant"), says="role: one of system, user, or assistant"),
        system=SystemRule(url=SFT, placement="first",
                          says="a message with the system role is optional, but if specified, it must be the first message"),
        weights=WeightRule(url=SFT, values=(0, 1), says="weight: optional, either 0 or 1; the message is skipped if 0"),
        examples=CountRule(url=SFT, minimum=3, maximum=3_000_000, says="minimum examples: 3; maximum: 3 million per dataset"),
    ),
    not_enforced=("per-model context lengths (FT401 uses the --model's limit)",),
)
