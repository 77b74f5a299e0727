"""An example as the trainer sees it (`ftlint.trainer_view.example_view`), for a terminal and for HTML.

Terminal (rich): trained tokens highlighted on a green background, alternating two shades so
token boundaries show; masked tokens dimmed; tokens at or past `max_seq_length` struck through
after a marked cut. Without colour (NO_COLOR, or output that is not a terminal) the same view is
plain text: trained spans between `[[` and `]]`, the cut as a marked line.

HTML: the same, as `<span>`s whose title is the token's position and whether it is trained.
"""
from __future__ import annotations

from html import escape

from rich.text import Text

from ftlint.render.summary import xml_safe

OPEN, CLOSE = "[[", "]]"
TRAINED_STYLES = ("black on #9be9a8", "black on #40c463")
MASKED_STYLE = "dim"
PAST_STYLE = "dim strike"


def header_lines(view: dict, path: str) -> list[str]:
    lines = [f"{path}:{view['line']} as {view['model']}'s trainer sees it "
             f"(template {view['template']}, train_on {view['train_on']})",
             f"{view['tokens']:,} tokens, {view['trained']:,} trained; max_seq_length {view['max_seq_length']:,}"]
    if view["tokens"] > view["max_seq_length"]:
        lines[-1] += (f": the trainer keeps the first {view['max_seq_length']:,} tokens and "
                      f"{view['trained_kept']:,} trained ones")
    for note in view.get("notes") or ():
        lines.append(f"note: {note}")
    return lines


def _cut_line(view: dict) -> str:
    return f"\n--- cut at max_seq_length {view['max_seq_length']:,}: the trainer drops what follows ---\n"


def _skip_line(skipped: dict) -> str:
    return f"\n... {skipped['count']:,} tokens not shown ...\n"


def terminal_text(view: dict, styled: bool) -> Text:
    """The token view as rich Text: styled, or with textual marks when `styled` is False."""
    text = Text()
    shade, in_trained, cut_done = 0, False, False
    skipped = view.get("skipped")
    for position, (piece, trained, past) in enumerate(view["pieces"]):
        if skipped and position == skipped["after"]:
            if in_trained and not styled:
                text.append(CLOSE)
                in_trained = False
            text.append(_skip_line(skipped), style="italic" if styled else None)
        if past and not cut_done:
            if in_trained and not styled:
                text.append(CLOSE)
                in_trained = False
            text.append(_cut_line(view), style="bold red" if styled else None)
            cut_done = True
        if styled:
            if past:
                style = PAST_STYLE
            elif trained:
                style, shade = TRAINED_STYLES[shade], 1 - shade
            else:
                style = MASKED_STYLE
            text.append(piece, style=style)
        else:
            if trained and not in_trained:
                text.append(OPEN)
            elif not trained and in_trained:
                text.append(CLOSE)
            in_trained = trained
            text.append(piece)
    if in_trained and not styled:
        text.append(CLOSE)
    return text


def legend(styled: bool) -> str:
    if styled:
        return "trained tokens are highlighted (two shades mark token boundaries); masked tokens are dimmed"
    return f"trained tokens are between {OPEN} and {CLOSE}; everything else is masked (not trained)"


def _e(text: object) -> str:
    return escape(xml_safe(str(text)), quote=True)


HTML_CSS = """
.tv { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 0.85em; line-height: 1.5;
      border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6em; overflow-wrap: anywhere; }
.tv .t0 { background: #9be9a8; } .tv .t1 { background: #40c463; } .tv .m { color: #8c959f; }
.tv .past { text-decoration: line-through; color: #8c959f; background: none; }
.tv .cut { display: block; color: #cf222e; font-weight: bold; } .tv .skip { display: block; font-style: italic; }
"""


def html_block(view: dict) -> list[str]:
    """One example's token view as HTML (a heading line, a legend and the tokens)."""
    title = f"<h3>{_e(view.get('label', 'example'))} example: {_e(view.get('file', ''))} line {view['line']}</h3>"
    if view.get("too_long"):
        return [title, f"<p>{view['tokens']:,} tokens: too long to show here; <code>ftlint tokens "
                       f"{_e(view.get('file', ''))} --show {view['line']}</code> prints it token by token.</p>"]
    out = [title,
           f"<p>{_e(header_lines(view, view.get('file', ''))[1])}. Trained tokens are highlighted (two shades "
           f"mark token boundaries), masked tokens are grey.</p>"]
    parts, shade, cut_done = ['<div class="tv">'], 0, False
    skipped = view.get("skipped")
    for position, (piece, trained, past) in enumerate(view["pieces"]):
        if skipped and position == skipped["after"]:
            parts.append(f'<span class="skip">{_e(_skip_line(skipped).strip())}</span>')
        if past and not cut_done:
            parts.append(f'<span class="cut">{_e(_cut_line(view).strip())}</span>')
            cut_done = True
        index = position + (skipped["count"] if skipped and position >= skipped["after"] else 0)
        if past:
            cls = "past"
        elif trained:
            cls, shade = f"t{shade}", 1 - shade
        else:
            cls = "m"
        title = f"token {index + 1}: {'trained' if trained else 'masked'}"
        parts.append(f'<span class="{cls}" title="{title}">{_e(piece)}</span>')
    parts.append("</div>")
    out.append("".join(parts))
    for note in view.get("notes") or ():
        out.append(f"<p>note: {_e(note)}</p>")
    return out
