"""Cost-benefit: monthly inference cost of a large prompted model vs a fine-tuned small one."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from conftest import chat, write_jsonl
from ftlint.cli import main
from ftlint.config import ConfigError, Settings
from ftlint.costbenefit import compare, cost_benefit_from_stats, summary_lines, typical_tokens

LARGE = SimpleNamespace(name="large", input_per_mtok=2.00, output_per_mtok=2.00)
SMALL_FT = SimpleNamespace(name="small-ft", input_per_mtok=0.30, output_per_mtok=1.20)


def test_the_source_example_saves_about_six_times():
    # prompt-heavy requests (1,000 in, 50 out): $2.00/1M flat vs $0.30/$1.20
    cb = compare(1_000_000, 1000, 50, LARGE, SMALL_FT, training_cost_usd=300.0)
    assert cb.base_monthly_usd == pytest.approx(1_000_000 * 1050 * 2.0 / 1e6)
    assert cb.target_monthly_usd == pytest.approx(1_000_000 * (1000 * 0.30 + 50 * 1.20) / 1e6)
    assert 5.5 <= cb.saving_factor <= 6.5
    assert cb.monthly_saving_usd == pytest.approx(2100 - 360)
    assert cb.break_even_months == pytest.approx(300 / 1740, abs=1e-3)


def test_no_saving_means_no_break_even():
    cb = compare(1000, 100, 100, SMALL_FT, LARGE, training_cost_usd=10.0)
    assert cb.monthly_saving_usd < 0 and cb.break_even_months is None
    assert any("does not pay for itself" in line for line in summary_lines(cb.model_dump()))


def test_zero_volume_and_negative_volume():
    cb = compare(0, 100, 10, LARGE, SMALL_FT, training_cost_usd=5.0)
    assert cb.base_monthly_usd == cb.target_monthly_usd == 0 and cb.break_even_months is None
    with pytest.raises(ConfigError):
        compare(-1, 100, 10, LARGE, SMALL_FT)


def test_typical_tokens_from_stats():
    assert typical_tokens({"tokens": {"examples": 4, "median": 100.0, "target_tokens": 80}}) == (80.0, 20.0)
    assert typical_tokens({"tokens": {"prompt_median": 7, "answer_median": 3, "examples": 1}}) == (7.0, 3.0)
    assert typical_tokens({}) is None and typical_tokens({"tokens": {"examples": 0}}) is None


def test_default_base_model_comes_from_the_models_table():
    stats = {"tokens": {"examples": 10, "median": 500.0, "target_tokens": 1000},
             "cost": {"cost_per_run_usd": 2.0}}
    cb = cost_benefit_from_stats(stats, Settings(volume=10_000))
    from ftlint.targets import comparison_model, resolve_model

    base, target = comparison_model(), resolve_model(None)
    assert (cb.base_model, cb.target_model) == (base.name, target.name)
    assert cb.training_cost_usd == pytest.approx(6.0)  # 3 iterations by default
    assert cb.base_monthly_usd == pytest.approx(10_000 * (400 * base.input_per_mtok + 100 * base.output_per_mtok) / 1e6)
    assert cost_benefit_from_stats(stats, Settings()) is None


def test_cli_volume_adds_cost_benefit_to_the_report(tmp_path, capsys):
    path = write_jsonl(tmp_path / "t.jsonl", [chat(f"Summarise ticket {i} in one line please.", f"Ticket {i}: ok.")
                                              for i in range(30)])
    code = main([str(path), "--volume", "50000", "--base-model", "gpt-4o-untuned", "--output-format", "json",
                 "--model", "gpt-4o-mini"])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    cb = report["stats"]["cost_benefit"]
    assert cb["volume"] == 50000 and cb["base_model"] == "gpt-4o-untuned" and cb["target_model"] == "gpt-4o-mini"
    assert cb["monthly_saving_usd"] > 0 and cb["break_even_months"] > 0
    assert main([str(path), "--volume", "-5"]) == 2
    code = main([str(path), "--volume", "10", "--base-model", "no-such-model"])
    assert code == 2 and "unknown model" in capsys.readouterr().err
