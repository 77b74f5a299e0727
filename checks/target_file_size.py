"""What it does:
    With a target that limits the file size: reports a training or evaluation file larger than
    the target accepts, in bytes and in the provider's unit.

Why it matters:
    The upload fails at the end of a long transfer.

Example:
    `--target openai` with a 600 MB JSONL file -> 629,145,600 bytes; at most 536,870,912

Fix:
    Split the file, drop duplicates (FT301) and over-long examples (FT401), or shorten images.

Options:
    None.
"""
from __future__ import annotations

import os
from typing import Iterable

from ftlint.model import Problem
from ftlint.providers.rule_check import TargetRuleCheck


class TargetFileSize(TargetRuleCheck):
    code = "FT129"
    name = "file-too-large"
    rule_keys = ("file_size",)

    def run(self, view) -> Iterable[Problem]:
        rule = self.rule(view)
        if rule is None or not os.path.isfile(view.path):  # stdin has no size to check
            return
        size = os.path.getsize(view.path)
        if size > rule.max_bytes:
            yield self.problem(view, rule, f"the file has {size:,} bytes; at most {rule.max_bytes:,} "
                                           f"({rule.max_bytes / 2**30:,.2f} GiB) are accepted")
