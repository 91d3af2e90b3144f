from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.extensions import db
from app.geo import localized


class Agency(db.Model):
    """A body that publishes consultations and answers petitions; officials belong to one."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: name}
    website: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    def name(self, locale: str) -> str:
        return localized(self.names, locale) if self.names else self.slug
