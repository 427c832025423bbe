"""When a reflective need meets a closed chat or a long queue, the reflection exercise is offered
beside the callback form (the exercise itself is a Rasa form: actions/exercise.py). The button's
payload tells the exercise why it was offered: out of hours it ends with the nearest career centre.
"""

import json

from core.texts import lookup

TEXTS: dict[str, dict[str, str]] = {
    "button_exercise": {
        "nb": "Ta en kort refleksjonsøvelse", "nn": "Ta ei kort refleksjonsøving", "en": "Do a short reflection exercise",
        "uk": "Виконати коротку вправу для роздумів", "pl": "Zrób krótkie ćwiczenie refleksyjne",
        "ar": "قم بتمرين تفكير قصير",
    },
    "exercise_meanwhile": {
        "nb": "I mellomtiden kan du ta en kort øvelse med sju spørsmål om interessene, verdiene og situasjonen din. Du får en oppsummering du kan ta vare på.",
        "nn": "I mellomtida kan du ta ei kort øving med sju spørsmål om interessene, verdiane og situasjonen din. Du får ei oppsummering du kan ta vare på.",
        "en": "Meanwhile you can do a short exercise with seven questions about your interests, values and situation. You get a summary you can keep.",
        "uk": "Тим часом ви можете виконати коротку вправу із семи запитань про ваші інтереси, цінності та ситуацію. Ви отримаєте підсумок, який можна зберегти.",
        "pl": "W międzyczasie możesz zrobić krótkie ćwiczenie z siedmioma pytaniami o twoje zainteresowania, wartości i sytuację. Dostaniesz podsumowanie, które możesz zachować.",
        "ar": "في الأثناء يمكنك القيام بتمرين قصير من سبعة أسئلة عن اهتماماتك وقيمك ووضعك. ستحصل على ملخص يمكنك الاحتفاظ به.",
    },
    "long_queue": {
        "nb": "Køen er lang akkurat nå: omtrent {minutes} minutter. Du kan ta en kort refleksjonsøvelse først (veilederen kan få se oppsummeringen hvis du vil), stille deg i køen likevel, eller legge igjen et spørsmål så vi tar kontakt.",
        "nn": "Køen er lang akkurat no: omtrent {minutes} minutt. Du kan ta ei kort refleksjonsøving først (rettleiaren kan få sjå oppsummeringa om du vil), stille deg i køen likevel, eller leggje att eit spørsmål så vi tek kontakt.",
        "en": "The queue is long right now: about {minutes} minutes. You can do a short reflection exercise first (the counsellor can see the summary if you wish), join the queue anyway, or leave a question and we will get back to you.",
        "uk": "Зараз довга черга: приблизно {minutes} хв. Ви можете спершу виконати коротку вправу для роздумів (консультант може побачити підсумок, якщо ви захочете), усе одно стати в чергу або залишити запитання, і ми з вами зв'яжемося.",
        "pl": "Kolejka jest teraz długa: około {minutes} min. Możesz najpierw zrobić krótkie ćwiczenie refleksyjne (doradca może zobaczyć podsumowanie, jeśli zechcesz), mimo to ustawić się w kolejce albo zostawić pytanie, a my się odezwiemy.",
        "ar": "الانتظار طويل الآن: حوالي {minutes} دقيقة. يمكنك أولًا القيام بتمرين تفكير قصير (يمكن للمستشار أن يطّلع على الملخص إن أردت)، أو الانضمام إلى قائمة الانتظار رغم ذلك، أو ترك سؤال وسنتواصل معك.",
    },
    "button_queue_anyway": {
        "nb": "Still meg i køen likevel", "nn": "Still meg i køen likevel", "en": "Join the queue anyway",
        "uk": "Усе одно стати в чергу", "pl": "Mimo to ustaw mnie w kolejce", "ar": "ضعني في قائمة الانتظار رغم ذلك",
    },
}
LONG_QUEUE = "long_queue"  # the notice's code


def text(key: str, language: str, **values: object) -> str:
    return lookup(TEXTS, key, language, **values)


def button(language: str, why: str) -> dict[str, str]:
    """The exercise button; ``why`` is "closed" or "long_queue"."""
    return {"title": text("button_exercise", language),
            "payload": "/start_exercise" + json.dumps({"exercise_offer": why}, separators=(",", ":"))}
