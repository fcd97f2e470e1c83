"""Email templates: placeholders are checked before anything is sent."""

from __future__ import annotations

import pytest

from symposia.core.placeholders import check_template, fill, placeholders_in
from symposia.errors import InputError

ALLOWED = ("name", "link", "question")


def test_fill_and_literal_braces():
    out = fill("Dear {name}, {{not a field}}: {link}", {"name": "Runa", "link": "http://x/1"})
    assert out == "Dear Runa, {not a field}: http://x/1"
    assert placeholders_in("{name} {link} {name}") == ["name", "link"]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Dear {nmae}, {link}", r"uses \{nmae\}, which is not known"),
        ("Dear {name}", r"lacks \{link\}"),
        ("Dear {name:>10} {link}", "not a plain name"),
        ("Dear {name.upper} {link}", "not a plain name"),
        ("Dear {0} {link}", "not a plain name"),
        ("Dear {name {link}", "stray brace"),
        ("Dear name} {link}", "stray brace"),
    ],
)
def test_bad_templates_are_refused_with_the_fix(template, message):
    with pytest.raises(InputError, match=message):
        check_template(template, ALLOWED, ("link",))


def test_fill_refuses_a_name_without_value():
    with pytest.raises(InputError, match="has no value"):
        fill("{name} {question}", {"name": "Runa"})
