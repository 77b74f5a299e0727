"""What it does:
    Reports a prompt whose preference pairs contradict each other: one pair prefers answer A
    over answer B, another prefers B over A (answers and prompts compared after
    normalisation; the prompt includes the system prompt, earlier turns and tools). Reported
    once per contradicting couple, on the later line, with the earlier line as related.

Why it matters:
    The two pairs pull the model in opposite directions and cancel out: the tokens are paid
    for and nothing is learned. It usually means two annotators disagreed, or a merge of
    datasets swapped the columns of one of them.

Example:
    Line 4:  {"prompt": "Tone?", "chosen": "Formal.", "rejected": "Casual."}
    Line 90: {"prompt": "Tone?", "chosen": "Casual.", "rejected": "Formal."}

Fix:
    Decide which answer is better for that prompt and drop (or flip) the other pair.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.duplicates import clip, prompt_identity
from ftlint.features.preference import pair_keys
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class ConflictingPreferences(Check):
    code = "FT307"
    name = "conflicting-preferences"
    severity = Severity.ERROR
    features = (pair_keys, prompt_identity)

    def run(self, view) -> Iterable[Problem]:
        keys, prompts = view.feature(pair_keys), view.feature(prompt_identity)
        first: dict[tuple[bytes, bytes, bytes], int] = {}  # (prompt, chosen, rejected) -> first example
        reported: set[tuple[bytes, frozenset]] = set()
        for i, (prompt, chosen, rejected) in enumerate(zip(prompts, keys.chosen, keys.rejected)):
            if chosen is None or chosen == rejected:
                continue
            first.setdefault((prompt, chosen, rejected), i)
            j = first.get((prompt, rejected, chosen))
            couple = (prompt, frozenset((chosen, rejected)))
            if j is None or couple in reported:
                continue
            reported.add(couple)
            ex, earlier = view.examples[i], view.examples[j]
            answer = ex.turns[ex.final_target_index]
            other = ex.rejected[0]
            yield Problem(f"this pair prefers \"{clip(answer.text or answer.extra_text, 40)}\" over "
                          f"\"{clip(other.text or other.extra_text, 40)}\"; line {earlier.line} prefers the opposite "
                          "for the same prompt", line=ex.line, path=answer.path, related=[(view.path, earlier.line)],
                          data={"lines": [earlier.line, ex.line]})
