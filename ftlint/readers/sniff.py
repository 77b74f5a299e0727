"""What a dataset file is, from its first bytes (magic numbers) first and its name second.

`sniff(head, name)` returns a `Kind`: the container (`jsonl`, `json-array`, `parquet`, `csv`,
`tsv`) and the compression around it (`gzip`, `bz2`, `xz`, `zstd` or None). A file that is no
dataset format (an image, a PDF, a ZIP archive, UTF-16 text, ...) raises `NotADataset` naming
the type it looks like.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

BOM = b"\xef\xbb\xbf"

COMPRESSIONS = (  # (magic, name, file suffix)
    (b"\x1f\x8b", "gzip", ".gz"),
    (b"BZh", "bz2", ".bz2"),
    (b"\xfd7zXZ\x00", "xz", ".xz"),
    (b"\x28\xb5\x2f\xfd", "zstd", ".zst"),
)

NOT_DATASETS = (  # (magic, offset, what it is)
    (b"PK\x03\x04", 0, "a ZIP archive (or an .xlsx/.docx/.npz file, which are ZIP archives)"),
    (b"%PDF-", 0, "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF8", 0, "a GIF image"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"ARROW1", 0, "an Arrow IPC / Feather v2 file (convert it to Parquet or JSONL)"),
    (b"FEA1", 0, "a Feather v1 file (convert it to Parquet or JSONL)"),
    (b"\x89HDF\r\n\x1a\n", 0, "an HDF5 file"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x7fELF", 0, "an ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an OLE2 document (an old .xls/.doc file)"),
    (b"\x93NUMPY", 0, "a NumPy array file"),
    (b"Obj\x01", 0, "an Avro container file"),
    (b"ORC", 0, "an ORC file"),
    (b"ustar", 257, "a tar archive"),
    (b"\xff\xfe\x00\x00", 0, "UTF-32 text (save it as UTF-8)"),
    (b"\xff\xfe", 0, "UTF-16 text (save it as UTF-8)"),
    (b"\xfe\xff", 0, "UTF-16 text (save it as UTF-8)"),
)

JSON_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonlines")
DATASET_SUFFIXES = (*JSON_SUFFIXES, ".parquet", ".csv", ".tsv")


class NotADataset(Exception):
    """The bytes are of a type ftlint does not read; the message names the type."""


@dataclass(frozen=True)
class Kind:
    container: str  # jsonl, json-array, parquet, csv, tsv
    compression: Optional[str] = None
    declared: Optional[str] = None  # the container the file's name promises, when it differs


def compression_of(head: bytes) -> Optional[str]:
    for magic, name, _suffix in COMPRESSIONS:
        if head.startswith(magic):
            return name
    return None


def strip_compression_suffix(name: str) -> str:
    lower = name.lower()
    for _magic, _name, suffix in COMPRESSIONS:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def foreign_type(head: bytes) -> Optional[str]:
    """What the bytes are when they are a known non-dataset type, else None."""
    for magic, offset, what in NOT_DATASETS:
        if head[offset:offset + len(magic)] == magic:
            return what
    if len(head) >= 4 and head[1:4:2] == b"\x00\x00" and head[0:1] in (b"{", b"["):
        return "UTF-16 text without a byte-order mark (save it as UTF-8)"
    return None


def sniff_content(head: bytes, name: str, compression: Optional[str] = None) -> Kind:
    """The container of (decompressed) content whose first bytes are `head`, named `name`."""
    if head.startswith(b"PAR1"):
        return Kind("parquet", compression)
    what = foreign_type(head)
    if what is not None:
        raise NotADataset(what)
    lower = strip_compression_suffix(name).lower()
    if lower.endswith(".parquet"):
        raise NotADataset(f"not Parquet (no PAR1 magic bytes): {_text_or_binary(head)}")
    if lower.endswith(".csv"):
        return Kind("csv", compression)
    if lower.endswith(".tsv"):
        return Kind("tsv", compression)
    body = head[len(BOM):] if head.startswith(BOM) else head
    first = body.lstrip()[:1]
    stdin = name in ("-", "<stdin>")
    if first == b"[":
        return Kind("json-array", compression, declared=None if lower.endswith(".json") or stdin else "jsonl")
    if first == b"{" or lower.endswith(JSON_SUFFIXES) or stdin or not body.strip():
        return Kind("jsonl", compression)
    raise NotADataset(_text_or_binary(head))


def _text_or_binary(head: bytes) -> str:
    if b"\x00" in head:
        return "binary data of an unknown type"
    line = head.splitlines()[0][:60].decode("utf-8", "replace") if head.strip() else ""
    return f"text that is not JSON (first line: {line!r})"
