"""`ftlint models [--json]`: the target models table (limits, templates, prices, as-of dates, cut-offs).

Open models are chat-template profiles: `template` names the built-in template their tokens are
counted with (`ftlint tokens --model M`), `train on` the trainer's default loss mask, `max tokens`
the context length (the default `--max-seq-length`). OpenAI models are counted with OpenAI's
formula; their provider's announced cut-off dates are listed under the table. The vocabulary
each encoding uses, the package that ships it and whether it is checked against a published
sha256 are listed too.
"""
from __future__ import annotations

import json

import click

from ftlint.targets import DEFAULT_MODEL, load_models, load_providers, training_price
from ftlint.tokens import PUBLISHED_SHA256, VOCABULARY_PACKAGES


def _price(value) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _prices_by_target(model) -> dict:
    """The training price `model` gets under each billing provider's --target (None: no published price)."""
    out = {}
    for name in load_providers():
        p = training_price(model, name)
        out[name] = None if p.train_per_mtok is None else {"train_per_mtok": p.train_per_mtok, "as_of": p.as_of.isoformat(),
                                                           "price_source": p.price_source, "notes": p.notes}
    return out


@click.command("models")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def models_command(as_json: bool) -> int:
    """List the target models: context, template, encoding and prices per 1M tokens."""
    models = load_models()
    if as_json:
        click.echo(json.dumps([{**m.model_dump(mode="json"), "prices": _prices_by_target(m)}
                               for m in models.values()], indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Target models (USD per 1M tokens; --price-per-mtok overrides the training price)")
    for column, justify in (("model", "left"), ("provider", "left"), ("template", "left"), ("encoding", "left"),
                            ("max tokens", "right"), ("train", "right"), ("input", "right"), ("output", "right"),
                            ("as of", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for m in models.values():
        name = m.name + (" (default)" if m.name == DEFAULT_MODEL else "") + (" (base, not tuned)" if m.kind == "base" else "")
        template = f"{m.chat_template or m.encoder} ({m.train_on})" if m.templated else "OpenAI formula"
        table.add_row(name, m.provider, template, m.encoding, f"{m.max_tokens:,}", _price(m.train_per_mtok),
                      _price(m.input_per_mtok), _price(m.output_per_mtok), m.as_of.isoformat())
    console = Console(width=140, highlight=False, emoji=False, soft_wrap=False)
    console.print(table)
    click.echo("Aliases: " + "; ".join(f"{m.name}: {', '.join(m.aliases)}" for m in models.values() if m.aliases))
    sources = sorted({m.price_source for m in models.values() if m.price_source})
    if sources:
        click.echo("Price sources: " + ", ".join(sources) + " (entries without one keep earlier unsourced figures)")
    click.echo("Training prices by --target (USD per 1M billed training tokens; - = no published price ftlint lists):")
    for name, info in load_providers().items():
        priced = [(m.name, training_price(m, name)) for m in models.values() if m.kind == "fine-tune"]
        shown = sorted({(p.train_per_mtok, p.price_source or "no source page recorded", p.as_of)
                        for _, p in priced if p.train_per_mtok is not None}, key=lambda t: (t[0], t[1]))
        rates = "; ".join(f"${rate:,.2f}: " + ", ".join(m for m, p in priced if p.train_per_mtok == rate
                                                          and (p.price_source or "no source page recorded") == src)
                          + f" (as of {as_of}, {src})" for rate, src, as_of in shown) or "-"
        click.echo(f"  {name} ({info.title}): {rates}")
        if info.no_price:
            click.echo(f"    {'other models' if shown else 'no price'}: {info.no_price}")
    cutoffs = [m for m in models.values() if m.new_jobs_until or m.shutdown_on]
    if cutoffs:
        click.echo("Cut-offs announced by the provider:")
        for m in cutoffs:
            parts = []
            if m.new_jobs_until:
                parts.append(f"no new fine-tuning jobs after {m.new_jobs_until.isoformat()}")
            if m.shutdown_on:
                parts.append(f"fine-tuned models shut down on {m.shutdown_on.isoformat()}")
            click.echo(f"  {m.name}: {'; '.join(parts)} ({m.cutoff_source or 'targets.toml'})")
    click.echo("Vocabularies:")
    for encoding, (package, licence) in VOCABULARY_PACKAGES.items():
        check = "sha256 checked against " + PUBLISHED_SHA256[encoding][1] if encoding in PUBLISHED_SHA256 else \
            "no published sha256 to check against"
        if encoding == "tekken":  # mistral-common's bundled file, checked by ftlint.mistral_encoding
            from ftlint.mistral_encoding import TOKENIZER_FILES

            check = "; ".join(f"{name} sha256 checked against {where}" for name, (_h, where) in TOKENIZER_FILES.items())
        click.echo(f"  {encoding}: shipped by {package}, {licence}; {check}")
    return 0
