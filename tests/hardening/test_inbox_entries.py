"""Issue 17 #3: a bad inbox entry (symlink loop, directory loop, unreadable file) is that entry's error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import flows.discover as discover
from flows.discover import HashCache, scan_inboxes


@pytest.fixture
def hostile_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "good.txt").write_text("某县2020年政府信息公开工作年度报告\n", encoding="utf-8")
    (inbox / "sub" / "also-good.txt").write_text("另一份\n", encoding="utf-8")
    (inbox / "locked.txt").write_text("不可读\n", encoding="utf-8")
    os.symlink("b.txt", inbox / "a.txt")  # a symlink loop: a.txt -> b.txt -> a.txt
    os.symlink("a.txt", inbox / "b.txt")
    os.symlink(".", inbox / "loop")  # a directory loop
    os.symlink("..", inbox / "sub" / "up")  # a loop through a parent
    os.symlink("missing.pdf", inbox / "gone.pdf")  # a dangling link
    os.mkfifo(inbox / "pipe.txt")  # never opened (it would block)
    return inbox


def test_bad_entries_are_recorded_and_the_rest_is_found(hostile_inbox: Path, monkeypatch) -> None:
    real = discover.sha256_file

    def sha256_file(path: Path) -> str:  # root reads any file: the unreadable one is simulated
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(discover, "sha256_file", sha256_file)
    errors: list[tuple[str, str]] = []
    found = scan_inboxes([hostile_inbox], HashCache(None), errors)
    assert sorted(Path(c.path).relative_to(hostile_inbox).as_posix() for c in found) == ["good.txt", "sub/also-good.txt"]
    reasons = {Path(p).name: why for p, why in errors}
    assert set(reasons) == {"a.txt", "b.txt", "gone.pdf", "locked.txt"}
    assert "symbolic links" in reasons["a.txt"] and "Permission denied" in reasons["locked.txt"]
    assert "missing" in reasons["gone.pdf"]


def test_a_folder_that_cannot_be_listed_is_one_error(tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "closed").mkdir(parents=True)
    (inbox / "ok.txt").write_text("x\n", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(discover.os, "scandir", scandir)
    errors: list[tuple[str, str]] = []
    found = scan_inboxes([inbox], None, errors)
    assert [Path(c.path).name for c in found] == ["ok.txt"]
    assert errors == [(str(inbox / "closed"), "cannot list the folder: Permission denied")]
