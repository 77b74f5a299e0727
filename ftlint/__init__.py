"""ftlint: lint LLM fine-tuning datasets and judge whether they are ready to fine-tune."""
from __future__ import annotations

__version__ = "0.1.0"


def lint(path, eval=None, model=None, settings=None, **overrides):
    """Lint a training file (or several) and return the `Report` the CLI renders.

    >>> report = ftlint.lint("train.jsonl", eval="eval.jsonl", model="gpt-4o-mini")
    """
    from ftlint.engine import lint as _lint

    return _lint(path, eval=eval, model=model, settings=settings, **overrides)


__all__ = ["lint", "__version__"]
