"""`ftlint baseline`: each metric on hand-made cases, matching by order and by id, and clear errors."""
from __future__ import annotations

import json

import pytest

from conftest import chat, write_jsonl
from ftlint.cli import main
from ftlint.commands.baseline import extract_answer, score, score_one
from ftlint.errors import UsageError


@pytest.mark.parametrize("metric,reference,prediction,expected", [
    ("exact", "positive", "positive", 1.0),
    ("exact", "positive", "  positive\n", 1.0),
    ("exact", "positive", "Positive", 0.0),
    ("exact", "positive", "positive.", 0.0),
    ("label-accuracy", "positive", " Positive. ", 1.0),
    ("label-accuracy", "positive", '"POSITIVE"', 1.0),
    ("label-accuracy", "Very  positive", "very positive!", 1.0),
    ("label-accuracy", "positive", "negative", 0.0),
    ("label-accuracy", "positive", "not positive", 0.0),
    ("json-valid", "anything", '{"a": 1}', 1.0),
    ("json-valid", "anything", "[1, 2]", 1.0),
    ("json-valid", "anything", "{'a': 1}", 0.0),
    ("json-valid", "anything", '```json\n{"a": 1}\n```', 0.0),
    ("json-fields", '{"a": 1, "b": "x"}', '{"a": 1, "b": "x", "c": 3}', 1.0),
    ("json-fields", '{"a": 1, "b": "x"}', '{"b": "x", "a": 2}', 0.5),
    ("json-fields", '{"a": 1, "b": "x", "c": [1], "d": null}', '{"c": [1]}', 0.25),
    ("json-fields", '{"a": 1}', "not json", 0.0),
    ("json-fields", '{"a": 1}', "[1]", 0.0),
])
def test_score_one(metric, reference, prediction, expected):
    assert score_one(metric, reference, prediction) == pytest.approx(expected)


def test_score_averages_and_counts_fully_correct():
    result = score("json-fields", ['{"a": 1, "b": 2}', '{"a": 1}', '{"a": 1}'], ['{"a": 1}', '{"a": 1}', "x"])
    assert result.score == pytest.approx((0.5 + 1 + 0) / 3)
    assert (result.examples, result.correct) == (3, 1)


def test_json_fields_needs_object_references():
    with pytest.raises(UsageError, match="eval.jsonl:4: reference is not a non-empty JSON object"):
        score("json-fields", ['{"a": 1}', "label"], ["{}", "{}"], reference_lines=[2, 4], eval_name="eval.jsonl")


@pytest.mark.parametrize("record,expected", [
    ({"prediction": "a"}, "a"),
    ({"output": "b", "text": "ignored"}, "b"),
    ({"completion": {"k": 1}}, '{"k": 1}'),
    ({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "c"}]}, "c"),
    ({"choices": [{"message": {"role": "assistant", "content": "d"}}]}, "d"),
    ({"nothing": "here"}, None),
])
def test_extract_answer(record, expected):
    assert extract_answer(record, None) == expected


def _files(tmp_path, answers, predictions, ids=None, pred_ids=None):
    evals = []
    for i, answer in enumerate(answers):
        record = chat(f"question {i}", answer)
        if ids:
            record["id"] = ids[i]
        evals.append(record)
    preds = []
    for i, p in enumerate(predictions):
        record = {"prediction": p}
        if pred_ids:
            record["id"] = pred_ids[i]
        preds.append(record)
    ev = write_jsonl(tmp_path / "eval.jsonl", evals)
    pr = write_jsonl(tmp_path / "preds.jsonl", preds)
    return str(ev), str(pr)


def _run(capsys, *args):
    code = main(["baseline", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_scores_by_order(tmp_path, capsys):
    ev, pr = _files(tmp_path, ["positive", "negative", "neutral", "positive"],
                    ["positive", "Negative", "neutral", "negative"])
    code, out, err = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact")
    assert code == 0 and out.startswith("exact: 0.5000 (2 of 4 examples")
    assert "baseline = 0.5000" in err
    code, out, _ = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "label-accuracy", "--json")
    assert code == 0 and json.loads(out) == {"metric": "label-accuracy", "score": 0.75, "examples": 4, "correct": 3}


def test_cli_matches_by_id_in_any_order(tmp_path, capsys):
    ev, pr = _files(tmp_path, ["a", "b", "c"], ["c", "a", "x"], ids=[1, 2, 3], pred_ids=[3, 1, 2])
    code, out, _ = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact", "--id-field", "id", "--json")
    assert code == 0 and json.loads(out)["score"] == pytest.approx(2 / 3)
    # by order the same files score 0
    code, out, _ = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact", "--json")
    assert json.loads(out)["score"] == 0


def test_count_mismatch_is_a_clear_error(tmp_path, capsys):
    ev, pr = _files(tmp_path, ["a", "b", "c"], ["a", "b"])
    code, _, err = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact")
    assert code == 2 and "eval.jsonl has 3 examples but " in err and "preds.jsonl has 2 predictions" in err


def test_missing_id_is_a_clear_error(tmp_path, capsys):
    ev, pr = _files(tmp_path, ["a", "b"], ["a", "b"], ids=["x", "y"], pred_ids=["x", "z"])
    code, _, err = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact", "--id-field", "id")
    assert code == 2 and "eval.jsonl:2: no prediction with id 'y'" in err
    ev, pr = _files(tmp_path, ["a", "b"], ["a", "b"], ids=["x", "y"], pred_ids=["x", "x"])
    code, _, err = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact", "--id-field", "id")
    assert code == 2 and "repeats line 1" in err
    ev, pr = _files(tmp_path, ["a", "b"], ["a", "b"], ids=None, pred_ids=["x", "y"])
    code, _, err = _run(capsys, "--eval", ev, "--predictions", pr, "--metric", "exact", "--id-field", "id")
    assert code == 2 and "eval record has no 'id' field" in err


def test_unreadable_prediction_line_is_located(tmp_path, capsys):
    ev, _ = _files(tmp_path, ["a", "b"], [])
    pr = write_jsonl(tmp_path / "bad.jsonl", [{"prediction": "a"}, "{not json"])
    code, _, err = _run(capsys, "--eval", ev, "--predictions", str(pr), "--metric", "exact")
    assert code == 2 and "bad.jsonl:2:" in err
    pr = write_jsonl(tmp_path / "nofield.jsonl", [{"prediction": "a"}, {"other": 1}])
    code, _, err = _run(capsys, "--eval", ev, "--predictions", str(pr), "--metric", "exact")
    assert code == 2 and "nofield.jsonl:2: no a prediction field" in err


def test_invalid_eval_record_is_an_error(tmp_path, capsys):
    ev = write_jsonl(tmp_path / "eval.jsonl", [chat("q", "a"), {"messages": "oops"}])
    pr = write_jsonl(tmp_path / "preds.jsonl", [{"prediction": "a"}, {"prediction": "b"}])
    code, _, err = _run(capsys, "--eval", str(ev), "--predictions", str(pr), "--metric", "exact")
    assert code == 2 and "eval.jsonl:2: not a valid example" in err
