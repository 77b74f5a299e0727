"""`ftlint models` and the models table: names, aliases, limits, prices, default."""
from __future__ import annotations

import json

import pytest

from ftlint.cli import main
from ftlint.config import ConfigError
from ftlint.targets import load_models, resolve_model


def test_default_model_is_gpt_4o_mini():
    assert resolve_model(None).name == "gpt-4o-mini"


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
