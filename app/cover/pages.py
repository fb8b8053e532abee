"""Web: ask for cover, the requests you are in (HR: all, with who was asked), and the
one-click accept link's confirm page (opening a link takes nothing: mail scanners fetch
links; the colleague presses the button)."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, func, select

from app.auth.models import User
from app.cover import links, reading
from app.cover import service as cover
from app.cover.models import LIVE, CoverAsk, CoverCreate, CoverRequest, CoverStatus, CoverTake
from app.db import SessionDep, saved_id
from app.errors import AppError, Invalid
from app.people.models import Employee
from app.rules import approval
from app.schedules.models import ScheduleTurn
from app.swaps.pages import my_future_turns
from app.validation import ascii_id
from app.web import chrome
from app.web.deps import FormViewer, PageViewer, PostedForm, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@chrome.counter("cover_asks")
def _asks_waiting(session: Session, user: User) -> int:
    """Open cover requests this person was asked to take, beside "Cover" in the menu."""
    if user.employee_id is None:
        return 0
    return session.exec(
        select(func.count())
        .select_from(CoverAsk)
        .join(CoverRequest, col(CoverRequest.id) == col(CoverAsk.request_id))
        .where(
            CoverAsk.employee_id == user.employee_id,
            col(CoverAsk.answer).is_(None),
            CoverRequest.status == CoverStatus.open.value,
        )
    ).one()


@router.get("/cover")
def cover_page(request: Request, session: SessionDep, viewer: PageViewer) -> HTMLResponse:
    rows = reading.listed(session=session, actor=viewer.user, status=None, latest=200)
    people = {r.employee_id for r in rows} | {r.taken_by for r in rows if r.taken_by}
    trade_ids = {r.trade_turn_id for r in rows if r.trade_turn_id}
    trades = {
        t.id: t.week_start
        for t in session.exec(select(ScheduleTurn).where(col(ScheduleTurn.id).in_(trade_ids)))
    }
    asks = reading.asks_for(session, [saved_id(r) for r in rows]) if viewer.is_hr else {}
    people |= {a.employee_id for found in asks.values() for a in found}
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(col(Employee.id).in_(people or {-1}))).all()
    }
    return render(
        request,
        "schedules/cover.html",
        requests=rows,
        names=names,
        asks=asks,
        days={r.id: reading.days_of(r) for r in rows},
        mine=my_future_turns(session, viewer.user.employee_id),
        trades=trades,
        live=LIVE,
        approves=set(approval.approving_for(session, viewer.user)),
    )


@router.post("/cover/new")
def ask_cover(form: PostedForm, session: SessionDep, viewer: FormViewer) -> Response:
    turn_id = ascii_id(str(form.get("turn_id", "")))
    if turn_id is None:
        raise Invalid("Choose one of your turns.", field="turn_id")
    try:
        days = [date.fromisoformat(str(d)) for d in form.getlist("days") if str(d)]
    except ValueError as exc:
        raise Invalid("Days are dates like 2027-03-02.", field="days") from exc
    note = str(form.get("note", "")).strip()
    data = CoverCreate(turn_id=turn_id, days=days, note=note[:500])
    request = cover.ask(session=session, data=data, actor=viewer.user)
    asked = len(reading.asks_of(session, saved_id(request)))
    return redirect("/cover", f"Cover asked: {asked} colleague(s) who fit are asked first.")


@router.post("/cover/{request_id}/take")
def take_cover(
    request_id: int, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    """Take it, or (with one of your turns chosen) offer that turn in return."""
    data = CoverTake(trade_turn_id=ascii_id(str(form.get("trade_turn_id", ""))))
    done = cover.take(session=session, request_id=request_id, actor=viewer.user, data=data)
    return redirect("/cover", f"Cover request {done.id} is now {done.status}.")


@router.post("/cover/{request_id}/accept-trade")
def accept_trade(request_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    done = cover.accept_trade(session=session, request_id=request_id, actor=viewer.user)
    return redirect("/cover", f"Trade accepted: cover request {done.id} is now {done.status}.")


@router.post("/cover/{request_id}/decline-trade")
def decline_trade(request_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    cover.decline_trade(session=session, request_id=request_id, actor=viewer.user)
    return redirect("/cover", "Trade declined; colleagues are asked again.")


@router.post("/cover/{request_id}/give-back")
def give_back(request_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    cover.give_back(session=session, request_id=request_id, actor=viewer.user)
    return redirect("/cover", "Given back; colleagues are asked again.")


@router.post("/cover/{request_id}/cancel")
def cancel(request_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    cover.cancel(session=session, request_id=request_id, actor=viewer.user)
    return redirect("/cover", "Cover request withdrawn.")


@router.post("/cover/{request_id}/approve")
def approve(request_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    cover.decide(session=session, request_id=request_id, approve=True, actor=viewer.user)
    return redirect("/cover", "Cover approved; calendars are updated.")


@router.post("/cover/{request_id}/reject")
def reject(request_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    cover.decide(session=session, request_id=request_id, approve=False, actor=viewer.user)
    return redirect("/cover", "Cover rejected; colleagues are asked again.")


@router.get("/cover/accept/{token}")
def accept_form(request: Request, token: str, session: SessionDep) -> HTMLResponse:
    ask = links.resolve(session, token)
    return _accept_page(request, session, token, ask, "")


def _accept_page(
    request: Request, session: Session, token: str, ask: CoverAsk, message: str, status: int = 200
) -> HTMLResponse:
    found = reading.get_request(session, ask.request_id)
    return render(
        request,
        "schedules/cover_accept.html",
        status=status,
        token=token,
        ask=ask,
        request_=found,
        owner=session.get(Employee, found.employee_id),
        colleague=session.get(Employee, ask.employee_id),
        days=reading.days_of(found),
        message=message,
    )


@router.post("/cover/accept/{token}")
def accept(request: Request, token: str, session: SessionDep) -> Response:
    """The secret link is the credential and names who takes it: a page elsewhere posting
    someone's link can only make that colleague take it, which their link already allows,
    and no signed-in browser session is involved (so no CSRF token to carry)."""
    ask = links.resolve(session, token)
    try:
        cover.take_by_link(session=session, ask=ask)
    except AppError as exc:
        session.rollback()
        return _accept_page(request, session, token, ask, exc.detail, exc.status)
    done = reading.get_request(session, ask.request_id)
    text = (
        "It is yours: your calendar shows it."
        if done.status == "covered"
        else ("It is yours once it is approved; you will hear.")
    )
    return _accept_page(request, session, token, ask, text)
