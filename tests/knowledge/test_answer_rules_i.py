"""Who is asking, read from where they come from: "my degree from Iran" is a question from
someone with education from abroad, in every language (knowledge.conditions reads "from
<country>" as the articles say it, through knowledge.origin)."""
from __future__ import annotations

import pytest

from knowledge.conditions import query_conditions


@pytest.mark.unit
@pytest.mark.parametrize("language, question", [
    ("nb", "kan jeg få bachelorgraden min fra Iran godkjent?"),
    ("nn", "kan eg få bachelorgraden min frå Iran godkjend?"),
    ("en", "can I get my bachelor's degree from Iran approved in Norway?"),
    ("uk", "чи можна підтвердити мій диплом бакалавра з Ірану?"),
    ("pl", "czy mogę uznać w Norwegii dyplom licencjata z Iranu?"),
    ("ar", "هل يمكنني معادلة شهادة البكالوريوس من إيران؟"),
])
def test_a_degree_from_a_named_country_is_asked_by_someone_from_abroad(language, question):
    assert "immigrants" in query_conditions(question, language).audience


@pytest.mark.parametrize("language, question", [
    ("en", "can I get my bachelor's degree from Iran approved in Norway?"),
    ("nb", "kan jeg få bachelorgraden min fra Iran godkjent?"),
    ("uk", "чи можна підтвердити мій диплом бакалавра з України в Норвегії?"),
])
def test_a_degree_from_home_is_answered_by_recognition_not_by_support_for_studying_abroad(portal_kb, language, question):
    # Read as "from abroad", the question shares "degree abroad" and "approved" with the article on
    # Lånekassen support for studying abroad (and "підтвердити" with the Norwegian requirement);
    # the person who names their country is the one the recognition article is for.
    answer = portal_kb.answer(question, language=language)
    assert answer.confident
    assert answer.article_ids[0].startswith("godkjenning-utenlandsk-hoyere-utdanning")
    assert "HK-dir" in answer.text


@pytest.mark.unit
@pytest.mark.parametrize("language, question", [
    ("nb", "jeg er 17, er jeg for ung til folkehøgskole?"),
    ("nn", "eg er 17 år og vil gå på folkehøgskule neste år, er eg for ung til det?"),
    ("en", "am I too old to start an apprenticeship at 40?"),
    ("uk", "чи не занадто я старий для навчання в університеті?"),
    ("pl", "czy jestem za stary na studia w wieku 45 lat?"),
    ("ar", "هل أنا كبير على الدراسة في الجامعة؟"),
])
def test_too_young_or_too_old_asks_for_the_age_limit(language, question):
    # "Dei fleste folkehøgskulane har ei nedre aldersgrense på 18 år, men nokre tek opp elevar frå
    # 16 år" answers "er eg for ung?"; read as a yes/no condition it got the school's lead.
    from knowledge.answer_types import question_types

    assert question_types(question, language)[0] == "age"


@pytest.mark.parametrize("language, question, fact", [
    ("en", "does my employer have to pay me while i'm on study leave?", "no duty to pay"),
    ("nn", "har jobba 50 % i butikk i seks år, tel det som fem år etter 23/5-regelen?", "Deltidsarbeid tel forholdsmessig"),
])
def test_a_yes_no_question_is_answered_by_the_sentence_stating_its_predicate(portal_kb, language, question, fact):
    # A condition is answered by the rule as the article states it; the rule need not hold a
    # condition word the question lacks ("Under the Working Environment Act, an employer has no
    # duty to pay wages during educational leave" has none).
    answer = portal_kb.answer(question, language=language)
    assert answer.confident and fact in answer.text
