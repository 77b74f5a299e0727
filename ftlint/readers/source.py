"""What every reader shares: the records and problems a stream yields, the error for a file that
cannot be read at all, how a source is named, and its bytes opened (decompressed by magic number).

`ftlint.reading` (the record stream) and the readers in this package both build on this module,
so imports run one way: reading -> readers -> readers.source.
"""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import sys
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Optional, Union

from ftlint.readers.sniff import compression_of

BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 8192
try:  # optional: zstd support (ftlint[zstd])
    from zstandard import ZstdError as _ZstdError
except ImportError:  # pragma: no cover - depends on the extra
    class _ZstdError(Exception):
        pass
CORRUPT = (EOFError, gzip.BadGzipFile, zlib.error, lzma.LZMAError, _ZstdError, OSError)


class ReadError(Exception):
    """The file as a whole cannot be read (missing, a directory, unreadable, corrupt archive)."""


@dataclass(slots=True)
class Record:
    line: int  # 1-based position in the stream's unit (line, row or element)
    value: dict
    column: Optional[int] = None  # 1-based byte column where the record starts, when not 1
    source_line: Optional[int] = None  # the physical line, when `line` counts something else (elements)
    # (file_texts.TextFile, the line's bytes, their offset in the file) when its long texts may stay there
    origin: Optional[tuple] = None


@dataclass(slots=True)
class ReadProblem:
    """kind is one of: invalid-json, invalid-utf8, bom, blank-line, not-an-object,
    empty-file, line-too-long, mixed-line-endings, json-array-in-jsonl, malformed-row."""

    kind: str
    line: Optional[int]
    message: str
    column: Optional[int] = None


Item = Union[Record, ReadProblem]


@dataclass(slots=True)
class RawLine:
    """One physical line: its 1-based number, its bytes (ending included), and whether it was cut."""

    line: int
    data: bytes
    truncated: bool = False
    offset: int = 0  # where the line starts in the file's bytes (as read: decompressed)


def display_name(path) -> str:
    """How findings name a source: `<stdin>` for `-`, a dataset's own name for a list of shards."""
    if isinstance(path, list):
        return getattr(path, "name", None) or ", ".join(map(display_name, path))
    name = getattr(path, "name", None) if not isinstance(path, (str, os.PathLike)) else None
    if name is not None:
        return name
    path = os.fspath(path)
    return "<stdin>" if path == "-" else path


def _open_raw(path: str) -> BinaryIO:
    if os.path.isdir(path):
        raise ReadError(f"{path}: is a directory, not a dataset file")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot open ({exc.strerror or exc})") from None


def _decompressed(fh: BinaryIO, compression: Optional[str], name: str) -> BinaryIO:
    if compression is None:
        return fh
    if compression == "gzip":
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    if compression == "bz2":
        return bz2.BZ2File(fh)  # type: ignore[return-value]
    if compression == "xz":
        return lzma.LZMAFile(fh)  # type: ignore[return-value]
    try:
        import zstandard
    except ImportError:
        fh.close()
        raise ReadError(f"{name}: is zstd-compressed; reading it needs the zstandard package: "
                        f"pip install 'ftlint[zstd]'") from None
    return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(fh, read_across_frames=True))  # type: ignore[return-value]


def _open_binary(path: str) -> BinaryIO:
    """The file's bytes, decompressed when they start with a gzip, bz2, xz or zstd magic number."""
    if path == "-":
        stream = sys.stdin.buffer
        head = stream.peek(6)[:6] if hasattr(stream, "peek") else b""
        return _decompressed(stream, compression_of(head), "<stdin>")
    fh = _open_raw(path)
    try:
        head = fh.read(6)
        fh.seek(0)
    except OSError as exc:
        fh.close()
        raise ReadError(f"{path}: read failed ({exc.strerror or exc})") from None
    return _decompressed(fh, compression_of(head), path)
