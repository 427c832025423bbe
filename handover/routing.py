"""Who may take which handover. Pure functions over the queue, the profile of the counsellor
asking and the profiles of everyone on duty.

- Crisis first, then waiting time (the queue order itself).
- Language: reserved for counsellors who speak the citizen's language while one is on duty;
  otherwise anyone may take it, with a note. A language the assistant does not write in (Northern
  Sami, Russian, ...) with no speaker on duty is kept for those who speak the language the citizen
  is answered in meanwhile (bokmål for Sami, English for the rest), while one is on duty.
- County and expertise knowledge are preferred: for a short window a handover is kept for an
  on-duty counsellor who knows the county (or has the expertise), then anyone may take it.
- Fair load (for "next"): for a short window a handover is left to an on-duty colleague who
  could take it and has fewer chats.
- Crisis skips every window.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.languages import answer_language, counsellor_only, unserved
from handover.counsellors import CounsellorProfile

EXPERTISE_WORDS = {
    "school": ("videregående", "vidaregåande", "ungdomsskole", "lærling", "fagbrev", "upper secondary"),
    "higher_education": ("samordna", "studie", "universitet", "høyskole", "høgskule", "bachelor", "master", "fagskole"),
    "work_nav": ("nav", "jobb", "arbeid", "oppsagt", "permittert", "cv", "job", "laid off"),
    "immigrants": ("godkjenning", "hk-dir", "introduksjonsprogram", "norskopplæring", "utenlandsk", "flyktning"),
    "adults_in_transition": ("karriereskifte", "omskolering", "bytte yrke", "mistet jobben", "career change"),
}


@dataclass(frozen=True)
class Assessment:
    """May this counsellor take the handover now, and why (not): ``hints`` as codes with their
    values for pages to translate, ``notes`` the same in English for logs and error details."""

    eligible: bool
    hints: list[dict[str, Any]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return [describe(hint) for hint in self.hints]


def describe(hint: dict[str, Any]) -> str:
    code = hint["code"]
    if code == "kept_for_language":
        return f"kept for a colleague who speaks {hint['language']}"
    if code == "nobody_speaks":
        return f"no counsellor on duty speaks {hint['language']}"
    if code == "kept_for_county":
        return f"kept for a colleague who knows {hint['county']} for {hint['seconds']} s"
    if code == "kept_for_expertise":
        return f"kept for a colleague with expertise in {', '.join(hint['expertise'])}"
    if code == "left_for_fewer_chats":
        return "left for a colleague with fewer chats"
    if code == "you_know_county":
        return f"you know {hint['county']}"
    return code


def expertise_of(handover: dict[str, Any]) -> set[str]:
    text = (handover.get("summary") or "").lower()
    found = {name for name, words in EXPERTISE_WORDS.items() if any(w in text for w in words)}
    language = handover.get("language")
    if language in ("uk", "pl", "ar") or (unserved(language) and not counsellor_only(language)):
        found.add("immigrants")
    return found


def waited_s(handover: dict[str, Any], now: datetime) -> float:
    return (now - datetime.fromisoformat(handover["waiting_since"])).total_seconds()


def assess(
    handover: dict[str, Any], me: CounsellorProfile, on_duty: list[CounsellorProfile], now: datetime,
    preference_window_s: float, loads: dict[str, int] | None = None, fairness_window_s: float = 0,
) -> Assessment:
    language = handover.get("language") or "nb"
    notes: list[dict[str, Any]] = []
    others = [p for p in on_duty if p.username != me.username]
    crisis = handover.get("priority") == "crisis"
    if not me.speaks(language):
        if any(p.speaks(language) for p in others):
            return Assessment(False, [{"code": "kept_for_language", "language": language}])
        notes.append({"code": "nobody_speaks", "language": language})
        meanwhile = answer_language(language)
        if meanwhile != language and not me.speaks(meanwhile) and any(p.speaks(meanwhile) for p in others):
            return Assessment(False, [{"code": "kept_for_language", "language": meanwhile}])
    if crisis:
        return Assessment(True, notes)
    waited = waited_s(handover, now)
    county = handover.get("county")
    if county and county not in me.counties and waited < preference_window_s:
        if any(county in p.counties and p.speaks(language) for p in others):
            return Assessment(False, [{"code": "kept_for_county", "county": county,
                                       "seconds": round(preference_window_s - waited)}])
    needed = expertise_of(handover)
    if needed and not needed & set(me.expertise) and waited < preference_window_s:
        if any(needed & set(p.expertise) and p.speaks(language) for p in others):
            return Assessment(False, [{"code": "kept_for_expertise", "expertise": sorted(needed)}])
    if loads is not None and waited < fairness_window_s:
        mine = loads.get(me.username, 0)
        if any(loads.get(p.username, 0) < mine and p.speaks(language)
               and loads.get(p.username, 0) < p.max_parallel for p in others):
            return Assessment(False, [{"code": "left_for_fewer_chats"}])
    if county and county in me.counties:
        notes.append({"code": "you_know_county", "county": county})
    return Assessment(True, notes)
