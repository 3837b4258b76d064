"""What a quote says of its words: whose they are (a speaker, or the source's own for an
editorial quote), their language, and a translation that is never presented as the speaker's
words (format 2)."""

from __future__ import annotations

from yaml.nodes import CollectionNode, Node

from briefing_app.core.loader_figures import FigureReader
from briefing_app.core.model import ANALYST
from briefing_app.core.quote_marks import mark_problem


class QuoteReader(FigureReader):
    def translation(self, fields: dict[str, Node], node: Node) -> dict[str, str]:
        """A quote's language and its translation, which is never presented as the speaker's
        words; who translated it is an actor or the analyst."""
        language = self.language(fields)
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

    def check_marks(self, fields: dict[str, Node], text: str) -> None:
        """Note a quote's malformed editorial marks (`[...]`, `[text]`): a problem only in
        format 2, as format 1 reads brackets as plain text."""
        if "[" not in text and "]" not in text:
            return
        problem = mark_problem(text)
        if problem is not None:
            self.format_2_checks.append((self.origin(fields["text"]), problem, "quote-marks"))

    def check_speaker(
        self, fields: dict[str, Node], node: Node, mode: str, speaker: str | None
    ) -> None:
        """A direct quote names whose words they are; an editorial one is the source's own
        (its analysis), so it names nobody."""
        self.format_2_value(fields, "quote", "mode", mode)
        written = fields.get("speaker")
        # Left out or blank; a list or mapping there has its own message, at the value.
        if mode == "direct" and speaker is None and not isinstance(written, CollectionNode):
            self.report(
                node,
                "a direct quote needs a 'speaker': whose own words are these?",
                "quote-speaker",
            )
        if mode == "editorial" and speaker is not None:
            self.report(
                fields["speaker"],
                "an editorial quote is the source's own words: it has no 'speaker'",
                "quote-speaker",
            )
