"""An example as the trainer sees it, token by token, and the report's trainer-view statistics.

`example_view(counts, ex)` renders one example through its chat template and tokenizer
(`TokenCounts.show`) and returns a plain dict: the tokens as `[text, trained, truncated]`
triples (decoded piece, whether the loss mask trains it, whether it lies at or past
`max_seq_length`, where the trainer cuts), the totals, and the notes of content the template
drops. `ftlint tokens --show LINE` prints it; the HTML report shows the longest and the shortest
example this way.

`trainer_stats(views)` is what the report's `stats` gains for an open model:
- `packing`: `ftlint.packing.packing_summary` over all training files together;
- `trainer_view`: the longest and the shortest training example (by rendered tokens) as
  `example_view`s, each cut to its first and last `EDGE_TOKENS` tokens when longer; an example
  of more than `SHOW_LIMIT` tokens is named with its size only (`too_long`), not rendered again.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

EDGE_TOKENS = 400  # tokens kept at each end of an example shown in the report
SHOW_LIMIT = 100_000  # longer examples are not rendered a second time for the report (`--show` does it)


def example_view(counts, ex, edge_tokens: Optional[int] = None, notes=()) -> dict:
    """One example as the trainer sees it (see the module docstring). Raises TemplateError when the
    template refuses the example, ValueError for a model counted with OpenAI's formula."""
    ids, trained, pieces = counts.show(ex)
    length = counts.max_seq_length
    n = len(ids)
    keep = range(n)
    skipped = None
    if edge_tokens is not None and n > 2 * edge_tokens:
        skipped = {"after": edge_tokens, "count": n - 2 * edge_tokens}
        keep = [*range(edge_tokens), *range(n - edge_tokens, n)]
    tokens = [[pieces[k], bool(trained[k]), k >= length] for k in keep]
    mask = np.asarray(trained, dtype=bool)
    return {"line": ex.line, "tokens": n, "trained": int(mask.sum()), "trained_kept": int(mask[:length].sum()),
            "max_seq_length": length, "train_on": counts.train_on, "template": counts.template,
            "model": counts.model.name, "notes": list(notes), "pieces": tokens, "skipped": skipped}


def _brief(counts, ex, notes=()) -> dict:
    """An example too long to render twice for the report: its figures, no tokens."""
    return {"line": ex.line, "tokens": None, "trained": None, "trained_kept": None,
            "max_seq_length": counts.max_seq_length, "train_on": counts.train_on, "template": counts.template,
            "model": counts.model.name, "notes": list(notes), "pieces": [], "skipped": None}


def _pick(views, counts_list, choose) -> Optional[tuple]:
    best = None
    for view, counts in zip(views, counts_list):
        valid = np.ones(counts.total.size, dtype=bool)
        valid[list(counts.errors)] = False
        if not valid.any():
            continue
        candidates = np.flatnonzero(valid)
        i = int(candidates[choose(counts.total[candidates])])
        if best is None or choose(np.array([best[2], int(counts.total[i])])) == 1:
            best = (view, counts, int(counts.total[i]), i)
    return best


def trainer_stats(views) -> dict:
    """`stats["packing"]` and `stats["trainer_view"]` for an open model; {} for OpenAI's formula."""
    from ftlint.chat_templates import TemplateError
    from ftlint.features.tokens import example_tokens
    from ftlint.packing import packing_summary

    counts_list = [v.feature(example_tokens) for v in views]
    if not counts_list or not counts_list[0].templated:
        return {}
    total = np.concatenate([c.total for c in counts_list])
    kept_trained = np.concatenate([c.target - c.target_truncated for c in counts_list])
    out: dict = {"packing": packing_summary(total, kept_trained, counts_list[0].max_seq_length)}
    shown = []
    for label, choose in (("longest", np.argmax), ("shortest", np.argmin)):
        picked = _pick(views, counts_list, choose)
        if picked is None:
            continue
        view, counts, _n, i = picked
        if shown and shown[-1]["file"] == view.path and shown[-1]["line"] == view.examples[i].line:
            continue  # a file of one example: shown once
        ex, notes = view.examples[i], counts.notes.get(i, ())
        if int(counts.total[i]) > SHOW_LIMIT:
            shown.append({"label": label, "file": view.path, **_brief(counts, ex, notes), "tokens": int(counts.total[i]),
                          "too_long": True})
            continue
        try:
            shown.append({"label": label, "file": view.path, **example_view(counts, ex, EDGE_TOKENS, notes)})
        except TemplateError:
            continue
    if shown:
        out["trainer_view"] = shown
    return out
