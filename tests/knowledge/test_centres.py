"""The career centres data (knowledge/data/career_centres.yml) and its loader: every municipality
served exactly once, sourced fields, per-office verification, the nearest office, and validation
errors that name the office and the field."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.centres import (
    FIELDS,
    CentresInvalid,
    centre_payload,
    load_centres,
    nearest_office,
    parse,
    read_municipalities,
    validate,
    write_centres,
)

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parents[2] / "knowledge" / "data"
SHARED = Path("/work/shared/data/municipalities.csv")
COUNTIES = {"Oslo", "Rogaland", "Møre og Romsdal", "Nordland", "Østfold", "Akershus", "Buskerud", "Innlandet",
            "Vestfold", "Telemark", "Agder", "Vestland", "Trøndelag", "Troms", "Finnmark"}


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load((DATA / "career_centres.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def municipalities():
    return read_municipalities(DATA)


@pytest.fixture
def data_dir(tmp_path):
    for name in ("career_centres.yml", "municipalities.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


# -- the real file ---------------------------------------------------------------------------------
def test_the_real_file_is_valid_and_covers_all_357_municipalities_exactly_once(raw, municipalities):
    assert validate(raw, municipalities) == []
    served = [m for office in raw["offices"] for m in office["serves"]]
    with open(DATA / "municipalities.csv", encoding="utf-8") as handle:
        listed = [row["municipality"] for row in csv.DictReader(handle)]
    assert len(listed) == 357 and len(set(listed)) == 357
    assert sorted(served) == sorted(listed)  # every one, none twice
    for office in raw["offices"]:
        assert all(municipalities.county_of[m] == office["county"] for m in office["serves"]), office["id"]


def test_the_shared_municipality_list_is_the_same_one():
    assert SHARED.read_text(encoding="utf-8") == (DATA / "municipalities.csv").read_text(encoding="utf-8")


def test_every_county_has_offices_and_one_main_office(raw):
    by_county: dict[str, list[dict]] = {}
    for office in raw["offices"]:
        by_county.setdefault(office["county"], []).append(office)
    assert set(by_county) == COUNTIES
    assert all(sum(o["main"] for o in offices) == 1 for offices in by_county.values())
    # counties with several sourced offices list them all
    assert {o["town"]["value"] for o in by_county["Møre og Romsdal"]} == {
        "Kristiansund", "Surnadal", "Molde", "Åndalsnes", "Ålesund", "Volda"}
    assert {o["town"]["value"] for o in by_county["Finnmark"]} == {"Alta", "Vadsø"}
    assert {o["town"]["value"] for o in by_county["Vestland"]} == {"Bergen", "Knarvik", "Stord"}


def test_every_shown_value_carries_its_source_and_date_and_verification_is_per_office(raw):
    assert "needs_verification" not in raw  # not one flag for the whole file
    for office in raw["offices"]:
        assert isinstance(office["needs_verification"], bool)
        for name in FIELDS:
            field = office[name]
            if field["value"]:
                assert field["source_url"].startswith(("https://", "http://")), (office["id"], name)
                assert len(str(field["checked"])) == 10, (office["id"], name)
            else:
                assert set(field) == {"value"}, (office["id"], name)  # unknown: no invented source


# -- the nearest office ----------------------------------------------------------------------------
@pytest.mark.parametrize("place, office_id", [
    ("Alta", "finnmark-alta"),
    ("Hammerfest", "finnmark-alta"),
    ("Vadsø", "finnmark-vadso"),
    ("Sør-Varanger", "finnmark-vadso"),
    ("Karasjok", "finnmark-vadso"),  # the Norwegian name of Kárášjohka; as far from Alta as from Vadsø: main office
    ("Bodø", "nordland"),  # Nordland's one office (no office town could be verified)
    ("Ålesund", "more-og-romsdal-alesund"),
    ("Ørsta", "more-og-romsdal-volda"),
    ("Sunndal", "more-og-romsdal-surnadal"),
    ("Stord", "vestland-stord"),
    ("Alver", "vestland-knarvik"),
    ("Voss", "vestland-bergen"),
    ("Vestre Toten", "innlandet-gjovik"),
    ("Hamar", "innlandet"),
    ("Tromsø", "troms"),
    ("tromsø", "troms"),
    ("Leirvik", "vestland-stord"),  # a town (places.csv), not a municipality name
    ("Lakselv", "finnmark-alta"),
])
def test_nearest_office_by_municipality(place, office_id):
    card = nearest_office(municipality=place, data_dir=DATA)
    assert card is not None and card.id == office_id


def test_nearest_office_falls_back_to_the_county_main_office_and_none_when_nothing_is_known():
    assert nearest_office(county="Finnmark", data_dir=DATA).id == "finnmark-vadso"
    assert nearest_office(county="møre og romsdal", data_dir=DATA).id == "more-og-romsdal-molde"
    assert nearest_office(municipality="Atlantis", county="Vestland", data_dir=DATA).id == "vestland-bergen"
    assert nearest_office(municipality="Atlantis", data_dir=DATA) is None
    assert nearest_office(data_dir=DATA) is None


def test_the_card_shows_only_verified_values():
    alta = nearest_office("Alta", data_dir=DATA)
    assert (alta.name, alta.town, alta.county, alta.needs_verification) == ("Karriere Finnmark", "Alta", "Finnmark", True)
    assert alta.address == "" and alta.phone == "" and alta.phone_uri == ""
    molde = nearest_office("Molde", data_dir=DATA)
    assert molde.booking_url == "https://mrfylke.no/utdanning-og-karriere/karriere-moere-og-romsdal"
    oslo = nearest_office("Oslo", data_dir=DATA)
    assert (oslo.name, oslo.town, oslo.phone) == ("Karriere Oslo", "Oslo", "")
    bodo = nearest_office("Bodø", data_dir=DATA)
    assert bodo.name == "" and bodo.town == "" and bodo.county == "Nordland"  # no unsourced name is kept


def test_a_phone_becomes_a_tel_link(data_dir):
    data = yaml.safe_load((data_dir / "career_centres.yml").read_text(encoding="utf-8"))
    office = next(o for o in data["offices"] if o["id"] == "troms")
    office["phone"] = {"value": "77 00 00 00", "source_url": "https://example.org/kontakt", "checked": "2026-11-30"}
    write_centres(data_dir, data)
    card = nearest_office("Tromsø", data_dir=data_dir)
    assert card.phone == "77 00 00 00" and card.phone_uri == "tel:+4777000000"
    assert card.as_dict()["phone_uri"] == "tel:+4777000000"


# -- validation ------------------------------------------------------------------------------------
def broken(raw, change):
    data = copy.deepcopy(raw)
    change(data)
    return data


def office(data, office_id):
    return next(o for o in data["offices"] if o["id"] == office_id)


@pytest.mark.parametrize("change, field, code, named", [
    (lambda d: office(d, "finnmark-alta").__setitem__("phone", {"value": "78 00 00 00"}),
     "offices[23].phone.source_url", "source_missing", "finnmark-alta: phone"),
    (lambda d: office(d, "finnmark-alta").__setitem__("phone", {"value": "12", "source_url": "https://x.no/",
                                                                 "checked": "2026-11-30"}),
     "offices[23].phone", "bad_phone", "finnmark-alta: phone '12'"),
    (lambda d: office(d, "finnmark-alta").__setitem__("booking_url", {"value": "javascript:alert(1)",
                                                                       "source_url": "https://x.no/", "checked": "2026-11-30"}),
     "offices[23].booking_url", "bad_url", "finnmark-alta: booking_url"),
    (lambda d: office(d, "finnmark-alta").__setitem__("town", {"value": "Alta", "source_url": "https://x.no/",
                                                                "checked": "i går"}),
     "offices[23].town.checked", "checked_missing", "finnmark-alta: town"),
    (lambda d: office(d, "finnmark-alta")["serves"].append("Vadsø"),
     "offices[23].serves", "served_twice", "Vadsø is already served by finnmark-vadso"),
    (lambda d: office(d, "finnmark-alta")["serves"].remove("Loppa"),
     "offices", "municipality_unserved", "no office serves Loppa"),
    (lambda d: office(d, "finnmark-alta")["serves"].append("Bodø"),
     "offices[23].serves", "wrong_county", "Bodø is in Nordland, not Finnmark"),
    (lambda d: office(d, "finnmark-alta")["serves"].append("Atlantis"),
     "offices[23].serves", "unknown_municipality", "'Atlantis' is not a municipality"),
    (lambda d: office(d, "finnmark-alta").__setitem__("main", True),
     "offices", "main_office", "Finnmark must have exactly one main office (has 2)"),
    (lambda d: office(d, "finnmark-alta").__setitem__("county", "Lappland"),
     "offices[23].county", "unknown_county", "finnmark-alta: county 'Lappland'"),
    (lambda d: office(d, "finnmark-alta").__setitem__("id", "finnmark-vadso"),
     "offices[23].id", "id_taken", "finnmark-vadso: id is used"),
    (lambda d: office(d, "finnmark-alta").__setitem__("needs_verification", False),
     "offices[23].needs_verification", "verified_incomplete", "finnmark-alta: a verified office"),
    (lambda d: office(d, "finnmark-alta").pop("address"),
     "offices[23].address", "missing", "finnmark-alta: address is missing"),
])
def test_validation_names_the_office_and_the_field(raw, municipalities, change, field, code, named):
    assert raw["offices"][23]["id"] == "finnmark-alta"
    errors = validate(broken(raw, change), municipalities)
    assert any(e.field == field and e.code == code and named in e.message for e in errors), \
        [e.as_dict() for e in errors]
    with pytest.raises(CentresInvalid) as caught:
        parse(broken(raw, change), municipalities)
    assert named in str(caught.value)


def test_a_document_without_offices_is_refused(municipalities):
    assert [e.code for e in validate({"centres": []}, municipalities)] == ["no_offices"]
    assert [e.code for e in validate(None, municipalities)] == ["no_offices"]


def test_an_invalid_write_leaves_the_file_as_it_was(data_dir, raw):
    before = (data_dir / "career_centres.yml").read_bytes()
    with pytest.raises(CentresInvalid):
        write_centres(data_dir, broken(raw, lambda d: office(d, "troms")["serves"].clear()))
    assert (data_dir / "career_centres.yml").read_bytes() == before


def test_a_valid_write_keeps_the_header_and_is_read_back(data_dir, raw):
    header = (data_dir / "career_centres.yml").read_text(encoding="utf-8").split("offices:")[0]
    changed = broken(raw, lambda d: office(d, "troms").__setitem__("note", "Sjekket av redaksjonen."))
    write_centres(data_dir, changed)
    text = (data_dir / "career_centres.yml").read_text(encoding="utf-8")
    assert text.startswith(header) and "Sjekket av redaksjonen." in text
    assert next(o for o in load_centres(data_dir).offices if o.id == "troms").note == "Sjekket av redaksjonen."


def test_the_close_button_payload_names_the_county_and_place():
    assert centre_payload() == "/career_centre"
    assert centre_payload("Møre og Romsdal") == '/career_centre{"county": "Møre og Romsdal"}'
    payload = centre_payload("Finnmark", "Alta")
    assert json.loads(payload[len("/career_centre"):]) == {"county": "Finnmark", "place": "Alta"}
