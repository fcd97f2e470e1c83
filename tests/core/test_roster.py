"""Roster files: reading, column mapping, row validation, normalisation, de-duplication, export."""

from __future__ import annotations

import codecs
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core import roster, roster_match
from symposia.core.roster import (
    ExpertRecord,
    apply_overrides,
    auto_mapping,
    parse_overrides,
    split_list,
    split_postnominals,
    validate,
    write_csv,
)
from symposia.core.roster_match import (
    ExistingExpert,
    match_key,
    name_similarity,
    name_tokens,
    normalize_affiliation,
    normalize_name,
    plan_import,
    token_sort_ratio,
)
from symposia.core.roster_read import read_table
from symposia.errors import InputError

HEADER = "Full name,E-mail,Organisation,Country,Sector,Gender,Show gender,Languages,Expertise\n"


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode(encoding)


def checked(data: bytes, source: str = "panel.csv", **overrides: str) -> roster.Validation:
    table = read_table(data, source)
    mapping = auto_mapping(table.header)
    if overrides:
        mapping = apply_overrides(mapping, overrides)
    return validate(table, mapping)


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_reads_any_common_separator(sep):
    data = f"Name{sep}Email\nRuna Esker{sep}runa@example.org\n".encode()
    table = read_table(data, "x.csv")
    assert table.header == ("Name", "Email")
    assert table.rows[0].cells == ("Runa Esker", "runa@example.org")
    assert table.rows[0].line == 2


def test_utf8_bom_and_utf16_are_decoded():
    text = "Name,Country\nSégolène Varas,FR\n"
    for data in (
        codecs.BOM_UTF8 + text.encode("utf-8"),
        text.encode("utf-16"),
    ):
        table = read_table(data, "x.csv")
        assert table.header == ("Name", "Country")
        assert table.rows[0].cells[0] == "Ségolène Varas"


def test_wrong_encoding_names_the_line_and_the_fix():
    data = "Name,Country\nRuna Esker,NO\nSégolène Varas,FR\n".encode("cp1252")
    with pytest.raises(InputError) as exc:
        read_table(data, "legacy.csv")
    msg = str(exc.value)
    assert "legacy.csv, line 3" in msg and "0xe9" in msg and "--encoding cp1252" in msg
    table = read_table(data, "legacy.csv", encoding="cp1252")
    assert table.rows[1].cells[0] == "Ségolène Varas"


def test_unknown_encoding_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoding"):
        read_table(b"Name\nA\n", "x.csv", encoding="klingon")


def test_unterminated_quote_gives_its_line():
    data = (
        b'Name,Affiliation\nRuna Esker,Fjord Centre\n"Kasimir Vale,Harbor Institute\nIda Marr,X\n'
    )
    with pytest.raises(InputError, match=r"x\.csv, line 3: the CSV is malformed"):
        read_table(data, "x.csv")


def test_multiline_quoted_cell_keeps_the_start_line():
    data = b'Name,Bio\n"Runa Esker","Line one\nline two"\nKasimir Vale,Short\n'
    table = read_table(data, "x.csv")
    assert [r.line for r in table.rows] == [2, 4]
    assert table.rows[0].cells[1] == "Line one\nline two"


@pytest.mark.parametrize(
    ("data", "source", "message"),
    [
        (b"", "x.csv", "is empty"),
        (b"   \n\n", "x.csv", "is empty"),
        (b"Name\x00,Email\n", "x.csv", "NUL bytes"),
        (b"Name,Email\n", "x.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04garbage", "x.csv", "not a readable .xlsx"),
        (b"\xd0\xcf\x11\xe0rest", "x.xls", "old Excel .xls"),
    ],
)
def test_unreadable_files_are_input_errors(data, source, message):
    with pytest.raises(InputError, match=message):
        read_table(data, source)


def test_blank_lines_are_skipped_and_lines_still_counted():
    table = read_table(b"Name\n\nRuna Esker\n\n\nKasimir Vale\n", "x.csv")
    assert [(r.line, r.cells) for r in table.rows] == [(3, ("Runa Esker",)), (6, ("Kasimir Vale",))]


def test_xlsx_is_read_through_openpyxl(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Name", "Organisation", "Country", "Public profile"])
    ws.append(["Runa Esker", "Fjord Policy Centre", "NO", True])
    ws.append([None, None, None, None])
    ws.append(["Kasimir Vale", "Harbor Institute", "kr", False])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    table = read_table(path.read_bytes(), "roster.xlsx")
    assert table.header == ("Name", "Organisation", "Country", "Public profile")
    assert [r.line for r in table.rows] == [2, 4]
    result = validate(table, auto_mapping(table.header))
    assert result.errors == ()
    vale = result.records[1]
    assert (vale.country, vale.region, vale.public_profile) == ("KR", "East Asia", False)


# -- mapping -------------------------------------------------------------------------------


def test_auto_mapping_from_header_synonyms():
    mapping = auto_mapping(
        ["Full name", "E-mail", "Organisation", "Country code", "Notes", "Show gender"]
    )
    assert dict(mapping.columns) == {
        0: "name",
        1: "email",
        2: "affiliation",
        3: "country",
        5: "show_gender",
    }
    assert mapping.ignored == ["Notes"]


def test_overrides_map_skip_and_move_columns():
    mapping = auto_mapping(["Expert", "Org", "Notes"])
    mapping = apply_overrides(mapping, parse_overrides(["notes=bio", "Org=-"]))
    assert dict(mapping.columns) == {0: "name", 2: "bio"}
    moved = apply_overrides(mapping, {"Notes": "name"})
    assert dict(moved.columns) == {2: "name"}  # the field left the column that had it


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Nope": "name"}, "no column 'Nope'"),
        ({"Org": "shoe_size"}, "'shoe_size' .* is not a roster field"),
    ],
)
def test_bad_overrides_say_what_exists(overrides, message):
    with pytest.raises(InputError, match=message):
        apply_overrides(auto_mapping(["Expert", "Org"]), overrides)


def test_override_spec_without_equals_sign():
    with pytest.raises(InputError, match="has no '='"):
        parse_overrides(["Organisation"])


def test_mapping_without_names_or_with_a_field_twice():
    with pytest.raises(InputError, match="no column holds the experts' names"):
        checked(b"Organisation,Email\nX,a@example.org\n")
    table = read_table(b"Name,Full name\nA,B\n", "x.csv")
    twice = roster.ColumnMapping({0: "name", 1: "name"}, table.header)
    with pytest.raises(InputError, match="both map to name"):
        validate(table, twice)


def test_first_and_last_name_columns_make_the_name():
    result = checked(b"First name,Surname,Country\nRuna,Esker,NO\n")
    assert result.records[0].name == "Runa Esker"


# -- validation ----------------------------------------------------------------------------


def test_validation_reports_every_bad_row_by_line_and_field():
    data = csv_bytes(
        "Runa Esker,runa@example.org,Fjord Policy Centre,NO,think tank,woman,yes,en; no,arctic",
        ",nobody@example.org,Nowhere,US,,,,,",
        "Kasimir Vale,kasimir-at-example,Harbor Institute,KR,,,,,",
        "Ida Marr,ida@example.org,Lantern Institute,XX,,,,,",
        "Olek Brand,olek@example.org,Meridian,DE,space agency,,,,",
        "Tove Lind,tove@example.org,Meridian,SE,,,maybe,,",
        "Pia Holm,RUNA@example.org,Meridian,FI,,,,,",
    )
    result = checked(data)
    assert [r.name for r in result.records] == ["Runa Esker"]
    errors = [(e.line, e.field) for e in result.errors]
    assert errors == [
        (3, "name"),
        (4, "email"),
        (5, "country"),
        (6, "sector"),
        (7, "show_gender"),
        (8, "email"),
    ]
    text = [str(e) for e in result.errors]
    assert "line 5, country: unknown country code 'XX'" in text[2]
    assert "is also on line 2" in text[5]
    assert result.rows == 7


def test_good_row_fields_are_normalised():
    data = csv_bytes(
        '"Dr. Runa Esker, Ph.D.",runa@example.org,Fjord Policy Centre,Norway,Think-tank,'
        "Woman,Y,en; no; EN,arctic|shipping"
    )
    rec = checked(data).records[0]
    assert rec.name == "Dr. Runa Esker"
    assert rec.honorific == "Ph.D."
    assert (rec.country, rec.region, rec.sector) == ("NO", "Europe", "think_tank")
    assert rec.show_gender is True and rec.public_profile is True
    assert rec.languages == ("en", "no")
    assert rec.expertise == ("arctic", "shipping")
    assert {"name", "email", "country", "region", "sector", "gender"} <= rec.present
    assert "public_profile" not in rec.present  # not in the file: an update keeps the stored value


def test_country_suggestion_and_region_column():
    data = b"Name,Country,Region\nA,Germani,\nB,,Atlantis\nC,JP,Europe\nD,,east asia\n"
    result = checked(data)
    assert "did you mean DE" in str(result.errors[0])
    assert result.errors[1].field == "region"
    assert [(w.line, w.field) for w in result.warnings] == [(4, "region")]
    by_name = {r.name: r for r in result.records}
    assert by_name["C"].region == "East Asia"  # derived from the country wins
    assert by_name["D"].region == "East Asia"


def test_too_many_cells_and_too_long_values():
    long_name = "A" * 201
    data = f"Name,Email\nRuna Esker,runa@example.org,extra\n{long_name},x@example.org\n".encode()
    result = checked(data)
    assert [(e.line, e.field) for e in result.errors] == [(2, "row"), (3, "name")]
    assert "has 3 cells but the header has 2" in str(result.errors[0])


def test_formula_escape_round_trip():
    assert roster.escape_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert roster.unescape_formula("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert roster.unescape_formula("'quoted") == "'quoted"


def test_split_list_and_postnominals():
    assert split_list("a, b; c") == ("a, b", "c")
    assert split_list("a, b, A") == ("a", "b")
    assert split_list("") == ()
    assert split_postnominals("Jane Roe, PhD, MBA") == ("Jane Roe", "PhD, MBA")
    assert split_postnominals("Ying, Ma") == ("Ying, Ma", "")  # "Ma" is a name, not a degree
    assert split_postnominals("Rahman, Md") == ("Rahman, Md", "")


# -- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dr. Ségolène Varas", "segolene varas"),
        ("Varas, Ségolène, Ph.D.", "Segolene VARAS"),
        ("Prof.  Min-ji   Kim", "Kim Minji"),
        ("Ms. Ida Marr M.A.", "Ida Marr"),
    ],
)
def test_match_keys_ignore_accents_case_titles_order_and_spacing(a, b):
    assert match_key(a, "The Lantern Institute") == match_key(b, "lantern  institute")


def test_different_people_have_different_keys():
    assert match_key("Ida Marr", "Lantern Institute") != match_key("Ida Marr", "Harbor Institute")
    assert match_key("Ida Marr", "X") != match_key("Ida Mart", "X")
    assert name_tokens("Ma Ying") == ["ma", "ying"]  # a surname that looks like a degree stays


def test_affiliation_normalisation():
    assert normalize_affiliation("The Centre for Arctic & Maritime Studies") == (
        "centre arctic maritime studies"
    )


# Words that are titles or degrees are dropped by position ("Jane Roe MD"), so a
# reordering property only holds for ordinary name words.
_NOT_NAMES = roster_match._PREFIX_TITLES | roster_match._POSTNOMINALS | roster_match._DOTTED_ONLY
names = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüñ", min_size=2, max_size=9).filter(
        lambda w: w not in _NOT_NAMES
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(names, st.sampled_from(["", "Dr. ", "Prof. "]), st.sampled_from(["", ", Ph.D.", " PhD"]))
def test_normalisation_is_stable_under_decoration(words, prefix, suffix):
    plain = " ".join(words)
    decorated = prefix + " ".join(w.upper() for w in reversed(words)) + suffix
    assert sorted(normalize_name(decorated).split()) == sorted(normalize_name(plain).split())
    assert normalize_name(normalize_name(plain)) == normalize_name(plain)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_token_sort_ratio_is_symmetric_and_bounded(a, b):
    r = token_sort_ratio(a, b)
    assert 0.0 <= r <= 1.0
    assert r == pytest.approx(token_sort_ratio(b, a))
    assert token_sort_ratio(a, a) == 1.0


def test_name_similarity_cases():
    assert name_similarity(name_tokens("J. Roe"), name_tokens("Jane Roe")) >= 0.85
    assert name_similarity(name_tokens("Min Ji Kim"), name_tokens("Kim Minji")) == 1.0
    assert name_similarity(name_tokens("Jon Smith"), name_tokens("John Smith")) >= 0.85
    assert name_similarity(name_tokens("Ida Marr"), name_tokens("Olek Brand")) < 0.5
    assert name_similarity(name_tokens("J. Roe"), name_tokens("Kim Roe")) < 0.85


# -- planning and de-duplication -----------------------------------------------------------


def existing(pk: int, name: str, affiliation: str, email: str = "", **values: object):
    stored = {f: "" for f in roster.FIELDS}
    stored.update(
        {"name": name, "affiliation": affiliation, "email": email, "expertise": [], "languages": []}
    )
    stored.update({"show_gender": False, "public_profile": True}, **values)
    return ExistingExpert(pk, name, affiliation, email, stored)


def plan_of(data: bytes, roster_now=(), merges=None):
    result = checked(data)
    return plan_import(
        result.records,
        roster_now,
        errors=result.errors,
        total_rows=result.rows,
        merges=merges,
    )


def test_plan_creates_updates_and_leaves_unchanged():
    stored = [
        existing(
            1,
            "Runa Esker",
            "Fjord Policy Centre",
            "runa@example.org",
            country="NO",
            region="Europe",
        ),
        existing(2, "Kasimir Vale", "Harbor Institute", "", country="KR", region="East Asia"),
    ]
    data = (
        b"Name,Email,Organisation,Country\n"
        b"Runa Esker,RUNA@example.org,Fjord Policy Centre,NO\n"
        b"Dr. Kasimir Vale,kasimir@example.org,The Harbor Institute,KR\n"
        b"Ida Marr,ida@example.org,Lantern Institute,SE\n"
    )
    plan = plan_of(data, stored)
    actions = {r.line: (r.action, r.expert_id, r.matched_by) for r in plan.rows}
    assert actions == {
        2: ("unchanged", 1, "email"),
        3: ("update", 2, "name and affiliation"),
        4: ("create", None, ""),
    }
    update = next(r for r in plan.rows if r.line == 3)
    changed = {c.field: (c.old, c.new) for c in update.changes}
    assert changed == {
        "name": ("Kasimir Vale", "Dr. Kasimir Vale"),
        "email": ("", "kasimir@example.org"),
        "affiliation": ("Harbor Institute", "The Harbor Institute"),
    }
    assert plan.counts == {
        "rows": 3,
        "create": 1,
        "update": 1,
        "unchanged": 1,
        "error_rows": 0,
        "errors": 0,
        "warnings": 0,
        "review": 0,
    }


def test_same_person_twice_in_the_file_is_an_error():
    data = b"Name,Organisation\nIda Marr,Lantern Institute\nDr. Ida Marr,The Lantern Institute\n"
    plan = plan_of(data)
    assert [(e.line, e.field) for e in plan.errors] == [(3, "row")]
    assert "same name and affiliation as line 2" in str(plan.errors[0])
    stored = [existing(9, "Ida Marr", "Lantern Institute")]
    again = plan_of(data, stored)
    assert "same expert (Ida Marr) as line 2" in str(again.errors[0])


def test_email_of_someone_else_is_an_error():
    stored = [
        existing(1, "Runa Esker", "Fjord Policy Centre", "runa@example.org"),
        existing(2, "Ida Marr", "Lantern Institute", "ida@example.org"),
    ]
    data = b"Name,Email,Organisation\nIda Marr,runa@example.org,Lantern Institute\n"
    plan = plan_of(data, stored, merges={2: 2})
    assert "belongs to Runa Esker (#1)" in str(plan.errors[0])


def test_fuzzy_matches_are_listed_not_merged():
    stored = [
        existing(1, "John Smithers", "Meridian Institute"),
        existing(2, "Jane Roe", "Harbor University"),
        existing(3, "Kim Minji", "Hanbit Institute for Peninsula Studies"),
        existing(4, "Olek Brand", "Fjord Policy Centre"),
    ]
    data = (
        b"Name,Organisation\n"
        b"Jon Smithers,Meridian Institute\n"
        b"J. Roe,Harbor University\n"
        b"Min Ji Kim,Hanbit Institute for Peninsula Studies Seoul\n"
        b"Olek Brand,Tarn Maritime Council\n"
        b"Tove Lind,Fjord Policy Centre\n"
    )
    plan = plan_of(data, stored)
    assert plan.count("create") == 5  # nothing merged without the editor
    found = {m.line: (m.candidate_id, m.reason) for m in plan.reviews}
    assert found[2] == (1, "similar name and affiliation")
    assert found[3][0] == 2
    assert found[4][0] == 3
    assert found[5] == (4, "same name, different affiliation")
    assert 6 not in found  # a different person at the same institution
    assert all(m.mergeable for m in plan.reviews)


def test_fuzzy_match_within_the_file_is_not_mergeable():
    data = b"Name,Organisation\nJohn Smithers,Meridian Institute\nJon Smithers,Meridian Institute\n"
    plan = plan_of(data)
    assert [(m.line, m.candidate_line, m.mergeable) for m in plan.reviews] == [(3, 2, False)]


def test_merge_decision_updates_the_chosen_expert():
    stored = [existing(1, "John Smithers", "Meridian Institute")]
    data = b"Name,Email,Organisation\nJon Smithers,jon@example.org,Meridian Institute\n"
    plan = plan_of(data, stored, merges={2: 1})
    (row,) = plan.rows
    assert (row.action, row.expert_id, row.matched_by) == ("update", 1, "editor's merge")
    assert plan.reviews == ()
    bad = plan_of(data, stored, merges={2: 99})
    assert "expert #99 is not on the roster" in str(bad.errors[0])


# -- export --------------------------------------------------------------------------------


def test_export_round_trips_through_import():
    experts = [
        {
            "name": "Runa Esker",
            "email": "runa@example.org",
            "honorific": "Ph.D.",
            "title": "Director",
            "affiliation": "Fjord Policy Centre",
            "city": "Tromsø",
            "country": "NO",
            "region": "Europe",
            "sector": "think_tank",
            "gender": "woman",
            "show_gender": True,
            "public_profile": False,
            "expertise": ["=SUM(A1)", "arctic shipping"],
            "languages": ["en", "no"],
            "bio": "Runs the centre.",
            "handle": "@runa",
        }
    ]
    out = io.StringIO()
    assert write_csv(experts, out) == 1
    assert "'=SUM(A1)" in out.getvalue()
    result = checked(out.getvalue().encode())
    assert result.errors == ()
    rec: ExpertRecord = result.records[0]
    values = rec.values()
    for key, value in experts[0].items():
        assert values[key] == value, key


def test_namesakes_with_different_emails_are_reviewed_not_merged():
    stored = [existing(1, "Min-jun Kim", "Hanbit University", "mjk@example.org")]
    data = (
        b"Name,Email,Organisation\n"
        b"Min-jun Kim,minjun.kim@example.org,Hanbit University\n"
        b"Ida Marr,ida1@example.org,Lantern Institute\n"
        b"Ida Marr,ida2@example.org,Lantern Institute\n"
    )
    plan = plan_of(data, stored)
    assert plan.ok and plan.count("create") == 3 and plan.count("update") == 0
    reasons = {(m.line, m.candidate_id, m.candidate_line): m.reason for m in plan.reviews}
    assert reasons[(2, 1, None)] == "same name and affiliation, different email"
    assert (4, None, 3) in reasons  # the in-file namesake is listed for the editor
    assert len([m for m in plan.reviews if m.line == 2]) == 1  # listed once, not twice
    merged = plan_of(data, stored, merges={2: 1})
    assert next((r.line, r.action) for r in merged.rows) == (2, "update")


def test_token_sort_ratio_found_asymmetric_by_hypothesis() -> None:
    # The example hypothesis found: difflib alone gives 0.44 one way and 0.22 the other.
    assert token_sort_ratio("3\r21", "0\r2 2") == token_sort_ratio("0\r2 2", "3\r21")
