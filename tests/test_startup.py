"""Start-up: a small run imports only what it needs, and the early vocabulary load changes nothing.

Nothing here is timed (the machine is shared); `python bench/run.py --startup` measures the seconds.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ftlint import preload
from ftlint.targets import load_models
from ftlint_subprocess import child_env, run_ftlint

ONE_RECORD = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}\n'

# Modules a lint of a one-record JSONL file has no use for: optional backends and readers, the
# terminal renderer, Jinja (the default model's conversations take the fast renderer), the fuzzy
# matcher (no pair to compare), worker processes (too small to fork).
NOT_NEEDED = ("rich", "jsonschema", "tokenizers", "tiktoken", "transformers", "mistral_common", "pandas",
              "pyarrow", "datasets", "jinja2", "markupsafe", "rapidfuzz", "multiprocessing")

LINT_AND_LIST = """
import json, sys
from ftlint.cli import main
code = main(sys.argv[1:])
import quicktok
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if m.split(".")[0] in %r),
                  "quicktok_tables": sorted(name for name, _folder in quicktok._CACHE)}))
""" % (NOT_NEEDED,)


def _lint_in_child(tmp_path, *args: str) -> dict:
    data = tmp_path / "one.jsonl"
    data.write_text(ONE_RECORD)
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-c", LINT_AND_LIST, str(data), "--output-format", "json", "-o", str(out),
                           *args], cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["report"] = json.loads(out.read_text())
    return result


def test_a_one_record_lint_imports_none_of_the_modules_it_does_not_need(tmp_path):
    result = _lint_in_child(tmp_path)
    assert result["code"] == 1  # too few examples: the checks did run
    assert {f["code"] for f in result["report"]["findings"]} >= {"FT201"}
    assert result["report"]["stats"], "the token statistics were computed"
    assert result["modules"] == []
    assert result["quicktok_tables"] == [], "ftlint.small_bpe counted the tokens: quicktok's table was not loaded"


def test_a_small_input_is_not_preloaded_and_a_large_or_unknown_one_is(tmp_path):
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text(ONE_RECORD)
    large.write_text(ONE_RECORD * (preload.SMALL_INPUT_BYTES // len(ONE_RECORD) + 1))
    assert preload.small_input([str(small)])
    assert preload.small_input(["check", str(small), "--eval", str(small), "--model", "gpt-4o"])
    assert not preload.small_input([str(large)])
    assert not preload.small_input([str(small), "--eval", str(large)])  # the eval file counts too
    assert not preload.small_input([str(small), str(large)])
    assert not preload.small_input(["-"])  # stdin: size unknown
    assert not preload.small_input([str(tmp_path)])  # a folder of shards
    assert not preload.small_input([str(tmp_path / "missing.jsonl")])
    assert not preload.small_input([])


@pytest.mark.parametrize("output_format", ["concise", "sarif", "markdown"])
def test_other_report_formats_stay_light_too(tmp_path, output_format):
    data = tmp_path / "one.jsonl"
    data.write_text(ONE_RECORD)
    proc = subprocess.run([sys.executable, "-c", LINT_AND_LIST, str(data), "--output-format", output_format],
                          cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 1
    assert "FT201" in proc.stdout
    assert result["modules"] == []


def test_the_entry_point_with_its_early_vocabulary_load_gives_the_same_report(tmp_path):
    data = tmp_path / "one.jsonl"
    data.write_text(ONE_RECORD)
    with_preload = run_ftlint(str(data), "--output-format", "json", cwd=tmp_path)
    no_preload = "import sys; from ftlint.cli import main; sys.exit(main(sys.argv[1:]))"
    without = subprocess.run([sys.executable, "-c", no_preload, str(data), "--output-format", "json"], cwd=tmp_path,
                             env=child_env(), capture_output=True, text=True, timeout=120)
    assert with_preload.returncode == without.returncode == 1
    assert with_preload.stdout == without.stdout
    assert "FT201" in with_preload.stdout


@pytest.mark.parametrize("argv, expected", [
    (["train.jsonl"], "llama3"),  # the default model, llama-3.1-8b-instruct
    (["check", "train.jsonl", "--eval", "eval.jsonl"], "llama3"),
    (["train.jsonl", "--model", "gpt-4o-mini"], "o200k_base"),
    (["train.jsonl", "--model=Qwen/Qwen3-8B"], "qwen3"),
    (["--model", "gpt-oss-20b", "train.jsonl"], "o200k_harmony"),
    (["tokens", "train.jsonl", "--model", "gpt-3.5-turbo"], "cl100k_base"),
    (["fix", "train.jsonl", "-o", "out.jsonl"], None),  # the default repairs count no tokens
    (["fix", "train.jsonl", "-o", "out.jsonl", "--extend-select", "drop-leaked,drop-over-limit"], "llama3"),
    (["fix", "train.jsonl", "-o", "out.jsonl", "--select=all", "--model", "gpt-4o"], "o200k_base"),
    (["train.jsonl", "--tokenizer", "./my-model"], None),  # a local folder: not quicktok's
    (["train.jsonl", "--model", "mistral-nemo-instruct-2407"], None),  # tekken, through mistral-common
    (["train.jsonl", "--model", "no-such-model"], None),  # the run reports it
    (["models"], None), (["rule", "FT301"], None), (["checks"], None), (["--help"], None),
    (["train.jsonl", "--help"], None), (["--version"], None),
])
def test_the_guess_follows_the_command_line(tmp_path, monkeypatch, argv, expected):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FTLINT_TOKENIZER", raising=False)
    assert preload.guess_encoding(argv) == expected


def test_the_guess_reads_the_configuration_file_the_run_would_read(tmp_path, monkeypatch):
    monkeypatch.delenv("FTLINT_TOKENIZER", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nmodel = "gpt-4.1"\n')
    assert preload.guess_encoding([str(tmp_path / "data" / "train.jsonl")]) == "o200k_base"
    assert preload.guess_encoding([str(tmp_path / "data" / "train.jsonl"), "--model", "qwen3-8b"]) == "qwen3"
    (tmp_path / "other.toml").write_text('tokenizer = "./my-model"\n')
    assert preload.guess_encoding(["train.jsonl", "--config", str(tmp_path / "other.toml")]) is None
    (tmp_path / "broken.toml").write_text("model = \n")
    with pytest.raises(Exception):  # the thread drops this; the run reports it as a configuration error
        preload.guess_encoding(["train.jsonl", "--config", str(tmp_path / "broken.toml")])


def test_a_forced_tiktoken_backend_is_not_guessed(monkeypatch):
    monkeypatch.setenv("FTLINT_TOKENIZER", "tiktoken")
    assert preload.guess_encoding(["train.jsonl", "--model", "gpt-4o"]) is None


def test_every_model_and_alias_resolves_to_the_encoding_ftlint_targets_gives_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FTLINT_TOKENIZER", raising=False)
    for model in load_models().values():
        wanted = model.encoding if model.encoding in preload.QUICKTOK_ENCODINGS else None
        for name in (model.name, *model.aliases, model.name.upper()):
            assert preload.guess_encoding(["t.jsonl", "--model", name]) == wanted, name


def test_a_started_load_is_waited_for_and_a_fork_waits_for_it(tmp_path):
    script = """
import os, sys
from ftlint import preload
preload.start(["train.jsonl", "--model", "gpt-4o-mini"])
preload.wait("llama3")           # not the guessed encoding: returns without joining
preload.wait("o200k_base")
assert not preload._thread.is_alive()
from ftlint.tokens import get_tokenizer
print(len(get_tokenizer("o200k_base").encode("Hello world")))
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=child_env(), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "2"


def test_token_byte_lengths_filled_as_tokens_occur_equal_the_vocabulary_table():
    pytest.importorskip("quicktok")
    from ftlint.tokens import chat_tokenizer

    tok = chat_tokenizer("llama3")
    texts = ["<|begin_of_text|>Grüße, 世界! naïve café", "Hello world<|eot_id|>", ""]
    ids, offsets, ends = tok.encode_many(texts)
    for k, text in enumerate(texts):
        own = ids[offsets[k]:offsets[k + 1]]
        lengths = [len(tok._enc.decode_single_token_bytes(int(i))) for i in own]
        expected = [sum(lengths[:j + 1]) for j in range(len(lengths))]
        assert list(ends[offsets[k]:offsets[k + 1]]) == expected
        assert (expected[-1] if expected else 0) == len(text.encode("utf-8"))


@pytest.mark.parametrize("model", ["llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "qwen3-8b"])
@pytest.mark.parametrize("mode", ["assistant", "last-assistant", "all"])
def test_the_report_shows_an_example_as_the_template_renders_it(tmp_path, monkeypatch, model, mode):
    """The report's longest/shortest example takes the fast renderer (no Jinja compile at start-up):
    token ids, trained flags and pieces equal the template's own rendering."""
    import ftlint.templated as templated
    from conftest import write_jsonl
    from ftlint.config import Settings
    from ftlint.engine import load_view
    from ftlint.targets import resolve_model
    from ftlint.view import RunSettings

    records = [{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Grüße 日本"},
                             {"role": "assistant", "content": "Hallo <|eot_id|> in text"},
                             {"role": "user", "content": "again"}, {"role": "assistant", "content": "ok\n"}]},
               {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}]
    view = load_view(str(write_jsonl(tmp_path / "c.jsonl", records)), "train", Settings(), RunSettings(model=model))
    setup = templated.trainer_setup(resolve_model(model), train_on=mode)
    for ex in view.examples:
        assert templated._render_fast(setup, ex) is not None
        fast = templated.show_example(setup, ex)
        monkeypatch.setattr(templated, "_render_fast", lambda _setup, _ex: None)
        slow = templated.show_example(setup, ex)
        monkeypatch.undo()
        assert fast == slow
        assert any(fast[1]), "something is trained"


def test_the_entry_point_leaves_with_the_exit_code_after_the_atexit_handlers_and_flushed_output(tmp_path):
    script = """
import atexit, sys
atexit.register(lambda: print("atexit ran"))
sys.stdout.write("buffered " * 10000)  # more than one buffer, never flushed by hand
from ftlint.__main__ import leave
leave(3)
print("not reached")
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=child_env(), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stdout == "buffered " * 10000 + "atexit ran\n"


def test_the_lint_writes_its_report_file_whole_before_the_process_ends(tmp_path):
    data = tmp_path / "one.jsonl"
    data.write_text(ONE_RECORD * 3)
    proc = run_ftlint(str(data), "--output-format", "json", "-o", str(tmp_path / "r.json"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["files"][0]["records"] == 3
    assert "report written to" in proc.stderr


def test_the_guess_knows_which_options_of_the_token_commands_take_no_value():
    import click

    from ftlint.cli import cli

    for name in preload.TOKEN_COMMANDS:
        for param in cli.get_command(None, name).params:
            if isinstance(param, click.Option):
                for opt in [*param.opts, *param.secondary_opts]:
                    assert (opt in preload.FLAGS) == (param.is_flag or param.count), (name, opt)


def test_a_flag_before_the_file_does_not_hide_the_file_from_the_guess(tmp_path, monkeypatch):
    monkeypatch.delenv("FTLINT_TOKENIZER", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ftlint.toml").write_text('model = "gpt-4o"\n')
    for flag in ("--strict", "--exit-zero", "--as-one"):
        assert preload.guess_encoding([flag, str(tmp_path / "data" / "t.jsonl")]) == "o200k_base"
    assert preload.guess_encoding(["tokens", "--turns", str(tmp_path / "data" / "t.jsonl")]) == "o200k_base"


ENTRY_THREADS = """
import os, sys
import ftlint.cli
ftlint.cli.main = lambda: print(os.environ.get("OPENBLAS_NUM_THREADS")) or 0
from ftlint.__main__ import entry
entry()
"""


@pytest.mark.parametrize("preset, expected", [(None, "1"), ("3", "3")])
def test_the_entry_point_asks_openblas_for_one_thread_unless_the_user_said(preset, expected):
    env = child_env()
    env.pop("OPENBLAS_NUM_THREADS", None)
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    proc = subprocess.run([sys.executable, "-c", ENTRY_THREADS, "--version"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == expected
