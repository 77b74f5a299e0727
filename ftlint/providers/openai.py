"""OpenAI fine-tuning (https://platform.openai.com/docs/guides/supervised-fine-tuning).

The per-line contract is OpenAI's published `FineTuneChatRequestInput` (supervised) and
`FineTunePreferenceRequestInput` (DPO) schemas: messages of role system, user, assistant, tool or
function with no unknown keys; content as a string or typed parts (`text`, images as `image_url`
for the user, `refusal` for the assistant); `weight` 0 or 1, on assistant messages only; `tools`
as a list of `{"type": "function", "function": {...}}`; at least 10 examples; images JPEG, PNG or
WEBP, at most 10 MB each and 10 per example, never from the assistant.
"""
from ftlint.providers import CountRule, FormatsRule, ImageRule, RolesRule, Rules, SizeRule, Target, WeightRule

SFT = "https://platform.openai.com/docs/guides/supervised-fine-tuning"
API = "https://platform.openai.com/docs/api-reference/fine-tuning/chat-input"
DPO = "https://platform.openai.com/docs/api-reference/fine-tuning/preference-input"
VISION = "https://platform.openai.com/docs/guides/vision-fine-tuning"
FILES = "https://platform.openai.com/docs/api-reference/files/create"

TARGET = Target(
    name="openai",
    title="OpenAI",
    kind="platform",
    url=SFT,
    rules=Rules(
        formats=FormatsRule(url=API, says="chat messages (supervised) or input/preferred_output/non_preferred_output (DPO)",
                            accepted={"openai_chat": "openai_openai_chat.json", "preference": "openai_preference.json"}),
        roles=RolesRule(url=API, allowed=("system", "user", "assistant", "tool", "function"),
                        says="messages are system, user, assistant, tool or (deprecated) function messages"),
        weights=WeightRule(url=SFT, values=(0, 1), roles=("assistant",),
                           says="weight controls whether the assistant message is trained against (0 or 1)"),
        examples=CountRule(url=SFT, minimum=10, says="the minimum number of examples you can provide for fine-tuning is 10"),
        file_size=SizeRule(url=FILES, max_bytes=512 * 2**20, says="individual files can be up to 512 MB"),
        images=ImageRule(url=VISION, max_per_example=10, says="each example can have at most 10 images"),
    ),
    not_enforced=("at most 50,000 examples that contain images per file", "images must be RGB or RGBA",
                  "images with people, faces, children or CAPTCHAs are skipped, not rejected"),
)
