"""Reading the `dataset` section: the briefing's title, its marking (checked so that what prints
is what was meant) and the format it is written in."""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode

from briefing_app.core.loader_fields import check_marking
from briefing_app.core.loader_quotes import QuoteReader
from briefing_app.core.model import DEFAULT_MARKING, DatasetInfo


class DatasetSectionReader(QuoteReader):
    """The dataset section's reader; the Builder keeps what it read in `info`."""

    info: DatasetInfo | None

    def read_info(self, node: Node) -> None:
        fields = self.mapping(node, "dataset")
        if fields is None:
            return
        self.info = DatasetInfo(
            title=self.text(fields, "title", required=True),
            description=self.text(fields, "description"),
            language=self.language(fields),
            updated=self.date(fields, "updated"),
            marking=self.marking(fields),
            origin=self.origin(node),
            format=self.format(fields),
        )

    def format(self, fields: dict[str, Node]) -> int:
        """The dataset's format: 1 unless it says `format: 2`; 0 when what it says is not a
        format (then no use of format 2 is reported: which was meant is unknown)."""
        value = self.text(fields, "format")
        if not value:
            if "format" not in fields:
                return 1
            if isinstance(fields["format"], ScalarNode):  # else `text` said it is no text
                self.report(fields["format"], "'format' is empty: give 2, or leave it out", "enum")
            return 0
        if value != "2":
            self.report(
                fields["format"],
                f"'format' must be 2, not '{value}' (leave it out for format 1)",
                "enum",
            )
            return 0
        return 2

    def marking(self, fields: dict[str, Node]) -> str:
        """The marking as it prints: the default when none is given, a plain notice when the
        one given is invalid (never the default then, which would claim a marking)."""
        if "marking" not in fields:
            return DEFAULT_MARKING
        marking = check_marking(self.scalar(fields, "marking"))
        if marking.problem:
            self.report(fields["marking"], marking.problem, "marking")
        return marking.text
