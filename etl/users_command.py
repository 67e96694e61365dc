"""``python -m etl users add|list|disable|enable|reset|role|delete|audit``: the local account store.

Passwords are asked for twice at a prompt that does not echo (or read from standard input with
``--password-stdin``, one line, for scripts); they are never taken as an argument, where ``ps`` and the shell's
history would show them. Every change is recorded in the audit log as the operator who ran it.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from core import settings
from core.auth import audit, manage, store
from core.auth.roles import ROLES, operator
from core.text import safe_name

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise store.AccountError("the two passwords differ")
    return first


def _do(args: argparse.Namespace) -> str:
    me = operator(settings.user_name(None))
    name, cmd = getattr(args, "name", ""), args.users_command
    if cmd == "add":
        acc = manage.add(me, name, args.role, _password(args))
        return f"added {acc.name} ({acc.role}) to {settings.accounts_path()}"
    if cmd == "reset":
        acc = manage.reset(me, name, _password(args))
        return f"new password set for {acc.name}; its sign-in lock cleared"
    if cmd in ("disable", "enable"):
        acc = manage.set_disabled(me, name, cmd == "disable")
        return f"{acc.name} {'disabled' if acc.disabled else 'enabled'}"
    if cmd == "role":
        acc = manage.set_role(me, name, args.role)
        return f"{acc.name} is now {acc.role}"
    manage.delete(me, name)
    return f"deleted {name}"


def cmd_users(args: argparse.Namespace) -> int:
    if args.users_command == "list":
        rows = store.accounts()
        for a in rows:
            print(f"{a.name:24} {a.role:8} {'disabled' if a.disabled else 'active':9} since {a.created_at}")
        if not rows:
            print(f"no accounts in {settings.accounts_path()}: the dashboard is read-only for everyone")
        return EXIT_OK
    if args.users_command == "audit":
        for e in reversed(audit.entries(args.limit)):
            batch = f" batch {e['batch_id']}" if e["batch_id"] is not None else ""
            print(f"{e['at']}  {safe_name(e['actor'])} ({e['role']}, {e['via']})  {e['action']}{batch}  "
                  f"{e['outcome']}  {safe_name(e['target'])}  {safe_name(e['detail'])}")
        return EXIT_OK
    try:
        print(_do(args))
    except (store.AccountError, ValueError) as exc:
        print(f"users {args.users_command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (KeyboardInterrupt, EOFError):
        print("cancelled; nothing changed", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def add_parser(sub) -> None:
    u = sub.add_parser("users", help="manage the dashboard's local accounts (docs/SECURITY.md)")
    us = u.add_subparsers(dest="users_command", required=True)
    for cmd, helptext in (("add", "create an account (asks for its password)"),
                          ("reset", "set a new password (and clear its sign-in lock)"),
                          ("disable", "keep the account but refuse its sign-ins and writes"),
                          ("enable", "allow a disabled account again"),
                          ("role", "change an account's role"),
                          ("delete", "remove an account")):
        p = us.add_parser(cmd, help=helptext)
        p.add_argument("name", metavar="NAME")
        if cmd in ("add", "role"):
            p.add_argument("--role", required=True, choices=ROLES)
        if cmd in ("add", "reset"):
            p.add_argument("--password-stdin", action="store_true",
                           help="read the password from one line of standard input (for scripts)")
    us.add_parser("list", help="the accounts, their roles and state")
    a = us.add_parser("audit", help="the newest entries of the audit log")
    a.add_argument("--limit", type=int, default=50)
    u.set_defaults(func=cmd_users)
