"""Email templates with ``{placeholder}`` fields, checked before anything is sent.

``{name}`` is replaced by its value; ``{{`` and ``}}`` write literal braces.
An unknown placeholder, a format spec (``{name:>10}``), an attribute
(``{name.upper}``) or a stray brace is an error that names the template and
what to write instead, so a typo never reaches an expert's inbox.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping

from symposia.errors import InputError

_FORMATTER = string.Formatter()


def placeholders_in(template: str, where: str = "template") -> list[str]:
    """The placeholder names of ``template`` in order of first use.

    Raises:
        InputError: a brace is unbalanced or a field uses a spec or attribute.
    """
    names: list[str] = []
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as exc:
        raise InputError(
            f"the {where} has a stray brace ({exc})",
            "write {{ and }} for literal braces, {name} for a placeholder",
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = (
                "{"
                + name
                + ("!" + conversion if conversion else "")
                + (":" + spec if spec else "")
                + "}"
            )
            raise InputError(
                f"the {where} has the placeholder {shown}, which is not a plain name",
                "write placeholders as {name}, {link}, ...",
            )
        if name not in names:
            names.append(name)
    return names


def check_template(
    template: str,
    allowed: Iterable[str],
    required: Iterable[str] = (),
    where: str = "template",
) -> list[str]:
    """Validate ``template`` against the allowed and required placeholders; return those used.

    Raises:
        InputError: an unknown placeholder, or a required one is missing.
    """
    allowed = list(allowed)
    used = placeholders_in(template, where)
    unknown = [n for n in used if n not in allowed]
    if unknown:
        raise InputError(
            f"the {where} uses {', '.join('{' + n + '}' for n in unknown)}, which "
            f"{'is' if len(unknown) == 1 else 'are'} not known",
            f"use only {', '.join('{' + n + '}' for n in allowed)}",
        )
    missing = [n for n in required if n not in used]
    if missing:
        raise InputError(
            f"the {where} lacks {', '.join('{' + n + '}' for n in missing)}",
            "every invitation must carry the expert's personal link: add it to the text",
        )
    return used


def fill(template: str, values: Mapping[str, str], where: str = "template") -> str:
    """``template`` with every placeholder replaced by its value from ``values``.

    Raises:
        InputError: the template is malformed or uses a name ``values`` lacks.
    """
    used = placeholders_in(template, where)
    missing = [n for n in used if n not in values]
    if missing:
        raise InputError(
            f"the {where} uses {', '.join('{' + n + '}' for n in missing)}, which "
            "has no value here",
            f"use only {', '.join('{' + n + '}' for n in values)}",
        )
    return template.format_map({k: str(v) for k, v in values.items()})
