"""What it does:
    Reports groups of examples whose text differs only slightly (typos, a changed name
    or number, whitespace or punctuation), with the lines of all members and the two most
    alike texts side by side (`data.texts`). Similarity is rapidfuzz `fuzz.ratio` of the
    normalised texts; when the examples share template text (a long system prompt or
    instruction header found in many examples) only the words outside the template are
    compared, so a shared template does not make examples alike. Candidates come from
    MinHash signatures of 3-word shingles with LSH banding (never all pairs). Exact
    copies are FT301's and are not repeated here.

    What is compared: what the two examples do not share. A passage both hold word for
    word (a paragraph of 200 or more characters, or a whole turn: a shared document, a
    schema, a tool result, a long system prompt) is left out of their comparison, as
    template text is, so ten questions about one document are ten examples, not a group,
    whatever the document's length or the number of questions; two wordings of one
    question about it are near duplicates. When nothing else is left, the whole texts are
    compared. Examples with different tool definitions or media (images, audio) are
    different prompts (see FT301) and never near duplicates of each other. Known limit: a
    copy whose document has a typo no longer shares it word for word, so it is compared
    whole with every example about that document.

    Bounded work: each example is compared with at most 64 candidates (those whose
    signatures agree most), and a pair with a text over 8,000 characters is scored on the
    same scale through an alignment anchored every 4,000 characters (equal to fuzz.ratio for
    the usual near copies, otherwise lower, never higher), so a comparison costs time linear
    in the two lengths: the worst case is 64 linear comparisons per example, whatever the
    lengths (a 400 KB pair takes a few tens of milliseconds, not minutes).

Why it matters:
    Near copies overweight one behaviour just like exact copies, and often come from a
    generation or scraping bug that produced the same example twice.

Example:
    Line 40: "How do I reset my password?" -> "Open Settings > Security and ..."
    Line 912: "How do I reset my pasword?" -> "Open Settings > Security and ..."

Fix:
    Keep one example per group (`ftlint fix` keeps the first), or make them differ.

Options:
    threshold: minimum similarity, 0.75-1.0 (default 0.9).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.duplicates import (DEFAULT_NEAR_THRESHOLD, NEAR_FLOOR, clip, difference, line_list,
                                        near_duplicate_groups, near_duplicate_pairs, percent)
from ftlint.features.texts import example_text
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions

TEXT_LIMIT = 2000  # characters of each text kept in data.texts


class NearDuplicates(Check):
    code = "FT302"
    name = "near-duplicates"
    severity = Severity.WARNING
    features = (near_duplicate_pairs,)

    class Options(CheckOptions):
        threshold: float = Field(default=DEFAULT_NEAR_THRESHOLD, ge=NEAR_FLOOR, le=1.0,
                                 description="minimum similarity (fuzz.ratio / 100) of a near-duplicate pair")

    def run(self, view) -> Iterable[Problem]:
        pairs = view.feature(near_duplicate_pairs)
        keep = pairs.similarity >= self.options.threshold
        a, b, score = pairs.a[keep], pairs.b[keep], pairs.similarity[keep]
        groups = near_duplicate_groups(view, self.options.threshold)
        group_of = {k: g for g, members in enumerate(groups) for k in members}
        best: dict[int, int] = {}  # group -> its most similar pair
        for p, (x, s) in enumerate(zip(a.tolist(), score.tolist())):
            g = group_of[x]
            if g not in best or s > score[best[g]]:
                best[g] = p
        for g, group in enumerate(groups):
            i, j, s = int(a[best[g]]), int(b[best[g]]), float(score[best[g]])
            lines = [view.examples[k].line for k in group]
            text_i, text_j = example_text(view.examples[i]), example_text(view.examples[j])
            left, right = difference(" ".join(text_i.split()), " ".join(text_j.split()))
            who = (f"near duplicate of line {lines[1]}" if len(group) == 2
                   else f"{len(group)} near-duplicate examples (lines {line_list(lines)})")
            yield Problem(
                f"{who}, {percent(s)} similar: \"{clip(left)}\" vs \"{clip(right)}\"",
                line=lines[0], related=[(view.path, n) for n in lines[1:]],
                data={"lines": lines, "pair": [view.examples[i].line, view.examples[j].line],
                      "texts": [text_i[:TEXT_LIMIT], text_j[:TEXT_LIMIT]], "similarity": round(s, 4)},
            )
