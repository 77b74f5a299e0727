"""Options shared by several commands."""
from __future__ import annotations

import click


def trainer_options(command):
    """--tokenizer, --chat-template, --train-on, --max-seq-length: how the trainer sees the data."""
    for option in reversed((
        click.option("--tokenizer", metavar="DIR", help="Local Hugging Face tokenizer folder (tokenizer.json, "
                     "tokenizer_config.json with its chat_template): count as that model's trainer does."),
        click.option("--chat-template", "chat_template", metavar="FILE", help="Chat template (.jinja) to render "
                     "conversations with (default: the model's, or the --tokenizer folder's)."),
        click.option("--train-on", "train_on", type=click.Choice(["assistant", "last-assistant", "completion", "all"]),
                     help="Loss mask: which tokens are trained (default: the model's, usually assistant)."),
        click.option("--max-seq-length", "max_seq_length", type=click.IntRange(min=1),
                     help="The trainer's sequence length (default: the model's context length)."),
    )):
        command = option(command)
    return command
