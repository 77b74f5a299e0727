"""Training cost: OpenAI's default epochs rule, truncation at the limit, prices and overrides."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import chat, write_jsonl
from ftlint.cli import main
from ftlint.config import ConfigError
from ftlint.cost import default_epochs, estimate_cost
from ftlint.targets import resolve_model


@pytest.mark.parametrize("n, epochs", [
    (1, 25), (4, 25), (5, 20), (10, 10), (33, 3), (34, 3), (100, 3), (8333, 3), (8334, 2), (12_500, 2),
    (12_501, 1), (100_000, 1),
])
def test_default_epochs_follow_openais_rule(n, epochs):
    assert default_epochs(n) == epochs


def test_billed_tokens_are_truncated_at_the_limit_and_multiplied_by_epochs():
    model = resolve_model("gpt-3.5-turbo")  # 16,385 tokens, $8 per 1M
    totals = np.array([1_000] * 99 + [20_000])  # one example over the limit
    cost = estimate_cost(totals, model)
    assert cost.epochs == 3 and cost.truncated_examples == 1
    assert cost.tokens_per_epoch == 99_000 + 16_385
    assert cost.billed_tokens == 3 * (99_000 + 16_385)
    assert cost.cost_per_run_usd == pytest.approx(3 * 115_385 * 8 / 1e6)
    assert cost.cost_for_iterations_usd == pytest.approx(3 * cost.cost_per_run_usd)


def test_overrides_for_epochs_price_and_iterations():
    totals = np.full(1000, 500)
    cost = estimate_cost(totals, resolve_model("gpt-4o-mini"), epochs=2, price_per_mtok=10.0, iterations=5)
    assert (cost.epochs, cost.epochs_source, cost.price_source) == (2, "override", "override")
    assert cost.cost_per_run_usd == pytest.approx(1000 * 500 * 2 * 10 / 1e6)
    assert cost.cost_for_iterations_usd == pytest.approx(5 * cost.cost_per_run_usd)


def test_prices_come_from_the_models_table_with_their_date():
    cost = estimate_cost(np.full(200, 1000), resolve_model("gpt-4o"))
    assert cost.price_per_mtok == 25.0 and cost.price_source.startswith("targets.toml as of ")
    assert cost.cost_per_run_usd == pytest.approx(200 * 1000 * 3 * 25 / 1e6)


def test_a_base_model_has_no_training_price():
    with pytest.raises(ConfigError, match="--price-per-mtok"):
        estimate_cost(np.array([10]), resolve_model("gpt-4.1-untuned"))
    assert estimate_cost(np.array([10]), resolve_model("gpt-4.1-untuned"), price_per_mtok=1.0).billed_tokens == 250


def test_report_carries_token_stats_and_cost(tmp_path, capsys):
    path = write_jsonl(tmp_path / "train.jsonl", [chat(f"question {i} " * (i % 7 + 1), f"answer {i}") for i in range(40)])
    code = main(["check", str(path), "--output-format", "json", "--epochs", "4", "--price-per-mtok", "2.5",
                 "--model", "gpt-4.1-mini"])
    assert code in (0, 1)
    stats = json.loads(capsys.readouterr().out)["stats"]
    tokens, cost = stats["tokens"], stats["cost"]
    assert tokens["model"] == "gpt-4.1-mini" and tokens["examples"] == 40 and tokens["limit"] == 65_536
    assert tokens["min"] <= tokens["median"] <= tokens["p90"] <= tokens["p99"] <= tokens["max"]
    assert sum(tokens["histogram"]["counts"]) == 40
    assert cost["epochs"] == 4 and cost["price_per_mtok"] == 2.5
    assert cost["billed_tokens"] == 4 * tokens["total_tokens"]
    assert cost["cost_per_run_usd"] == pytest.approx(cost["billed_tokens"] * 2.5 / 1e6)
    assert cost["iterations"] == 3
