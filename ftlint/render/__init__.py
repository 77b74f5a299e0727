"""Renderers: each turns one `Report` into text. `RENDERERS` maps --output-format names to them."""
from __future__ import annotations

from importlib import import_module
from typing import Callable, Iterator, Mapping

from ftlint.model import Report

Renderer = Callable[..., str]


class _Renderers(Mapping):
    """Format name -> render function, each module imported the first time it is used (the rich
    terminal renderer's imports cost more than a small run: JSON output never pays them)."""

    MODULES = {"full": "full", "concise": "concise", "json": "json_out", "markdown": "markdown", "html": "html",
               "github": "github", "sarif": "sarif", "junit": "junit"}

    def __getitem__(self, name: str) -> Renderer:
        return import_module(f"ftlint.render.{self.MODULES[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(self.MODULES)

    def __len__(self) -> int:
        return len(self.MODULES)


RENDERERS: Mapping[str, Renderer] = _Renderers()


def render(report: Report, output_format: str, **options) -> str:
    return RENDERERS[output_format](report, **options)
