"""Together AI fine-tuning (https://docs.together.ai/docs/fine-tuning-data-preparation).

Formats: conversational (`messages`), instruction (`prompt`/`completion`), generic text (`text`) and
preference (`input`/`preferred_output`/`non_preferred_output`), each with no other column. Roles
system, user, assistant (and tool for function calling); no role twice in a row; images only from
the user, as base64 JPEG/PNG/WEBP data URLs up to 10 MB, at most 10 per example, never in a message
with a non-zero weight; weights are the integers 0 or 1; at least 1 example; files up to 50.1 GB
as checked by Together's SDK (`together.utils.files.check_file`).
"""
from ftlint.model import Severity
from ftlint.providers import (AlternationRule, CountRule, FirstRoleRule, FormatsRule, ImageRule, PromptEndRule,
                              RolesRule, Rules, SizeRule, Target, WeightRule)

DOCS = "https://docs.together.ai/docs/fine-tuning-data-preparation"
FUNCTIONS = "https://docs.together.ai/docs/fine-tuning-function-calling"
PREFERENCE = "https://docs.together.ai/docs/preference-fine-tuning"
VISION = "https://docs.together.ai/docs/fine-tuning-vlm"

TARGET = Target(
    name="together",
    title="Together AI",
    kind="platform",
    url=DOCS,
    rules=Rules(
        formats=FormatsRule(
            url=DOCS,
            says="conversational, instruction, preference or generic text; a file with two possible formats "
                 "(or any other column) is rejected",
            accepted={"openai_chat": "together_openai_chat.json", "prompt_completion": "together_prompt_completion.json",
                      "text": "together_text.json", "preference": "together_preference.json"},
        ),
        roles=RolesRule(url=FUNCTIONS, allowed=("system", "user", "assistant", "tool"),
                        says="each message has a role (system, user, or assistant); tool results use the tool role"),
        first_role=FirstRoleRule(severity=Severity.WARNING, url=DOCS, allowed=("user",),
                                 says="the conversation must start with system or user"),
        alternation=AlternationRule(url=DOCS, mode="no-repeat",
                                    says="after the optional system message, roles must alternate between user and assistant"),
        weights=WeightRule(url=DOCS, values=(0, 1), integer_only=True,
                           says="weight must be an integer, either 0 or 1"),
        examples=CountRule(url=DOCS, minimum=1, says="the minimum is 1 sample"),
        file_size=SizeRule(url=DOCS, max_bytes=int(50.1 * 2**30), says="maximum supported file size is 50.1 GB"),
        prompt_end=PromptEndRule(url=PREFERENCE, forbidden=("assistant",),
                                 says="the last message of the input conversation must not be from the assistant"),
        images=ImageRule(url=VISION, max_per_example=10, says="at most 10 images per example"),
    ),
    not_enforced=("Parquet (pre-tokenized) files are not read", "per-model context lengths are FT401's, from `ftlint models`"),
)
