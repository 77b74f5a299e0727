"""FT5xx consistency: dataset generators shared by the test_consistency_* files, the answer
features, and the checks' silence on consistent datasets (support chat, JSON extraction,
classification) of the same size as the planted-drift ones."""
from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from conftest import run_check
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.features.answers import SHAPE_NAMES, classify_answer, text_script
from ftlint.model import Turn
from ftlint.plugins import load_registry

N = 400
SYSTEM = "You are Acme's support assistant. Be friendly, concise and accurate."

_PRODUCTS = ["router", "printer", "laptop", "phone", "smart speaker", "camera", "tablet", "monitor"]
_ISSUES = ["won't turn on", "keeps disconnecting", "shows an error light", "is very slow", "stopped charging",
           "makes a clicking noise", "won't pair", "reboots at random"]
_OPENERS = ["Sorry to hear that!", "Thanks for reaching out.", "I can help with that.", "Good question.",
            "Let's get this sorted.", "That sounds frustrating."]
_SENTENCES = ["Please unplug it for thirty seconds and plug it back in.",
              "Make sure the firmware is up to date in the settings menu.",
              "If the problem continues, a factory reset usually fixes it.",
              "Your warranty covers repairs for two years from purchase.",
              "Could you tell me the model number printed on the back?",
              "Check that the cable is firmly seated on both ends.",
              "Most customers see this resolved after the latest update.",
              "I've opened a ticket so our team can follow up by email."]
_CLOSERS = ["Let me know if that helps!", "Anything else I can do for you?", "Hope that helps. \U0001F60A",
            "Happy to help further if needed.", "Have a great day!"]


def support_answer(rng: random.Random) -> str:
    """A free-form support reply: mostly prose, sometimes a list, a code block, a link or a one-liner."""
    kind = rng.random()
    if kind < 0.035:
        steps = rng.sample(_SENTENCES, 3)
        return f"{rng.choice(_OPENERS)} Here's what to try:\n" + "\n".join(
            f"{i}. {s}" for i, s in enumerate(steps, 1)) + f"\n{rng.choice(_CLOSERS)}"
    if kind < 0.05:
        return "- " + "\n- ".join(rng.sample(_SENTENCES, 3))
    if kind < 0.065:
        return ("You can check the version from a terminal:\n```bash\nacme-cli --version\n```\n"
                "It should print 4.2 or later.")
    if kind < 0.08:
        return rng.choice(["You're welcome!", "Glad I could help!", "No problem at all.", "Sure thing!"])
    if kind < 0.11:
        return f"{rng.choice(_OPENERS)} You can book a repair here: https://support.acme.example/repair"
    body = " ".join(rng.sample(_SENTENCES, rng.randint(1, 3)))
    return f"{rng.choice(_OPENERS)} {body} {rng.choice(_CLOSERS)}"


def support_chat(n: int = N, seed: int = 0) -> list[dict]:
    """A realistic support-chat set: one system prompt, one to three exchanges, free-form answers."""
    rng = random.Random(seed)
    records = []
    for _ in range(n):
        messages = [{"role": "system", "content": SYSTEM}]
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            messages.append({"role": "user", "content": f"My {rng.choice(_PRODUCTS)} {rng.choice(_ISSUES)}. "
                                                        f"{rng.choice(['What should I do?', 'Any ideas?', 'Help please', ''])}".strip()})
            messages.append({"role": "assistant", "content": support_answer(rng)})
        records.append({"messages": messages})
    return records


_FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken"]
_LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "McCarthy", "Hamilton", "Thompson"]
_COMPANIES = ["Initech", "Globex", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"]
KEYS = ("name", "email", "company", "phone")


def extraction(n: int = N, seed: int = 0, missing_rate: float = 0.0) -> tuple[list[dict], list[int]]:
    """A JSON-extraction set; returns (records, 1-based lines whose answer misses a key)."""
    rng = random.Random(seed)
    records, planted = [], []
    for i in range(n):
        first, last, company = rng.choice(_FIRST), rng.choice(_LAST), rng.choice(_COMPANIES)
        phone = f"+1-555-{rng.randint(1000, 9999)}"
        email = f"{first.lower()}.{last.lower()}@{company.split()[0].lower()}.example"
        text = f"Hi, this is {first} {last} from {company}. Reach me at {email} or {phone}."
        answer = {"name": f"{first} {last}", "email": email, "company": company, "phone": phone}
        if rng.random() < missing_rate:
            del answer[rng.choice(KEYS)]
            planted.append(i + 1)
        records.append({"messages": [
            {"role": "system", "content": "Extract the contact as JSON with keys name, email, company, phone."},
            {"role": "user", "content": text},
            {"role": "assistant", "content": json.dumps(answer)}]})
    return records, planted


_REVIEWS = ["The battery lasts all day and the screen is gorgeous", "Arrived broken and support never replied",
            "It does what it says, nothing more", "Best purchase I've made this year",
            "Stopped working after a week", "Average sound, fair price", "I love the design and the speed",
            "Terrible build quality", "Fine for the money"]


def classification(n: int = N, seed: int = 0, labels=("positive", "negative", "neutral")) -> list[dict]:
    """A sentiment-classification set with balanced labels."""
    rng = random.Random(seed)
    return [{"messages": [
        {"role": "system", "content": "Classify the sentiment of the review as positive, negative or neutral."},
        {"role": "user", "content": f"{rng.choice(_REVIEWS)} (review #{i})."},
        {"role": "assistant", "content": labels[i % len(labels)]}]} for i in range(n)]


def fu5(registry=None):
    """Every registered FT5xx check class."""
    return [cls for code, cls in (registry or load_registry()).items() if code.startswith("FT5")]


def problems_by_code(view) -> dict[str, list]:
    return {cls.code: run_check(cls, view) for cls in fu5()}


# --- answer features ----------------------------------------------------------------------

@pytest.mark.parametrize("text, shape", [
    ('{"a": 1, "b": [2]}', "json_object"),
    ('  [1, 2, 3]\n', "json_array"),
    ('{"a": 1,', "json_object"),
    ("```python\nprint(1)\n```", "code_block"),
    ("Steps:\n1. Open it\n2. Close it\n3. Done", "markdown_list"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "markdown_table"),
    ("Positive", "label"),
    ("The answer is that the order shipped yesterday and will arrive on Monday.", "prose"),
    ("First paragraph.\n\nSecond paragraph with more words.", "prose"),
    ("[citation needed] is a common tag.", "prose"),
    ("   ", "empty"),
])
def test_answer_shapes(text, shape):
    assert classify_answer(Turn("assistant", text, True)).shape == shape


def test_json_answer_keys_and_errors():
    ok = classify_answer(Turn("assistant", '{"name": "Ada", "email": null}', True))
    assert ok.keys == frozenset({"name", "email"}) and ok.json_error is None
    broken = classify_answer(Turn("assistant", '{"name": "Ada",}', True))
    assert broken.keys is None and "trailing comma" in broken.json_error


@pytest.mark.parametrize("text, untrimmed, ending", [
    ("Done.", "", "sentence"),
    (" Done", "leading", "none"),
    ("Done!\n", "trailing", "sentence"),
    ("See https://acme.example/help", "", "other"),
    ('He said "yes."', "", "sentence"),
    ("Glad to help!\n</reply>", "", "other"),
])
def test_answer_whitespace_and_ending(text, untrimmed, ending):
    info = classify_answer(Turn("assistant", text, True))
    assert (info.untrimmed, info.ending) == (untrimmed, ending)


@pytest.mark.parametrize("text, script", [
    ("How do I reset my password?", "Latin"),
    ("Как сбросить пароль? (v2.1)", "Cyrillic"),
    ("如何重置我的密码？", "CJK"),
    ("パスワードをリセットするには?", "CJK"),
    ("비밀번호를 재설정하려면?", "Hangul"),
    ("12345 !!!", None),
])
def test_prompt_script(text, script):
    assert text_script(text) == script


# --- silence on consistent datasets ---------------------------------------------------------

def test_all_consistency_checks_are_registered():
    assert [cls.code for cls in fu5()] == [f"FT5{i:02d}" for i in range(1, 14)]


def test_support_chat_with_free_form_answers_is_silent(make_view):
    records = support_chat()
    shapes = Counter(classify_answer(Turn("assistant", r["messages"][-1]["content"], True)).shape for r in records)
    assert shapes["prose"] >= 0.9 * N and shapes["markdown_list"] and shapes["code_block"] + shapes["label"]
    found = problems_by_code(make_view(records))
    assert {code: [p.message for p in ps] for code, ps in found.items() if ps} == {}


@pytest.mark.parametrize("make", [lambda: extraction()[0], classification],
                         ids=["json-extraction", "classification"])
def test_consistent_datasets_are_silent(make_view, make):
    found = problems_by_code(make_view(make()))
    assert {code: [p.message for p in ps] for code, ps in found.items() if ps} == {}


def test_too_few_examples_are_not_judged(make_view):
    records = extraction(10, missing_rate=0.5)[0] + [{"messages": [{"role": "user", "content": "hi"},
                                                                     {"role": "assistant", "content": "prose here"}]}]
    found = problems_by_code(make_view(records))
    assert not any(found[c] for c in ("FT504", "FT506"))


@pytest.mark.parametrize("text", ["{{name}} is an AI assistant.", "{x} denotes the set of x.", "<tag>"])
def test_templates_and_braces_in_prose_are_not_json(text):
    info = classify_answer(Turn("assistant", text, True))
    assert info.shape not in ("json_object", "json_array") and info.json_error is None


def test_python_dict_answers_are_broken_json():
    assert classify_answer(Turn("assistant", "{'name': 'Ada'}", True)).json_error


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_answer_text_is_classified(text):
    info = classify_answer(Turn("assistant", text, True))
    assert info.shape in SHAPE_NAMES
    assert (info.keys is not None) <= (info.shape == "json_object")
    assert bool(info.untrimmed) == (text.strip() != text and bool(text.strip()))


def test_unknown_free_form_shape_is_an_options_error():
    from pydantic import ValidationError

    from ftlint.checks.output_format_drift import OutputFormatDrift
    with pytest.raises(ValidationError):
        OutputFormatDrift.Options(free_form=["poetry"])


@given(st.lists(st.tuples(st.sampled_from([None, "sys", "Sys "]), st.text(max_size=40),
                          st.one_of(st.text(max_size=60), st.sampled_from(['{"a": 1}', '{"b": 2,', "yes", "No ", "- a\n- b"]))),
                min_size=20, max_size=60))
@settings(max_examples=60, deadline=None)
def test_checks_never_fail_on_arbitrary_answers(rows):
    from ftlint.model import Example
    from ftlint.view import DatasetView

    examples = []
    for i, (system, prompt, answer) in enumerate(rows):
        turns = ([Turn("system", system)] if system else []) + [Turn("user", prompt), Turn("assistant", answer, True)]
        examples.append(Example(i + 1, tuple(turns), "openai_chat"))
    view = DatasetView("t.jsonl", "train", "openai_chat", False, examples, [], [], {}, len(examples))
    for cls in fu5():
        for p in run_check(cls, view):
            assert p.message and (p.line is None or 1 <= p.line <= len(rows))
