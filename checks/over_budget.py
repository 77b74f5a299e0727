"""What it does:
    Estimates the training cost of the declared number of iterations (exact token counts x
    epochs x the target model's training price, times `iterations`, default 3) and reports
    an error when it exceeds the declared `budget_usd`. Nothing is reported when no budget
    is declared (FT904 reports that).

Why it matters:
    A fine-tune rarely works the first time; a budget that pays for one run but not for the
    2-3 runs it usually takes stops the project halfway.

Example:
    `budget_usd = 5` with a training file whose 3 runs are estimated at $12.40.

Fix:
    Raise the budget, trim or deduplicate the data, choose a cheaper `--model`, or plan
    fewer iterations (`iterations = 2`).

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.tokens import example_tokens, token_model
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class OverBudget(Check):
    code = "FT905"
    name = "over-budget"
    severity = Severity.ERROR
    scope = "train"
    features = (example_tokens, token_model)

    def run(self, view) -> Iterable[Problem]:
        decl = view.settings.declarations
        budget = getattr(decl, "budget_usd", None)
        if budget is None or not view.examples:
            return
        from ftlint.cost import estimate_cost

        iterations = getattr(decl, "iterations", 3)
        model = view.feature(token_model)
        if model.train_per_mtok is None and view.settings.price_per_mtok is None:
            return  # a base model has no training price; the tokens checks say so
        estimate = estimate_cost(view.feature(example_tokens).total, model, epochs=view.settings.epochs,
                                 price_per_mtok=view.settings.price_per_mtok, iterations=iterations,
                                 target=getattr(view.settings.target, "name", None))
        total = estimate.cost_for_iterations_usd
        if total is None:
            return  # the target's provider publishes no price ftlint lists; FT404 and the readiness checklist say so
        if total > budget:
            yield Problem(
                f"estimated training cost ${total:,.2f} for {iterations} iteration(s) "
                f"(${estimate.cost_per_run_usd:,.2f} per run: {estimate.billed_tokens:,} billed tokens on "
                f"{estimate.model}) exceeds the declared budget ${budget:,.2f}",
                data={"estimate_usd": total, "budget_usd": budget, "iterations": iterations},
            )
