"""What it does:
    Reports a prompt (every turn before the final target, normalised) that appears with two
    or more different target answers, listing each distinct answer with its lines
    (`data.answers`). Examples without a prompt or an answer are skipped. How bad that is
    depends on what the answers are:

    - an error when the answers are labels or short structured answers (every distinct answer a
      short one-line label, a JSON value or a tool call: "negative" / "neutral"), or when they
      contradict (one answer starts with "yes," or "yes.", another with "no," or "no.");
    - a warning otherwise: longer answers that say the same thing in other words are usually
      deliberate augmentation (several phrasings of one reply). The message shows how similar
      the other answers are to the first one (`data.similarity`: the lowest and highest
      rapidfuzz `fuzz.ratio` of the normalised answers, in percent).

Why it matters:
    The same input with different expected outputs is label noise: the model is taught
    both answers and learns neither reliably (for a classifier, the label is a coin flip).
    Paraphrased replies only spread the model's phrasing, which may be what you want.

Example:
    Line 7: "Classify: 'The parcel never arrived'" -> "negative"
    Line 93: "Classify: 'The parcel never arrived'" -> "neutral"

Fix:
    Decide the correct answer and fix or drop the others. If the dataset deliberately
    holds several sampled answers per prompt, set `sampled_answers = true`.

Options:
    sampled_answers: the dataset holds several answers per prompt on purpose; report
        every conflict as a warning (default false).
"""
from __future__ import annotations

import re
from typing import Iterable

from pydantic import Field

from ftlint.features.answers import answer_infos
from ftlint.features.duplicates import clip, line_list, normalized_answer, prompt_groups
from ftlint.features.texts import text_keys
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

STRUCTURED = frozenset({"label", "json_object", "json_array", "tool_call"})
_YES = re.compile(r"(?:yes|yeah|yep|correct|true)(?:[,.!;:]|$)")  # "Yes, ..." / "No." (not "No problem")
_NO = re.compile(r"(?:no|nope|incorrect|false)(?:[,.!;:]|$)")


def polarity(answer: str) -> str:
    """"yes", "no" or "" from how a normalised answer starts."""
    return "yes" if _YES.match(answer) else "no" if _NO.match(answer) else ""


class ConflictingAnswers(Check):
    code = "FT303"
    name = "conflicting-answers"
    severity = Severity.ERROR
    features = (text_keys, prompt_groups, answer_infos)

    class Options(CheckOptions):
        sampled_answers: bool = Field(default=False, description="several answers per prompt are intended: "
                                                                "report conflicts as warnings")

    def run(self, view) -> Iterable[Problem]:
        answers = view.feature(text_keys).answer
        infos = view.feature(answer_infos)
        for members in view.feature(prompt_groups).values():
            if len(members) < 2:
                continue
            by_answer: dict[bytes, list[int]] = {}
            for i in members:
                by_answer.setdefault(answers[i], []).append(i)
            if len(by_answer) < 2:
                continue
            lines = [view.examples[i].line for i in members]
            firsts = [ix[0] for ix in by_answer.values()]
            texts = [normalized_answer(view.examples[i]) for i in firsts]
            distinct = [(a, [view.examples[i].line for i in ix]) for a, ix in zip(texts, by_answer.values())]
            listed = "; ".join(f"\"{clip(a, 40)}\" (line {line_list(ls, 3)})" for a, ls in distinct)
            data = {"lines": lines, "answers": [{"answer": a, "lines": ls} for a, ls in distinct]}
            signs = {polarity(a) for a in texts} - {""}
            if all(infos[i].shape in STRUCTURED for i in firsts):
                kind, what = "labels", f"{len(distinct)} different labels"
            elif len(signs) == 2:
                kind, what = "contradiction", f"{len(distinct)} contradicting answers (yes and no)"
            else:
                from rapidfuzz import fuzz  # imported once answers are compared

                scores = [fuzz.ratio(texts[0], t) for t in texts[1:]]  # each against the first: linear
                low, high = int(min(scores)), int(max(scores))
                data["similarity"] = {"min": low, "max": high}
                span = f"{low}%" if low == high else f"{low}-{high}%"
                kind, what = "paraphrases", (f"{len(distinct)} different answers, {span} similar to the first "
                                             f"(not labels: rewording is often deliberate)")
            data["kind"] = kind
            error = kind != "paraphrases" and not self.options.sampled_answers
            yield Problem(f"same prompt has {what}: {listed}", line=lines[0],
                          related=[(view.path, n) for n in lines[1:]],
                          severity=None if error else Severity.WARNING, data=data)
