"""Web: ask for a swap, take or trade a colleague's turn, and (HR) approve or reject."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app import clock
from app.auth.models import User
from app.db import SessionDep, saved_id
from app.errors import AppError, Invalid
from app.people.models import Employee
from app.people.service import employee_by_email
from app.rules import approval
from app.schedules import store
from app.schedules.models import ScheduleTurn
from app.swaps import service as swaps
from app.swaps.models import WAITING, SwapCreate, SwapTake
from app.validation import ascii_id
from app.web import chrome
from app.web.deps import FormViewer, PageViewer, PostedForm, Viewer, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@chrome.counter("offers")
def _offers_to_take(session: Session, user: User) -> int:
    """Colleagues' swap offers this person could take, beside "Swaps" in the menu."""
    return swaps.open_offers(session, user.employee_id)


def my_future_turns(session: Session, employee_id: int | None) -> list[ScheduleTurn]:
    published = store.published(session)
    if published is None or employee_id is None:
        return []
    return list(
        session.exec(
            select(ScheduleTurn)
            .where(
                ScheduleTurn.schedule_id == published.id,
                ScheduleTurn.employee_id == employee_id,
                col(ScheduleTurn.week_start) > clock.today(),
            )
            .order_by(col(ScheduleTurn.week_start))
        ).all()
    )


@router.get("/swaps")
def swaps_page(request: Request, session: SessionDep, viewer: PageViewer) -> HTMLResponse:
    rows = swaps.list_swaps(session=session, actor=viewer.user, status=None)
    rows = [s for s in rows if s.status in WAITING or viewer.is_hr][-200:]
    turn_ids = {s.turn_id for s in rows} | {s.trade_turn_id for s in rows if s.trade_turn_id}
    turns = {
        t.id: t
        for t in session.exec(
            select(ScheduleTurn).where(col(ScheduleTurn.id).in_(turn_ids or {-1}))
        ).all()
    }
    people = {s.offered_by for s in rows} | {s.taken_by for s in rows if s.taken_by}
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(col(Employee.id).in_(people or {-1}))).all()
    }
    return render(
        request,
        "schedules/swaps.html",
        swaps=list(reversed(rows)),
        turns=turns,
        names=names,
        mine=my_future_turns(session, viewer.user.employee_id),
        approves=set(approval.approving_for(session, viewer.user)),
    )


def _new_swap_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    turn_uid: str = "",
    errors: dict[str, str] | None = None,
    message: str = "",
    note: str = "",
    status: int = 200,
) -> HTMLResponse:
    turns = my_future_turns(session, viewer.user.employee_id)
    return render(
        request,
        "schedules/swap_new.html",
        status=status,
        turns=turns,
        chosen=turn_uid,
        errors=errors or {},
        message=message,
        note=note,
    )


@router.get("/swaps/new")
def new_swap(
    request: Request,
    session: SessionDep,
    viewer: PageViewer,
    turn: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    return _new_swap_page(request, session, viewer, turn)


@router.post("/swaps/new")
def create_swap(
    request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    uid, note = str(form.get("turn", "")), str(form.get("note", "")).strip()
    turn = next(
        (t for t in my_future_turns(session, viewer.user.employee_id) if t.uid == uid), None
    )
    if turn is None:
        return _new_swap_page(
            request,
            session,
            viewer,
            uid,
            {"turn": "Choose one of your upcoming turns."},
            "Please correct the fields marked below.",
            note,
            422,
        )
    if len(note) > 500:
        return _new_swap_page(
            request,
            session,
            viewer,
            uid,
            {"note": "Keep the note under 500 characters."},
            "Please correct the fields marked below.",
            note,
            422,
        )
    try:
        swaps.offer(
            session=session, data=SwapCreate(turn_id=saved_id(turn), note=note), actor=viewer.user
        )
    except AppError as exc:
        session.rollback()
        return _new_swap_page(
            request, session, viewer, uid, {"turn": exc.detail}, exc.detail, note, exc.status
        )
    return redirect("/swaps", f"Your week of {turn.week_start} is offered; colleagues can take it.")


@router.post("/swaps/{swap_id}/take")
def take_swap(
    swap_id: int, request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    trade = str(form.get("trade_turn_id", ""))
    for_email = str(form.get("for_email", "")).strip()
    taker = None
    if for_email and viewer.is_hr:  # HR takes it for a colleague named by work email
        taker = employee_by_email(session=session, email=for_email)
        if taker is None:
            raise Invalid(f"No one has the work email {for_email}.", field="for_email")
    data = SwapTake(trade_turn_id=ascii_id(trade), employee_id=taker.id if taker else None)
    swap = swaps.take(session=session, swap_id=swap_id, data=data, actor=viewer.user)
    return redirect("/swaps", f"Swap {swap.id} is now {swap.status}.")


@router.post("/swaps/{swap_id}/accept")
def accept_swap(swap_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    swap = swaps.accept_trade(session=session, swap_id=swap_id, actor=viewer.user)
    return redirect("/swaps", f"Swap {swap.id} is now {swap.status}.")


@router.post("/swaps/{swap_id}/cancel")
def cancel_swap(swap_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    swaps.cancel(session=session, swap_id=swap_id, actor=viewer.user)
    return redirect("/swaps", "Swap cancelled.")


@router.post("/swaps/{swap_id}/approve")
def approve_swap(swap_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    swaps.decide(session=session, swap_id=swap_id, approve=True, actor=viewer.user)
    return redirect("/swaps", "Swap approved; both calendars are updated.")


@router.post("/swaps/{swap_id}/reject")
def reject_swap(swap_id: int, session: SessionDep, viewer: FormViewer) -> Response:
    swaps.decide(session=session, swap_id=swap_id, approve=False, actor=viewer.user)
    return redirect("/swaps", "Swap rejected.")
