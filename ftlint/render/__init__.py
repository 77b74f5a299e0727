"""Renderers: each turns one `Report` into text. `RENDERERS` maps --output-format names to them."""
from __future__ import annotations

from typing import Callable

from ftlint.model import Report
from ftlint.render import concise, full, github, html, json_out, junit, markdown, sarif

Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "full": full.render,
    "concise": concise.render,
    "json": json_out.render,
    "markdown": markdown.render,
    "html": html.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def render(report: Report, output_format: str, **options) -> str:
    return RENDERERS[output_format](report, **options)
