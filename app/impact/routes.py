"""REST, CSV and the leadership page: what each fix changed, and each quarter's numbers."""

import io
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlmodel import col, delete, select

from app import clock
from app.auth.deps import CurrentUser, HRUser
from app.csv_cells import SpreadsheetWriter
from app.db import SessionDep
from app.demand.charts import count, weekly_lines
from app.demand.models import ProductAreaTag
from app.errors import Invalid
from app.impact import answers, service
from app.learning import service as learnings
from app.web.deps import HRPage
from app.web.templating import render

api = APIRouter(tags=["impact"])
pages = APIRouter(include_in_schema=False)
QUARTER = re.compile(r"(\d{4})-Q([1-4])")
Quarter = Annotated[str | None, Query(description="e.g. 2027-Q1; default: this quarter")]


def _quarter(text: str | None) -> tuple[int, int]:
    if not text:
        today = clock.today()
        return today.year, (today.month - 1) // 3 + 1
    found = QUARTER.fullmatch(text.strip())
    if found is None:
        raise Invalid("Give a quarter such as 2027-Q1.", field="quarter")
    return int(found.group(1)), int(found.group(2))


@api.get("/learnings/{learning_id}/impact")
def learning_impact(
    learning_id: int, session: SessionDep, user: CurrentUser
) -> answers.LearningImpactPublic:
    """The contacts behind a learning week by week and, once its fix shipped, the change
    against the rest of the line with a 95 % interval ("too early" for six weeks)."""
    learning = learnings.get_learning(session=session, learning_id=learning_id, actor=user)
    return answers.learning_answer(service.learning_impact(session, learning))


@api.get("/impact")
def quarter_impact(
    session: SessionDep, _hr: HRUser, quarter: Quarter = None
) -> answers.QuarterReportPublic:
    """A quarter of the programme: learnings raised and done per department, the contacts
    they covered, contacts a week avoided by fixes that helped, who raised them, and the
    person-days the rotation cost."""
    return answers.quarter_answer(service.quarter_report(session, *_quarter(quarter)))


@api.get("/impact.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def quarter_impact_csv(session: SessionDep, _hr: HRUser, quarter: Quarter = None) -> Response:
    """The fixes of the quarter's report, one row each, for a spreadsheet."""
    report = service.quarter_report(session, *_quarter(quarter))
    out = io.StringIO()
    writer = SpreadsheetWriter(out)
    writer.writerow(
        ["learning", "department", "fixed_on", "verdict", "per_week_before", "per_week_after",
         "change", "low", "high", "avoided_per_week", "tags"]
    )  # fmt: skip
    for fix in report.fixes:
        impact = fix.impact
        writer.writerow(
            [
                fix.learning.summary,
                report.department_names.get(fix.learning.department_id, ""),
                fix.learning.fixed_on,
                impact.verdict if impact else "",
                f"{impact.per_week_before:.1f}" if impact else "",
                f"{impact.per_week_after:.1f}" if impact else "",
                "" if impact is None or impact.change is None else f"{impact.change:.4f}",
                "" if impact is None or impact.low is None else f"{impact.low:.4f}",
                "" if impact is None or impact.high is None else f"{impact.high:.4f}",
                ""
                if impact is None or impact.avoided_per_week is None
                else f"{impact.avoided_per_week:.1f}",
                " ".join(fix.tags),
            ]
        )
    name = f"impact-{report.year}-Q{report.quarter}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


class AreaTag(BaseModel):
    tag: str = Field(min_length=1, max_length=100)
    area: str = Field(min_length=1, max_length=100)


@api.get("/product-areas")
def list_area_tags(session: SessionDep, _hr: HRUser) -> list[AreaTag]:
    """HR's map from help-desk tags to product areas."""
    rows = session.exec(select(ProductAreaTag).order_by(col(ProductAreaTag.area))).all()
    return [AreaTag(tag=r.tag, area=r.area) for r in rows]


@api.put("/product-areas")
def replace_area_tags(
    body: Annotated[list[AreaTag], Field(max_length=5000)], session: SessionDep, _hr: HRUser
) -> list[AreaTag]:
    """Replace the whole map (a tag belongs to one area)."""
    tags = [t.tag.strip().lower() for t in body]
    if len(set(tags)) != len(tags):
        raise Invalid("A tag belongs to one product area; a tag appears twice.", field="tag")
    session.exec(delete(ProductAreaTag))
    session.add_all(
        ProductAreaTag(tag=t, area=a.area.strip()) for t, a in zip(tags, body, strict=True)
    )
    session.flush()
    return list_area_tags(session, _hr)


@pages.get("/impact")
def impact_page(
    request: Request, session: SessionDep, _hr: HRPage, quarter: str = ""
) -> HTMLResponse:
    try:
        year, number = _quarter(quarter or None)
    except Invalid:
        year, number = _quarter(None)
    report = service.quarter_report(session, year, number)
    charted = [f for f in report.fixes if f.weekly][:6]
    weeks = sorted({w for f in charted for w in f.weekly})
    figure = (
        weekly_lines(
            "Contacts a week matching each fix, around the week it shipped",
            weeks,
            {f.learning.summary[:40]: [f.weekly.get(w) for w in weeks] for f in charted},
            "impact-weeks",
            label=count,
        )
        if charted
        else None
    )
    return render(
        request,
        "impact/index.html",
        report=report,
        figure=figure,
        quarter=f"{year}-Q{number}",
        previous=f"{year - (number == 1)}-Q{4 if number == 1 else number - 1}",
        following=f"{year + (number == 4)}-Q{1 if number == 4 else number + 1}",
    )
