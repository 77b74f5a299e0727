"""Target rules on real public datasets (LLaMA-Factory's demo files, ../shared/realdata): no false alarm
under the trainers that read them, and the real rejections under a platform that does not."""
from __future__ import annotations

import json

import pytest

from conftest import realdata
from ftlint.cli import main

FILES = ["alpaca_en_demo.json", "identity.json", "glaive_toolcall_en_demo.json", "dpo_en_demo.json",
         "v1_sft_demo.jsonl", "reason_tool_use_demo_50.jsonl"]


def target_findings(capsys, path, target) -> list[dict]:
    main([str(path), "--target", target, "--select", "FT12,FT13", "--output-format", "json", "--exit-zero"])
    return json.loads(capsys.readouterr().out)["findings"]


@pytest.mark.parametrize("name", FILES)
def test_llamafactory_reads_its_own_demo_files(capsys, name):
    assert target_findings(capsys, realdata(name), "llamafactory") == []


@pytest.mark.parametrize("name", FILES)
def test_axolotl_reads_the_demo_files(capsys, name):
    assert target_findings(capsys, realdata(name), "axolotl") == []


def test_trl_reads_chat_and_preference_but_not_alpaca(capsys):
    for name in ("dpo_en_demo.json", "v1_sft_demo.jsonl", "reason_tool_use_demo_50.jsonl"):
        assert target_findings(capsys, realdata(name), "trl") == []
    found = target_findings(capsys, realdata("alpaca_en_demo.json"), "trl")
    assert [(f["code"], f["line"]) for f in found] == [("FT120", None)]


def test_openai_rejects_every_llamafactory_v1_record_on_its_line(capsys):
    """LLaMA-Factory v1 writes `loss_weight` and content parts with `value`: OpenAI's upload rejects both."""
    found = target_findings(capsys, realdata("v1_sft_demo.jsonl"), "openai")
    loss_weight = {f["line"] for f in found if f["code"] == "FT121" and "loss_weight" in f["message"]}
    value_parts = {f["line"] for f in found if f["code"] == "FT121" and f["path"].endswith(".content[0]")
                   and "'text' is a required property" in f["message"]}
    assert loss_weight == value_parts == set(range(1, 501))
