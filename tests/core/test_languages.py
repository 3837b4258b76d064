"""Language tags shown by name, so "in uk" never reads as the United Kingdom."""

import pytest

from briefing_app.core.languages import language_name


@pytest.mark.parametrize(
    ("tag", "shown"),
    [("uk", "Ukrainian"), ("ru", "Russian"), ("pt-BR", "Portuguese (pt-BR)"), ("xx", "xx")],
)
def test_a_tag_reads_as_its_languages_name(tag: str, shown: str) -> None:
    assert language_name(tag) == shown
