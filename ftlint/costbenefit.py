"""Cost-benefit of fine-tuning: a large prompt-engineered model versus a fine-tuned smaller one.

Given a monthly volume of requests (`--volume`) and the dataset's typical request (prompt and
answer token counts of the training examples, see `typical_tokens`), compare:

- the monthly inference cost of the large base model (`--base-model`, default: the models
  table's `comparison` entry), priced at its input/output prices per 1M tokens;
- the monthly inference cost of the fine-tuned target model (`--model`), at its fine-tuned
  input/output prices;
- the training cost (of the declared iterations, from the cost estimate), the monthly saving
  and the months until the saving has paid for training.

The same prompt length is assumed for both models: a fine-tuned model usually needs a shorter
prompt (no few-shot examples), so the saving shown is a floor. The source material's example:
a large model at $2.00 per 1M tokens against a fine-tuned small one at $0.30 / $1.20 per 1M
input / output tokens costs about 6x less per request.
"""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel

from ftlint.config import ConfigError, Settings


class CostBenefit(BaseModel):
    """What `stats["cost_benefit"]` holds in the JSON report. Money in USD."""

    volume: int  # requests per month
    prompt_tokens: float  # typical (median) input tokens of one request
    answer_tokens: float  # typical (median) output tokens of one request
    base_model: str
    base_input_per_mtok: float
    base_output_per_mtok: float
    target_model: str
    target_input_per_mtok: float
    target_output_per_mtok: float
    base_per_request_usd: float
    target_per_request_usd: float
    base_monthly_usd: float
    target_monthly_usd: float
    monthly_saving_usd: float
    saving_factor: Optional[float]  # base cost / fine-tuned cost (None when the fine-tuned one is free)
    training_cost_usd: Optional[float]  # training cost of the declared iterations, when estimated
    break_even_months: Optional[float]  # None when there is no saving or no training cost


def per_request(prompt_tokens: float, answer_tokens: float, input_per_mtok: float, output_per_mtok: float) -> float:
    return (prompt_tokens * input_per_mtok + answer_tokens * output_per_mtok) / 1_000_000


def compare(volume: int, prompt_tokens: float, answer_tokens: float, base, target,
            training_cost_usd: Optional[float] = None) -> CostBenefit:
    """Monthly costs of `base` and `target` (ModelInfo-like: name, input/output prices) at `volume`."""
    if volume < 0:
        raise ConfigError("--volume must be zero or more requests per month")
    base_req = per_request(prompt_tokens, answer_tokens, base.input_per_mtok, base.output_per_mtok)
    target_req = per_request(prompt_tokens, answer_tokens, target.input_per_mtok, target.output_per_mtok)
    base_month, target_month = base_req * volume, target_req * volume
    saving = base_month - target_month
    factor = base_req / target_req if target_req > 0 else None
    months = None
    if training_cost_usd is not None and saving > 0:
        months = training_cost_usd / saving
    return CostBenefit(
        volume=volume, prompt_tokens=prompt_tokens, answer_tokens=answer_tokens,
        base_model=base.name, base_input_per_mtok=base.input_per_mtok, base_output_per_mtok=base.output_per_mtok,
        target_model=target.name, target_input_per_mtok=target.input_per_mtok,
        target_output_per_mtok=target.output_per_mtok,
        base_per_request_usd=round(base_req, 8), target_per_request_usd=round(target_req, 8),
        base_monthly_usd=round(base_month, 4), target_monthly_usd=round(target_month, 4),
        monthly_saving_usd=round(saving, 4), saving_factor=None if factor is None else round(factor, 3),
        training_cost_usd=None if training_cost_usd is None else round(training_cost_usd, 4),
        break_even_months=None if months is None else round(months, 3),
    )


def typical_tokens(stats: dict) -> Optional[tuple[float, float]]:
    """Typical prompt and answer tokens of one request, from `stats["tokens"]`.

    The answer is the mean target (trainable) tokens per example; the prompt is the median
    example length less that answer. Explicit `prompt_median` / `answer_median` win when present.
    """
    tokens = stats.get("tokens")
    if not isinstance(tokens, dict):
        return None
    if tokens.get("prompt_median") is not None and tokens.get("answer_median") is not None:
        return float(tokens["prompt_median"]), float(tokens["answer_median"])
    examples = tokens.get("examples") or 0
    if not examples or tokens.get("median") is None or tokens.get("target_tokens") is None:
        return None
    answer = float(tokens["target_tokens"]) / examples
    return max(0.0, float(tokens["median"]) - answer), answer


def cost_benefit_from_stats(stats: dict, settings: Settings) -> Optional[CostBenefit]:
    """The comparison for a run, or None when the token statistics it needs are missing."""
    from ftlint.cost import training_cost
    from ftlint.targets import comparison_model, resolve_model

    typical = typical_tokens(stats)
    if typical is None or settings.volume is None:
        return None
    base = resolve_model(settings.base_model) if settings.base_model else comparison_model()
    target = resolve_model(settings.model)
    cost = training_cost(stats)
    training = None if cost is None else cost[1] * settings.readiness.iterations
    return compare(settings.volume, typical[0], typical[1], base, target, training)


def summary_lines(cb: dict) -> list[str]:
    """Human lines for renderers, from the JSON form of a CostBenefit."""
    lines = [
        f"{cb['volume']:,} requests/month of ~{cb['prompt_tokens']:,.0f} prompt + {cb['answer_tokens']:,.0f} answer tokens",
        f"{cb['base_model']} (${cb['base_input_per_mtok']:.2f}/${cb['base_output_per_mtok']:.2f} per 1M): "
        f"${cb['base_monthly_usd']:,.2f}/month",
        f"fine-tuned {cb['target_model']} (${cb['target_input_per_mtok']:.2f}/${cb['target_output_per_mtok']:.2f} "
        f"per 1M): ${cb['target_monthly_usd']:,.2f}/month",
    ]
    factor = f" ({cb['saving_factor']:.1f}x cheaper)" if cb.get("saving_factor") else ""
    lines.append(f"monthly saving: ${cb['monthly_saving_usd']:,.2f}{factor}")
    if cb.get("training_cost_usd") is not None:
        lines.append(f"training cost: ${cb['training_cost_usd']:,.2f}")
    if cb.get("break_even_months") is not None:
        months = cb["break_even_months"]
        lines.append(f"break-even after {months:,.1f} months" if months >= 1 else
                     f"break-even within the first month ({months:.2f} months)")
    elif cb["monthly_saving_usd"] <= 0:
        lines.append("no saving: fine-tuning does not pay for itself at this volume")
    return lines
