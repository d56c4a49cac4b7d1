"""Named leases with an expiry: one monitor run at a time, across hosts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from newsmon.db.models import (
    Lease,
    utcnow,
)


def acquire_lease(session: Session, *, name: str, owner: str, until: datetime) -> bool:
    """Take the lease `name` for `owner` unless another owner holds it unexpired."""
    now = utcnow()
    taken = session.execute(
        update(Lease)
        .where(col(Lease.name) == name, or_(col(Lease.expires_at) < now, col(Lease.owner) == owner))
        .values(owner=owner, expires_at=until)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        return True
    if session.get(Lease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Lease(name=name, owner=owner, expires_at=until))
    except IntegrityError:  # another host inserted it first
        return False
    return True


def release_lease(session: Session, *, name: str, owner: str) -> None:
    """Give the lease back if `owner` still holds it."""
    session.execute(delete(Lease).where(col(Lease.name) == name, col(Lease.owner) == owner))
