"""The sidebar sign-in widget and the current user's role (OIDC via st.login when configured, else local users).

Session state: `user`, `role`, `signed_in_at` (UTC). Everyone not signed in, or whose session is older than
auth.SESSION_TTL, is a viewer: the wall screen never needs to sign in and never sees a command button.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import streamlit as st
from streamlit.errors import StreamlitAPIException, StreamlitSecretNotFoundError

from data_access import auth, config

_STATE_KEYS = ("user", "role", "signed_in_at")


def _secrets_section(name: str) -> dict:
    # Without a secrets file, touching st.secrets raises; that simply means "not configured".
    try:
        return dict(st.secrets[name]) if name in st.secrets else {}
    except (StreamlitSecretNotFoundError, FileNotFoundError, KeyError, TypeError, ValueError):
        return {}


def oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


def _clear() -> None:
    for key in _STATE_KEYS:
        st.session_state.pop(key, None)


def _signed_in_at() -> datetime | None:
    value = st.session_state.get("signed_in_at")
    return value if isinstance(value, datetime) else None


def current_role() -> str:
    """'viewer' unless someone is signed in with an unexpired session."""
    role = st.session_state.get("role")
    if role not in auth.ROLES or not auth.session_valid(_signed_in_at()):
        return auth.DEFAULT_ROLE
    return role


def current_user() -> str:
    """The signed-in user name, or '' for the anonymous viewer."""
    if not st.session_state.get("user") or not auth.session_valid(_signed_in_at()):
        return ""
    return st.session_state["user"]


def _expire_if_old() -> bool:
    """Drop an expired session; True when one was dropped."""
    if st.session_state.get("user") and not auth.session_valid(_signed_in_at()):
        _clear()
        return True
    return False


def _show_signed_in(on_logout) -> None:
    label = auth.ROLE_LABELS.get(current_role(), current_role())
    st.markdown(f"**已登录**：{current_user()}（{label}）")
    if st.button("退出", key="signin_logout", icon=":material/logout:"):
        _clear()
        on_logout()
        st.rerun()


def _oidc() -> None:
    user = st.user
    if not user.get("is_logged_in", False):
        _clear()
        if st.button("统一身份认证登录", key="signin_oidc", icon=":material/login:"):
            try:
                st.login()
            except StreamlitAPIException as exc:  # a wrong [auth] section: say so, stay a viewer
                st.error(f"统一身份认证配置有误：{exc}")
        return
    identities = [user.get("email"), user.get("sub"), user.get("preferred_username")]
    name = user.get("name") or user.get("email") or user.get("sub") or "?"
    if st.session_state.get("user") != name:
        # The identity token's issue time bounds the session when the provider sends it.
        iat = user.get("iat")
        issued = datetime.fromtimestamp(iat, UTC) if isinstance(iat, int | float) else datetime.now(UTC)
        st.session_state.update(user=name, role=auth.role_for_identity(identities, _secrets_section("roles")),
                                signed_in_at=issued)
    if _expire_if_old():
        st.warning("登录已超过 8 小时，请重新登录。")
        if st.button("重新登录", key="signin_oidc", icon=":material/login:"):
            st.logout()
        return
    _show_signed_in(st.logout)


def _local() -> None:
    if _expire_if_old():
        st.info("登录已超过 8 小时，已自动退出，请重新登录。")
    if current_user():
        _show_signed_in(lambda: None)
        return
    try:
        settings = config.load()
        has_users = bool(auth.load_users(settings.users_path))
    except (auth.AuthError, config.ConfigError) as exc:
        st.caption(f"本地登录不可用：{exc}")
        return
    if not has_users:
        st.caption("未配置登录用户，当前为只读查看。")
        return
    with st.form("signin_form", clear_on_submit=True, border=False):
        username = st.text_input("用户名", key="signin_user")
        password = st.text_input("密码", type="password", key="signin_password")
        submitted = st.form_submit_button("登录", key="signin_submit", icon=":material/login:")
    if not submitted:
        return
    if not username or not password:
        st.error("请输入用户名和密码。")
        return
    try:
        user = auth.authenticate(username, password, users_path=settings.users_path,
                                 commands_path=settings.commands_path)
    except auth.AuthError as exc:
        st.error(str(exc))
        return
    except (sqlite3.Error, OSError):  # a locked or unreadable database must not take the screen down
        st.error("登录服务暂时不可用，请稍后再试。")
        return
    if user is None:
        st.error("用户名或密码错误。")
        return
    st.session_state.update(user=user.username, role=user.role, signed_in_at=datetime.now(UTC))
    st.rerun()


def signin_widget() -> str:
    """Draw the sign-in block (call inside `with st.sidebar:`); returns the current role."""
    if oidc_configured():
        _oidc()
    else:
        _local()
    return current_role()
