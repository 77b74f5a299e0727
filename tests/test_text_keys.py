"""`text_keys` normalises each turn once and puts the prompt, answer, whole-example and content texts
together from the turns' normalised texts: its keys (and kept content texts) must be exactly those of
normalising each text whole, as the definitions in `ftlint.features.texts` read."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.features import texts
from ftlint.features.texts import context_text, example_text, prompt_text, answer_text, text_key
from ftlint.model import Example, Turn
from ftlint.text import normalize
from ftlint.view import DatasetView

# pieces that normalisation treats specially: spaces of every kind, combining marks, compatibility
# forms, conjoining jamo (which compose across nothing but each other), case pairs, a lone surrogate
PIECES = [" ", "\n", "\t", "\u00a0", "\u3000", "\x85", "a", "Z", "ß", "Σ", "İ", "\u0301", "\u0308", "ﬁ", "Ⅻ",
          "\u00b4", "\u1100", "\u1161", "\u11a8", "漢", "é", "e", ":", "\ud800", "0"]
text = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
turn = st.builds(lambda role, body, target, extra, reasoning: Turn(role=role, text=body, target=target,
                                                                   extra_text=extra, reasoning=reasoning),
                 st.sampled_from(["user", "assistant", "system", "tool", "Ü ser", "\u0301x"]), text, st.booleans(),
                 st.sampled_from(["", '{"name": "f"}', " \u00a0"]), st.sampled_from(["", "Think ﬁrst", "\u1161"]))
example = st.builds(lambda turns, tools: Example(line=1, turns=tuple(turns), format="openai-chat", tools_text=tools),
                    st.lists(turn, max_size=5), st.sampled_from(["", '[{"type": "function"}]']))


def _view(examples) -> DatasetView:
    return DatasetView(path="t.jsonl", role="train", format="openai-chat", format_forced=False, examples=examples,
                       problems=[], invalid=[], formats_seen={}, records=len(examples))


@given(st.lists(example, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_keys_and_kept_texts_are_those_of_normalising_each_text_whole(examples):
    keys = _view(examples).feature(texts.text_keys)
    for i, ex in enumerate(examples):
        context = context_text(ex)
        assert keys.prompt[i] == text_key(normalize(prompt_text(ex)) + context)
        assert keys.answer[i] == text_key(normalize(answer_text(ex)))
        assert keys.example[i] == text_key(normalize(example_text(ex)) + context)
        assert keys.content[i] == texts.content_text(ex)


def test_a_view_beyond_the_limit_keeps_no_text(monkeypatch):
    examples = [Example(line=1, turns=(Turn(role="user", text="hello there"),), format="openai-chat")]
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", 10)
    assert _view(examples).feature(texts.text_keys).content is None
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", 11)
    assert _view(examples).feature(texts.text_keys).content == ["hello there"]
    wide = [Example(line=1, turns=(Turn(role="user", text="héllo there"),), format="openai-chat")]
    assert _view(wide).feature(texts.text_keys).content is None  # non-ASCII text counts twice
    monkeypatch.setattr(texts, "KEEP_CONTENT_CHARS", 22)
    assert _view(wide).feature(texts.text_keys).content == ["héllo there"]


@given(st.lists(example, min_size=0, max_size=6), st.booleans())
@settings(max_examples=100, deadline=None)
def test_keys_travel_packed_and_arrive_equal(examples, keep):
    import pickle

    keys = _view(examples).feature(texts.text_keys)
    if not keep:
        keys = texts.TextKeys(keys.example, keys.prompt, keys.answer, keys.context, None)
    assert pickle.loads(pickle.dumps(keys, protocol=pickle.HIGHEST_PROTOCOL)) == keys
