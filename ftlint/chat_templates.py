"""Chat templates rendered as transformers renders them, with the spans a loss mask trains.

`ChatTemplate(source)` compiles a Hugging Face chat template (Jinja) in the environment
transformers' `apply_chat_template` uses:

- `jinja2.sandbox.ImmutableSandboxedEnvironment` with `trim_blocks=True`, `lstrip_blocks=True`
  and the `loopcontrols` extension (`{% break %}`, `{% continue %}`);
- `raise_exception(message)` (a template's own error: `TemplateError`, reported with the line);
- `strftime_now(format)` (today's date; a template that reads it depends on the day it runs);
- the `tojson` filter with transformers' semantics (`json.dumps` with `ensure_ascii=False`, and the
  `indent`, `separators`, `sort_keys` arguments), not Jinja's HTML-escaping one;
- the `{% generation %}...{% endgeneration %}` block, which marks the text a trainer's assistant
  mask trains (transformers' `return_assistant_tokens_mask`, TRL's `assistant_only_loss`).

`render(messages, **variables)` returns a `Rendering`: the text, and the character spans that
`{% generation %}` blocks produced, each tied to the message being rendered when the block ran
(the loop variable `message`, else the next assistant message in order).
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from ftlint.config import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

# jinja2 is imported when a template is first compiled, so `TemplateError` can be caught without it: a
# run whose conversations all take a built-in template's fast renderer (ftlint.fast_templates) never
# imports Jinja.


_OPEN, _CLOSE = "\x00\x02", "\x00\x03"  # around {% generation %} text while rendering in one join
_GENERATION_TAG = re.compile(r"{%-?\s*generation\s*[-+]?%}")


class TemplateError(ConfigError):
    """A chat template that does not compile (a configuration error: exit 2), or that refuses a
    conversation (raise_exception: reported for that example)."""


@dataclass
class Rendering:
    text: str
    spans: list[tuple[int, int, Optional[int]]] = field(default_factory=list)  # (start, end, message index or None)


class _Recorder:
    """Per-render state: characters emitted so far and the generation spans seen."""

    __slots__ = ("emitted", "spans", "messages", "marking")

    def __init__(self, messages: list, marking: bool = False) -> None:
        self.emitted = 0
        self.spans: list[tuple[int, int, Optional[int]]] = []
        self.messages = messages
        self.marking = marking  # wrap block text in markers instead of counting streamed characters


@lru_cache(maxsize=1)
def generation_extension() -> type:
    """The jinja2 extension class of `{% generation %}` (defined on first use, with jinja2's import)."""
    from jinja2 import nodes
    from jinja2.ext import Extension

    class GenerationExtension(Extension):
        """`{% generation %}...{% endgeneration %}`: records the span of text its body renders."""

        tags = {"generation"}

        def __init__(self, environment) -> None:
            super().__init__(environment)
            self.recorder: Optional[_Recorder] = None

        def parse(self, parser):
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            # The loop variable `message` (when the template uses that name) ties the span to its message.
            call = self.call_method("_generation", [nodes.Name("message", "load")])
            return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

        def _generation(self, message, caller):
            text = caller()
            recorder = self.recorder
            if recorder is not None:
                index = None
                for i, m in enumerate(recorder.messages):
                    if m is message:
                        index = i
                        break
                if recorder.marking:
                    recorder.spans.append((-1, -1, index))
                    return _OPEN + text + _CLOSE
                recorder.spans.append((recorder.emitted, recorder.emitted + len(text), index))
            return text

    return GenerationExtension


def _raise_exception(message: str):
    raise TemplateError(str(message))


def _tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def make_environment(trusted: bool = False) -> jinja2.Environment:
    """transformers' environment; `trusted` (ftlint's own packaged templates only) skips the sandbox's
    per-attribute checks, which renders the same text faster."""
    import jinja2
    import jinja2.ext
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    kind = jinja2.Environment if trusted else ImmutableSandboxedEnvironment
    env = kind(trim_blocks=True, lstrip_blocks=True, extensions=[generation_extension(), jinja2.ext.loopcontrols])
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    return env


class ChatTemplate:
    """One compiled chat template. Not shared across threads while rendering."""

    def __init__(self, source: str, name: str = "chat template", trusted: bool = False) -> None:
        import jinja2

        self.source = source
        self.name = name
        self._env = make_environment(trusted)
        self._ext = self._env.extensions[generation_extension().identifier]
        try:
            self._template = self._env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{name}: line {exc.lineno}: {exc.message}") from None
        self.marks_generation = _GENERATION_TAG.search(source) is not None
        self.reads_date = "strftime_now" in source

    def render(self, messages: list[dict], **variables: Any) -> Rendering:
        if not self.marks_generation:  # nothing to track: one C-level join
            return Rendering(self._call(self._template.render, messages, variables), [])
        if not any("\x00" in str(m.get("content") or "") for m in messages):
            marked = self._render_marked(messages, variables)
            if marked is not None:
                return marked
        return self._render_tracked(messages, variables)

    def _render_marked(self, messages: list[dict], variables: dict) -> Optional[Rendering]:
        """One C-level render with markers around generation text; None when the markers do not
        pair up (a template that transforms block output): the caller streams instead."""
        recorder = _Recorder(messages, marking=True)
        self._ext.recorder = recorder
        try:
            text = self._call(self._template.render, messages, variables)
        finally:
            self._ext.recorder = None
        if not recorder.spans:
            return None if "\x00" in text else Rendering(text, [])
        out, spans, pos, length = [], [], 0, 0
        for _s, _e, index in recorder.spans:
            start = text.find(_OPEN, pos)
            end = text.find(_CLOSE, start + 2) if start >= 0 else -1
            if start < 0 or end < 0 or "\x00" in text[start + 2:end]:
                return None
            out.append(text[pos:start])
            length += start - pos
            spans.append((length, length + end - start - 2, index))
            out.append(text[start + 2:end])
            length += end - start - 2
            pos = end + 2
        rest = text[pos:]
        if "\x00" in rest:
            return None
        out.append(rest)
        return Rendering("".join(out), _assign_messages(spans, messages))

    def _call(self, fn, messages, variables):
        with self._errors():
            return fn(messages=messages, **variables)

    @contextmanager
    def _errors(self):
        """A template's failure on a conversation as a TemplateError naming the template."""
        import jinja2

        try:
            yield
        except TemplateError:
            raise
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{self.name}: {exc}") from None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise TemplateError(f"{self.name}: cannot render this conversation ({type(exc).__name__}: {exc})") from None

    def _render_tracked(self, messages: list[dict], variables: dict) -> Rendering:
        recorder = _Recorder(messages)
        self._ext.recorder = recorder
        parts: list[str] = []
        try:
            with self._errors():
                for chunk in self._template.generate(messages=messages, **variables):
                    parts.append(chunk)
                    recorder.emitted += len(chunk)
        finally:
            self._ext.recorder = None
        spans = _assign_messages(recorder.spans, messages)
        return Rendering("".join(parts), spans)


def _assign_messages(spans, messages) -> list[tuple[int, int, Optional[int]]]:
    """Spans whose block ran outside a `message` loop go to the assistant messages in order."""
    if all(index is not None for _s, _e, index in spans):
        return spans
    assistants = [i for i, m in enumerate(messages) if m.get("role") == "assistant"]
    out, k = [], 0
    for start, end, index in spans:
        if index is None:
            index = assistants[k] if k < len(assistants) else None
            k += 1
        out.append((start, end, index))
    return out
