"""Command line for the local users file: `python -m data_access.users add|list|remove|unlock`.

    python -m data_access.users add zhangsan --role commander          # asks for the password twice
    echo "$PW" | python -m data_access.users add zhangsan --role commander --password-stdin
    python -m data_access.users list
    python -m data_access.users remove zhangsan
    python -m data_access.users unlock zhangsan                        # lift a sign-in lock-out
"""

from __future__ import annotations

import argparse
import getpass
import sys

from data_access import auth, config


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码: ")
    if getpass.getpass("再次输入密码: ") != first:
        raise auth.AuthError("两次输入的密码不一致。")
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access.users", description="管理本地登录用户（用户文件见 DATA_DIR）。")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="新增用户（或用 --replace 重设密码和角色）")
    add.add_argument("name")
    add.add_argument("--role", choices=auth.ROLES, default=auth.DEFAULT_ROLE)
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    add.add_argument("--replace", action="store_true", help="用户已存在时覆盖")
    sub.add_parser("list", help="列出用户和角色")
    remove = sub.add_parser("remove", help="删除用户")
    remove.add_argument("name")
    unlock = sub.add_parser("unlock", help="解除因多次登录失败造成的锁定")
    unlock.add_argument("name")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = config.load()
        if args.command == "add":
            user = auth.add_user(args.name, _read_password(args.password_stdin), args.role,
                                 path=settings.users_path, replace=args.replace)
            print(f"已保存用户 {user.username}（{user.role_label}）到 {settings.users_path}")
        elif args.command == "list":
            users = auth.list_users(settings.users_path)
            if not users:
                print(f"暂无用户（{settings.users_path}）")
            for user in users:
                print(f"{user.username}\t{user.role}\t{user.role_label}")
        elif args.command == "remove":
            auth.remove_user(args.name, path=settings.users_path)
            print(f"已删除用户 {auth.normalize_username(args.name)}")
        elif args.command == "unlock":
            auth.unlock(args.name, commands_path=settings.commands_path)
            print(f"已解除 {auth.normalize_username(args.name)} 的登录锁定")
    except (auth.AuthError, config.ConfigError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：无法访问文件（{exc.strerror or exc}：{exc.filename or ''}）", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\n已取消", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
