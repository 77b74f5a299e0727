"""Fast renderers for the common case of ftlint's own templates: the same text and trained spans as
the packaged `.jinja` templates (ftlint/profiles), without Jinja's per-call cost.

They apply only to conversations of system/user/assistant messages with text alone (no tools, tool
calls, names, reasoning or `<think>` blocks); any other conversation is rendered by the template
itself. The templates stay the definition: tests/test_fast_templates.py renders varied conversations
both ways and requires identical text and spans, and bench/verify_templates.py compares the counts
with the models' official templates.

`fast_renderer(name)` returns `render(ex, bos, variables) -> Fast or None`: the text, the character
spans of the assistant messages (their text and end-of-turn token), and the pieces to tokenize.
"""
from __future__ import annotations

from typing import Callable, Optional

SIMPLE_ROLES = frozenset({"system", "user", "assistant"})
QWEN_DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."


def _simple(ex) -> bool:
    for t in ex.turns:
        if (t.role not in SIMPLE_ROLES or t.tool_calls or t.extra_text or t.tool_call_id or t.name is not None
                or t.reasoning or t.raw_text is not None):
            return False
    return not ex.tools_text


K = "\x00special\x00"  # marks a special token among the pieces (QuicktokChatTokenizer's slot key)
H, E, EOT = "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"
IM_START, IM_END = "<|im_start|>", "<|im_end|>"
KH, KE, KEOT, KIS, KIE = K + H, K + E, K + EOT, K + IM_START, K + IM_END


class Fast:
    """A fast rendering: the text, its trained spans, and the pieces to tokenize (special tokens as
    K + token, the ordinary text between two of them as one piece)."""

    __slots__ = ("text", "spans", "pieces")

    def __init__(self, text: str, spans: list, pieces: list) -> None:
        self.text, self.spans, self.pieces = text, spans, pieces


def _llama(ex, bos: str, variables: dict):
    if not _simple(ex):
        return None
    turns = ex.turns
    start, system = 0, ""
    if turns and turns[0].role == "system":
        system, start = turns[0].text.strip(), 1
    head = "\n\nCutting Knowledge Date: December 2023\nToday Date: " + variables.get("date_string", "26 Jul 2024") + "\n\n" + system
    texts = [bos, H, "system", E, head, EOT]
    pieces = ([K + bos] if bos else []) + [KH, "system", KE, head, KEOT]
    pos = len(bos) + 19 + 6 + 17 + len(head) + 10
    return _llama_turns(turns, start, texts, pieces, pos)


def _llama3(ex, bos: str, variables: dict):
    if not _simple(ex):
        return None
    return _llama_turns(ex.turns, 0, [bos], [K + bos] if bos else [], len(bos))


def _llama_turns(turns, start: int, texts: list, pieces: list, pos: int) -> Fast:
    """Llama 3's message framing of turns[start:] after what `texts`/`pieces` hold (`pos`
    characters): header, blank line, stripped content, <|eot_id|>; assistant turns are trained."""
    spans = []
    for i in range(start, len(turns)):
        t = turns[i]
        role, body = t.role, t.text.strip()
        texts += (H, role, E, "\n\n", body, EOT)
        pieces += (KH, role, KE, "\n\n" + body, KEOT)
        begin = pos + 19 + len(role) + 17 + 2
        pos = begin + len(body) + 10
        if role == "assistant":
            spans.append((begin, pos, i))
    return Fast("".join(texts), spans, pieces)


def _chatml(ex, qwen3: bool):
    if not _simple(ex):
        return None
    turns = ex.turns
    if qwen3:
        for t in turns:
            if (t.role == "assistant" and "</think>" in t.text) or (t.role == "user" and t.text.startswith("<tool_response>")):
                return None
    texts, pieces, spans, pos = [], [], [], 0
    has_system = bool(turns) and turns[0].role == "system"
    if has_system or not qwen3:
        body = "system\n" + (turns[0].text if has_system else QWEN_DEFAULT_SYSTEM)
        texts += (IM_START, body, IM_END, "\n")
        pieces += (KIS, body, KIE, "\n")
        pos = 12 + len(body) + 10 + 1
    last_query, last = len(turns) - 1, len(turns) - 1
    if qwen3:
        for i in range(last, -1, -1):
            if turns[i].role == "user":
                last_query = i
                break
    for i, t in enumerate(turns):
        role = t.role
        if role == "system" and i == 0:
            continue
        if role == "assistant":
            if qwen3 and i > last_query and i == last:
                answer = "\n\n" + t.text.lstrip("\n")
                texts += (IM_START, "assistant\n", "<think>", "\n\n", "</think>", answer, IM_END, "\n")
                pieces += (KIS, "assistant\n", K + "<think>", "\n\n", K + "</think>", answer, KIE, "\n")
                begin = pos + 12 + 10
                pos = begin + 7 + 2 + 8 + len(answer) + 10
            else:
                body = t.text
                texts += (IM_START, "assistant\n", body, IM_END, "\n")
                pieces += (KIS, "assistant\n" + body, KIE, "\n")
                begin = pos + 12 + 10
                pos = begin + len(body) + 10
            spans.append((begin, pos, i))
            pos += 1
        else:
            body = role + "\n" + t.text
            texts += (IM_START, body, IM_END, "\n")
            pieces += (KIS, body, KIE, "\n")
            pos += 12 + len(body) + 10 + 1
    return Fast("".join(texts), spans, pieces)


def fast_renderer(name: str) -> Optional[Callable]:
    """The fast renderer of built-in template `name`, or None (render with the template)."""
    if name == "llama-3.1":
        return _llama
    if name == "llama-3":
        return _llama3
    if name == "qwen2.5":
        return lambda ex, bos, variables: _chatml(ex, qwen3=False)
    if name == "qwen3":
        return lambda ex, bos, variables: _chatml(ex, qwen3=True)
    return None


# --- framing: the rendered text as pieces whose tokens can be counted one piece at a time -------------
#
# A frame lists the rendered text as consecutive pieces (`texts`) such that no token crosses a piece
# boundary: each boundary is next to a special token (atomic: a Hugging Face tokenizer splits added
# tokens out before anything else) or is a pre-tokenizer boundary (a header ending in "\n" or "\n\n"
# followed by a text whose first character is not whitespace: the Llama 3 / Qwen2 split patterns end
# that newline run there and the next match starts at the text). Then the text's tokens are the
# pieces' tokens, in order, and a piece is either wholly trained or wholly not; `turns` holds, per
# piece, the turn whose mask trains it (or -1). A conversation whose boundaries cannot be proven so
# (a Qwen assistant message starting with whitespace) gets no frame and is counted token by token.

def _frame_llama(ex, bos: str, variables: dict, texts: list, turns: list) -> bool:
    if not _simple(ex):
        return False
    start, system = 0, ""
    t = ex.turns
    if t and t[0].role == "system":
        system, start = t[0].text.strip(), 1
    texts.append(bos + H + "system" + E + "\n\nCutting Knowledge Date: December 2023\nToday Date: "
                 + variables.get("date_string", "26 Jul 2024") + "\n\n" + system + EOT)
    turns.append(-1)
    _frame_llama_turns(t, start, texts, turns)
    return True


def _frame_llama3(ex, bos: str, variables: dict, texts: list, turns: list) -> bool:
    if not _simple(ex):
        return False
    if bos:
        texts.append(bos)
        turns.append(-1)
    _frame_llama_turns(ex.turns, 0, texts, turns)
    return True


_LLAMA_HEADS: dict = {}


def _frame_llama_turns(t, start: int, texts: list, turns: list) -> None:
    heads = _LLAMA_HEADS
    for i in range(start, len(t)):
        role = t[i].role
        head = heads.get(role) or heads.setdefault(role, H + role + E + "\n\n")
        trained = i if role == "assistant" else -1
        texts += (head, t[i].text.strip(), EOT)  # stripped: the body starts with no whitespace
        turns += (-1, trained, trained)


IM_END_NL, IM_START_ASSISTANT = IM_END + "\n", IM_START + "assistant\n"


def _frame_chatml(ex, texts: list, turns: list, qwen3: bool) -> bool:
    if not _simple(ex):
        return False
    t = ex.turns
    n = len(t)
    mark = len(texts)
    has_system = bool(t) and t[0].role == "system"
    if has_system or not qwen3:
        texts += (IM_START, "system\n" + (t[0].text if has_system else QWEN_DEFAULT_SYSTEM), IM_END_NL)
        turns += (-1, -1, -1)
    last_query = n - 1
    if qwen3:
        for i in range(n - 1, -1, -1):
            if t[i].role == "user":
                last_query = i
                break
    for i in range(1 if has_system else 0, n):
        role, text = t[i].role, t[i].text
        if role == "assistant":
            if (text and text[0].isspace()) or (qwen3 and "</think>" in text):
                break  # the "\n" after the header may merge into the text's whitespace; reasoning in the text
            if qwen3 and i > last_query and i == n - 1:
                texts += (IM_START_ASSISTANT, "<think>\n\n</think>\n\n" + text.lstrip("\n") + IM_END, "\n")
                turns += (-1, i, -1)
            else:
                texts += (IM_START_ASSISTANT, text, IM_END, "\n")
                turns += (-1, i, i, -1)
        else:
            if qwen3 and role == "user" and text.startswith("<tool_response>"):
                break
            texts += (IM_START, role + "\n" + text, IM_END_NL)
            turns += (-1, -1, -1)
    else:
        return True
    del texts[mark:], turns[mark:]
    return False


def framer(name: str) -> Optional[Callable]:
    """`frame(ex, bos, variables, texts, turns) -> bool` of built-in template `name` (appends the
    example's pieces and their trained turns; False, appending nothing, when it does not apply), or None."""
    if name == "llama-3.1":
        return _frame_llama
    if name == "llama-3":
        return _frame_llama3
    if name == "qwen2.5":
        return lambda ex, bos, variables, texts, turns: _frame_chatml(ex, texts, turns, qwen3=False)
    if name == "qwen3":
        return lambda ex, bos, variables, texts, turns: _frame_chatml(ex, texts, turns, qwen3=True)
    return None
