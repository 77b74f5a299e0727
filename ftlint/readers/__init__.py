"""Readers behind the one record stream (`ftlint.reading.RecordStream`).

- `sniff`: what a file is, from its first bytes (magic numbers), then its name.
- `json_array`: a JSON array file, element by element, recovering after a broken element.
- `columnar`: Parquet (pyarrow, row group by row group) and CSV/TSV (stdlib csv).
- `memory`: records a Python caller holds (a list of dicts, a pandas DataFrame, a `datasets.Dataset`).
- `folders`: a dataset folder in the Hugging Face layout (splits made of shards).

Every reader yields `Record`s and `ReadProblem`s in source order; a record's `line` is its
position in the unit the stream declares (`line`, `row` or `element`), 1-based.
"""
