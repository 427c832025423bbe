from __future__ import annotations

import pytest

from knowledge.articles import ArticleError, load_articles, check_content, validate_article, load_counties
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
    assert {"field", "message"} == set(as_dicts[0])
    assert {d["field"] for d in as_dicts} == {"status", "counties"}


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
