"""`ftlint models` and the models table: names, aliases, limits, prices, default."""
from __future__ import annotations

import json

import pytest

from ftlint.cli import main
from ftlint.config import ConfigError
from ftlint.targets import load_models, resolve_model


def test_default_model_is_llama_3_1_8b_instruct():
    default = resolve_model(None)
    assert default.name == "llama-3.1-8b-instruct" and default.templated and default.chat_template == "llama-3.1"
    assert (default.encoding, default.max_tokens, default.train_on) == ("llama3", 131_072, "assistant")


def test_openai_models_carry_the_announced_cut_off_dates():
    from datetime import date

    for name in ("gpt-4o", "gpt-4o-mini", "gpt-4.1"):
        info = resolve_model(name)
        assert (info.new_jobs_until, info.shutdown_on) == (date(2027, 1, 6), date(2027, 1, 14))
        assert info.cutoff_source.startswith("https://") and info.cutoff_as_of is not None
    assert resolve_model("gpt-4.1-mini").new_jobs_until == date(2027, 1, 6)
    assert resolve_model("gpt-4.1-mini").shutdown_on is None  # no shutdown date announced for it
    assert resolve_model("llama-3.1-8b-instruct").new_jobs_until is None


def test_every_priced_open_model_names_its_published_source():
    for info in load_models().values():
        if info.templated and info.name != "llama-3-8b" and info.name != "llama-3-70b":
            assert info.price_source == "https://fireworks.ai/pricing", info.name
            # Fireworks' published per-size rates: up to 16B $0.50, 16.1B-80B $3.00 per 1M training tokens
            assert info.train_per_mtok in (0.50, 3.00)


def test_profiles_resolve_by_their_hugging_face_names():
    assert resolve_model("meta-llama/Llama-3.1-8B-Instruct").name == "llama-3.1-8b-instruct"
    assert resolve_model("Qwen/Qwen2.5-7B-Instruct").name == "qwen2.5-7b-instruct"
    assert resolve_model("qwen2.5-7b").name == "qwen2.5-7b-instruct"
    assert resolve_model("llama-3.3-70b").chat_template == "llama-3.1"
    assert resolve_model("Qwen/Qwen3-8B").chat_template == "qwen3"


@pytest.mark.parametrize("name, limit, train", [
    ("gpt-4o-mini", 65_536, 3.0), ("gpt-4o", 65_536, 25.0), ("gpt-4.1", 65_536, 25.0), ("gpt-4.1-mini", 65_536, 5.0),
    ("gpt-4.1-nano", 65_536, 1.5), ("gpt-3.5-turbo", 16_385, 8.0),
])
def test_openai_models_limits_and_training_prices(name, limit, train):
    info = resolve_model(name)
    assert (info.max_tokens, info.train_per_mtok, info.provider) == (limit, train, "openai")


def test_aliases_and_case_resolve():
    assert resolve_model("GPT-4o-mini-2024-07-18").name == "gpt-4o-mini"
    assert resolve_model("meta-llama/Meta-Llama-3-70B-Instruct").encoding == "llama3"


def test_open_models_are_listed_with_their_encodings():
    encodings = {m.encoding for m in load_models().values()}
    assert {"o200k_base", "cl100k_base", "llama3", "qwen3"} <= encodings
    assert all(m.as_of.year >= 2024 for m in load_models().values())


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ConfigError, match="gpt-4o-mini.*gpt-3.5-turbo"):
        resolve_model("gpt-9")


def test_models_command_table(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for name in load_models():
        assert name in out
    assert "65,536" in out and "16,385" in out and "(default)" in out


def test_models_command_json(capsys):
    assert main(["models", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == list(load_models())
    base = [r for r in rows if r["kind"] == "base"]
    assert base and all(r["train_per_mtok"] is None for r in base)


def test_check_with_unknown_model_exits_2(tmp_path, capsys):
    path = tmp_path / "t.jsonl"
    path.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
    assert main(["check", str(path), "--model", "gpt-9"]) == 2
    assert "unknown model 'gpt-9'" in capsys.readouterr().err
