from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from knowledge.articles import ArticleError, load_articles, check_content, validate_article, load_counties, parse_article
from core.settings import KNOWLEDGE_DIR as PACKAGE_DIR
from tests.knowledge.conftest import ARTICLES, BASE_META, write_article, write_corpus

pytestmark = pytest.mark.unit

GOOD = {"id": "karakterpoeng", "title": "Slik regnes karakterpoeng ut", "language": "nb", **BASE_META}
BODY = "Karakterpoeng er snittet av karakterene ganget med ti.\n"


def errors_for(**changes):
    meta = {**GOOD, **changes}
    meta = {k: v for k, v in meta.items() if v is not ...}
    return validate_article(meta, BODY, known_nb_ids={"karakterpoeng", "soknadsfrister"})


def test_good_article_has_no_errors():
    assert errors_for() == []


def test_counties_come_from_the_municipality_list():
    counties = load_counties(PACKAGE_DIR / "data")
    assert len(counties) == 15
    assert {"Oslo", "Vestland", "Troms", "Finnmark", "Møre og Romsdal"} <= counties
    assert "county" not in counties


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"id": "Karakter_Poeng"}, "id"),
        ({"id": ...}, "id"),
        ({"title": "   "}, "title"),
        ({"language": "de"}, "language"),
        ({"language": "en", "translation_of": "finnes-ikke"}, "translation_of"),
        ({"translation_of": "soknadsfrister"}, "translation_of"),  # a bokmål article is an original
        ({"audience": ["pensioners"]}, "audience"),
        ({"audience": []}, "audience"),
        ({"topics": ["fotball"]}, "topics"),
        ({"counties": ["Hordaland"]}, "counties"),  # merged into Vestland in 2020
        ({"counties": "Oslo"}, "counties"),
        ({"source_url": "ftp://example.org/x"}, "source_url"),
        ({"source_url": "samordnaopptak.no"}, "source_url"),
        ({"reviewed": "15.10.2026"}, "reviewed"),
        ({"review_by": "snart"}, "review_by"),
        ({"review_by": "2026-01-01"}, "review_by"),  # before reviewed
        ({"status": "live"}, "status"),
        ({"author": "Kari"}, "author"),
        ({"status": ...}, "status"),
    ],
)
def test_each_field_is_refused_with_its_name(changes, field):
    errors = errors_for(**changes)
    assert field in {e.field for e in errors}, errors
    assert all(e.message for e in errors)


def test_errors_serialise_for_a_422_response():
    errors = errors_for(status="live", counties=["Atlantis"])
    as_dicts = [e.as_dict() for e in errors]
    assert {"field", "message", "code", "params"} == set(as_dicts[0])
    assert {d["field"] for d in as_dicts} == {"status", "counties"}
    assert {(d["field"], d["code"]) for d in as_dicts} == {("status", "unknown_status"), ("counties", "unknown_county")}
    county = next(d for d in as_dicts if d["field"] == "counties")
    assert county["params"] == {"value": "Atlantis"} and county["message"] == "unknown county 'Atlantis'"


# -- codes: one stable code per rule, and a Norwegian text for each on the staff pages ----------
@pytest.mark.parametrize(
    "changes, field, code, params",
    [
        ({"id": ...}, "id", "required", {}),
        ({"id": "Karakter_Poeng"}, "id", "id_format", {}),
        ({"id": 42}, "id", "not_text", {}),
        ({"title": "   "}, "title", "empty", {}),
        ({"language": "de"}, "language", "unknown_language", {"value": "de"}),
        ({"language": "en", "translation_of": "finnes-ikke"}, "translation_of", "translation_missing",
         {"value": "finnes-ikke"}),
        ({"language": "en", "translation_of": "Ikke Id"}, "translation_of", "translation_format", {}),
        ({"translation_of": "soknadsfrister"}, "translation_of", "original_not_translation", {}),
        ({"language": "en", "translation_of": "karakterpoeng"}, "translation_of", "translation_of_itself", {}),
        ({"audience": ["pensioners"]}, "audience", "unknown_audience", {"value": "pensioners"}),
        ({"audience": []}, "audience", "empty_list", {}),
        ({"audience": "youth"}, "audience", "not_list", {}),
        ({"topics": ["fotball"]}, "topics", "unknown_topic", {"value": "fotball"}),
        ({"topics": ["fagbrev", "fagbrev"]}, "topics", "repeated_value", {"value": "fagbrev"}),
        ({"counties": ["Hordaland"]}, "counties", "unknown_county", {"value": "Hordaland"}),
        ({"counties": "Oslo"}, "counties", "not_list", {}),
        ({"source_url": "ftp://example.org/x"}, "source_url", "url_format", {}),
        ({"reviewed": "15.10.2026"}, "reviewed", "date_format", {}),
        ({"reviewed": ["2026-10-15"]}, "reviewed", "date_format", {}),
        ({"reviewed": dt.datetime(2026, 10, 15, 12, 0)}, "reviewed", "date_not_timestamp", {}),
        ({"review_by": "2026-01-01"}, "review_by", "review_before_reviewed", {}),
        ({"status": "live"}, "status", "unknown_status", {"value": "live"}),
        ({"author": "Kari"}, "author", "unknown_field", {}),
    ],
)
def test_each_rule_has_its_code(changes, field, code, params):
    errors = [e for e in errors_for(**changes) if e.field == field]
    assert code in {e.code for e in errors}, errors
    assert next(e for e in errors if e.code == code).as_dict()["params"] == params


def test_the_message_stays_english_beside_the_code():
    [error] = errors_for(review_by="2026-01-01")
    assert error.as_dict() == {"field": "review_by", "message": "must be after reviewed",
                               "code": "review_before_reviewed", "params": {}}
    [error] = validate_article(GOOD, BODY, taken_ids=["karakterpoeng"])
    assert error.as_dict() == {"field": "id", "message": "'karakterpoeng' is already used by another article",
                               "code": "id_taken", "params": {"value": "karakterpoeng"}}


def test_the_loader_gives_codes_too(content_dir):
    write_article(content_dir, {"id": "riktig", "title": "T", "language": "nb"}, BODY).rename(
        content_dir / "nb" / "galt.md")
    write_article(content_dir, {"id": "mappe", "title": "T", "language": "nb"}, BODY).rename(
        content_dir / "en" / "mappe.md")
    (content_dir / "nb" / "naken.md").write_text("Bare tekst uten front matter.\n")
    (content_dir / "nb" / "yaml.md").write_text("---\nid: [nope\n---\nTekst.\n")
    (content_dir / "nb" / "liste.md").write_text("---\n- id\n---\nTekst.\n")
    (content_dir / "nb" / "latin1.md").write_bytes("---\nid: blåbær\n---\n".encode("latin-1"))
    (content_dir / "borte.md").write_text("---\nid: borte\n---\nTekst.\n")
    (content_dir / "de").mkdir()
    (content_dir / "de" / "tysk.md").write_text("---\nid: tysk\n---\nTekst.\n")
    codes = {p.path.name: [(e.field, e.code, dict(e.params)) for e in p.errors] for p in check_content(content_dir)}
    assert codes == {
        "galt.md": [("id", "id_file_mismatch", {"value": "galt"})],
        "mappe.md": [("language", "language_folder_mismatch", {"value": "en"})],
        "naken.md": [("front_matter", "front_matter_missing", {})],
        "yaml.md": [("front_matter", "front_matter_yaml", {})],
        "liste.md": [("front_matter", "front_matter_not_mapping", {})],
        "latin1.md": [("front_matter", "not_utf8", {})],
        "borte.md": [("path", "wrong_place", {})],
        "de": [("language", "unknown_language_folder", {"value": "de"})],
    }
    with pytest.raises(ArticleError) as caught:
        parse_article("ingen front matter")
    assert [e.code for e in caught.value.errors] == ["front_matter_missing"]


ROOT = Path(__file__).resolve().parents[2]
CODE_SOURCES = ("knowledge/articles.py", "knowledge/article_store.py")
# What makes a field error in those files; each call must name its code (code=...).
ERROR_MAKERS = {"FieldError", "FrontMatterError", "_refuse"}


def _constants(node: ast.AST) -> set[str]:
    """The string constants of a code expression: a constant, or the values of a dict/tuple/set."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    if isinstance(node, ast.Dict):
        return set().union(*(_constants(v) for v in node.values))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*(_constants(v) for v in node.elts))
    return set()


def raised_codes() -> set[str]:
    """Every field-error code in knowledge/articles.py and article_store.py: each ``code=`` of a
    call, the tables of codes (names ending in ``_CODE``/``_CODES``) and FieldError's default."""
    codes: set[str] = set()
    for name in CODE_SOURCES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                keywords = {k.arg: k.value for k in node.keywords}
                if func in ERROR_MAKERS:
                    assert "code" in keywords, f"{name}:{node.lineno}: {func}(...) without code="
                if "code" in keywords:
                    codes |= _constants(keywords["code"])
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id.endswith(("_CODE", "_CODES")) for t in node.targets):
                    codes |= _constants(node.value)
            elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "code" and node.value:
                codes |= _constants(node.value)
    return codes


def page_field_codes() -> set[str]:
    source = (ROOT / "core" / "staff_ui" / "staff.js").read_text(encoding="utf-8")
    table = re.search(r"export const FIELD_ERROR_MESSAGES = \{(.*?)\n\};", source, re.DOTALL).group(1)
    return set(re.findall(r"^\s+([a-z][a-z0-9_]*):", table, re.MULTILINE))


def test_the_code_scan_finds_the_codes_it_should():
    assert {"required", "id_taken", "unknown_topic", "unknown_county", "date_format", "review_before_reviewed",
            "url_format", "unknown_language", "translation_missing", "id_changed", "original_must_stay_nb",
            "too_long", "front_matter_missing", "not_utf8", "invalid"} <= raised_codes()


def test_every_code_that_validation_gives_is_found_by_the_scan(content_dir):
    given: set[str] = set()
    cases = [{"id": ...}, {"id": "X Y"}, {"title": " "}, {"language": "de"}, {"audience": []}, {"topics": ["x", "x"]},
             {"counties": "Oslo"}, {"reviewed": 5}, {"reviewed": dt.datetime(2026, 1, 1, 1)}, {"review_by": "2020-01-01"},
             {"status": "live"}, {"author": "x"}, {"source_url": "x"}, {"translation_of": "soknadsfrister"}]
    for changes in cases:
        given |= {e.code for e in errors_for(**changes)}
    given |= {e.code for p in check_content(content_dir) for e in p.errors}
    assert given and given <= raised_codes()


def test_every_field_error_code_has_a_norwegian_text():
    assert sorted(raised_codes() - page_field_codes()) == []
    assert sorted(page_field_codes() - raised_codes()) == []  # no text for a code that is gone


def test_empty_body_is_refused():
    assert [e.field for e in validate_article(GOOD, "  \n")] == ["body"]


def test_loader_reads_the_fixture_corpus(content_dir):
    articles = load_articles(content_dir)
    assert {a.id for a in articles} == {meta["id"] for meta, _ in ARTICLES}
    nn = next(a for a in articles if a.id == "soknadsfrister-nn")
    assert nn.meta.translation_of == "soknadsfrister"
    assert nn.meta.reviewed.isoformat() == "2026-10-15"
    assert not next(a for a in articles if a.id == "utkast").published


def test_loader_names_the_file_and_the_field(content_dir):
    path = write_article(content_dir, {"id": "feil", "title": "Feil", "language": "nb", "status": "ferdig"}, BODY)
    with pytest.raises(ArticleError) as caught:
        load_articles(content_dir)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert [e.field for e in caught.value.errors] == ["status"]


def test_id_must_match_the_file_name(content_dir):
    path = write_article(content_dir, {"id": "riktig", "title": "T", "language": "nb"}, BODY)
    path.rename(path.with_name("galt.md"))
    problems = check_content(content_dir)
    assert [(p.path.name, [e.field for e in p.errors]) for p in problems] == [("galt.md", ["id"])]


def test_language_must_match_the_folder(content_dir):
    path = write_article(content_dir, {"id": "mappe", "title": "T", "language": "nb"}, BODY)
    path.rename(content_dir / "en" / "mappe.md")
    problems = check_content(content_dir)
    assert [e.field for p in problems for e in p.errors] == ["language"]


def test_ids_are_unique_across_languages(content_dir):
    # same id in two language folders
    write_article(content_dir, {"id": "dobbel", "title": "T", "language": "nb"}, BODY)
    other = content_dir / "en" / "dobbel.md"
    other.write_text((content_dir / "nb" / "dobbel.md").read_text().replace("language: nb", "language: en"))
    problems = check_content(content_dir)
    assert len(problems) == 1
    assert "already used" in problems[0].errors[0].message


def test_translation_must_point_at_an_existing_bokmal_article(tmp_path):
    content = write_corpus(tmp_path / "content", [a for a in ARTICLES if a[0]["id"] != "lanekassen-stotte"])
    problems = check_content(content)
    assert [(p.path.name, p.errors[0].field) for p in problems] == [("lanekassen-stotte-en.md", "translation_of")]


def test_missing_front_matter_is_refused(content_dir):
    (content_dir / "nb" / "naken.md").write_text("Bare tekst uten front matter.\n")
    problems = check_content(content_dir)
    assert [e.field for p in problems for e in p.errors] == ["front_matter"]


def test_content_hash_changes_with_the_body(content_dir):
    before = {a.id: a.content_hash for a in load_articles(content_dir)}
    path = content_dir / "nb" / "laereplass.md"
    path.write_text(path.read_text() + "\nEn ny setning.\n")
    after = {a.id: a.content_hash for a in load_articles(content_dir)}
    assert [i for i in before if before[i] != after[i]] == ["laereplass"]
