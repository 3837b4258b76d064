"""A quote's language and translation (format 2): the original is what is quoted, and the
translation is never presented as the speaker's words."""

from __future__ import annotations

from yaml.nodes import Node

from briefing_app.core.loader_fields import LANGUAGE_PATTERN
from briefing_app.core.loader_figures import FigureReader
from briefing_app.core.model import ANALYST


class QuoteReader(FigureReader):
    def translation(self, fields: dict[str, Node], node: Node) -> dict[str, str]:
        """A quote's language and its translation, which is never presented as the speaker's
        words; who translated it is an actor or the analyst."""
        language = self.pattern(fields, "language", LANGUAGE_PATTERN, "a language tag such as ru")
        translation = self.text(fields, "translation")
        by = self.text(fields, "translated_by")
        if by and by != ANALYST:
            self.reference(fields, "translated_by", "actor")
        if by and not translation:
            self.report(
                node,
                "'translated_by' names who translated, but there is no 'translation'",
                "missing-key",
            )
        return {"language": language, "translation": translation, "translated_by": by}
