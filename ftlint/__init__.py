"""ftlint: lint LLM fine-tuning datasets and judge whether they are ready to fine-tune."""
from __future__ import annotations

__version__ = "0.1.0"


def lint(path, eval=None, model=None, settings=None, **overrides):
    """Lint a training set (and an eval set) and return the `Report` the CLI renders.

    `path` and `eval` take a file path (str or os.PathLike), a dataset folder, a list of paths, an
    iterable of dicts, a pandas DataFrame or a `datasets.Dataset` (neither package is needed by
    ftlint); `path` also takes a `datasets.DatasetDict` (train, with test/validation as eval).
    Keyword overrides are settings (`select=["FT3"]`, `as_one=True`, `jobs=1`, ...).

    >>> report = ftlint.lint("train.jsonl", eval="eval.jsonl", model="gpt-4o-mini")
    >>> report = ftlint.lint([{"messages": [...]}, ...])
    """
    from ftlint.engine import lint as _lint

    return _lint(path, eval=eval, model=model, settings=settings, **overrides)


__all__ = ["lint", "__version__"]
