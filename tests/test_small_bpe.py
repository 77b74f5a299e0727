"""ftlint.small_bpe: the pure-Python encoder gives exactly quicktok's token ids, and SmallFirstEncoding
answers like quicktok's own encoding whichever of the two ends up serving a call.

Compared for llama3 and cl100k_base on quicktok's stress strings, hand-picked edge cases (both ways of
finding a rank: searching the file and the hash index), random strings, the real datasets in
../shared/realdata and the whole vocabulary; then the hand-over to quicktok, refused data files, and
a lint whose report is the same byte for byte with either encoder.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import quicktok
from quicktok._import_core import STRESS

from ftlint import small_bpe
from ftlint.small_bpe import MAX_PIECE, SmallFirstEncoding, SmallTextBPE, Unsupported
from ftlint_subprocess import child_env

ENCODINGS = ["llama3", "cl100k_base"]
DATA = os.path.join(os.path.dirname(quicktok.__file__), "data")
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "llamafactory"

EDGE_CASES = [
    "", "don't", "DON'T", "'S", "'Ll", "'ſ", "'ſt", "x'ſ", "'\u212a", "I'm you're THEY'VE we'D 'll 'RE 'M",
    "'TWAS 'Sup I'VEnt 'sa",
    "\u2019s it\u2019s", "''s", "'s'", "'", "İ'S", "\t\t \n\n", "a  \t\n b", "\r\n\r\n", "trailing   ", " ", "  \n",
    "x \n\n  y", " \t\r\n  \r\n", "\u00a0", "a\u00a0 b", "\u2028", "\u2029\u202f\u205f\u1680", "\u3000", "\u3000x",
    "\x85", "a\x85b", "\x1c\x1d\x1e\x1f", "a \x1c\x1d\x1e\x1f b", "\x1c_tt \x1d'S", "\v\f x", "1234567", "१२३४",
    "12 345 6789012", "٣٤٥٦٧ ①②③ 1.5e10", "!!!\n\n", "...\r\n", " ?!\n\nx", "}}\n\t}", ")\n\n\n", "e\u0301\u0302",
    "a\u0300\u0301\u0302b \u0301 leading", "ǅ ǈ", "👩\u200d👩\u200d👧\u200d👦", "❤️\u200d🔥 🏳️\u200d🌈 👍🏽 🇫🇷🇩🇪",
    "日本語のテキスト 中文文本，还有한국어 텍스트。", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดีชาวโลก",
    "<|endoftext|>", "<|begin_of_text|>", "a<|eot_id|>b <|start_header_id|>user<|end_header_id|>\n\n",
    "<|fim_prefix|><|endofprompt|> <|im_start|>", "a" * MAX_PIECE, "é" * (MAX_PIECE // 2), "x " + "b" * (MAX_PIECE - 1),
]
WHITE_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
              "\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f"
ALPHABET = [(0x20, 0x7E), (0x00, 0x1F), (0x80, 0xFF), (0x100, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF),
            (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0x300, 0x36F), (0x1F300, 0x1FAFF), (0x200D, 0x200D),
            (0xFE0F, 0xFE0F), (0x17F, 0x17F), (0x212A, 0x212A), (0x30, 0x39), (0x966, 0x96F)]
APOSTROPHES_AND_LETTERS = "''''\u2019\u02bcstrevmldSTREVMLD"


@lru_cache(maxsize=None)
def small(encoding: str) -> SmallTextBPE:
    return SmallTextBPE(encoding, DATA)


def quick(encoding: str):
    return quicktok.get_encoding(encoding)


def mismatches(encoder, encoding: str, texts) -> tuple[list[tuple[str, list[int], list[int]]], int]:
    """(text, small ids, quicktok ids) for each text the two encode differently; how many texts were supported."""
    bad, supported, full = [], 0, quick(encoding)
    for text in texts:
        try:
            ids = encoder.encode_ordinary(text)
        except Unsupported:
            continue
        supported += 1
        if ids != (expected := list(full.encode_ordinary(text))):
            bad.append((text, ids, expected))
    return bad, supported


@pytest.mark.parametrize("lookup", ["file search", "hash index"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_stress_strings_and_edge_cases_get_quicktoks_ids(encoding, lookup, monkeypatch):
    monkeypatch.setattr(small_bpe, "FIND_LOOKUPS", 10**9 if lookup == "file search" else 0)
    encoder = SmallTextBPE(encoding, DATA)
    assert mismatches(encoder, encoding, [*STRESS, *EDGE_CASES]) == ([], len(STRESS) + len(EDGE_CASES))
    assert (encoder._keys is None) == (lookup == "file search")  # the lookup path meant was the one taken


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_piece_longer_than_max_piece_bytes_is_left_to_quicktok(encoding):
    for text in ["a" * (MAX_PIECE + 1), "é" * (MAX_PIECE // 2) + "e", "hi " + "b" * 1000 + " there"]:
        with pytest.raises(Unsupported):
            small(encoding).encode_ordinary(text)
    with pytest.raises(Unsupported):
        small(encoding).encode_ordinary("\ud800")


def _random_mixed(rng: random.Random) -> str:
    """Characters from the ALPHABET ranges, with white space and apostrophes-and-letters a fifth of the time each."""
    pools = [WHITE_SPACE, APOSTROPHES_AND_LETTERS, None, None, None]
    return "".join(rng.choice(pool) if (pool := rng.choice(pools)) else chr(rng.randint(*rng.choice(ALPHABET)))
                   for _ in range(rng.randint(0, 60)))


def _random_code_points(rng: random.Random) -> str:
    points = (rng.choice([rng.randint(0, 0xD7FF), rng.randint(0xE000, 0x10FFFF)]) for _ in range(rng.randint(0, 60)))
    return "".join(map(chr, points))


@pytest.mark.parametrize("make", [_random_mixed, _random_code_points], ids=["mixed alphabet", "any code point"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_random_strings_get_quicktoks_ids(encoding, make):
    rng = random.Random(20261202)
    bad, supported = mismatches(small(encoding), encoding, [make(rng) for _ in range(1500)])
    assert bad[:5] == []
    assert supported >= 0.95 * 1500


def _strings(value):
    if isinstance(value, str):
        yield value
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        yield from _strings(item)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_string_of_the_real_datasets_gets_quicktoks_ids(encoding):
    if not REALDATA.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the real datasets folder {REALDATA} is missing")
        pytest.skip(f"real datasets folder {REALDATA} not present (a fresh clone has no ../shared)")
    texts: set[str] = set()
    files = sorted(p for p in REALDATA.iterdir() if p.suffix in (".json", ".jsonl"))
    for path in files:
        raw = path.read_text("utf-8")
        records = [json.loads(line) for line in raw.splitlines() if line.strip()] if path.suffix == ".jsonl" \
            else [json.loads(raw)]
        texts.update(_strings(records))
    assert len(files) >= 6 and len(texts) > 1000
    bad, supported = mismatches(small(encoding), encoding, sorted(texts))
    assert bad[:5] == []
    assert supported >= 0.99 * len(texts)  # the rest (a piece over MAX_PIECE bytes) is quicktok's in ftlint


def _decoded(encoder, token_id: int):
    try:
        return encoder.decode_single_token_bytes(token_id)
    except KeyError:
        return KeyError


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_vocabulary_reads_the_same_as_quicktoks(encoding):
    mine, full = small(encoding), quick(encoding)
    assert mine.n_vocab == full.n_vocab
    assert mine.special_tokens_set == set(full.special_tokens_set)
    bad = [i for i in range(full.n_vocab + 2)
           if _decoded(mine, i) != _decoded(full, i) or mine.is_special_token(i) != full.is_special_token(i)]
    assert bad[:10] == []
    for special in full.special_tokens_set:
        assert mine.encode_single_token(special) == full.encode_single_token(special), special
    ordinary = [text for i in range(full.n_vocab) if not full.is_special_token(i) and (raw := _decoded(full, i))
                is not KeyError and (text := raw.decode("utf-8", "replace")).encode("utf-8") == raw]  # UTF-8 ones
    assert len(ordinary) > 50_000
    assert [t for t in ordinary if mine.encode_single_token(t) != full.encode_single_token(t)][:10] == []
    for not_a_token in ["zzzqqqxxyy", "hello world, this is not one token", "<|no_such_special|>"]:
        for encoder in (mine, full):
            with pytest.raises(KeyError):
                encoder.encode_single_token(not_a_token)


class Recorder:
    """A `load_full` that counts its calls and returns quicktok's own encoding."""

    def __init__(self, encoding: str):
        self.encoding, self.calls = encoding, 0

    def __call__(self):
        self.calls += 1
        return quick(self.encoding)


def _same_batch(got, expected) -> None:
    for mine, theirs in zip(got, expected):
        assert mine.dtype == np.asarray(theirs).dtype
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_small_calls_are_answered_without_loading_quicktok(encoding):
    load = Recorder(encoding)
    proxy, full = SmallFirstEncoding(SmallTextBPE(encoding, DATA), load, budget=10_000), quick(encoding)
    batch = ["Hello, world!", "", "naïve café — Zürich", "日本語 🎉 <|endoftext|>", "don't\n\n"]
    _same_batch(proxy.encode_batch(batch, 1, False), full.encode_batch(batch, 1, False))
    _same_batch(proxy.encode_batch([], 1, False), full.encode_batch([], 1, False))
    for text in batch:
        assert proxy.encode_ordinary(text) == list(full.encode_ordinary(text))
    special = sorted(full.special_tokens_set)[0]
    assert proxy.encode_single_token(special) == full.encode_single_token(special)
    assert proxy.decode_single_token_bytes(100) == full.decode_single_token_bytes(100)
    assert (proxy.n_vocab, proxy.special_tokens_set) == (full.n_vocab, set(full.special_tokens_set))
    assert load.calls == 0


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_past_the_budget_quicktok_is_loaded_once_and_the_ids_stay_the_same(encoding):
    load = Recorder(encoding)
    proxy, full = SmallFirstEncoding(SmallTextBPE(encoding, DATA), load, budget=100), quick(encoding)
    texts = [f"Text number {i}: ünïcödé and 数字 {i * 7919} — ok." for i in range(20)]  # 40-odd characters each
    assert proxy.encode_ordinary(texts[0]) == list(full.encode_ordinary(texts[0]))
    _same_batch(proxy.encode_batch(texts[1:2], 1, False), full.encode_batch(texts[1:2], 1, False))
    assert load.calls == 0
    for text in texts[2:]:
        assert proxy.encode_ordinary(text) == list(full.encode_ordinary(text))
        _same_batch(proxy.encode_batch([text, "x"], 2, False), full.encode_batch([text, "x"], 2, False))
    special = sorted(full.special_tokens_set)[-1]
    assert proxy.encode_single_token(special) == full.encode_single_token(special)
    assert load.calls == 1


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_texts_the_small_encoder_leaves_and_special_tokens_go_to_quicktok(encoding):
    full = quick(encoding)
    long_piece = SmallFirstEncoding(SmallTextBPE(encoding, DATA), load := Recorder(encoding))
    assert long_piece.encode_ordinary("a" * 1000) == list(full.encode_ordinary("a" * 1000))
    _same_batch(long_piece.encode_batch(["ok", "a" * 1000], 1, False), full.encode_batch(["ok", "a" * 1000], 1, False))
    assert load.calls == 1

    surrogate = SmallFirstEncoding(SmallTextBPE(encoding, DATA), Recorder(encoding))
    with pytest.raises(Exception) as expected:
        full.encode_ordinary("\ud800")
    with pytest.raises(expected.type):
        surrogate.encode_ordinary("\ud800")
    with pytest.raises(expected.type):
        surrogate.encode_batch(["fine", "\ud800"], 1, False)

    special = SmallFirstEncoding(SmallTextBPE(encoding, DATA), load := Recorder(encoding))
    text = ["hi <|endoftext|> there" if encoding == "cl100k_base" else "<|begin_of_text|>hi"]
    _same_batch(special.encode_batch(text, 1, True), full.encode_batch(text, 1, True))
    assert load.calls == 1


@pytest.mark.parametrize("change", ["one byte changed", "truncated", "vocabulary missing", "classes missing"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_data_files_with_other_contents_are_refused(encoding, change, tmp_path):
    vocab, _sha, special, _sha2 = small_bpe.TABLES[encoding]
    for name in (vocab, special, small_bpe.CLASSES[0]):
        shutil.copy(os.path.join(DATA, name), tmp_path / name)
    SmallTextBPE(encoding, str(tmp_path))  # the copy itself is accepted
    data = bytearray((tmp_path / vocab).read_bytes())
    if change == "one byte changed":
        data[len(data) // 2] ^= 0x01
        (tmp_path / vocab).write_bytes(bytes(data))
    elif change == "truncated":
        (tmp_path / vocab).write_bytes(bytes(data[:-1]))
    else:
        (tmp_path / (vocab if change == "vocabulary missing" else small_bpe.CLASSES[0])).unlink()
    with pytest.raises(Unsupported):
        SmallTextBPE(encoding, str(tmp_path))


LINT = """
import json, sys
if sys.argv[1] == "quicktok":
    import ftlint.tokens as t
    t._small_first = lambda encoding: None
from ftlint.cli import main
code = main(sys.argv[2:])
import quicktok
print(json.dumps({"code": code, "tables": sorted(name for name, _folder in quicktok._CACHE)}))
"""
RECORDS = [("Wie spät ist es in Zürich?", "Es ist 14:30 Uhr — früher Nachmittag."),
           ("日本語で挨拶して", "こんにちは！お元気ですか？ 🎌"),
           ("Переведи «hello»", "«Привет» — это hello."),
           ("What's <|endoftext|> in a prompt?", "Just text here:\n\n    it's   counted\tas characters."),
           ("مرحبا، كيف حالك؟", "नमस्ते! I'M fine, thanks 👩\u200d💻")]


@pytest.mark.parametrize("model, encoding", [(None, "llama3"), ("gpt-3.5-turbo", "cl100k_base")])
def test_a_lint_reports_the_same_bytes_with_the_small_encoder_and_with_quicktok(tmp_path, model, encoding):
    data = tmp_path / "chat.jsonl"
    chats = [{"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": a}]} for u, a in RECORDS]
    data.write_text("".join(json.dumps(chat, ensure_ascii=False) + "\n" for chat in chats), "utf-8")
    children = {route: subprocess.Popen(  # both at once: the two routes share nothing but the input
        [sys.executable, "-c", LINT, route, str(data), "--output-format", "json", "-o", str(tmp_path / f"{route}.json"),
         *(["--model", model] if model else [])], cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for route in ("small", "quicktok")}
    reports, tables = {}, {}
    for route, child in children.items():
        stdout, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, stderr
        tables[route] = json.loads(stdout.strip().splitlines()[-1])["tables"]
        reports[route] = (tmp_path / f"{route}.json").read_bytes()
    assert tables == {"small": [], "quicktok": [encoding]}  # each child took the route it was meant to
    assert f'"encoding": "{encoding}"'.encode() in reports["small"] and b'"total_tokens"' in reports["small"]
    assert reports["small"] == reports["quicktok"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_file_search_accepts_every_entry_and_no_other_byte_position(encoding):
    """`_find` takes a match of (length, bytes) for an entry when the rank after it is r and the 4
    bytes before it are r - 1. Tried at every byte position of the pinned table: exactly the entries
    pass, each with its own rank, so the search is exact for any token looked up."""
    encoder = SmallTextBPE(encoding, DATA)
    data = np.frombuffer(encoder._data, dtype=np.uint8)
    n, size = encoder._n, len(data)
    at = np.arange(4, size - 1, dtype=np.int64)
    length = data[at].astype(np.int64) | data[at + 1].astype(np.int64) << 8
    end = at + 2 + length
    at, end = at[end + 4 <= size], end[end + 4 <= size]

    def u32(pos):
        return sum(data[pos + k].astype(np.int64) << (8 * k) for k in range(4))

    rank = u32(end)
    before = np.where(at >= 8, u32(np.maximum(at - 4, 0)), -1)
    passes = (rank < n) & np.where(rank == 0, at == 4, before == rank - 1)
    entries = np.asarray(encoder._starts, dtype=np.int64) - 2
    assert np.array_equal(at[passes], entries)
    assert np.array_equal(rank[passes], np.arange(n))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_few_lookups_do_not_walk_the_table(encoding):
    encoder = SmallTextBPE(encoding, DATA)
    assert encoder.encode_ordinary("Hello!") == list(quick(encoding).encode_ordinary("Hello!"))
    assert encoder._entry_starts is None and encoder._keys is None
    assert encoder.decode_single_token_bytes(encoder.encode_single_token("Hello")) == b"Hello"
    assert encoder._entry_starts is not None
