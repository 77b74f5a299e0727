"""What it does:
    Reports, as one info finding per training file, the knowledge-stuffing figures FT701
    judges, whether or not FT701 warns: the median share of answer content words absent from
    the prompt, the share of closed-book factoid questions, the median new names and figures
    per 100 answer words, the share of repeated fact-bearing answers, and how many examples
    were recognised as code, translation (cross-lingual), generation, arithmetic or class labels.
    Off by default: select it (`--extend-select FT702`) to see the figures.

Why it matters:
    When the warning does not fire you can still see how close the dataset is, and tune
    FT701's thresholds with the figures of datasets you know.

Example:
    ftlint train.jsonl --extend-select FT702

Fix:
    Nothing to fix: this is a measurement.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.checks.knowledge_stuffing import sample_note, signal_figures
from ftlint.features.knowledge import knowledge_summary
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class KnowledgeSignals(Check):
    code = "FT702"
    name = "knowledge-signals"
    severity = Severity.INFO
    scope = "train"
    enabled_by_default = False
    features = (knowledge_summary,)

    def run(self, view) -> Iterable[Problem]:
        s = view.feature(knowledge_summary)
        if not s.scored:
            return
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(s.kinds.items()))
        yield Problem(
            f"knowledge signals over {s.scored} examples{sample_note(s)}: median {s.ungrounded_median:.0%} of answer content words "
            f"absent from the prompt; closed-book factoid questions {s.factoid_share:.0%}; new names and figures "
            f"{s.fact_rate_median:.1f} per 100 answer words (median); repeated facts {s.repeated_share:.0%}; "
            f"examples by kind: {kinds}",
            data=signal_figures(s),
        )
