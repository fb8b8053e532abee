"""What the demo company's people brought back from the line over the last months: learnings
routed to the departments that can act on them, in every state, some citing tickets."""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from app import clock
from app.db import saved_id
from app.learning.models import Category, Learning, LearningStatus
from app.people.models import Department, Employee

# (summary, category, product area, routed to, customers, status, weeks ago)
LEARNINGS = (
    ("Customers cannot find where to download invoices", Category.pain_point, "billing",
     "Engineering", 14, LearningStatus.done, 20),
    ("The password reset mail lands in spam for Outlook users", Category.bug, "login",
     "Engineering", 9, LearningStatus.done, 18),
    ("Several shops asked to split one order over two addresses", Category.feature_request,
     "checkout", "Product", 6, LearningStatus.acknowledged, 16),
    ("Refund times on the pricing page do not match what we do", Category.process_gap,
     "refunds", "Finance", 11, LearningStatus.done, 15),
    ("Callers thanked us for the new live tracking link", Category.praise, "shipping",
     "Fulfillment", 5, LearningStatus.acknowledged, 13),
    ("Nobody on the line knew the new bulk-discount rules", Category.knowledge_gap, "pricing",
     "Sales", 7, LearningStatus.planned, 12),
    ("The mobile app logs people out after every update", Category.bug, "mobile app",
     "Engineering", 23, LearningStatus.new, 9),
    ("German customers ask for invoices with their VAT number", Category.feature_request,
     "billing", "Product", 8, LearningStatus.new, 8),
    ("Returns labels expire before customers reach the post office", Category.pain_point,
     "returns", "Fulfillment", 12, LearningStatus.planned, 7),
    ("The onboarding e-mail links to a retired help article", Category.process_gap,
     "onboarding", "Marketing", 4, LearningStatus.done, 6),
    ("Chat customers want to attach photos of damaged parcels", Category.feature_request,
     "chat", "Product", 10, LearningStatus.new, 4),
    ("Search does not find products by their old names", Category.pain_point, "search",
     "Engineering", 17, LearningStatus.acknowledged, 3),
    ("Enterprise trials end without anyone from sales calling", Category.process_gap,
     "trials", "Sales", 3, LearningStatus.new, 2),
    ("Customers love that a real engineer answered their call", Category.praise, "support",
     "Executive", 6, LearningStatus.new, 1),
)  # fmt: skip


# Product areas whose contacts carry a help-desk tag of the demo history (demand/demo_history).
TAGGED = {
    "billing": ["billing"],
    "login": ["login"],
    "refunds": ["refund"],
    "shipping": ["shipping"],
    "onboarding": ["how-to"],
}


def seed_learnings(session: Session, today: date) -> int:
    """Learnings by people who rotated (not the support team), one week each in the past."""
    departments = {d.name: d for d in session.exec(select(Department)).all()}
    authors = [
        e
        for e in session.exec(select(Employee).order_by(col(Employee.id))).all()
        if not departments.get("Support") or e.department_id != departments["Support"].id
    ]
    this_week = clock.monday(today)
    for n, (summary, category, area, routed, customers, status, ago) in enumerate(LEARNINGS):
        author = authors[(n * 7) % len(authors)]
        week = this_week - timedelta(weeks=ago)
        written = datetime.combine(week + timedelta(days=4), time(16), UTC)
        session.add(
            Learning(
                summary=summary,
                category=category.value,
                product_area=area,
                department_id=departments[routed].id or 0,
                customers_affected=customers,
                employee_id=saved_id(author),
                week_start=week,
                status=status.value,
                status_changed_at=written + timedelta(days=3) if status != "new" else None,
                created_at=written,
                updated_at=written,
                ticket_ids=[f"demo-{n * 97 + k}" for k in range(min(customers, 3))],
                tags=TAGGED.get(area, []),
                fixed_on=(written + timedelta(days=3)).date()
                if status == LearningStatus.done
                else None,
            )
        )
    session.flush()
    return len(LEARNINGS)
