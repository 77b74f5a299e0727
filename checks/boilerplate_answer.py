"""What it does:
    Reports one answer (normalised) given to many different prompts: at least
    `min_prompts` distinct prompts, or at least 3 distinct prompts that together are more
    than `min_share` of all examples. Answers shorter than `min_words` words (class labels
    such as "positive" or "B") are skipped. Two prompts sharing a reply ("hi" and "hello"
    both answered with the same greeting) are never boilerplate, whatever the file's size.

Why it matters:
    A long answer repeated across unrelated prompts is usually a canned refusal, an
    error message, or a generation bug (the same output pasted for every row); the
    model learns to give it everywhere.

Example:
    "I'm sorry, but I can't help with that request." as the answer on 240 lines whose
    questions are all different.

Fix:
    Replace the repeated answer with real answers, or drop those examples; keep a few
    if a refusal is a behaviour you want to teach.

Options:
    min_prompts: distinct prompts sharing the answer (default 5).
    min_share: or, with at least 3 distinct prompts, more than this share of the examples
        (default 0.05).
    min_words: shorter answers are ignored (default 4).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import answer_groups, clip, line_list, normalized_answer
from ftlint.features.texts import text_keys
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions
from ftlint.text import words


MIN_PROMPTS_FOR_SHARE = 3  # a share of the file alone never makes two prompts' shared reply boilerplate


class BoilerplateAnswer(Check):
    code = "FT304"
    name = "boilerplate-answer"
    severity = Severity.WARNING
    features = (text_keys, answer_groups)

    class Options(CheckOptions):
        min_prompts: int = Field(default=5, ge=2, description="distinct prompts sharing one answer to report it")
        min_share: float = Field(default=0.05, gt=0, le=1, description="or, with at least 3 distinct prompts, "
                                                                       "more than this share of all examples")
        min_words: int = Field(default=4, ge=1, description="answers with fewer words are ignored (labels)")

    def run(self, view) -> Iterable[Problem]:
        prompts = view.feature(text_keys).prompt
        total = len(view.examples)
        for members in view.feature(answer_groups).values():
            if len(members) < 2:
                continue
            answer = normalized_answer(view.examples[members[0]])
            if len(words(answer)) < self.options.min_words:
                continue
            distinct = len({prompts[i] for i in members})
            if distinct < self.options.min_prompts and (distinct < MIN_PROMPTS_FOR_SHARE
                                                        or len(members) <= self.options.min_share * total):
                continue
            lines = [view.examples[i].line for i in members]
            yield Problem(
                f"the same answer is given to {distinct} different prompts ({len(members) / total:.1%} of examples, "
                f"lines {line_list(lines)}): \"{clip(answer, 60)}\"",
                line=lines[0], related=[(view.path, n) for n in lines[1:]],
                data={"lines": lines, "prompts": distinct, "answer": answer},
            )
