"""Accounts, roles, sign-in limits and the audit log (docs/SECURITY.md).

``roles`` says who may do what; ``store`` keeps the local accounts (argon2id hashes) in a SQLite file outside
the warehouse; ``lockout`` slows down and then locks repeated failed sign-ins; ``audit`` records every write;
``guard`` is what every write function calls before it writes.
"""
