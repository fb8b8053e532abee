"""How a person signs in, in one sentence for their page (the login itself is auth's)."""

from sqlmodel import Session, select

from app.auth.models import User
from app.people.models import Employee


def summary(session: Session, employee: Employee) -> str:
    """How this person signs in, for their page."""
    user = session.exec(select(User).where(User.employee_id == employee.id)).first()
    if user is None:
        return (
            "No login yet: it is made when they first sign in, with single sign-on or a "
            "sign-in link (Sign-in page)."
        )
    how = "single sign-on" if user.oidc_subject else "a password or sign-in link"
    when = (
        f"last signed in {user.last_sign_in_at:%Y-%m-%d %H:%M} UTC"
        if user.last_sign_in_at
        else "has not signed in yet"
    )
    return f"Login {user.email} ({user.role}), linked to this person; uses {how}; {when}."
