"""Every error the library raises on purpose, each with a message a user can act on."""
from __future__ import annotations


class RagError(Exception):
    """Base class of the bot's own errors."""


class QuestionError(RagError, ValueError):
    """The question is empty, whitespace only, or over the length limit."""


class DocumentError(RagError, ValueError):
    """A source document cannot be read as text (missing, empty, binary, not UTF-8, too big)."""


class IndexStateError(RagError):
    """The index on disk is missing, damaged, or was built from other sources or another embedder."""


class ModelError(RagError):
    """A model package is missing, or a weight file is not the one we verified."""


class SettingsError(RagError, ValueError):
    """The settings file or a setting's value is wrong."""


class AccessError(RagError):
    """An account, role, password, API key or users file problem: says what to run or change."""


class DatabaseError(RagError):
    """The database (`database_url`) cannot be reached, refuses the login, lacks psycopg, or holds a schema
    this bot does not match (`rag db upgrade`)."""
