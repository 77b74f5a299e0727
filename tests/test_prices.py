"""Training prices per provider: loading targets.toml's [[provider]]/[[price]] tables, the price a run's
--target picks, the report naming whose price (date, source page), and no number where none is published."""
from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

import ftlint.targets as targets
from conftest import chat, write_jsonl
from ftlint.cli import main
from ftlint.config import ConfigError, ReadinessDeclarations, Settings
from ftlint.cost import cost_summary, estimate_cost
from ftlint.engine import lint
from ftlint.targets import load_models, load_providers, provider_prices, resolve_model, training_price

FIREWORKS = "https://fireworks.ai/pricing"


def records(n: int = 40) -> list[dict]:
    return [chat(f"Classify ticket {i}: the parcel arrived {i % 5} days late.", ["late", "on time"][i % 2])
            for i in range(n)]


@pytest.fixture
def train(tmp_path):
    return write_jsonl(tmp_path / "train.jsonl", records())


def json_report(capsys, *args) -> dict:
    code = main([*args, "--output-format", "json", "--exit-zero"])
    assert code == 0
    return json.loads(capsys.readouterr().out)


# loading


def test_the_billing_providers_are_listed_with_their_titles():
    providers = load_providers()
    assert set(providers) == {"fireworks", "together", "vertex", "mistral", "openai"}
    assert providers["together"].title == "Together AI" and providers["mistral"].title == "Mistral AI"
    for name in ("together", "vertex", "mistral"):  # no rate published in a page ftlint could read: each says why
        assert providers[name].no_price and providers[name].as_of is not None, name


def test_fireworks_per_size_rates_name_their_page_and_date():
    small, large = provider_prices(resolve_model("qwen3-8b")), provider_prices(resolve_model("llama-3.3-70b-instruct"))
    assert (small["fireworks"].train_per_mtok, large["fireworks"].train_per_mtok) == (0.50, 3.00)
    for price in (small["fireworks"], large["fireworks"]):
        assert price.price_source == FIREWORKS and price.as_of == date(2026, 12, 2) and price.notes
    assert "together" not in small and "vertex" not in small and "mistral" not in small


def test_each_open_profiles_listed_price_is_its_fireworks_rate():
    for info in load_models().values():
        fireworks = provider_prices(info).get("fireworks")
        if fireworks is not None:
            assert (info.train_per_mtok, info.price_source) == (fireworks.train_per_mtok, fireworks.price_source)


@pytest.fixture
def fake_table(monkeypatch):
    """Load targets.toml's loader from a given text instead of the packaged file."""
    real = targets.files("ftlint").joinpath("targets.toml").read_text("utf-8")

    class _File:
        def __init__(self, text):
            self.text = text

        def joinpath(self, _name):
            return self

        def read_text(self, _encoding):
            return self.text

    def use(extra: str):
        targets._loaded.cache_clear()
        monkeypatch.setattr(targets, "files", lambda _pkg: _File(real + extra))
        return targets._loaded

    yield use
    monkeypatch.undo()
    targets._loaded.cache_clear()


@pytest.mark.parametrize("extra, message", [
    ('[[price]]\nprovider = "acme"\nmodels = ["qwen3-8b"]\ntrain_per_mtok = 1.0\nas_of = "2026-12-02"\n'
     'price_source = "https://acme.example/pricing"\n', "unknown provider 'acme'"),
    ('[[price]]\nprovider = "together"\nmodels = ["qwen9-1t"]\ntrain_per_mtok = 1.0\nas_of = "2026-12-02"\n'
     'price_source = "https://x.example"\n', "unknown model 'qwen9-1t'"),
    ('[[price]]\nprovider = "fireworks"\nmodels = ["qwen3-8b"]\ntrain_per_mtok = 9.0\nas_of = "2026-12-02"\n'
     'price_source = "https://fireworks.ai/pricing"\n', "two fireworks prices for qwen3-8b"),
    ('[[price]]\nprovider = "together"\nmodels = ["qwen3-8b"]\ntrain_per_mtok = 1.0\nas_of = "2026-12-02"\n',
     "bad price entry 'together'"),  # no source page: refused
])
def test_a_broken_price_table_is_a_located_error(fake_table, extra, message):
    with pytest.raises(ConfigError, match=message):
        fake_table(extra)()


def test_a_price_entry_for_another_provider_is_picked_by_its_target(fake_table):
    fake_table('[[price]]\nprovider = "together"\nmodels = ["qwen3-8b"]\ntrain_per_mtok = 0.25\n'
               'as_of = "2026-11-30"\nprice_source = "https://together.example/pricing"\nnotes = "LoRA SFT"\n')
    model = resolve_model("qwen3-8b")
    together, default = training_price(model, "together"), training_price(model)
    assert (together.train_per_mtok, together.as_of, together.notes) == (0.25, date(2026, 11, 30), "LoRA SFT")
    assert (default.provider, default.train_per_mtok) == ("fireworks", 0.50)  # the listed price stays Fireworks'


# per-target selection


@pytest.mark.parametrize("target, provider, price, basis", [
    (None, "fireworks", 0.50, "no --target"),
    ("fireworks", "fireworks", 0.50, "--target fireworks"),
    ("FIREWORKS", "fireworks", 0.50, "--target fireworks"),
    ("trl", "fireworks", 0.50, "--target trl bills no tokens"),
])
def test_an_open_model_is_priced_at_fireworks_rate_without_a_billing_target(target, provider, price, basis):
    choice = training_price(resolve_model("llama-3.1-8b-instruct"), target)
    assert (choice.provider, choice.train_per_mtok, choice.missing) == (provider, price, None)
    assert choice.basis.startswith(basis) and choice.price_source == FIREWORKS


@pytest.mark.parametrize("target, title", [("together", "Together AI"), ("vertex", "Vertex AI"),
                                           ("mistral", "Mistral AI"), ("openai", "OpenAI")])
def test_a_target_without_a_published_price_gets_no_number(target, title):
    choice = training_price(resolve_model("llama-3.1-8b-instruct"), target)
    assert choice.train_per_mtok is None and choice.provider is None
    assert f"no published {title} training price for llama-3.1-8b-instruct" in choice.missing
    assert "--price-per-mtok" in choice.missing


def test_a_providers_own_model_keeps_its_listed_price_under_its_target():
    gpt = training_price(resolve_model("gpt-4o-mini"), "openai")
    assert (gpt.provider, gpt.train_per_mtok, gpt.price_source) == ("openai", 3.00, None)  # no source page recorded
    assert training_price(resolve_model("gpt-4o-mini"), "fireworks").train_per_mtok is None
    llama3 = training_price(resolve_model("llama-3-8b"), "together")
    assert (llama3.provider, llama3.train_per_mtok) == ("together", 0.48)


def test_mistral_says_what_its_docs_state_and_where():
    info = load_providers()["mistral"]
    assert "$4" in info.no_price and "$2" in info.no_price and info.pricing_url.startswith("https://docs.mistral.ai/")


# the estimate


def test_the_estimate_uses_the_targets_price_and_names_it():
    cost = estimate_cost(np.full(100, 1_000), resolve_model("qwen3-32b"), target="fireworks")
    assert cost.price_per_mtok == 3.00 and cost.cost_per_run_usd == pytest.approx(100 * 1_000 * 3 * 3.00 / 1e6)
    assert (cost.price_provider, cost.price_url, cost.as_of) == ("fireworks", FIREWORKS, date(2026, 12, 2))
    line = cost_summary(cost.model_dump(mode="json"))
    assert "Fireworks AI" in line and "as of 2026-12-02 (https://fireworks.ai/pricing)" in line
    assert "--target fireworks" in line


def test_without_a_price_the_money_is_none_and_the_tokens_are_still_counted():
    cost = estimate_cost(np.full(100, 1_000), resolve_model("qwen3-32b"), target="together")
    assert cost.price_per_mtok is None and cost.cost_per_run_usd is None and cost.cost_for_iterations_usd is None
    assert cost.billed_tokens == 100 * 1_000 * 3 and "Together AI" in cost.price_missing
    line = cost_summary(cost.model_dump(mode="json"))
    assert "not estimated" in line and "300,000 billed tokens" in line and "$" not in line.split(":")[0]
    override = estimate_cost(np.full(100, 1_000), resolve_model("qwen3-32b"), target="together", price_per_mtok=2.0)
    assert override.cost_per_run_usd == pytest.approx(0.6) and override.price_source == "override"


def test_a_base_model_still_refuses_without_an_override():
    with pytest.raises(ConfigError, match="base model"):
        estimate_cost(np.array([10]), resolve_model("gpt-4.1-untuned"), target="together")


# the report


def test_the_json_report_names_whose_price_its_date_and_source(train, capsys):
    cost = json_report(capsys, str(train), "--target", "fireworks")["stats"]["cost"]
    assert (cost["price_provider"], cost["price_url"], cost["as_of"]) == ("fireworks", FIREWORKS, "2026-12-02")
    assert cost["price_basis"] == "--target fireworks" and cost["price_missing"] is None
    assert cost["cost_per_run_usd"] == pytest.approx(cost["billed_tokens"] * 0.50 / 1e6)


def test_together_reports_no_price_and_points_to_the_override(train, capsys):
    report = json_report(capsys, str(train), "--target", "together")
    cost = report["stats"]["cost"]
    assert cost["cost_per_run_usd"] is None and cost["price_per_mtok"] is None and cost["billed_tokens"] > 0
    summary = next(f for f in report["findings"] if f["code"] == "FT404")
    assert "training cost not estimated" in summary["message"] and "--price-per-mtok" in summary["message"]
    assert "$" not in summary["message"].split("not estimated")[0]  # no number before it
    priced = json_report(capsys, str(train), "--target", "together", "--price-per-mtok", "1.5")["stats"]["cost"]
    assert priced["cost_per_run_usd"] == pytest.approx(priced["billed_tokens"] * 1.5 / 1e6)


def test_the_human_reports_print_the_price_line(train, capsys):
    main([str(train), "--output-format", "full", "--exit-zero", "--target", "fireworks"])
    full = " ".join(capsys.readouterr().out.split())
    assert "Fireworks AI" in full and "as of 2026-12-02 (https://fireworks.ai/pricing)" in full
    main([str(train), "--output-format", "markdown", "--exit-zero", "--target", "mistral"])
    markdown = capsys.readouterr().out
    assert "estimated training cost: not estimated (no published Mistral AI training price" in markdown


def test_a_budget_without_a_price_is_not_checked_and_says_why():
    settings = Settings(target="together", readiness=ReadinessDeclarations(budget_usd=0.0001))
    report = lint(records(), settings=settings)
    budget = next(i for i in report.readiness.checklist if i.key == "budget")
    assert budget.status == "not checked" and "no training price: no published Together AI" in budget.evidence
    assert not [f for f in report.findings if f.code == "FT905"]  # no price: no over-budget error
    priced = lint(records(), settings=Settings(target="fireworks", readiness=ReadinessDeclarations(budget_usd=0.0001)))
    assert [f for f in priced.findings if f.code == "FT905"]


# ftlint models


def test_models_lists_prices_by_target(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Training prices by --target"):out.index("Cut-offs")]
    assert "fireworks (Fireworks AI): $0.50: llama-3.1-8b-instruct" in section and FIREWORKS in section
    assert "mistral (Mistral AI): -" in section and "vertex (Vertex AI): -" in section
    assert "no source page recorded" in section  # OpenAI's and Together's older figures say so


def test_models_json_carries_each_targets_price(capsys):
    assert main(["models", "--json"]) == 0
    by_name = {m["name"]: m for m in json.loads(capsys.readouterr().out)}
    prices = by_name["qwen2.5-72b-instruct"]["prices"]
    assert prices["fireworks"] == {"train_per_mtok": 3.0, "as_of": "2026-12-02", "price_source": FIREWORKS,
                                   "notes": "fine-tuning, base models of 16.1B-80B parameters"}
    assert prices["together"] is None and prices["vertex"] is None and prices["mistral"] is None
    assert by_name["gpt-4o"]["prices"]["openai"]["train_per_mtok"] == 25.0
