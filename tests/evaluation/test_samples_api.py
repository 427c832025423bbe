"""The evaluators' samples against a real redis-server: stratified, seeded samples saved with
their criteria; anonymised transcripts only; one review per evaluator with agreement; exports as
CSV and JSON Lines; counsellors and editors kept out."""

import asyncio
import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from redis.asyncio import Redis

from core import keys, retention
from core.sessions import SessionStore
from handover.queue import HandoverRequest, HandoverStore
from tests.conftest import citizen, staff_login
from tests.handover.test_handover_api import app  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration

OSLO = ZoneInfo("Europe/Oslo")
SECRETS = ("Kari Nordmann", "01020312345", "912 34 567", "kari@example.no", "Storgata 12")
TEXT = ("Hei, jeg heter Kari Nordmann, fødselsnummer 01020312345, bor i Storgata 12, ring 912 34 567 "
        "eller skriv til kari@example.no. Jeg lurer på fagbrev.")
DAY = dt.date(2026, 11, 16)  # a Monday


def closed(app, redis_server, *, language="nb", channel="web", need="information", outcome=None,
           day=DAY, text="Hvordan søker jeg fagbrev?") -> str:
    """A closed conversation: the citizen's message is stored through the API (Rasa is down), the
    handover (when there is an outcome) closed by a counsellor, the conversation retired on ``day``."""
    session_id, auth = citizen(app, language=language, channel=channel)
    assert app.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth).status_code == 200

    async def work():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            sessions = SessionStore(redis)
            await sessions.update(session_id, triage={"need": need, "language": language, "county": None,
                                                      "confidence": 0.9})
            if outcome is not None:
                handovers = HandoverStore(redis, 60, sessions)
                handover, _ = await handovers.create(session_id, HandoverRequest(
                    reason="the citizen asked for a counsellor", need=need, language=language, county=None,
                    priority="normal", first_message=text))
                await redis.hset(keys.handover(handover["id"]), "status", "active")
                await handovers.close(handover["id"], outcome, "", "kari")
            await redis.hset(keys.session(session_id), "mode", "closed")
            await retention.retire(redis, session_id, 90)
            noon = dt.datetime.combine(day, dt.time(12), OSLO)
            await redis.zadd(keys.TRANSCRIPTS_CLOSED, {session_id: int(noon.timestamp() * 1000)}, xx=True)
        finally:
            await redis.aclose()

    asyncio.run(work())
    return session_id


def evaluators(app) -> tuple[dict, dict]:
    admin = staff_login(app, "demo-admin", "demo")
    created = app.post("/api/staff", headers=admin, json={"username": "eva", "role": "evaluator",
                                                          "password": "eva-secret-12345"})
    assert created.status_code == 201, created.text
    return staff_login(app, "demo-evaluator", "demo"), staff_login(app, "eva", "eva-secret-12345")


def population(app, redis_server) -> dict[str, list[str]]:
    """13 conversations in 4 strata by language and handed over (sizes 6, 3, 2, 2) over three days."""
    strata = {"nb-bot": [closed(app, redis_server, day=DAY + dt.timedelta(days=i % 3)) for i in range(6)],
              "nb-handed": [closed(app, redis_server, need="reflective", outcome="reflective",
                                   day=DAY + dt.timedelta(days=i)) for i in range(3)],
              "uk-bot": [closed(app, redis_server, language="uk", channel="sms") for _ in range(2)],
              "ar-handed": [closed(app, redis_server, language="ar", need="crisis", outcome="referred_elsewhere",
                                   day=DAY + dt.timedelta(days=2)) for _ in range(2)]}
    return strata


def refs(ids) -> set[str]:
    return {retention.session_ref(i) for i in ids}


def test_a_stratified_sample_represents_every_stratum_and_the_same_seed_draws_it_again(app, redis_server,
                                                                                       redis_client):
    strata = population(app, redis_server)
    open_session, open_auth = citizen(app)  # not closed: never sampled
    app.post(f"/api/sessions/{open_session}/messages", json={"text": "Hei"}, headers=open_auth)
    evaluator, _ = evaluators(app)
    body = {"criteria": {}, "stratify_by": ["language", "handed_over"], "size": 6, "seed": 1234}

    created = app.post("/api/samples", headers=evaluator, json=body)
    assert created.status_code == 201, created.text
    sample = created.json()
    assert sample["seed"] == 1234 and sample["population"] == 13 and sample["drawn"] == 6
    assert sample["created_by"] == "demo-evaluator" and sample["allocation"] == "proportional"
    assert sorted((tuple(sorted(s["values"].items())), s["population"], s["drawn"]) for s in sample["strata"]) == [
        ((("handed_over", "no"), ("language", "nb")), 6, 3),  # quota 6*6/13 = 2.8
        ((("handed_over", "no"), ("language", "uk")), 2, 1),  # 0.9, raised to the minimum of one
        ((("handed_over", "yes"), ("language", "ar")), 2, 1),
        ((("handed_over", "yes"), ("language", "nb")), 3, 1)]  # 1.4
    chosen = [c["id"] for c in sample["conversations"]]
    for name, ids in strata.items():
        assert refs(ids) & set(chosen), f"stratum {name} is missing"
    assert set(chosen) <= refs(i for ids in strata.values() for i in ids)
    ar = next(c for c in sample["conversations"] if c["language"] == "ar")
    assert ar == {"id": ar["id"], "closed_on": "2026-11-18", "need": "crisis", "language": "ar",
                  "outcome": "referred_elsewhere", "handed_over": True, "channel": "web"}

    again = app.post("/api/samples", headers=evaluator, json=body).json()
    assert again["id"] != sample["id"] and [c["id"] for c in again["conversations"]] == chosen
    saved = app.get(f"/api/samples/{sample['id']}", headers=evaluator).json()
    assert [t["id"] for t in saved["transcripts"]] == chosen
    assert saved["criteria"]["from"] is None and saved["stratify_by"] == ["language", "handed_over"]
    listed = app.get("/api/samples", headers=evaluator).json()
    assert [s["id"] for s in listed] == [again["id"], sample["id"]]

    # Equal allocation: two from each stratum (one stratum holds only two).
    equal = app.post("/api/samples", headers=evaluator, json={**body, "allocation": "equal", "size": 8}).json()
    assert sorted(s["drawn"] for s in equal["strata"]) == [2, 2, 2, 2]

    # Criteria filter before the strata are formed; the date range is by the day it closed (Oslo).
    uk_or_ar = app.post("/api/samples", headers=evaluator, json={
        "criteria": {"language": ["uk", "ar"]}, "size": 10, "seed": 1}).json()
    assert {c["id"] for c in uk_or_ar["conversations"]} == refs(strata["uk-bot"] + strata["ar-handed"])
    one_day = app.post("/api/samples", headers=evaluator, json={
        "criteria": {"from": "2026-11-17", "to": "2026-11-17", "handed_over": ["yes"]}, "size": 10}).json()
    assert {c["id"] for c in one_day["conversations"]} == refs(strata["nb-handed"][1:2])
    assert isinstance(one_day["seed"], int)  # chosen and saved when left out
    sms = app.post("/api/samples", headers=evaluator, json={"criteria": {"channel": ["sms"]}, "size": 5}).json()
    assert {c["id"] for c in sms["conversations"]} == refs(strata["uk-bot"])


def test_bad_criteria_are_refused_and_nothing_is_saved(app, redis_server, redis_client):
    closed(app, redis_server)
    evaluator, _ = evaluators(app)
    for body, field in (({"size": 0}, "size"), ({"size": 201}, "size"), ({"stratify_by": ["county"]}, "stratify_by.0"),
                        ({"criteria": {"from": "2026-11-20", "to": "2026-11-10"}}, "criteria"),
                        ({"criteria": {"language": ["de"]}}, "criteria.language.0"),
                        ({"stratify_by": ["need", "need"]}, "body"), ({"seed": -1}, "seed"), ({"colour": "red"}, "colour")):
        refused = app.post("/api/samples", headers=evaluator, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["code"] == "invalid_request" and refused.json()["errors"][0]["field"] == field, body
    none = app.post("/api/samples", headers=evaluator, json={"criteria": {"language": ["pl"]}})
    assert none.status_code == 422 and none.json()["code"] == "no_conversations_match"
    assert redis_client.zcard(keys.SAMPLES) == 0 and redis_client.keys(keys.sample("*")) == []
    missing = app.get("/api/samples/nope", headers=evaluator)
    assert missing.status_code == 404 and missing.json()["code"] == "sample_not_found"


def test_several_evaluators_review_a_conversation_and_see_their_agreement(app, redis_server, redis_client):
    first, second = closed(app, redis_server), closed(app, redis_server, outcome="information")
    demo, eva = evaluators(app)
    sample = app.post("/api/samples", headers=demo, json={"size": 2, "seed": 7}).json()
    a, b = retention.session_ref(first), retention.session_ref(second)
    url = f"/api/samples/{sample['id']}/transcripts"
    full = {"need_recognised": "yes", "answer_correct": "yes", "answer_sourced": "no", "handover_right": "yes",
            "handover_timely": "not_applicable", "tone": "good", "answer_quality": 4, "comment": "Greit svar"}

    mine = app.post(f"{url}/{a}/review", headers=demo, json=full)
    assert mine.status_code == 201, mine.text
    assert mine.json() | {"at": ""} == {**full, "id": a, "evaluator": "demo-evaluator", "at": "", "replaced": False,
                                        "triage_correct": True, "expected_need": None}
    assert app.post(f"{url}/{a}/review", headers=eva, json={**full, "need_recognised": "no", "tone": "poor",
                                                            "expected_need": "reflective"}).status_code == 201
    # demo-evaluator changes their mind: their own review is replaced, eva's stays
    changed = app.post(f"{url}/{a}/review", headers=demo, json={**full, "need_recognised": "partly",
                                                               "answer_quality": 2})
    assert changed.status_code == 201 and changed.json()["replaced"] is True
    assert app.post(f"{url}/{b}/review", headers=demo, json={"need_recognised": "yes", "tone": "good"}).status_code == 201
    assert app.post(f"{url}/{b}/review", headers=eva, json={"need_recognised": "yes", "tone": "good"}).status_code == 201

    # Bad reviews are refused and nothing changes.
    before = redis_client.hgetall(keys.REVIEWS)
    for bad in ({"tone": "good"}, {"need_recognised": "maybe"}, {"need_recognised": "yes", "answer_quality": 9},
                {"need_recognised": "yes", "triage_correct": False}, {"need_recognised": "yes", "extra": 1}):
        refused = app.post(f"{url}/{a}/review", headers=eva, json=bad)
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_request", bad
    assert app.post(f"{url}/{first}/review", headers=eva, json=full).json()["code"] == "transcript_not_found"
    assert app.post(f"/api/samples/nope/transcripts/{a}/review", headers=eva, json=full).status_code == 404
    assert redis_client.hgetall(keys.REVIEWS) == before

    seen = app.get(f"/api/samples/{sample['id']}", headers=eva).json()
    by_id = {t["id"]: t for t in seen["transcripts"]}
    reviews = by_id[a]["reviews"]
    assert [(r["evaluator"], r["need_recognised"], r["answer_quality"]) for r in reviews] == [
        ("demo-evaluator", "partly", 2), ("eva", "no", 4)]
    assert by_id[a]["my_review"]["evaluator"] == "eva" and by_id[a]["my_review"]["expected_need"] == "reflective"
    assert by_id[a]["agreement"]["need_recognised"] == {"answers": {"no": 1, "partly": 1}, "share_agreeing": 0.5}
    assert by_id[a]["agreement"]["answer_correct"] == {"answers": {"yes": 2}, "share_agreeing": 1.0}
    assert by_id[b]["agreement"]["tone"] == {"answers": {"good": 2}, "share_agreeing": 1.0}
    one = app.get(f"{url}/{a}/reviews", headers=eva).json()  # what the page reads again after a save
    assert one == {name: by_id[a][name] for name in ("id", "reviews", "my_review", "agreement")}
    assert app.get(f"{url}/{a}/reviews", headers=demo).json()["my_review"]["need_recognised"] == "partly"
    assert app.get(f"{url}/{first}/reviews", headers=eva).status_code == 404
    agreement = app.get(f"/api/samples/{sample['id']}/agreement", headers=demo).json()
    assert agreement == seen["agreement"]
    assert agreement["evaluators"] == 2 and agreement["conversations_with_several_reviews"] == 2
    need = agreement["questions"]["need_recognised"]
    # a: no/partly (0 of 1 pairs agree), b: yes/yes (1 of 1) -> 0.5; answers yes 2, no 1, partly 1 -> P_e 0.375
    assert need == {"conversations": 2, "answers": 4, "percent_agreement": 0.5,
                    "fleiss_kappa": round((0.5 - 0.375) / 0.625, 3)}
    assert agreement["questions"]["tone"]["percent_agreement"] == 0.5  # a: good/poor, b: good/good
    assert agreement["questions"]["answer_correct"] == {"conversations": 1, "answers": 2, "percent_agreement": 1.0,
                                                        "fleiss_kappa": None}
    assert "Fleiss" in agreement["method"]
    # The aggregate counts (kept for statistics): four reviews, two "yes", qualities 2 and 4.
    assert redis_client.hgetall(keys.REVIEW_STATS) == {"count": "4", "triage_correct": "2", "quality_sum": "6",
                                                       "quality_count": "2"}


def test_exports_of_reviews_and_anonymised_transcripts(app, redis_server, redis_client):
    first = closed(app, redis_server, text=TEXT, outcome="information")
    closed(app, redis_server, text="=HYPERLINK(\"http://example.org\") Hvordan blir jeg elektriker?")
    demo, eva = evaluators(app)
    sample = app.post("/api/samples", headers=demo, json={"size": 2, "seed": 3}).json()
    ref = retention.session_ref(first)
    review = {"need_recognised": "yes", "answer_correct": "partly", "tone": "good", "comment": "Mangler kilde, æøå"}
    for who in (demo, eva):
        assert app.post(f"/api/samples/{sample['id']}/transcripts/{ref}/review", headers=who,
                        json=review).status_code == 201
    url = f"/api/samples/{sample['id']}/export"

    reviews_csv = app.get(f"{url}?format=csv&what=reviews", headers=eva)
    assert reviews_csv.status_code == 200 and reviews_csv.headers["content-type"].startswith("text/csv")
    assert f"veivalg-utvalg-{sample['id']}-reviews.csv" in reviews_csv.headers["content-disposition"]
    assert reviews_csv.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(reviews_csv.text.lstrip("\ufeff"))))
    assert [(r["conversation"], r["evaluator"], r["need_recognised"], r["answer_correct"], r["handed_over"],
             r["outcome"], r["comment"]) for r in rows] == [
        (ref, "demo-evaluator", "yes", "partly", "yes", "information", "Mangler kilde, æøå"),
        (ref, "eva", "yes", "partly", "yes", "information", "Mangler kilde, æøå")]
    assert list(rows[0]) == ["sample", "conversation", "closed_on", "need", "language", "outcome", "handed_over",
                             "channel", "evaluator", "at", "need_recognised", "expected_need", "answer_correct",
                             "answer_sourced", "handover_right", "handover_timely", "tone", "answer_quality", "comment"]

    reviews_jsonl = app.get(f"{url}?format=jsonl&what=reviews", headers=eva)
    assert reviews_jsonl.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in reviews_jsonl.text.splitlines()]
    assert [(r["evaluator"], r["tone"], r["handed_over"]) for r in lines] == [("demo-evaluator", "good", True),
                                                                              ("eva", "good", True)]

    transcripts_csv = app.get(f"{url}?format=csv&what=transcripts", headers=eva)
    events = list(csv.DictReader(io.StringIO(transcripts_csv.text.lstrip("\ufeff"))))
    citizen_rows = [e for e in events if e["from"] == "citizen"]
    assert len(citizen_rows) == 2 and {e["conversation"] for e in events} == {c["id"] for c in sample["conversations"]}
    anonymised = next(e["text"] for e in citizen_rows if e["conversation"] == ref)
    assert "<navn>" in anonymised and "<fødselsnummer>" in anonymised and "<telefon>" in anonymised
    formula = next(e["text"] for e in citizen_rows if e["conversation"] != ref)
    assert formula.startswith("'=HYPERLINK")  # a spreadsheet shows it as text, never runs it

    transcripts_jsonl = app.get(f"{url}?format=jsonl&what=transcripts", headers=eva)
    conversations = [json.loads(line) for line in transcripts_jsonl.text.splitlines()]
    assert {c["id"] for c in conversations} == {c["id"] for c in sample["conversations"]}
    assert all(c["sample"] == sample["id"] and c["events"] for c in conversations)

    as_json = app.get(f"{url}?format=json&what=reviews", headers=eva).json()
    assert as_json["what"] == "reviews" and [r["evaluator"] for r in as_json["reviews"]] == ["demo-evaluator", "eva"]
    for bad in ("?format=xlsx", "?what=people"):
        assert app.get(f"{url}{bad}", headers=eva).status_code == 422
    assert app.get("/api/samples/nope/export", headers=eva).status_code == 404


def test_evaluators_never_see_raw_text_nor_session_ids_and_counsellors_are_kept_out(app, redis_server,
                                                                                     redis_client):
    session_id = closed(app, redis_server, text=TEXT, outcome="information")
    demo, _ = evaluators(app)
    admin = staff_login(app, "demo-admin", "demo")
    counsellor, editor = staff_login(app, "demo-counsellor", "demo"), staff_login(app, "demo-editor", "demo")
    sample = app.post("/api/samples", headers=demo, json={"size": 5, "seed": 1}).json()
    ref = retention.session_ref(session_id)
    review_url = f"/api/samples/{sample['id']}/transcripts/{ref}/review"
    assert app.post(review_url, headers=demo, json={"need_recognised": "yes"}).status_code == 201

    seen = [app.post("/api/samples", headers=demo, json={"size": 5, "seed": 1}).text,
            app.get("/api/samples", headers=demo).text, app.get(f"/api/samples/{sample['id']}", headers=demo).text,
            app.get(f"/api/samples/{sample['id']}/agreement", headers=demo).text]
    for fmt in ("csv", "jsonl", "json"):
        for what in ("reviews", "transcripts"):
            response = app.get(f"/api/samples/{sample['id']}/export?format={fmt}&what={what}", headers=demo)
            assert response.status_code == 200
            seen.append(response.text)
    for text in seen:
        assert session_id not in text
        assert not [secret for secret in SECRETS if secret in text]
    assert "<navn>" in seen[2] and "jeg heter" in seen[2]  # the anonymised text is there

    # Admins may use it too; counsellors and editors get 403 on every sample endpoint, exports included.
    assert app.get(f"/api/samples/{sample['id']}", headers=admin).status_code == 200
    for who in (counsellor, editor):
        for method, path in (("GET", "/api/samples"), ("POST", "/api/samples"),
                             ("GET", f"/api/samples/{sample['id']}"), ("GET", f"/api/samples/{sample['id']}/agreement"),
                             ("POST", review_url), ("GET", review_url + "s"),
                             ("GET", f"/api/samples/{sample['id']}/export?format=csv&what=reviews"),
                             ("GET", f"/api/samples/{sample['id']}/export?format=jsonl&what=transcripts")):
            denied = app.request(method, path, headers=who, json={"need_recognised": "yes"})
            assert denied.status_code == 403 and denied.json()["code"] == "wrong_role", (method, path)
    assert app.get(f"/api/samples/{sample['id']}/export").status_code == 401

    # Every read of a transcript is in the access log, as anonymised.
    log = app.get(f"/api/audit?session_id={session_id}", headers=admin).json()
    assert {(e["username"], e["action"], e["view"]) for e in log} >= {
        ("demo-evaluator", "transcript_sample", "anonymised"), ("demo-evaluator", "transcript_export", "anonymised")}
    assert all(e["view"] == "anonymised" for e in log)


def test_an_erased_conversation_drops_out_of_a_sample_with_its_reviews(app, redis_server, redis_client):
    session_id, auth = citizen(app)
    app.post(f"/api/sessions/{session_id}/messages", json={"text": TEXT}, headers=auth)
    asyncio.run(_retire(redis_server.url, session_id))
    other = closed(app, redis_server)
    demo, _ = evaluators(app)
    sample = app.post("/api/samples", headers=demo, json={"size": 2, "seed": 5}).json()
    for sid in (session_id, other):
        assert app.post(f"/api/samples/{sample['id']}/transcripts/{retention.session_ref(sid)}/review", headers=demo,
                        json={"need_recognised": "yes"}).status_code == 201
    assert app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200

    after = app.get(f"/api/samples/{sample['id']}", headers=demo).json()
    assert [t["id"] for t in after["transcripts"]] == [retention.session_ref(other)]
    assert after["agreement"]["conversations_reviewed"] == 1
    assert app.post(f"/api/samples/{sample['id']}/transcripts/{retention.session_ref(session_id)}/review",
                    headers=demo, json={"need_recognised": "no"}).status_code == 404
    assert redis_client.hget(keys.REVIEWS, session_id) is None
    assert session_id not in redis_client.get(keys.sample(sample["id"]))  # nor its id in the saved sample
    assert redis_client.ttl(keys.sample(sample["id"])) > 80 * 86400  # still expires with the retention period
    assert redis_client.hgetall(keys.REVIEW_STATS)["count"] == "2"  # the counts stay


async def _retire(url: str, session_id: str) -> None:
    redis = Redis.from_url(url, decode_responses=True)
    try:
        await redis.hset(keys.session(session_id), "mode", "closed")
        await retention.retire(redis, session_id, 90)
    finally:
        await redis.aclose()
