"""SQLAlchemy 2.x models of a qcode project file (one SQLite file per project)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column, relationship

from qcode.clock import now
from qcode.ids import new_uuid

UUID = String(36)


class Base(DeclarativeBase):
    """Declarative base: `str` maps to TEXT and `datetime` to a naive-UTC DATETIME."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: Text(),
        datetime: DateTime(timezone=False),
    }


def source_guid_column() -> MappedColumn[str]:
    """A row's GUID as another program wrote it (its case, braces) when that differs from our
    `uuid`, which is always lower-case; '' for our own rows. Added in schema 3."""
    return mapped_column(default="", server_default="")


class Mutable:
    """Columns every mergeable row carries: who changed it last, when, and a tombstone."""

    updated_at: Mapped[datetime] = mapped_column(default=now, index=True)
    updated_by: Mapped[str | None] = mapped_column(UUID, default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class ProjectRow(Base):
    """The single row describing the project itself."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(UUID, default=new_uuid, unique=True)
    name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    settings: Mapped[str] = mapped_column(default="{}")
    memo: Mapped[str] = mapped_column(default="")
    # Bumped on every change to documents or segments; the search index records the value it saw.
    change_counter: Mapped[int] = mapped_column(Integer, default=0)


class Coder(Mutable, Base):
    """A person who codes; two coders may share a name but never a UUID."""

    __tablename__ = "coder"

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    name: Mapped[str]
    colour: Mapped[str] = mapped_column(default="#0072B2")
    created_at: Mapped[datetime] = mapped_column(default=now)
    source_guid: Mapped[str] = source_guid_column()


class Document(Mutable, Base):
    """A transcript: its normalised plain text is what every offset points into."""

    __tablename__ = "document"

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(default="other", index=True)
    text: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_filename: Mapped[str] = mapped_column(default="")
    imported_at: Mapped[datetime] = mapped_column(default=now)
    memo: Mapped[str] = mapped_column(default="")
    source_guid: Mapped[str] = source_guid_column()

    segments: Mapped[list[Segment]] = relationship(
        back_populates="document", order_by="Segment.ordinal", cascade="all, delete-orphan"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class Attribute(Mutable, Base):
    """One key/value attribute of a document (force, role, date ...)."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("document_uuid", "key"),)

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    document_uuid: Mapped[str] = mapped_column(ForeignKey("document.uuid", ondelete="CASCADE"))
    key: Mapped[str]
    value: Mapped[str] = mapped_column(default="")

    document: Mapped[Document] = relationship(back_populates="attributes")


class Segment(Base):
    """A paragraph or speaker turn: derived from the text at import, never edited."""

    __tablename__ = "segment"
    __table_args__ = (
        UniqueConstraint("document_uuid", "ordinal"),
        Index("ix_segment_document_start", "document_uuid", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_uuid: Mapped[str] = mapped_column(ForeignKey("document.uuid", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # paragraph number, from 1
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(default="")
    # Extra facts as JSON (e.g. {"time": "00:01:02"} for subtitle cues). Added in schema 2.
    meta: Mapped[str] = mapped_column(default="{}")

    document: Mapped[Document] = relationship(back_populates="segments")


class Code(Mutable, Base):
    """A node of the codebook tree; its path is the names from the root joined by '/'."""

    __tablename__ = "code"

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    parent_uuid: Mapped[str | None] = mapped_column(
        ForeignKey("code.uuid", ondelete="SET NULL"), default=None, index=True
    )
    name: Mapped[str]
    colour: Mapped[str] = mapped_column(default="#0072B2")
    definition: Mapped[str] = mapped_column(default="")
    inclusion: Mapped[str] = mapped_column(default="")
    exclusion: Mapped[str] = mapped_column(default="")
    example: Mapped[str] = mapped_column(default="")
    tor_item: Mapped[str] = mapped_column(default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    codable: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    # False when the code came from a file that gave it no colour: the colour shown is then
    # ours, and exports leave it out rather than hand it on as the source's. Added in schema 3.
    colour_given: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sql_text("1"))
    source_guid: Mapped[str] = source_guid_column()


class Coding(Mutable, Base):
    """A code applied by a coder to [start, end) of a document's text (code points)."""

    __tablename__ = "coding"
    __table_args__ = (
        Index("ix_coding_document", "document_uuid", "start"),
        Index("ix_coding_code", "code_uuid"),
    )

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    document_uuid: Mapped[str] = mapped_column(ForeignKey("document.uuid", ondelete="CASCADE"))
    code_uuid: Mapped[str] = mapped_column(ForeignKey("code.uuid", ondelete="CASCADE"))
    coder_uuid: Mapped[str] = mapped_column(ForeignKey("coder.uuid"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=now)
    memo: Mapped[str] = mapped_column(default="")
    source_guid: Mapped[str] = source_guid_column()


class Memo(Mutable, Base):
    """A free-text memo on the project, a document, a code or a coding."""

    __tablename__ = "memo"
    __table_args__ = (Index("ix_memo_target", "target_kind", "target_uuid"),)

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    target_kind: Mapped[str]  # "project" | "document" | "code" | "coding"
    target_uuid: Mapped[str] = mapped_column(UUID)
    title: Mapped[str] = mapped_column(default="")
    text: Mapped[str] = mapped_column(default="")
    coder_uuid: Mapped[str | None] = mapped_column(UUID, default=None)
    created_at: Mapped[datetime] = mapped_column(default=now)
    source_guid: Mapped[str] = source_guid_column()


class Pseudonym(Mutable, Base):
    """A term replaced on export (force names, people); stored text is never changed. Schema 2."""

    __tablename__ = "pseudonym"

    uuid: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_uuid)
    term: Mapped[str]
    replacement: Mapped[str]
    whole_word: Mapped[bool] = mapped_column(Boolean, default=True)


class ChangeLog(Base):
    """An append-only record of user actions (who did what, when)."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=now)
    coder_uuid: Mapped[str | None] = mapped_column(UUID, default=None)
    action: Mapped[str]
    entity: Mapped[str] = mapped_column(default="")
    entity_uuid: Mapped[str] = mapped_column(default="")
    detail: Mapped[str] = mapped_column(default="{}")
