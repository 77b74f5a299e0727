"""What it does:
    Summarises (info) how a training file fills the trainer's sequences of `max_seq_length`
    tokens: after truncating every example to it, the share of token slots that hold real
    tokens when each example is padded to `max_seq_length` (no packing), and the number of
    sequences and their fill when examples are packed whole by best-fit decreasing (TRL's
    `packing_strategy="bfd"`; longest first, each into the fullest sequence it fits). Every
    figure is in `stats.packing` and can be recomputed from `ftlint tokens` (see
    `ftlint.packing`). Open models only.

Why it matters:
    Compute is paid per sequence slot, not per token: a dataset of 300-token examples padded
    to 8,192 spends 96% of every step on padding. Packing (or a shorter max_seq_length)
    changes the bill and the number of steps per epoch by that factor.

Example:
    1,000 examples of about 500 tokens at max_seq_length 8,192: padded 6.1% full;
    packed into 62 sequences, 98.5% full.

Fix:
    Nothing to fix: this is information. Enable packing (TRL `packing=True`, Axolotl
    `sample_packing: true`) or lower `max_seq_length` when padding wastes most slots.

Options:
    None.
"""
from __future__ import annotations

from typing import Iterable

from ftlint.features.packing import packing_figures
from ftlint.model import Problem, Severity
from ftlint.plugins import Check


class PackingEfficiency(Check):
    code = "FT408"
    name = "packing-efficiency"
    severity = Severity.INFO
    scope = "train"
    features = (packing_figures,)

    def run(self, view) -> Iterable[Problem]:
        s = view.feature(packing_figures)
        if s is None or not s["examples"]:
            return
        padded, packed = s["padded"], s["packed"]
        cut = f"; truncation cuts {s['tokens_truncated']:,} tokens" if s["tokens_truncated"] else ""
        yield Problem(
            f"at max_seq_length {s['max_seq_length']:,}: padding each of the {s['examples']:,} examples to it "
            f"fills {padded['efficiency']:.1%} of {padded['slots']:,} token slots; packing them whole "
            f"(best-fit decreasing) needs {packed['sequences']:,} sequence{'' if packed['sequences'] == 1 else 's'}, "
            f"{packed['efficiency']:.1%} full "
            f"({s['tokens_kept']:,} tokens){cut}",
            data={"packing": s})
