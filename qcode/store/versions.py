"""The numbers that identify a qcode project file: its application id and schema version."""

from __future__ import annotations

#: The schema this qcode writes. Bump it and add a migration for every change to the models.
SCHEMA_VERSION = 3
#: `PRAGMA application_id` of every qcode project ("QCOD").
APPLICATION_ID = 0x51434F44
