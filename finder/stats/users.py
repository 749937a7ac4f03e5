"""Ufficio di Piano staff accounts: created from the command line only (no default account), passwords
hashed, an account locked for a while after repeated failures."""
from __future__ import annotations

import re
import time

from sqlalchemy import delete, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from .store import StatsStore, users

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 12
VALID_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# compared against when the name is unknown, so a wrong name takes as long as a wrong password
_DUMMY_HASH = generate_password_hash("finder-no-such-user")


class AccountError(ValueError):
    pass


def add_user(store: StatsStore, name: str, password: str) -> None:
    if not VALID_NAME.match(name):
        raise AccountError("the name takes 2-64 characters: lower-case letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if user_exists(store, name):
        raise AccountError(f"an account named {name} already exists")
    with store.begin() as connection:
        connection.execute(insert(users).values(name=name, password_hash=generate_password_hash(password),
                                                failed_logins=0, locked_until=0))


def remove_user(store: StatsStore, name: str) -> bool:
    with store.begin() as connection:
        return connection.execute(delete(users).where(users.c.name == name)).rowcount > 0


def user_names(store: StatsStore) -> list[str]:
    with store.connect() as connection:
        return list(connection.execute(select(users.c.name).order_by(users.c.name)).scalars())


def user_exists(store: StatsStore, name: str) -> bool:
    with store.connect() as connection:
        return connection.execute(select(users.c.name).where(users.c.name == name)).first() is not None


def check_login(store: StatsStore, name: str, password: str, now: float | None = None) -> str:
    """"ok", "wrong" or "locked". A locked account refuses even the right password until the lock ends."""
    now = time.time() if now is None else now
    with store.connect() as connection:
        account = connection.execute(select(users).where(users.c.name == name)).mappings().first()
    if account is None:
        check_password_hash(_DUMMY_HASH, password)
        return "wrong"
    if account["locked_until"] > now:
        return "locked"
    if check_password_hash(account["password_hash"], password):
        _set_failures(store, name, 0, 0)
        return "ok"
    failures = account["failed_logins"] + 1
    locked = failures >= MAX_FAILURES
    _set_failures(store, name, 0 if locked else failures, int(now + LOCK_SECONDS) if locked else 0)
    return "locked" if locked else "wrong"


def _set_failures(store: StatsStore, name: str, failures: int, locked_until: int) -> None:
    with store.begin() as connection:
        connection.execute(update(users).where(users.c.name == name)
                           .values(failed_logins=failures, locked_until=locked_until))
