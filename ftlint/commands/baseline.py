"""`ftlint baseline`: score a prompt-engineered model's outputs against the eval set's reference answers.

The reference answer of an eval example is the text of its final target turn (the last
assistant message of a chat, the completion, Alpaca's output ...). Predictions are a JSONL
file, one object a line, whose answer is the first of: the `--field` given, `prediction`,
`output`, `completion`, `response`, `answer`, `text`, `content`, the last assistant message
of `messages`, or `choices[0].message.content`. A non-string value (a JSON object the model
produced) is scored as its JSON text.

Examples and predictions are matched by order, or with `--id-field NAME` by that field of each
eval record and prediction. A count mismatch, a missing or repeated id, or an unreadable line is
a clear error (exit code 2).

Metrics:
    exact           the prediction equals the reference (surrounding whitespace ignored)
    label-accuracy  equal as labels: case, surrounding whitespace, quotes and final punctuation ignored
    json-valid      the prediction parses as JSON (the reference is not used)
    json-fields     mean share of the reference object's top-level fields the prediction reproduces
                    exactly (an unparsable prediction scores 0); references must be JSON objects
"""
from __future__ import annotations

import json
from typing import Any, Optional

import click
from pydantic import BaseModel

from ftlint.errors import UsageError
from ftlint.reading import UNREAD_KINDS

METRICS = ("exact", "label-accuracy", "json-valid", "json-fields")
ANSWER_KEYS = ("prediction", "output", "completion", "response", "answer", "text", "content")


class BaselineScore(BaseModel):
    metric: str
    score: float  # 0..1
    examples: int
    correct: int  # examples scored 1 (fully matched)


def _label(text: str) -> str:
    return " ".join(text.strip().strip("\"'`").strip().rstrip(".!?;:").strip().casefold().split())


def _parse(text: str) -> tuple[bool, Any]:
    try:
        return True, json.loads(text)
    except (ValueError, RecursionError):
        return False, None


def score_one(metric: str, reference: str, prediction: str) -> float:
    if metric == "exact":
        return float(prediction.strip() == reference.strip())
    if metric == "label-accuracy":
        return float(_label(prediction) == _label(reference))
    if metric == "json-valid":
        return float(_parse(prediction.strip())[0])
    if metric == "json-fields":
        ok, ref = _parse(reference.strip())
        if not ok or not isinstance(ref, dict) or not ref:
            raise ValueError("reference is not a non-empty JSON object")
        ok, pred = _parse(prediction.strip())
        if not ok or not isinstance(pred, dict):
            return 0.0
        return sum(1 for k, v in ref.items() if k in pred and pred[k] == v) / len(ref)
    raise UsageError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")


def score(metric: str, references: list[str], predictions: list[str],
          reference_lines: Optional[list[int]] = None, eval_name: str = "eval") -> BaselineScore:
    """Score aligned references and predictions (equal lengths) with `metric`."""
    if len(references) != len(predictions):
        raise UsageError(f"{len(references)} references but {len(predictions)} predictions")
    if not references:
        raise UsageError(f"{eval_name} has no examples to score")
    values = []
    for i, (ref, pred) in enumerate(zip(references, predictions)):
        try:
            values.append(score_one(metric, ref, pred))
        except ValueError as exc:
            where = f"{eval_name}:{reference_lines[i]}" if reference_lines else f"{eval_name} example {i + 1}"
            raise UsageError(f"{where}: {exc}; the json-fields metric needs JSON-object reference answers") from None
    return BaselineScore(metric=metric, score=sum(values) / len(values), examples=len(values),
                         correct=sum(1 for v in values if v == 1.0))


def extract_answer(value: dict, field: Optional[str]) -> Optional[str]:
    """The predicted answer in one predictions record, or None when there is none."""
    keys = (field,) if field else ANSWER_KEYS
    for key in keys:
        if key in value and value[key] is not None:
            found = value[key]
            return found if isinstance(found, str) else json.dumps(found, ensure_ascii=False)
    if field:
        return None
    messages = value.get("messages")
    if isinstance(messages, list):
        for m in reversed(messages):
            if isinstance(m, dict) and m.get("role") == "assistant" and isinstance(m.get("content"), str):
                return m["content"]
    choices = value.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        message = choices[0].get("message")
        if isinstance(message, dict) and isinstance(message.get("content"), str):
            return message["content"]
    return None


def _records(path: str) -> list:
    from ftlint.reading import ReadProblem, display_name, read_records

    out = []
    for item in read_records(path):
        if isinstance(item, ReadProblem):
            if item.kind in UNREAD_KINDS:
                raise UsageError(f"{display_name(path)}:{item.line}: {item.message}")
            continue
        out.append(item)
    return out


def load_references(eval_path: str, id_field: Optional[str]) -> tuple[list[str], list[int], list[Any]]:
    """Reference answers of the eval file with their lines (and ids when `id_field` is given)."""
    from ftlint.config import Settings
    from ftlint.engine import load_view
    from ftlint.features.texts import answer_text
    from ftlint.view import RunSettings

    view = load_view(eval_path, "eval", Settings(), RunSettings())
    for p in view.problems:
        if p.kind in UNREAD_KINDS:
            raise UsageError(f"{view.path}:{p.line}: {p.message}")
    if view.invalid:
        bad = view.invalid[0]
        raise UsageError(f"{view.path}:{bad.line}: not a valid example ({bad.errors[0].message}); "
                         f"run `ftlint {view.path}` and fix it first")
    refs = [answer_text(ex) for ex in view.examples]
    lines = [ex.line for ex in view.examples]
    ids: list[Any] = []
    if id_field:
        by_line = {r.line: r.value.get(id_field) for r in _records(eval_path)}
        for line in lines:
            if by_line.get(line) is None:
                raise UsageError(f"{view.path}:{line}: eval record has no {id_field!r} field")
            ids.append(by_line[line])
        _no_repeats(ids, lines, view.path, id_field)
    return refs, lines, ids


def _no_repeats(ids: list, lines: list[int], name: str, id_field: str) -> None:
    seen: dict = {}
    for key, line in zip(ids, lines):
        marker = json.dumps(key, sort_keys=True)
        if marker in seen:
            raise UsageError(f"{name}:{line}: {id_field} {key!r} repeats line {seen[marker]}")
        seen[marker] = line


def load_predictions(path: str, field: Optional[str], id_field: Optional[str]) -> tuple[list[str], list[Any]]:
    from ftlint.reading import display_name

    name = display_name(path)
    preds, ids, lines = [], [], []
    for record in _records(path):
        answer = extract_answer(record.value, field)
        if answer is None:
            wanted = repr(field) if field else "a prediction field (" + ", ".join(ANSWER_KEYS) + ", messages, choices)"
            raise UsageError(f"{name}:{record.line}: no {wanted}")
        if id_field:
            if record.value.get(id_field) is None:
                raise UsageError(f"{name}:{record.line}: prediction has no {id_field!r} field")
            ids.append(record.value[id_field])
        preds.append(answer)
        lines.append(record.line)
    if id_field:
        _no_repeats(ids, lines, name, id_field)
    return preds, ids


def measure(eval_path: str, predictions_path: str, metric: str, id_field: Optional[str] = None,
            field: Optional[str] = None) -> BaselineScore:
    from ftlint.reading import display_name

    refs, lines, ref_ids = load_references(eval_path, id_field)
    preds, pred_ids = load_predictions(predictions_path, field, id_field)
    eval_name, pred_name = display_name(eval_path), display_name(predictions_path)
    if id_field:
        by_id = {json.dumps(k, sort_keys=True): p for k, p in zip(pred_ids, preds)}
        missing = [(k, ln) for k, ln in zip(ref_ids, lines) if json.dumps(k, sort_keys=True) not in by_id]
        if missing:
            key, line = missing[0]
            raise UsageError(f"{eval_name}:{line}: no prediction with {id_field} {key!r} in {pred_name} "
                             f"({len(missing)} eval example(s) without a prediction)")
        extra = len(preds) - len(refs)
        if extra:
            raise UsageError(f"{pred_name} has {extra} prediction(s) whose {id_field} is not in {eval_name}")
        preds = [by_id[json.dumps(k, sort_keys=True)] for k in ref_ids]
    elif len(preds) != len(refs):
        raise UsageError(f"{eval_name} has {len(refs)} examples but {pred_name} has {len(preds)} predictions; "
                         f"they are matched by order (or use --id-field)")
    return score(metric, refs, preds, lines, eval_name)


@click.command("baseline")
@click.option("--eval", "eval_path", required=True, metavar="FILE", help="Eval set with reference answers.")
@click.option("--predictions", "predictions_path", required=True, metavar="FILE",
              help="JSONL of the prompt-engineered model's outputs, one per eval example.")
@click.option("--metric", type=click.Choice(METRICS), required=True, help="How to score a prediction.")
@click.option("--id-field", metavar="NAME", help="Match eval records and predictions by this field, not by order.")
@click.option("--field", metavar="NAME", help="The predictions' answer field (default: the first known one).")
@click.option("--json", "as_json", is_flag=True, help="Print the score as JSON.")
def baseline_command(eval_path, predictions_path, metric, id_field, field, as_json) -> int:
    """Measure the prompt-engineered baseline on the eval set."""
    result = measure(eval_path, predictions_path, metric, id_field, field)
    if as_json:
        click.echo(json.dumps(result.model_dump()))
        return 0
    click.echo(f"{metric}: {result.score:.4f} ({result.correct:,} of {result.examples:,} examples fully correct)")
    click.echo(f"declare it in [tool.ftlint.readiness]: baseline = {result.score:.4f}", err=True)
    return 0
