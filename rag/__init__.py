"""Offline bilingual (Indonesian/English) retrieval-augmented QA that cites paragraphs.

>>> from rag import Bot
>>> Bot.load().ask("Siapa pendiri Scale AI?").text
'Pendiri Scale AI adalah Alexandr Wang [11].'
"""
from .bot import Bot
from .errors import DocumentError, IndexStateError, ModelError, QuestionError, RagError, SettingsError
from .settings import Settings
from .stream import Stream
from .types import Answer, Citation, Hit, Paragraph, Retrieval

__all__ = [
    "Answer", "Bot", "Citation", "DocumentError", "Hit", "IndexStateError", "ModelError", "Paragraph",
    "QuestionError", "RagError", "Retrieval", "Settings", "SettingsError", "Stream",
]
