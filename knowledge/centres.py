"""The public career centres: offices, the municipalities each serves, and the nearest office.

The data is ``career_centres.yml`` in the knowledge data folder (``KnowledgeSettings.data_dir``).
Every shown field (name, town, address, phone, booking_url, url) is ``{value, source_url,
checked}``: a value without a source is not allowed, and an empty value is simply not shown.
``needs_verification`` is per office. Each of the municipalities in ``municipalities.csv`` is
served by exactly one office of its own county (``serves``); one office per county is ``main``.

``validate`` gives every wrong field (naming the office and field); ``parse`` raises
``CentresInvalid`` with them; ``load_centres`` reads the file (re-read when it changes);
``nearest_office`` answers for a municipality (or place name) or, failing that, a county.
Nothing is read at import time.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any

import yaml

from knowledge.articles import FieldError

FILE_NAME = "career_centres.yml"
MUNICIPALITIES = "municipalities.csv"
FIELDS = ("name", "town", "address", "phone", "booking_url", "url")
URL_FIELDS = ("booking_url", "url")
OFFICE_KEYS = frozenset({"id", "county", "main", "needs_verification", "serves", "note", *FIELDS})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
PHONE_PATTERN = re.compile(r"^(?:\+47 ?)?(?:\d ?){8}$")


class CentresInvalid(ValueError):
    """The centres data breaks a rule; ``errors`` lists every wrong field."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Sourced:
    value: str
    source_url: str | None = None
    checked: str | None = None

    def as_dict(self) -> dict[str, str]:
        if not self.value:
            return {"value": ""}
        return {"value": self.value, "source_url": self.source_url or "", "checked": self.checked or ""}


@dataclass(frozen=True)
class Office:
    id: str
    county: str
    main: bool
    needs_verification: bool
    fields: Mapping[str, Sourced]
    serves: tuple[str, ...]
    note: str = ""

    def value(self, name: str) -> str:
        return self.fields[name].value

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "county": self.county, "main": self.main,
                                "needs_verification": self.needs_verification}
        data.update({name: self.fields[name].as_dict() for name in FIELDS})
        data["serves"] = list(self.serves)
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class CentreCard:
    """What a citizen is shown of one office; empty strings are unverified and not shown."""

    id: str
    name: str
    town: str
    address: str
    phone: str
    booking_url: str
    url: str
    county: str
    needs_verification: bool

    @property
    def phone_uri(self) -> str:
        """``tel:`` link of the phone ("" without a phone): digits and a leading +."""
        if not self.phone:
            return ""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return "tel:" + (digits if digits.startswith("+") else "+47" + digits)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "town": self.town, "address": self.address,
                "phone": self.phone, "phone_uri": self.phone_uri, "booking_url": self.booking_url,
                "url": self.url, "county": self.county, "needs_verification": self.needs_verification}


def card_of(office: Office) -> CentreCard:
    return CentreCard(id=office.id, county=office.county, needs_verification=office.needs_verification,
                      **{name: office.value(name) for name in FIELDS})


def normalise(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name).strip().lower())


@dataclass(frozen=True)
class Municipalities:
    """municipality -> county, and every known name (Sami, Norwegian, older) -> municipality."""

    county_of: Mapping[str, str]
    names: Mapping[str, str] = field(hash=False)

    @property
    def counties(self) -> frozenset[str]:
        return frozenset(self.county_of.values())

    def lookup(self, name: str) -> str | None:
        return self.names.get(normalise(name))


def read_municipalities(data_dir: Path) -> Municipalities:
    county_of: dict[str, str] = {}
    names: dict[str, str] = {}
    with open(data_dir / MUNICIPALITIES, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            municipality = row["municipality"]
            county_of[municipality] = row["county"]
            names.setdefault(normalise(municipality), municipality)
            bare = re.sub(r"\s*\(.*\)$", "", municipality)  # "Herøy (Møre og Romsdal)": "Herøy" is ambiguous
            for alias in [*re.split(r"\s*[-–/]\s*", municipality), *(row.get("also_known_as") or "").split("|")]:
                if alias.strip() and alias.strip() != bare:
                    names.setdefault(normalise(alias), municipality)
    places = data_dir / "places.csv"  # towns and villages that are not municipality names ("Mo i Rana")
    if places.exists():
        with open(places, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("municipality") in county_of:
                    names.setdefault(normalise(row["place"]), row["municipality"])
    return Municipalities(county_of, names)


# -- validation --------------------------------------------------------------------------------
def _is_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
        return len(str(value)) == 10
    except ValueError:
        return False


def _check_field(label: str, where: str, name: str, raw: Any, errors: list[FieldError]) -> None:
    path = f"{where}.{name}"
    if raw is None:
        errors.append(FieldError(path, f"{label}: {name} is missing (write {{value: ''}} when unknown)",
                                 code="missing", params={"office": label, "field": name}))
        return
    if not isinstance(raw, Mapping):
        errors.append(FieldError(path, f"{label}: {name} must be a mapping {{value, source_url, checked}}",
                                 code="not_mapping", params={"office": label, "field": name}))
        return
    unknown = sorted(set(raw) - {"value", "source_url", "checked"})
    if unknown:
        errors.append(FieldError(path, f"{label}: {name} has unknown keys {', '.join(map(str, unknown))}",
                                 code="unknown_key", params={"office": label, "field": name, "value": str(unknown[0])}))
    value = raw.get("value", "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(FieldError(path, f"{label}: {name} must be text", code="not_text",
                                 params={"office": label, "field": name}))
        return
    if not value.strip():
        return
    params = {"office": label, "field": name, "value": value}
    source = raw.get("source_url")
    if not isinstance(source, str) or not URL_PATTERN.match(source):
        errors.append(FieldError(f"{path}.source_url", f"{label}: {name} has a value but no source_url (an http(s) address)",
                                 code="source_missing", params=params))
    if not _is_date(raw.get("checked")):
        errors.append(FieldError(f"{path}.checked", f"{label}: {name} has a value but no checked date (YYYY-MM-DD)",
                                 code="checked_missing", params=params))
    if name in URL_FIELDS and not URL_PATTERN.match(value):
        errors.append(FieldError(path, f"{label}: {name} {value!r} is not an http(s) address",
                                 code="bad_url", params=params))
    if name == "phone" and not PHONE_PATTERN.match(value.strip()):
        errors.append(FieldError(path, f"{label}: phone {value!r} is not a Norwegian number (8 digits, optionally +47)",
                                 code="bad_phone", params=params))


def validate(data: Any, municipalities: Municipalities) -> list[FieldError]:
    """Every wrong field of a whole centres document (the parsed YAML), in file order."""
    errors: list[FieldError] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("offices"), list):
        return [FieldError("offices", "the file must hold a list under 'offices'", code="no_offices")]
    served: dict[str, str] = {}
    mains: dict[str, list[str]] = {}
    ids: set[str] = set()
    for index, office in enumerate(data["offices"]):
        where = f"offices[{index}]"
        if not isinstance(office, Mapping):
            errors.append(FieldError(where, f"office {index + 1} must be a mapping", code="not_mapping",
                                     params={"office": str(index + 1)}))
            continue
        office_id = office.get("id")
        label = str(office_id) if office_id else f"office {index + 1}"
        if not isinstance(office_id, str) or not ID_PATTERN.match(office_id):
            errors.append(FieldError(f"{where}.id", f"{label}: id must be lower-case letters, digits and hyphens",
                                     code="bad_id", params={"office": label, "field": "id"}))
        elif office_id in ids:
            errors.append(FieldError(f"{where}.id", f"{label}: id is used by another office", code="id_taken",
                                     params={"office": label, "field": "id", "value": office_id}))
        else:
            ids.add(office_id)
        unknown = sorted(set(map(str, office)) - OFFICE_KEYS)
        if unknown:
            errors.append(FieldError(where, f"{label}: unknown keys {', '.join(unknown)}", code="unknown_key",
                                     params={"office": label, "field": unknown[0], "value": unknown[0]}))
        county = office.get("county")
        if county not in municipalities.counties:
            errors.append(FieldError(f"{where}.county", f"{label}: county {county!r} is not one of the counties",
                                     code="unknown_county", params={"office": label, "field": "county", "value": str(county)}))
            county = None
        for flag in ("main", "needs_verification"):
            if not isinstance(office.get(flag), bool):
                errors.append(FieldError(f"{where}.{flag}", f"{label}: {flag} must be true or false", code="not_bool",
                                         params={"office": label, "field": flag}))
        if office.get("main") is True and county:
            mains.setdefault(county, []).append(label)
        if office.get("note") is not None and not isinstance(office.get("note"), str):
            errors.append(FieldError(f"{where}.note", f"{label}: note must be text", code="not_text",
                                     params={"office": label, "field": "note"}))
        for name in FIELDS:
            _check_field(label, where, name, office.get(name), errors)
        if office.get("needs_verification") is False:
            values = {name: ((office.get(name) or {}).get("value") if isinstance(office.get(name), Mapping) else "")
                      for name in FIELDS}
            if not values.get("name") or not (values.get("phone") or values.get("booking_url")):
                errors.append(FieldError(f"{where}.needs_verification",
                                         f"{label}: a verified office needs at least a name and a phone or booking link",
                                         code="verified_incomplete", params={"office": label, "field": "needs_verification"}))
        serves = office.get("serves")
        if not isinstance(serves, list) or not serves:
            errors.append(FieldError(f"{where}.serves", f"{label}: serves must list at least one municipality",
                                     code="serves_empty", params={"office": label, "field": "serves"}))
            continue
        for name in serves:
            if name not in municipalities.county_of:
                errors.append(FieldError(f"{where}.serves", f"{label}: {name!r} is not a municipality in municipalities.csv",
                                         code="unknown_municipality", params={"office": label, "field": "serves", "value": str(name)}))
            elif county and municipalities.county_of[name] != county:
                errors.append(FieldError(f"{where}.serves", f"{label}: {name} is in {municipalities.county_of[name]}, not {county}",
                                         code="wrong_county", params={"office": label, "field": "serves", "value": name}))
            elif name in served:
                errors.append(FieldError(f"{where}.serves", f"{label}: {name} is already served by {served[name]}",
                                         code="served_twice", params={"office": label, "field": "serves", "value": name}))
            else:
                served[name] = label
    for county in sorted(municipalities.counties):
        found = mains.get(county, [])
        if len(found) != 1:
            errors.append(FieldError("offices", f"{county} must have exactly one main office (has {len(found)})",
                                     code="main_office", params={"field": "main", "value": county}))
    missing = [m for m in municipalities.county_of if m not in served]
    if missing and not any(e.code in ("unknown_municipality", "wrong_county") for e in errors):
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        errors.append(FieldError("offices", f"no office serves {shown}", code="municipality_unserved",
                                 params={"field": "serves", "value": missing[0]}))
    return errors


# -- the loaded data -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Centres:
    offices: tuple[Office, ...]
    municipalities: Municipalities

    def office_for_municipality(self, municipality: str) -> Office | None:
        for office in self.offices:
            if municipality in office.serves:
                return office
        return None

    def main_office(self, county: str) -> Office | None:
        return next((o for o in self.offices if o.county == county and o.main), None)

    def in_county(self, county: str) -> list[Office]:
        return [o for o in self.offices if o.county == county]

    def nearest(self, municipality: str | None = None, county: str | None = None) -> CentreCard | None:
        if municipality:
            name = self.municipalities.lookup(municipality)
            office = self.office_for_municipality(name) if name else None
            if office is not None:
                return card_of(office)
        if county:
            wanted = normalise(county)
            match = next((c for c in self.municipalities.counties if normalise(c) == wanted), None)
            office = self.main_office(match) if match else None
            if office is not None:
                return card_of(office)
        return None

    def as_document(self) -> dict[str, Any]:
        return {"offices": [o.as_dict() for o in self.offices]}


def parse(data: Any, municipalities: Municipalities) -> Centres:
    errors = validate(data, municipalities)
    if errors:
        raise CentresInvalid(errors)
    offices = []
    for raw in data["offices"]:
        fields = {}
        for name in FIELDS:
            item = raw[name]
            value = (item.get("value") or "").strip()
            checked = item.get("checked")
            fields[name] = Sourced(value, item.get("source_url") if value else None,
                                   (checked.isoformat() if isinstance(checked, dt.date) else str(checked)) if value else None)
        offices.append(Office(id=raw["id"], county=raw["county"], main=raw["main"],
                              needs_verification=raw["needs_verification"], fields=fields,
                              serves=tuple(raw["serves"]), note=(raw.get("note") or "").strip()))
    return Centres(tuple(offices), municipalities)


def render(centres_or_document: Centres | Mapping[str, Any], header: str = "") -> str:
    """The YAML text of a document (each field on one line, serves as one list)."""
    document = centres_or_document.as_document() if isinstance(centres_or_document, Centres) else centres_or_document

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    class Flow(dict):
        pass

    class FlowList(list):
        pass

    Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
    Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    offices = []
    for office in document["offices"]:
        office = dict(office)
        for name in FIELDS:
            office[name] = Flow(office[name])
        office["serves"] = FlowList(office["serves"])
        offices.append(office)
    return header + yaml.dump({"offices": offices}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110)


def file_header(path: Path) -> str:
    """The leading comment block of the file (kept when editors save)."""
    if not path.exists():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


_cache: dict[Path, tuple[int, Centres]] = {}
_cache_lock = Lock()


def load_centres(data_dir: Path | str | None = None) -> Centres:
    """The centres in ``data_dir`` (default: the configured knowledge data folder). Re-read when
    the file changes. Raises ``CentresInvalid`` (or ``FileNotFoundError``)."""
    if data_dir is None:
        from core.settings import KnowledgeSettings

        data_dir = KnowledgeSettings().data_dir
    directory = Path(data_dir)
    path = directory / FILE_NAME
    stamp = os.stat(path).st_mtime_ns
    with _cache_lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    centres = parse(data, read_municipalities(directory))
    with _cache_lock:
        _cache[path] = (stamp, centres)
    return centres


def nearest_office(municipality: str | None = None, county: str | None = None, *,
                   data_dir: Path | str | None = None) -> CentreCard | None:
    """The office serving ``municipality`` (its name in any of the listed forms, e.g. "Karasjok"
    or "Kárášjohka"); else the main office of ``county``; None when neither is known."""
    return load_centres(data_dir).nearest(municipality, county)


def write_centres(data_dir: Path | str, data: Any) -> Centres:
    """Validate a whole document and write it atomically; ``CentresInvalid`` writes nothing."""
    from knowledge.article_store import write_atomically

    directory = Path(data_dir)
    path = directory / FILE_NAME
    centres = parse(data, read_municipalities(directory))
    write_atomically(path, render(centres, file_header(path)))
    return centres


def centre_payload(county: str | None = None, municipality: str | None = None) -> str:
    """The button payload that asks the assistant for the nearest centre card (intent
    ``career_centre``; the values arrive as the entities ``county`` and ``place``)."""
    import json

    values = {k: v for k, v in (("county", county), ("place", municipality)) if v}
    return "/career_centre" + (json.dumps(values, ensure_ascii=False) if values else "")
