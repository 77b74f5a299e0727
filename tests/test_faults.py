"""Faults around the data rather than in it: files that cannot be read, reads that fail part-way,
outputs that cannot be written, a closed pipe, Ctrl-C, and the no-network guarantee.

Each fault ends in a documented exit code (2: I/O error, 130: interrupted) with a one-line
`ftlint: ...` message on stderr and never a Python traceback.
"""
from __future__ import annotations

import errno
import gzip
import io
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

import ftlint.atomic
import ftlint.reading
import ftlint.readers.source
from conftest import NetworkAccessError, chat, write_jsonl
from ftlint.cli import main
from ftlint_subprocess import child_env, ftlint_command, run_ftlint


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ftlint: error: "), err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, err)


def good_records(n: int = 30) -> list[dict]:
    return [chat(f"question {i} about the weather", f"answer {i}: it is sunny") for i in range(n)]


# --- files that cannot be read ------------------------------------------------------------------


def test_missing_file_is_an_io_error(tmp_path, capsys):
    code, out, err = run_main(capsys, str(tmp_path / "absent.jsonl"))
    assert code == 2 and out == ""
    assert_one_line_error(err, "absent.jsonl", "no such file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_mode_000(tmp_path, capsys):
    path = write_jsonl(tmp_path / "locked.jsonl", good_records())
    path.chmod(0)
    try:
        code, out, err = run_main(capsys, str(path))
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 2 and out == ""
    assert_one_line_error(err, "locked.jsonl", "permission denied")


def test_unreadable_file_permission_error(tmp_path, capsys, monkeypatch):
    """The same fault made independent of the user running the suite (root bypasses mode bits)."""
    path = write_jsonl(tmp_path / "locked.jsonl", good_records())
    real_open = open

    def deny(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(ftlint.readers.source, "open", deny, raising=False)
    code, out, err = run_main(capsys, str(path))
    assert code == 2 and out == ""
    assert_one_line_error(err, "locked.jsonl", "permission denied")


@pytest.mark.parametrize("name", ["folder.jsonl", "folder.json", "folder.jsonl.gz"])
def test_directory_given_as_a_file(tmp_path, capsys, name):
    (tmp_path / name).mkdir()
    code, out, err = run_main(capsys, str(tmp_path / name))
    assert code == 2 and out == ""
    assert_one_line_error(err, name, "is a directory")


def test_directory_given_as_eval_file(tmp_path, capsys):
    train = write_jsonl(tmp_path / "train.jsonl", good_records())
    (tmp_path / "evals").mkdir()
    code, out, err = run_main(capsys, str(train), "--eval", str(tmp_path / "evals"))
    assert code == 2 and out == ""
    assert_one_line_error(err, "evals", "is a directory")


class _FailingReader(io.BufferedReader):
    """A real file whose reads fail with EIO once `fail_after` bytes were delivered."""

    fail_after = 0

    def readline(self, size=-1):
        if self.tell() >= self.fail_after:
            raise OSError(errno.EIO, "Input/output error")
        return super().readline(size)


def test_read_error_part_way_through(tmp_path, capsys, monkeypatch):
    path = write_jsonl(tmp_path / "flaky.jsonl", good_records(200))
    real_open = open

    def flaky(file, mode="r", *args, **kwargs):
        if os.fspath(file) == str(path):
            reader = _FailingReader(io.FileIO(file, "rb"))
            reader.fail_after = path.stat().st_size // 2
            return reader
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(ftlint.readers.source, "open", flaky, raising=False)
    code, out, err = run_main(capsys, str(path))
    assert code == 2 and out == ""
    assert_one_line_error(err, "flaky.jsonl", "read failed", "Input/output error")


# --- reads cut short ---------------------------------------------------------------------------


def _gzip_lines(records) -> bytes:
    return gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode("utf-8"))


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_gzip_is_an_io_error(tmp_path, capsys, keep):
    data = _gzip_lines(good_records(2000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: int(len(data) * keep)])
    code, out, err = run_main(capsys, str(path), "--output-format", "json")
    assert code == 2 and out == ""
    assert_one_line_error(err, "cut.jsonl.gz", "corrupt or truncated")


def test_gzip_with_garbage_after_the_magic(tmp_path, capsys):
    path = tmp_path / "garbage.jsonl.gz"
    path.write_bytes(b"\x1f\x8b" + bytes(range(256)) * 4)
    code, out, err = run_main(capsys, str(path))
    assert code == 2 and out == ""
    assert_one_line_error(err, "garbage.jsonl.gz", "corrupt or truncated")


def test_file_shrunk_while_being_read(tmp_path, capsys, monkeypatch):
    """Another process truncates the file mid-line while ftlint reads it: the cut line is a located
    invalid-JSON finding, nothing after it is invented, and the run ends normally."""
    records = [chat(f"question {i} " + "x" * 900, f"answer {i}") for i in range(300)]
    path = write_jsonl(tmp_path / "shrinking.jsonl", records)
    offsets = [0]
    for raw in path.read_bytes().splitlines(keepends=True):
        offsets.append(offsets[-1] + len(raw))
    cut_line = 150  # 1-based line that ends up half written
    cut_at = offsets[cut_line - 1] + (offsets[cut_line] - offsets[cut_line - 1]) // 2
    real_decode = ftlint.reading._decode_line

    def decode_then_shrink(number, data):
        if number == 1:
            os.truncate(path, cut_at)
        return real_decode(number, data)

    monkeypatch.setattr(ftlint.reading, "_decode_line", decode_then_shrink)
    code, out, err = run_main(capsys, str(path), "--output-format", "json", "--select", "FT0")
    assert "Traceback" not in err
    assert code == 1, err
    report = json.loads(out)
    summary = report["files"][0]  # 149 whole records and the half-written line, which counts as invalid
    assert (summary["records"], summary["invalid_records"]) == (cut_line, 1)
    broken = [f for f in report["findings"] if f["code"] == "FT001"]
    assert [f["line"] for f in broken] == [cut_line]


# --- outputs that cannot be written --------------------------------------------------------------


class _DiskFullFile:
    """Wraps the temporary report file: writes half of what it is given, then fails with ENOSPC."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._fh.__exit__(*exc)


def _folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("failure", ["write", "fsync"])
def test_disk_full_while_writing_report(tmp_path, capsys, monkeypatch, failure):
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    report = out_dir / "report.json"
    report.write_text("previous report\n")
    if failure == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(ftlint.atomic.os, "fdopen", lambda *a, **k: _DiskFullFile(real_fdopen(*a, **k)))
    else:
        def no_space(_fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(ftlint.atomic.os, "fsync", no_space)
    code, out, err = run_main(capsys, str(data), "--output-format", "json", "--output", str(report))
    assert code == 2
    assert_one_line_error(err, "report.json", "cannot write report", "No space left on device")
    assert report.read_text() == "previous report\n", "a failed write must leave the old report untouched"
    assert _folder_listing(out_dir) == ["report.json"], "no partial or temporary file may be left behind"


def test_disk_full_leaves_no_new_file(tmp_path, capsys, monkeypatch):
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    real_fdopen = os.fdopen
    monkeypatch.setattr(ftlint.atomic.os, "fdopen", lambda *a, **k: _DiskFullFile(real_fdopen(*a, **k)))
    code, _, err = run_main(capsys, str(data), "--output", str(tmp_path / "new.txt"))
    assert code == 2
    assert_one_line_error(err, "new.txt", "No space left on device")
    assert _folder_listing(tmp_path) == ["data.jsonl"]


def test_report_into_missing_folder(tmp_path, capsys):
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    code, _, err = run_main(capsys, str(data), "--output", str(tmp_path / "nope" / "report.json"))
    assert code == 2
    assert_one_line_error(err, "report.json", "cannot write report")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_report_to_a_named_pipe_is_written_not_replaced(tmp_path, capsys):
    """`--output` naming a FIFO (or /dev/stdout) must write into it, never swap it for a regular file."""
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run_main(capsys, str(data), "--output-format", "json", "--output", str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the named pipe was replaced by a regular file"
    assert json.loads(received[0])["version"]
    assert _folder_listing(tmp_path) == ["data.jsonl", "report.pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_on_a_full_disk(tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(ftlint_command(str(data), "--output-format", "json"), cwd=tmp_path,
                              env=child_env(), stdout=full, stderr=subprocess.PIPE, timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Exception ignored" not in err
    assert_one_line_error(err, "No space left on device")


# --- the reader of our output goes away ------------------------------------------------------


def test_broken_pipe_on_stdout(tmp_path):
    """`ftlint big.jsonl | head -1`: the first line arrives, ftlint ends quietly with nothing on
    stderr and exit 1 (click's convention on EPIPE: the output was not fully delivered)."""
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(b"{not json %d\n" % i for i in range(20000)))  # ~2 MB of findings
    child = subprocess.Popen(ftlint_command(str(path), "--output-format", "concise"), cwd=tmp_path,
                             env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()  # what `head -1` does after its line
    err = child.stderr.read().decode()
    code = child.wait(timeout=120)
    assert first.startswith(str(path).encode() + b":")
    assert err == "", err
    assert code == 1


@pytest.mark.skipif(not os.path.exists("/bin/sh"), reason="needs a POSIX shell")
def test_broken_pipe_through_head(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(b"{not json %d\n" % i for i in range(20000)))
    command = " ".join(ftlint_command(str(path))) + " 2>err.txt | head -1"
    proc = subprocess.run(["/bin/sh", "-c", command], cwd=tmp_path, env=child_env(), capture_output=True,
                          timeout=120)
    assert proc.stdout.count(b"\n") == 1 and proc.stdout.startswith(str(path).encode() + b":")
    assert (tmp_path / "err.txt").read_text() == ""


# --- Ctrl-C --------------------------------------------------------------------------------------


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a child of a backgrounded runner may inherit SIG_IGN


def _interrupt(child: subprocess.Popen, ready) -> tuple[int, str]:
    deadline = time.monotonic() + 60
    while not ready():
        assert child.poll() is None, "ftlint ended before it could be interrupted"
        assert time.monotonic() < deadline, "ftlint never started reading"
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    return child.returncode, err.decode()


def _pipe_bytes(stream) -> int:
    """Bytes written to a pipe and not yet read by the other end (Linux FIONREAD works on either end)."""
    import array
    import fcntl
    import termios

    buf = array.array("i", [0])
    fcntl.ioctl(stream.fileno(), termios.FIONREAD, buf)
    return buf[0]


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_ctrl_c_while_waiting_on_stdin(tmp_path):
    child = subprocess.Popen(ftlint_command("-"), cwd=tmp_path, env=child_env(), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_sigint)
    child.stdin.write(b"".join(json.dumps(r).encode() + b"\n" for r in good_records(100)))
    child.stdin.flush()  # and keep stdin open: ftlint is now blocked reading the rest
    # ready once ftlint has drained the pipe (it is reading, past its imports): no wall-clock guess
    code, err = _interrupt(child, lambda: _pipe_bytes(child.stdin) == 0)
    assert code == 130, err
    assert err.strip() == "ftlint: interrupted"  # click puts a newline after the terminal's ^C first


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to see when reading starts")
def test_ctrl_c_on_a_large_file(tmp_path):
    path = tmp_path / "large.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(120_000):
            fh.write(json.dumps(chat(f"question {i} about things", f"answer {i} " * 5)) + "\n")
    child = subprocess.Popen(ftlint_command(str(path)), cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=_default_sigint)
    code, err = _interrupt(child, lambda: _has_open(child.pid, path))
    assert code == 130, err
    assert err.strip() == "ftlint: interrupted"


# --- no network, ever ----------------------------------------------------------------------------


def test_network_guard_trips_in_the_test_process():
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkAccessError):
            sock.connect(("192.0.2.1", 80))
    finally:
        sock.close()
    with pytest.raises(NetworkAccessError):
        urllib.request.urlopen("http://192.0.2.1/", timeout=1)


def test_network_guard_trips_in_child_processes(tmp_path):
    snippet = (
        "import socket, urllib.request\n"
        "for attempt in (lambda: socket.create_connection(('192.0.2.1', 443), timeout=1),\n"
        "                lambda: socket.socket().connect(('192.0.2.1', 80)),\n"
        "                lambda: socket.getaddrinfo('example.com', 443),\n"
        "                lambda: urllib.request.urlopen('http://example.com/', timeout=1)):\n"
        "    try:\n"
        "        attempt()\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__)\n"
    )
    proc = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, env=child_env(), capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.split() == ["NetworkAccessError"] * 4, proc.stdout + proc.stderr


def test_ftlint_child_runs_behind_the_network_guard(tmp_path):
    """A full run with every registered check and every tokenizer path works with the network cut."""
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    evals = write_jsonl(tmp_path / "eval.jsonl", good_records(5))
    proc = run_ftlint(str(data), "--eval", str(evals), "--extend-select", "ALL", "--output-format", "json",
                      cwd=tmp_path)
    assert "NetworkAccessError" not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["files"]


def test_report_file_gets_ordinary_permissions(tmp_path, capsys):
    """The atomic write must not leave mkstemp's private 0600 mode on the report, nor reset an
    existing report's mode."""
    data = write_jsonl(tmp_path / "data.jsonl", good_records())
    mask = os.umask(0o022)
    try:
        code, _, err = run_main(capsys, str(data), "--output", str(tmp_path / "new.txt"))
        assert code == 0, err
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o640)
        code, _, err = run_main(capsys, str(data), "--output", str(kept))
        assert code == 0, err
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() != "old"
    finally:
        os.umask(mask)


@pytest.mark.parametrize("failure", ["write", "fsync"])
def test_disk_full_while_writing_a_fix(tmp_path, capsys, monkeypatch, failure):
    """`ftlint fix IN -o OUT --rejects R` on a full disk: exit 2, one line, IN untouched, and neither
    OUT, R nor a temporary file left behind."""
    from ftlint.cli import cli

    if cli.get_command(None, "fix") is None:
        pytest.skip("no fix command registered")
    rows = good_records(20)
    source = write_jsonl(tmp_path / "in.jsonl", [*rows, *rows[:3], "{broken"])
    before = source.read_bytes()
    if failure == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(ftlint.atomic.os, "fdopen", lambda *a, **k: _DiskFullFile(real_fdopen(*a, **k)))
    else:
        def no_space(_fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(ftlint.atomic.os, "fsync", no_space)
    code, _, err = run_main(capsys, "fix", str(source), "-o", str(tmp_path / "out.jsonl"),
                            "--rejects", str(tmp_path / "rejects.jsonl"))
    assert code == 2
    assert_one_line_error(err, "No space left on device")
    assert source.read_bytes() == before
    assert _folder_listing(tmp_path) == ["in.jsonl"]


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_writes_nothing_but_the_report_it_was_asked_for(tmp_path):
    """No caches, no temp files, nothing in HOME: a full run (every check, eval, every tokenizer
    path) creates exactly the --output file and touches nothing else."""
    work, home, temp = tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for folder in (work, home, temp):
        folder.mkdir()
    data = write_jsonl(work / "data.jsonl", good_records())
    evals = write_jsonl(work / "eval.jsonl", good_records(5))
    before = {p: p.read_bytes() for p in (data, evals)}
    env = child_env(HOME=str(home), TMPDIR=str(temp), XDG_CACHE_HOME=str(home / ".cache"),
                    PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(ftlint_command(str(data), "--eval", str(evals), "--extend-select", "ALL",
                                         "--output-format", "json", "--output", "report.json"),
                          cwd=work, env=env, capture_output=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert _tree(work) == ["data.jsonl", "eval.jsonl", "report.json"]
    assert _tree(home) == [] and _tree(temp) == []
    assert {p: p.read_bytes() for p in (data, evals)} == before
