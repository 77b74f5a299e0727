"""Long texts of a large file stay in the file: a turn keeps where its text is, and reads it when asked.

A JSONL file of a gigabyte of text, held parsed, is a gigabyte of strings in this process, and
each worker forked from it copies the pages it reads (CPython writes a reference count into
every object it touches). So when a plain (uncompressed) JSONL file is at least
`DEFER_FILE_BYTES` long, a turn whose text is at least `DEFER_MIN_CHARS` characters and appears
in its line as a JSON string (the way `orjson` or Python's `json` writes it) keeps only that
string's byte span: `turn.text` reads those bytes back (`os.pread`, so the file's pages are the
kernel's page cache, not this process's memory) and decodes them, the same text exactly (the
bytes are the text's own JSON encoding). Checks and features see a `str` as ever; a text used
again soon after is served from a small cache of the texts read last. A text found nowhere in
its line as such (joined from parts, written with other escapes) is held as before.

Reading a text again costs a system call and a JSON string decode: each feature that reads every
text pays about a second per gigabyte of text again, which the run's time on such a file
absorbs; what it saves is their memory (bench/'s 1 GB random-long file: a peak of 923 MB instead
of 2.56 GB, the texts no longer held in this process nor copied into each worker that reads them).
"""
from __future__ import annotations

import json
import os
import threading
from typing import Optional

import orjson

from ftlint.model import Example, Turn
from ftlint.readers.source import ReadError

DEFER_FILE_BYTES = 128 << 20  # a plain JSONL file at least this long keeps its long texts on disk
DEFER_MIN_CHARS = 1024  # a text at least this long (shorter ones cost little to hold)
RECENT_CHARS = 4 << 20  # the cache of texts read last holds this many characters at most


class FileChanged(ReadError):
    """The file changed after it was read, so its texts can no longer be read back: the run stops."""


_TEXT_SLOT = Turn.__dict__["text"]  # the slot `Turn.text` (a member descriptor)


class TextFile:
    """One file whose texts turns read back: an open descriptor and the texts read last."""

    def __init__(self, path: str):
        self.path = path = os.path.abspath(path)
        stat = os.stat(path)
        self._identity = (stat.st_size, stat.st_mtime_ns)
        self._fd: Optional[int] = None
        self._lock = threading.Lock()
        self._recent: dict[int, str] = {}
        self._recent_chars = 0
        self.deferred = 0  # texts left in the file

    def __del__(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass

    def text(self, start: int, stop: int) -> str:
        """The text whose JSON string is bytes `start:stop` of the file."""
        found = self._recent.get(start)
        if found is not None:
            return found
        with self._lock:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDONLY)
                stat = os.fstat(self._fd)
                if (stat.st_size, stat.st_mtime_ns) != self._identity:
                    raise self._changed()
            fd = self._fd
        try:
            text = orjson.loads(os.pread(fd, stop - start, start))
        except (OSError, orjson.JSONDecodeError):
            text = None
        if type(text) is not str:
            raise self._changed()
        with self._lock:
            recent = self._recent
            recent[start] = text
            self._recent_chars += len(text)
            while self._recent_chars > RECENT_CHARS and len(recent) > 1:
                self._recent_chars -= len(recent.pop(next(iter(recent))))
        return text

    def _changed(self) -> FileChanged:
        return FileChanged(f"{self.path}: the file changed while ftlint was reading it; run ftlint again")

    def defer(self, example: Example, line: bytes, offset: int) -> None:
        """Leave `example`'s long texts in the file: `line` is the bytes its record was parsed from,
        `offset` where they start in the file."""
        for turns in (example.turns, example.rejected):
            for turn in turns:
                if type(turn) is not Turn:  # (a turn deferred already holds a FileText, not its text)
                    continue
                text = _TEXT_SLOT.__get__(turn)
                if len(text) < DEFER_MIN_CHARS:
                    continue
                at, size = _literal(text, line)
                if at >= 0:
                    turn.__class__ = FileTurn
                    _TEXT_SLOT.__set__(turn, FileText(self, offset + at, offset + at + size))
                    self.deferred += 1


def _literal(text: str, line: bytes) -> tuple[int, int]:
    """Where `text`'s JSON string (with its quotes) is in `line`, and its length; (-1, 0) if not there."""
    try:
        encoded = orjson.dumps(text)
    except orjson.JSONEncodeError:  # a lone surrogate
        return -1, 0
    at = line.find(encoded)
    if at < 0:  # Python's json writes non-ASCII as \u escapes by default
        encoded = json.dumps(text).encode()
        at = line.find(encoded)
    return at, len(encoded)


class FileText:
    """Where a deferred text is: its file and the byte span of its JSON string."""

    __slots__ = ("file", "start", "stop")

    def __init__(self, file: TextFile, start: int, stop: int):
        self.file, self.start, self.stop = file, start, stop


def _get_text(turn: Turn) -> str:
    value = _TEXT_SLOT.__get__(turn)
    if value.__class__ is FileText:
        return value.file.text(value.start, value.stop)
    return value


class FileTurn(Turn):
    """A turn whose text stays in its file until read (see the module's docstring)."""

    __slots__ = ()
    text = property(_get_text, _TEXT_SLOT.__set__)  # type: ignore[assignment]
