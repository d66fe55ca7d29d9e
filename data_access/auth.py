"""Local sign-in: roles, the users file with salted scrypt hashes, rate-limited authentication, session expiry.

The users file (`settings.users_path`, JSON) never holds a password, only a per-user random salt and
an scrypt hash. Failed attempts and lock-outs live in the commands SQLite so they hold across sessions
and processes. Nothing here knows Streamlit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from data_access import commands, config

ROLES = ("viewer", "commander", "admin")
ROLE_LABELS = {"viewer": "值守查看", "commander": "指挥员", "admin": "管理员"}
DEFAULT_ROLE = "viewer"
SESSION_TTL = timedelta(hours=8)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=5)
LOCK_DURATION = timedelta(minutes=5)
MIN_PASSWORD_LEN = 8
# scrypt cost: about 50 ms and 16 MB per check on this kind of machine.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,63}$")

_LOCK_SCHEMA = """
CREATE TABLE IF NOT EXISTS login_failures (username TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures (username, at);
CREATE TABLE IF NOT EXISTS login_locks (username TEXT PRIMARY KEY, until TEXT NOT NULL);
"""


class AuthError(Exception):
    """A sign-in problem whose message is Chinese and ready for the UI."""


class AccountLocked(AuthError):
    def __init__(self, username: str, until: datetime, now: datetime):
        self.username = username
        self.until = until
        self.minutes_left = max(1, math.ceil((until - now).total_seconds() / 60))
        super().__init__(f"登录失败次数过多，账号已临时锁定，请 {self.minutes_left} 分钟后再试。")


class UsersFileError(AuthError):
    """The users file exists but cannot be read or written."""


@dataclass(frozen=True)
class User:
    username: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def _utc(now: datetime | None) -> datetime:
    now = now or datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def _users_path(path) -> Path:
    return Path(path) if path is not None else config.load().users_path


def _commands_path(path) -> Path:
    return Path(path) if path is not None else config.load().commands_path


# --- hashes -------------------------------------------------------------------------------------------------

def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt_hex$hash_hex` with a fresh 16-byte random salt unless one is given."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_DKLEN, maxmem=64 * 1024 * 1024)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, hash_hex = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(hash_hex)
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(digest, expected)


# Checked against when the user is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_hex(8))


# --- the users file -----------------------------------------------------------------------------------------

def load_users(path=None) -> dict:
    """{username: {"role", "password_hash", "created_at"}}; empty when the file does not exist."""
    path = _users_path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UsersFileError(f"用户文件 {path} 无法读取（{exc}）。") from None
    users = doc.get("users") if isinstance(doc, dict) else None
    if not isinstance(users, dict):
        raise UsersFileError(f"用户文件 {path} 格式不正确：缺少 users 对象。")
    return users


def _save_users(users: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".users-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"users": users}, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # readers never see a half-written file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_user(username: str, password: str, role: str = DEFAULT_ROLE, path=None, replace: bool = False) -> User:
    name = normalize_username(username)
    if not _USERNAME.match(name):
        raise AuthError("用户名只能包含小写字母、数字、点、下划线和连字符，且以字母或数字开头（最长 64 位）。")
    if role not in ROLES:
        raise AuthError(f"未知角色 {role!r}：可选 {', '.join(ROLES)}。")
    if len(password or "") < MIN_PASSWORD_LEN:
        raise AuthError(f"密码至少 {MIN_PASSWORD_LEN} 位。")
    path = _users_path(path)
    users = load_users(path)
    if name in users and not replace:
        raise AuthError(f"用户 {name} 已存在。")
    users[name] = {"role": role, "password_hash": hash_password(password),
                   "created_at": datetime.now(UTC).isoformat(timespec="seconds")}
    _save_users(users, path)
    return User(name, role)


def remove_user(username: str, path=None) -> None:
    name = normalize_username(username)
    path = _users_path(path)
    users = load_users(path)
    if name not in users:
        raise AuthError(f"用户 {name} 不存在。")
    del users[name]
    _save_users(users, path)


def list_users(path=None) -> list[User]:
    return [User(name, rec.get("role", DEFAULT_ROLE)) for name, rec in sorted(load_users(path).items())]


# --- rate limiting ------------------------------------------------------------------------------------------

def lock_remaining(username: str, now: datetime | None = None, commands_path=None) -> timedelta | None:
    """How long the account stays locked, or None when it is not locked."""
    name, now = normalize_username(username), _utc(now)
    with commands.connect(_commands_path(commands_path)) as conn:
        conn.executescript(_LOCK_SCHEMA)
        row = conn.execute("SELECT until FROM login_locks WHERE username = ?", (name,)).fetchone()
    if row is None:
        return None
    until = datetime.fromisoformat(row["until"])
    return until - now if until > now else None


def unlock(username: str, commands_path=None) -> None:
    name = normalize_username(username)
    with commands.connect(_commands_path(commands_path)) as conn:
        conn.executescript(_LOCK_SCHEMA)
        conn.execute("DELETE FROM login_locks WHERE username = ?", (name,))
        conn.execute("DELETE FROM login_failures WHERE username = ?", (name,))


def _record_failure(conn, name: str, now: datetime) -> bool:
    """Count a failure; returns True when it locks the account."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM login_failures WHERE at <= ?", ((now - FAILURE_WINDOW).isoformat(),))
        conn.execute("INSERT INTO login_failures (username, at) VALUES (?, ?)", (name, now.isoformat()))
        count = conn.execute("SELECT COUNT(*) FROM login_failures WHERE username = ?", (name,)).fetchone()[0]
        locked = count >= MAX_FAILURES
        if locked:
            conn.execute("INSERT OR REPLACE INTO login_locks (username, until) VALUES (?, ?)",
                         (name, (now + LOCK_DURATION).isoformat()))
            conn.execute("DELETE FROM login_failures WHERE username = ?", (name,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return locked


def authenticate(username: str, password: str, now: datetime | None = None, *,
                 users_path=None, commands_path=None) -> User | None:
    """The user when name and password match, else None; raises AccountLocked (message in Chinese) while locked.

    After MAX_FAILURES failures within FAILURE_WINDOW the account is refused for LOCK_DURATION, even with
    the right password. Unknown names count too, so probing names gains nothing.
    """
    name, now = normalize_username(username), _utc(now)
    cmd_path = _commands_path(commands_path)
    with commands.connect(cmd_path) as conn:
        conn.executescript(_LOCK_SCHEMA)
        row = conn.execute("SELECT until FROM login_locks WHERE username = ?", (name,)).fetchone()
        if row is not None:
            until = datetime.fromisoformat(row["until"])
            if until > now:
                commands.record_audit(name or "?", "-", "sign-in", "refused: locked", path=cmd_path, now=now)
                raise AccountLocked(name, until, now)
            conn.execute("DELETE FROM login_locks WHERE username = ?", (name,))
        record = load_users(users_path).get(name)
        ok = verify_password(password or "", record["password_hash"] if record else _DUMMY_HASH) and record
        if ok:
            conn.execute("DELETE FROM login_failures WHERE username = ?", (name,))
            user = User(name, record.get("role") if record.get("role") in ROLES else DEFAULT_ROLE)
            commands.record_audit(user.username, user.role, "sign-in", "ok", path=cmd_path, now=now)
            return user
        locked = _record_failure(conn, name, now)
    result = "failed: wrong name or password" + ("; account locked" if locked else "")
    commands.record_audit(name or "?", "-", "sign-in", result, path=cmd_path, now=now)
    return None


# --- sessions and OIDC roles --------------------------------------------------------------------------------

def session_valid(issued_at: datetime | None, now: datetime | None = None) -> bool:
    """True while a session issued at `issued_at` is younger than SESSION_TTL (and not from the future)."""
    if issued_at is None:
        return False
    issued, now = _utc(issued_at), _utc(now)
    return issued <= now + timedelta(minutes=1) and now - issued < SESSION_TTL


def role_for_identity(identities, roles_table) -> str:
    """Role of an OIDC user from the secrets `[roles]` table; viewer when not listed.

    Either form is accepted: `commander = ["zhang@jinyun.gov.cn"]` (role -> list of e-mails/subjects) or
    `"zhang@jinyun.gov.cn" = "commander"` (identity -> role). The highest listed role wins.
    """
    ids = {str(i).strip().lower() for i in ([identities] if isinstance(identities, str) else identities or []) if i}
    found = {DEFAULT_ROLE}
    for key, value in dict(roles_table or {}).items():
        if key in ROLES and isinstance(value, list | tuple):
            if ids & {str(v).strip().lower() for v in value}:
                found.add(key)
        elif isinstance(value, str) and value in ROLES and str(key).strip().lower() in ids:
            found.add(value)
    return max(found, key=ROLES.index)
