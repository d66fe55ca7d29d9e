"""Local users: salted scrypt hashes, rate-limited sign-in persisted in SQLite, session expiry, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from data_access import auth, commands

ROOT = Path(__file__).resolve().parent.parent
PW = "correct-horse-9"


@pytest.fixture
def paths(tmp_path):
    users, cmds = tmp_path / "users.json", tmp_path / "commands.sqlite"
    auth.add_user("zhangsan", PW, "commander", path=users)
    return {"users_path": users, "commands_path": cmds}


def test_right_and_wrong_password(paths):
    assert auth.authenticate("zhangsan", PW, **paths) == auth.User("zhangsan", "commander")
    assert auth.authenticate(" ZhangSan ", PW, **paths).role == "commander"
    assert auth.authenticate("zhangsan", "wrong-password", **paths) is None
    assert auth.authenticate("nobody", PW, **paths) is None
    results = list(commands.audit_log(path=paths["commands_path"])["result"])
    assert results[-1] == "ok" and results[0].startswith("failed")


def test_sixth_attempt_locked_even_with_right_password_then_lock_expires(paths):
    t0 = datetime(2025, 9, 12, 8, 0, tzinfo=UTC)
    for i in range(5):
        assert auth.authenticate("zhangsan", "wrong", now=t0 + timedelta(seconds=i), **paths) is None
    with pytest.raises(auth.AccountLocked) as info:
        auth.authenticate("zhangsan", PW, now=t0 + timedelta(seconds=10), **paths)
    assert "请 5 分钟后再试" in str(info.value) and info.value.minutes_left == 5
    # Another process (a new connection, nothing in memory) sees the same lock.
    assert auth.lock_remaining("zhangsan", now=t0 + timedelta(minutes=2), commands_path=paths["commands_path"])
    with pytest.raises(auth.AccountLocked, match="请 4 分钟后再试"):
        auth.authenticate("zhangsan", PW, now=t0 + timedelta(minutes=2), **paths)
    assert auth.authenticate("zhangsan", PW, now=t0 + timedelta(minutes=5, seconds=5), **paths).role == "commander"


def test_failures_outside_the_window_do_not_lock(paths):
    t0 = datetime(2025, 9, 12, 8, 0, tzinfo=UTC)
    for i in range(8):
        assert auth.authenticate("zhangsan", "wrong", now=t0 + timedelta(minutes=2 * i), **paths) is None
    assert auth.authenticate("zhangsan", PW, now=t0 + timedelta(minutes=17), **paths) is not None


def test_success_resets_failures_and_unlock(paths):
    t0 = datetime(2025, 9, 12, 8, 0, tzinfo=UTC)
    for _ in range(4):
        auth.authenticate("zhangsan", "wrong", now=t0, **paths)
    assert auth.authenticate("zhangsan", PW, now=t0, **paths)
    for _ in range(4):
        auth.authenticate("zhangsan", "wrong", now=t0, **paths)
    assert auth.authenticate("zhangsan", PW, now=t0, **paths)
    for _ in range(5):
        auth.authenticate("zhangsan", "wrong", now=t0, **paths)
    auth.unlock("zhangsan", commands_path=paths["commands_path"])
    assert auth.authenticate("zhangsan", PW, now=t0, **paths)


def test_hashes_are_salted_and_file_has_no_plaintext(paths):
    auth.add_user("lisi", PW, "viewer", path=paths["users_path"])
    text = paths["users_path"].read_text(encoding="utf-8")
    users = json.loads(text)["users"]
    assert PW not in text
    a, b = users["zhangsan"]["password_hash"], users["lisi"]["password_hash"]
    assert a.startswith("scrypt$") and a != b and a.split("$")[4] != b.split("$")[4]
    assert oct(paths["users_path"].stat().st_mode & 0o777) == "0o600"


def test_user_management_errors(paths):
    with pytest.raises(auth.AuthError, match="已存在"):
        auth.add_user("zhangsan", PW, "admin", path=paths["users_path"])
    with pytest.raises(auth.AuthError, match="未知角色"):
        auth.add_user("wangwu", PW, "root", path=paths["users_path"])
    with pytest.raises(auth.AuthError, match="至少"):
        auth.add_user("wangwu", "short", path=paths["users_path"])
    auth.remove_user("zhangsan", path=paths["users_path"])
    assert auth.list_users(paths["users_path"]) == []
    assert auth.load_users(paths["users_path"].parent / "missing.json") == {}
    assert auth.authenticate("zhangsan", PW, users_path=paths["users_path"].parent / "missing.json",
                             commands_path=paths["commands_path"]) is None


def test_session_expiry():
    t0 = datetime(2025, 9, 12, 8, 0, tzinfo=UTC)
    assert auth.SESSION_TTL == timedelta(hours=8)
    assert auth.session_valid(t0, t0 + timedelta(hours=7, minutes=59))
    assert not auth.session_valid(t0, t0 + timedelta(hours=8))
    assert not auth.session_valid(None, t0)
    assert not auth.session_valid(t0 + timedelta(hours=1), t0)


def test_role_for_identity():
    table = {"commander": ["Zhang@Jinyun.gov.cn"], "admin": ["root@jinyun.gov.cn"], "li@jinyun.gov.cn": "commander"}
    assert auth.role_for_identity(["zhang@jinyun.gov.cn", None], table) == "commander"
    assert auth.role_for_identity("li@jinyun.gov.cn", table) == "commander"
    assert auth.role_for_identity("root@jinyun.gov.cn", table) == "admin"
    assert auth.role_for_identity("guest@x.cn", table) == "viewer"
    assert auth.role_for_identity("x", None) == "viewer"


def _cli(tmp_path, *args, stdin=""):
    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "data_access.users", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)


def test_cli(tmp_path):
    added = _cli(tmp_path, "add", "wangwu", "--role", "commander", "--password-stdin", stdin=PW + "\n")
    assert added.returncode == 0, added.stderr
    listed = _cli(tmp_path, "list")
    assert "wangwu\tcommander" in listed.stdout
    assert auth.authenticate("wangwu", PW, users_path=tmp_path / "users.json",
                             commands_path=tmp_path / "commands.sqlite").role == "commander"
    again = _cli(tmp_path, "add", "wangwu", "--password-stdin", stdin=PW + "\n")
    assert again.returncode == 1 and again.stderr.startswith("错误：") and "Traceback" not in again.stderr
    missing = _cli(tmp_path, "remove", "nobody")
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    assert _cli(tmp_path, "remove", "wangwu").returncode == 0
    assert "暂无用户" in _cli(tmp_path, "list").stdout
