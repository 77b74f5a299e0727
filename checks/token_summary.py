"""What it does:
    Summarises a training file's tokens for the target model (info): number of examples,
    minimum, median, 90th and 99th percentile and maximum tokens per example, total and
    target (trainable) tokens, and the estimated training cost per run and for the
    declared number of iterations.

    Preference pairs: the figures above are of the prompt + chosen sequences; the rejected
    side (prompt + rejected answer, the second sequence of each pair) follows with its own
    total, target tokens and maximum. The cost estimate counts the prompt + chosen
    sequences only (as it says), since providers bill preference data differently.

    Cost: epochs follow OpenAI's default rule (3; min(25, 100 // n) when n x 3 < 100;
    max(1, 25,000 // n) when n x 3 > 25,000; `--epochs` overrides). Billed tokens = sum
    over examples of min(limit, tokens) x epochs; cost = billed tokens x the model's
    training price per 1M tokens (`ftlint models`; `--price-per-mtok` overrides).

Why it matters:
    Budget for two or three training iterations before you start; a surprising total is
    often the first sign of a pasting accident or a template that repeats a long system prompt.

Example:
    1,000 examples, median 412 tokens, 452,000 tokens: 3 epochs x 452,000 = 1,356,000
    billed tokens, $4.07 per run on gpt-4o-mini, $12.20 for 3 iterations.

Fix:
    Nothing to fix: this is information. Compare the cost with your declared budget.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.cost import format_usd, price_line
from ftlint.features.preference import pair_tokens
from ftlint.features.tokens import example_tokens, summarize, training_cost
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class TokenSummary(Check):
    code = "FT404"
    name = "token-summary"
    severity = Severity.INFO
    scope = "train"
    features = (example_tokens, training_cost, pair_tokens)

    def run(self, view) -> Iterable[Problem]:
        counts = view.feature(example_tokens)
        counted = counts.counted  # an example its template refused has no count (FT410 reports it)
        if not counted.any():
            return  # nothing to summarise; the size checks report the empty file
        s = summarize(counts.total[counted], counts.target[counted], counts.model)
        cost = view.feature(training_cost)
        data = {"tokens": {k: v for k, v in s.items() if k != "histogram"}, "cost": cost.model_dump(mode="json")}
        rejected_text, cost_scope = "", ""
        pairs = view.feature(pair_tokens)
        if pairs is not None:
            r = pairs.rejected
            data["rejected_tokens"] = {"pairs": int(pairs.paired.sum()), "total_tokens": int(r.total[pairs.paired].sum()),
                                       "target_tokens": int(r.target[pairs.paired].sum()),
                                       "max": int(r.total[pairs.paired].max())}
            rt = data["rejected_tokens"]
            rejected_text = (f"; rejected side (prompt + rejected answer) of {rt['pairs']:,} pairs: "
                             f"{rt['total_tokens']:,} tokens, {rt['target_tokens']:,} target tokens, max {rt['max']:,}")
            cost_scope = " (prompt + chosen sequences)"
        yield Problem(
            f"{s['examples']:,} examples for {s['model']} ({s['encoding']}): tokens per example min {s['min']:,}, "
            f"median {s['median']:,.0f}, p90 {s['p90']:,.0f}, p99 {s['p99']:,.0f}, max {s['max']:,}; "
            f"{s['total_tokens']:,} tokens, {s['target_tokens']:,} target tokens{rejected_text}; " + (
                f"estimated training cost{cost_scope} {format_usd(cost.cost_per_run_usd)} per run ({cost.epochs} "
                f"epochs x {cost.tokens_per_epoch:,} tokens at {format_usd(cost.price_per_mtok)}/1M), "
                f"{format_usd(cost.cost_for_iterations_usd)} for {cost.iterations} iterations; "
                if cost.cost_per_run_usd is not None else
                f"training cost{cost_scope} not estimated ({cost.epochs} epochs x {cost.tokens_per_epoch:,} tokens = "
                f"{cost.billed_tokens:,} billed tokens per run): ") + price_line(cost.model_dump(mode="json")),
            data=data,
        )
