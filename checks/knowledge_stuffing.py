"""What it does:
    Warns when the training set looks like an attempt to teach facts rather than behaviour.
    Four signals are measured offline, per example, then over the dataset:
    *ungrounded answers* (median share of the answer's content words absent from the prompt
    and system message), *closed-book factoid questions* (share of short who/when/where/which/
    what-is/how-many prompts without a context passage, with short answers), *new names and
    figures* (median count per 100 answer words of proper names and numbers the prompt does
    not contain) and *repeated facts* (share of examples whose fact-bearing answer is shared by
    several paraphrased prompts). It warns when answers are ungrounded AND at least
    `min_agreeing` of the other three signals pass their thresholds. The finding states every
    measured figure next to its threshold and the five most typical examples by line.
    Code answers, answers in another language than the prompt (translation), generation
    requests ("write a story", "a poem about..."), arithmetic and repeated class labels do not
    count as facts. Answers are measured on their first 600 characters; a file of more than
    25,000 examples on an evenly spaced sample of 25,000 (the finding says so).

Why it matters:
    Fine-tuning teaches how to answer, not what is true: facts the base model did not know
    are learned slowly and make it hallucinate more (Gekhman et al. 2024, "Does Fine-Tuning
    LLMs on New Knowledge Encourage Hallucinations?"). A model tuned on a thousand facts about
    your products learns to mention your products, not to recall the facts reliably.

Example:
    {"messages": [{"role": "user", "content": "Who founded Veltrix Dynamics?"},
                  {"role": "assistant", "content": "Veltrix Dynamics was founded in 1994 by Mara Quell in Tallinn."}]}
    ... and hundreds more closed-book questions about the same catalogue of facts.

Fix:
    Put the facts in a retrieval index (RAG) and pass the relevant passages in the prompt;
    fine-tune, if at all, on answering from a given passage (format, tone, refusal when the
    passage lacks the answer).

Options:
    min_ungrounded: median share of answer content words absent from the prompt at or above
        which answers count as ungrounded (default 0.45).
    min_factoid_share: share of closed-book factoid questions that agrees (default 0.3).
    min_fact_rate: median new names and figures per 100 answer words that agrees (default 8.0).
    min_repeated_share: share of examples repeating one fact-bearing answer that agrees (default 0.1).
    min_agreeing: how many of the three other signals must agree (default 1).
    min_examples: fewer scored examples are not judged (default 20).
"""
from __future__ import annotations

from typing import Iterable

from pydantic import Field

from ftlint.features.knowledge import KnowledgeSummary, knowledge_summary
from ftlint.model import Problem, Severity
from ftlint.plugins import Check, CheckOptions


def signal_figures(s: KnowledgeSummary) -> dict:
    return {"examples_total": s.total, "examples_measured": s.measured, "examples_scored": s.scored, "ungrounded_median": round(s.ungrounded_median, 3),
            "factoid_share": round(s.factoid_share, 3), "fact_rate_median": round(s.fact_rate_median, 2),
            "repeated_share": round(s.repeated_share, 3), "kinds": s.kinds}


def sample_note(s: KnowledgeSummary) -> str:
    return f" (measured on an evenly spaced sample of {s.measured} of {s.total} examples)" if s.measured < s.total else ""


class KnowledgeStuffing(Check):
    code = "FT701"
    name = "knowledge-stuffing"
    severity = Severity.WARNING
    scope = "train"
    features = (knowledge_summary,)

    class Options(CheckOptions):
        min_ungrounded: float = Field(default=0.45, ge=0, le=1, description="median ungrounded share of answer words")
        min_factoid_share: float = Field(default=0.3, ge=0, le=1, description="share of closed-book factoid questions")
        min_fact_rate: float = Field(default=8.0, ge=0, description="median new names and figures per 100 answer words")
        min_repeated_share: float = Field(default=0.1, ge=0, le=1, description="share of repeated fact-bearing answers")
        min_agreeing: int = Field(default=1, ge=0, le=3, description="other signals that must agree")
        min_examples: int = Field(default=20, ge=1, description="fewer scored examples are not judged")

    def run(self, view) -> Iterable[Problem]:
        s, o = view.feature(knowledge_summary), self.options
        if s.scored < o.min_examples or s.ungrounded_median < o.min_ungrounded:
            return
        others = {
            "closed-book factoid questions": (s.factoid_share, o.min_factoid_share,
                                              f"{s.factoid_share:.0%} of examples", f"{o.min_factoid_share:.0%}"),
            "new names and figures": (s.fact_rate_median, o.min_fact_rate,
                                      f"{s.fact_rate_median:.1f} per 100 answer words (median)",
                                      f"{o.min_fact_rate:.1f}"),
            "repeated facts": (s.repeated_share, o.min_repeated_share,
                               f"{s.repeated_share:.0%} of examples", f"{o.min_repeated_share:.0%}"),
        }
        agreeing = [name for name, (value, threshold, _, _) in others.items() if value >= threshold]
        if len(agreeing) < o.min_agreeing:
            return
        typical = self._typical(s)
        parts = [f"{name} {shown} (threshold ≥ {limit}: {'agrees' if name in agreeing else 'below'})"
                 for name, (_, _, shown, limit) in others.items()]
        yield Problem(
            f"the dataset looks like it teaches facts{sample_note(s)}: a median {s.ungrounded_median:.0%} of answer content words "
            f"are absent from the prompt (threshold ≥ {o.min_ungrounded:.0%}), and {len(agreeing)} of 3 other "
            f"signals agree: {'; '.join(parts)}. Most typical: line(s) {', '.join(map(str, typical))}. "
            "Fine-tuning teaches behaviour, not knowledge: serve these facts with retrieval (RAG) instead",
            related=[(view.path, line) for line in typical],
            data={**signal_figures(s), "agreeing": agreeing, "typical_lines": typical,
                  "thresholds": o.model_dump()},
        )

    def _typical(self, s: KnowledgeSummary) -> list[int]:
        o = self.options

        def score(e) -> float:
            return (e.ungrounded or 0.0) + e.factoid + min(e.fact_rate / o.min_fact_rate, 1.0) + e.repeated \
                if o.min_fact_rate else (e.ungrounded or 0.0) + e.factoid + e.repeated

        ranked = sorted((e for e in s.examples if e.ungrounded is not None), key=lambda e: (-score(e), e.line))
        return [e.line for e in ranked[:5]]
