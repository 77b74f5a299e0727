"""Tables as records: Parquet (pyarrow, one row group at a time) and CSV/TSV (stdlib csv).

A row becomes a record whose keys are the column names, renamed by the `columns` setting
(`{"question": "instruction"}` maps a column to a format's key). Positions:

- Parquet: the 1-based row number across the file (unit `row`); a 5 GB file is read row group
  by row group, never whole. Binary cells are decoded as UTF-8 text when they are text, and
  otherwise stand as `<N bytes>` (an image); dates and decimals as their text.
- CSV/TSV: the 1-based line where the row starts (unit `line`; the header is line 1), so an
  editor or a spreadsheet opens it. A cell that holds JSON is decoded where the format needs a
  structure there (a `messages`/`conversations` list, a preference `chosen`/`rejected`
  message list, OpenAI preference `input`/`*_output`, chat `tools`); other cells stay text,
  so an answer that is JSON text stays the string it is in a JSON file.
"""
from __future__ import annotations

import csv
import io
import sys
from typing import Any, Iterator, Optional

import orjson
from ftlint.readers.source import CORRUPT, display_name, ReadError, ReadProblem, Record, _open_binary

PARQUET_BATCH_ROWS = 2048
STRUCTURED = {"messages", "conversations", "preferred_output", "non_preferred_output", "chosen", "rejected",
              "input", "prompt", "tools", "functions"}


def open_columnar(path: str, kind, columns: dict[str, str], max_cell_bytes: int):
    if kind.container == "parquet":
        if path == "-" or kind.compression:
            raise ReadError(f"{display_name(path)}: Parquet is read from an uncompressed file given by its path "
                            f"(Parquet compresses its own pages)")
        return ParquetRows(path, columns)
    return CsvRows(path, "\t" if kind.container == "tsv" else ",", columns, max_cell_bytes)


class ParquetRows:
    unit = "row"

    def __init__(self, path: str, columns: dict[str, str]):
        self.path, self.columns = path, columns

    def __iter__(self) -> Iterator:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise ReadError(f"{self.path}: is a Parquet file; reading Parquet needs pyarrow: "
                            f"pip install 'ftlint[parquet]'") from None
        import pyarrow as pa

        try:
            table = pq.ParquetFile(self.path)
        except (pa.ArrowException, OSError) as exc:
            raise ReadError(f"{self.path}: cannot read Parquet ({exc})") from None
        names = [self.columns.get(n, n) for n in table.schema_arrow.names]
        convert = any(_needs_plain(f.type, pa) for f in table.schema_arrow)
        row = 0
        try:
            for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for values in zip(*cols):
                    row += 1
                    record = dict(zip(names, values))
                    yield Record(row, _plain(record) if convert else record)
        except (pa.ArrowException, OSError) as exc:
            raise ReadError(f"{self.path}: Parquet data is corrupt after row {row:,} ({exc})") from None
        if row == 0:
            yield ReadProblem("empty-file", None, "Parquet file has no rows: no examples")


def _needs_plain(t, pa) -> bool:
    """Whether values of arrow type t can hold something that is not JSON (bytes, dates, decimals)."""
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return True
    if pa.types.is_temporal(t) or pa.types.is_decimal(t):
        return True
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return _needs_plain(t.value_type, pa)
    if pa.types.is_struct(t):
        return any(_needs_plain(t.field(i).type, pa) for i in range(t.num_fields))
    if pa.types.is_map(t):
        return True
    return False


def _plain(value: Any) -> Any:
    """A Python value of a Parquet cell as JSON would hold it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and isinstance(value[0], tuple) and len(value[0]) == 2:  # a map column: (key, value) pairs
            return {str(k): _plain(v) for k, v in value}
        return [_plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(value):,} bytes>"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class CsvRows:
    unit = "line"

    def __init__(self, path: str, delimiter: str, columns: dict[str, str], max_cell_bytes: int):
        self.path, self.delimiter, self.columns = path, delimiter, columns
        csv.field_size_limit(max(max_cell_bytes, 131072))

    def __iter__(self) -> Iterator:
        name = display_name(self.path)
        fh = _open_binary(self.path)
        try:
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
            reader = csv.reader(text, delimiter=self.delimiter, strict=False)
            try:
                header = next(reader, None)
                if header is None:
                    yield ReadProblem("empty-file", None, "file is empty: no header, no rows")
                    return
                keys = [self.columns.get(h.strip(), h.strip()) for h in header]
                chat = "messages" in keys
                start, rows = reader.line_num + 1, 0
                for cells in reader:
                    line, start = start, reader.line_num + 1
                    if not any(c.strip() for c in cells):
                        continue  # a blank row
                    rows += 1
                    if len(cells) != len(keys):
                        yield ReadProblem("malformed-row", line, f"row has {len(cells)} cells; the header names "
                                                                 f"{len(keys)} columns")
                        continue
                    if any(_has_surrogate(c) for c in cells):
                        yield ReadProblem("invalid-utf8", line, "invalid UTF-8 in this row")
                        continue
                    yield Record(line, {k: _cell(k, c, chat) for k, c in zip(keys, cells)})
            except csv.Error as exc:
                raise ReadError(f"{name}:{reader.line_num}: not readable as CSV ({exc})") from None
            except CORRUPT as exc:
                raise ReadError(f"{name}: read failed ({exc})") from None
            if rows == 0:
                yield ReadProblem("empty-file", None, "CSV file has a header and no rows: no examples")
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()


def _has_surrogate(cell: str) -> bool:
    return not cell.isascii() and any("\udc80" <= ch <= "\udcff" for ch in cell)


def _cell(key: str, cell: str, chat: bool) -> Any:
    """A CSV cell's value: JSON decoded where the format needs a structure, else the text."""
    if key not in STRUCTURED:
        return cell
    body = cell.strip()
    if not body or body[0] not in "[{":
        return cell
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return cell
    if key in ("messages", "conversations", "preferred_output", "non_preferred_output"):
        return value if isinstance(value, list) else cell
    if key in ("tools", "functions"):
        return value if chat and isinstance(value, list) else cell  # ShareGPT stores its tools as JSON text
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return value  # chosen/rejected/prompt as a message list
    if isinstance(value, dict) and ({"messages", "role", "from"} & set(value)):
        return value  # OpenAI preference input {"messages": ...}, a ShareGPT chosen {"from", "value"}
    return cell


def column_of(path: Optional[str]) -> Optional[str]:
    """The column a JSON path of a row record starts in: `$.output` -> `output`, `$.messages[1]` -> `messages`."""
    if not path or not path.startswith("$."):
        return None
    rest = path[2:]
    for i, ch in enumerate(rest):
        if ch in ".[":
            return rest[:i]
    return rest
