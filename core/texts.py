"""Fixed texts by language: the one lookup every surface uses, and the notices the gateway and the
handover service send the citizen (the assistant's own words live in Rasa's domain and actions/texts.py).
The crisis reply and the emergency numbers are here, once: the crisis action and the gateway's safety
net (queued, with a counsellor, Rasa unavailable) send the same numbers."""

import re

from core.languages import FALLBACK_LANGUAGE

# A wait of one minute is singular: "omtrent 1 minutt", "about 1 minute" (nynorsk "minutt" is both).
_ONE_MINUTE = re.compile(r"(?<![\d.,])1 (minutter|minutes)\b")
_SINGULAR = {"minutter": "minutt", "minutes": "minute"}


def lookup(table: dict[str, dict[str, str]], key: str, language: str, **values: object) -> str:
    """The text ``key`` in ``language`` (English when that language lacks it), filled in."""
    variants = table[key]
    text = (variants.get(language) or variants[FALLBACK_LANGUAGE]).format(**values)
    return _ONE_MINUTE.sub(lambda m: f"1 {_SINGULAR[m.group(1)]}", text)


TEXTS: dict[str, dict[str, str]] = {
    "assistant_unavailable": {  # Rasa or its action server is down: the ways on are buttons
        "nb": "Beklager, assistenten svarer ikke akkurat nå. Meldingen din er lagret. Du kan chatte med en veileder eller finne et karrieresenter, eller prøve igjen om litt.",
        "nn": "Orsak, assistenten svarar ikkje akkurat no. Meldinga di er lagra. Du kan chatte med ein rettleiar eller finne eit karrieresenter, eller prøve igjen om litt.",
        "en": "Sorry, the assistant is not answering right now. Your message has been saved. You can chat with a counsellor or find a career centre, or try again in a moment.",
        "uk": "Вибачте, асистент зараз не відповідає. Ваше повідомлення збережено. Ви можете написати консультантові в чаті або знайти кар'єрний центр, чи спробувати ще раз трохи згодом.",
        "pl": "Przepraszamy, asystent w tej chwili nie odpowiada. Twoja wiadomość została zapisana. Możesz napisać na czacie do doradcy, znaleźć centrum kariery albo spróbować ponownie za chwilę.",
        "ar": "عذرًا، المساعد لا يجيب الآن. تم حفظ رسالتك. يمكنك الدردشة مع مستشار أو البحث عن مركز مهني، أو المحاولة مرة أخرى بعد قليل.",
    },
    "centre_without_assistant": {  # the career centre button while the assistant is down and no county is known
        "nb": "Assistenten kan ikke finne karrieresenteret ditt akkurat nå. Den nasjonale tjenesten karriereveiledning.no tilbyr gratis samtaler.",
        "nn": "Assistenten kan ikkje finne karrieresenteret ditt akkurat no. Den nasjonale tenesta karriereveiledning.no tilbyr gratis samtalar.",
        "en": "The assistant cannot look up your career centre right now. The national service karriereveiledning.no offers free conversations.",
        "uk": "Асистент зараз не може знайти ваш кар'єрний центр. Національна служба karriereveiledning.no пропонує безкоштовні розмови.",
        "pl": "Asystent nie może teraz wyszukać Twojego centrum kariery. Krajowa usługa karriereveiledning.no oferuje bezpłatne rozmowy.",
        "ar": "لا يستطيع المساعد البحث عن مركزك المهني الآن. تقدّم الخدمة الوطنية karriereveiledning.no محادثات مجانية.",
    },
    "button_counsellor": {
        "nb": "Chat med en veileder", "nn": "Chat med ein rettleiar", "en": "Chat with a counsellor",
        "uk": "Чат із консультантом", "pl": "Czat z doradcą", "ar": "الدردشة مع مستشار",
    },
    "handover_queued": {
        "nb": "Du står i kø for å chatte med en karriereveileder. Du er nummer {position} i køen, og ventetiden er omtrent {minutes} minutter. Du kan skrive her mens du venter; veilederen ser alt du har skrevet.",
        "nn": "Du står i kø for å chatte med ein karriererettleiar. Du er nummer {position} i køen, og ventetida er omtrent {minutes} minutt. Du kan skrive her medan du ventar; rettleiaren ser alt du har skrive.",
        "en": "You are in the queue to chat with a career counsellor. You are number {position} in the queue, and the wait is about {minutes} minutes. You can keep writing while you wait; the counsellor will see everything you wrote.",
        "uk": "Ви в черзі на чат із кар'єрним консультантом. Ваш номер у черзі: {position}, орієнтовне очікування — {minutes} хв. Консультант побачить усе, що ви написали.",
        "pl": "Czekasz w kolejce na rozmowę z doradcą zawodowym. Jesteś {position}. w kolejce, czas oczekiwania to około {minutes} min. Doradca zobaczy wszystko, co napisałeś/napisałaś.",
        "ar": "أنت في قائمة الانتظار للدردشة مع مستشار مهني. رقمك في القائمة {position}، ووقت الانتظار حوالي {minutes} دقيقة. سيرى المستشار كل ما كتبته.",
    },
    "queue_position": {
        "nb": "Du er nå nummer {position} i køen. Ventetiden er omtrent {minutes} minutter.",
        "nn": "Du er no nummer {position} i køen. Ventetida er omtrent {minutes} minutt.",
        "en": "You are now number {position} in the queue. The wait is about {minutes} minutes.",
        "uk": "Тепер ви {position}-й у черзі. Очікування — близько {minutes} хв.",
        "pl": "Jesteś teraz {position}. w kolejce. Czas oczekiwania to około {minutes} min.",
        "ar": "أنت الآن رقم {position} في قائمة الانتظار. وقت الانتظار حوالي {minutes} دقيقة.",
    },
    "returned_to_queue": {
        "nb": "Veilederen mistet forbindelsen. Du er satt først i køen igjen, og en veileder tar over så snart som mulig.",
        "nn": "Rettleiaren mista sambandet. Du er sett først i køen igjen, og ein rettleiar tek over så snart som mogleg.",
        "en": "The counsellor lost the connection. You are first in the queue again, and a counsellor will take over as soon as possible.",
        "uk": "Консультант втратив з'єднання. Ви знову перші в черзі.",
        "pl": "Doradca stracił połączenie. Jesteś znów pierwszy/pierwsza w kolejce.",
        "ar": "فقد المستشار الاتصال. أنت الأول في قائمة الانتظار مرة أخرى.",
    },
    "transferred": {
        "nb": "Samtalen blir satt over til en annen veileder. Du trenger ikke gjenta noe; alt du har skrevet følger med.",
        "nn": "Samtalen blir sett over til ein annan rettleiar. Du treng ikkje gjenta noko; alt du har skrive følgjer med.",
        "en": "Your conversation is being passed to another counsellor. You don't need to repeat anything; everything you wrote goes with it.",
        "uk": "Вашу розмову передають іншому консультанту. Повторювати нічого не треба.",
        "pl": "Rozmowa zostaje przekazana innemu doradcy. Nie musisz niczego powtarzać.",
        "ar": "يتم تحويل محادثتك إلى مستشار آخر. لا داعي لتكرار أي شيء.",
    },
    "back_to_bot": {
        "nb": "Du chatter med den digitale assistenten igjen. Du kan be om en veileder når som helst.",
        "nn": "Du chattar med den digitale assistenten igjen. Du kan be om ein rettleiar når som helst.",
        "en": "You are chatting with the digital assistant again. You can ask for a counsellor at any time.",
        "uk": "Ви знову спілкуєтеся з цифровим асистентом. Ви можете будь-коли попросити консультанта.",
        "pl": "Znowu rozmawiasz z asystentem cyfrowym. W każdej chwili możesz poprosić o doradcę.",
        "ar": "أنت تتحدث مع المساعد الرقمي مرة أخرى. يمكنك طلب مستشار في أي وقت.",
    },
    "nobody_on_duty": {
        "nb": "Ingen karriereveiledere er på chatten akkurat nå. Legg igjen spørsmålet ditt og en e-postadresse eller et telefonnummer, så tar en veileder kontakt. Du kan også finne et karrieresenter i fylket ditt, eller fortsette å spørre meg.",
        "nn": "Ingen karriererettleiarar er på chatten akkurat no. Legg att spørsmålet ditt og ei e-postadresse eller eit telefonnummer, så tek ein rettleiar kontakt. Du kan òg finne eit karrieresenter i fylket ditt, eller halde fram med å spørje meg.",
        "en": "No career counsellor is on the chat right now. Leave your question with an e-mail address or phone number and a counsellor will contact you. You can also find a career centre in your county, or keep asking me.",
        "uk": "Зараз у чаті немає консультантів. Залиште питання та e-mail або телефон — консультант зв'яжеться з вами.",
        "pl": "Teraz nie ma doradców na czacie. Zostaw pytanie i e-mail lub telefon, a doradca się z tobą skontaktuje.",
        "ar": "لا يوجد مستشار في الدردشة الآن. اترك سؤالك مع بريد إلكتروني أو رقم هاتف وسيتواصل معك مستشار.",
    },
    "callback_saved": {
        "nb": "Takk! Spørsmålet ditt er lagret, og en karriereveileder tar kontakt på {contact} så snart chatten er åpen.",
        "nn": "Takk! Spørsmålet ditt er lagra, og ein karriererettleiar tek kontakt på {contact} så snart chatten er open.",
        "en": "Thank you! Your question is saved, and a career counsellor will contact you at {contact} once the chat is open.",
        "uk": "Дякуємо! Ваше питання збережено, консультант зв'яжеться з вами: {contact}.",
        "pl": "Dziękujemy! Pytanie zostało zapisane, doradca skontaktuje się z tobą: {contact}.",
        "ar": "شكرًا! تم حفظ سؤالك، وسيتواصل معك مستشار على {contact}.",
    },
    "out_of_hours": {
        "nb": "Karriereveilederne er ikke på chatten akkurat nå. Chatten åpner igjen {opens}. Du kan legge igjen spørsmålet ditt og en e-postadresse eller et telefonnummer, så tar en veileder kontakt. Du kan også finne et karrieresenter i fylket ditt, eller fortsette å spørre meg.",
        "nn": "Karriererettleiarane er ikkje på chatten akkurat no. Chatten opnar igjen {opens}. Du kan leggje att spørsmålet ditt og ei e-postadresse eller eit telefonnummer, så tek ein rettleiar kontakt. Du kan òg finne eit karrieresenter i fylket ditt, eller halde fram med å spørje meg.",
        "en": "The career counsellors are not on the chat right now. The chat opens again {opens}. You can leave your question with an e-mail address or phone number and a counsellor will contact you. You can also find a career centre in your county, or keep asking me.",
        "uk": "Консультанти зараз не в чаті. Чат знову відкриється {opens}. Ви можете знайти кар'єрний центр у своєму регіоні або продовжити запитувати мене.",
        "pl": "Doradcy nie są teraz dostępni na czacie. Czat zostanie ponownie otwarty {opens}. Możesz znaleźć centrum kariery w swoim regionie albo dalej pytać mnie.",
        "ar": "المستشارون غير متاحين في الدردشة الآن. ستفتح الدردشة مرة أخرى {opens}. يمكنك العثور على مركز مهني في منطقتك أو متابعة سؤالي.",
    },
    "never_open": {
        "nb": "Chat med karriereveileder er dessverre ikke tilgjengelig nå. Du kan finne et karrieresenter i fylket ditt, eller fortsette å spørre meg.",
        "nn": "Chat med karriererettleiar er dessverre ikkje tilgjengeleg no. Du kan finne eit karrieresenter i fylket ditt, eller halde fram med å spørje meg.",
        "en": "Chat with a career counsellor is unfortunately not available now. You can find a career centre in your county, or keep asking me.",
        "uk": "На жаль, чат із консультантом зараз недоступний. Ви можете знайти кар'єрний центр або продовжити запитувати мене.",
        "pl": "Niestety czat z doradcą jest teraz niedostępny. Możesz znaleźć centrum kariery albo dalej pytać mnie.",
        "ar": "للأسف، الدردشة مع مستشار غير متاحة الآن. يمكنك العثور على مركز مهني أو متابعة سؤالي.",
    },
    "counsellor_joined": {
        "nb": "En karriereveileder har kommet inn i samtalen.",
        "nn": "Ein karriererettleiar har kome inn i samtalen.",
        "en": "A career counsellor has joined the conversation.",
        "uk": "До розмови приєднався кар'єрний консультант.",
        "pl": "Do rozmowy dołączył doradca zawodowy.",
        "ar": "انضم مستشار مهني إلى المحادثة.",
    },
    "conversation_closed": {
        "nb": "Samtalen er avsluttet. Takk for at du tok kontakt! Du kan laste ned samtalen, eller starte en ny.",
        "nn": "Samtalen er avslutta. Takk for at du tok kontakt! Du kan laste ned samtalen, eller starte ein ny.",
        "en": "The conversation has ended. Thank you for getting in touch! You can download the conversation or start a new one.",
        "uk": "Розмову завершено. Дякуємо, що звернулися! Ви можете завантажити розмову або почати нову.",
        "pl": "Rozmowa została zakończona. Dziękujemy za kontakt! Możesz pobrać rozmowę albo rozpocząć nową.",
        "ar": "انتهت المحادثة. شكرًا لتواصلك! يمكنك تنزيل المحادثة أو بدء محادثة جديدة.",
    },
    "button_career_centre": {
        "nb": "Finn et karrieresenter", "nn": "Finn eit karrieresenter", "en": "Find a career centre",
        "uk": "Знайти кар'єрний центр", "pl": "Znajdź centrum kariery", "ar": "ابحث عن مركز مهني",
    },
    "button_keep_asking": {
        "nb": "Fortsett å spørre assistenten", "nn": "Hald fram med å spørje assistenten",
        "en": "Keep asking the assistant", "uk": "Продовжити з асистентом", "pl": "Pytaj dalej asystenta",
        "ar": "تابع مع المساعد",
    },
}

# --- safety: the emergency numbers, and what a citizen in crisis is told in each state ---

# (number, its name in each language): 113 medical emergency, Mental Helse's helpline, Kirkens SOS.
EMERGENCY_NUMBERS: tuple[tuple[str, dict[str, str]], ...] = (
    ("113", {
        "nb": "Nødnummer for medisinsk hjelp", "nn": "Naudnummer for medisinsk hjelp", "en": "Medical emergency",
        "uk": "Екстрена медична допомога", "pl": "Numer alarmowy – pomoc medyczna", "ar": "الطوارئ الطبية",
    }),
    ("116 123", {
        "nb": "Mental Helse hjelpetelefonen (hele døgnet)", "nn": "Mental Helse hjelpetelefonen (heile døgeret)",
        "en": "Mental Helse helpline (day and night)", "uk": "Гаряча лінія Mental Helse (цілодобово)",
        "pl": "Telefon zaufania Mental Helse (całą dobę)", "ar": "خط المساعدة Mental Helse (على مدار الساعة)",
    }),
    ("22 40 00 40", {
        "nb": "Kirkens SOS (hele døgnet)", "nn": "Kirkens SOS (heile døgeret)",
        "en": "Kirkens SOS crisis line (day and night)", "uk": "Кризова лінія Kirkens SOS (цілодобово)",
        "pl": "Telefon kryzysowy Kirkens SOS (całą dobę)", "ar": "خط الأزمات Kirkens SOS (على مدار الساعة)",
    }),
)


def emergency(language: str) -> list[dict[str, str]]:
    """The emergency numbers for a crisis reply (``BotMessage.emergency``), named in ``language``."""
    return [{"label": names.get(language) or names[FALLBACK_LANGUAGE], "number": number}
            for number, names in EMERGENCY_NUMBERS]


_CRISIS = {
    "nb": "Det er bra at du sier fra. Er du i fare nå, ring 113. Du kan også snakke med noen hele døgnet: Mental Helse på 116 123 eller Kirkens SOS på 22 40 00 40.",
    "nn": "Det er bra at du seier frå. Er du i fare no, ring 113. Du kan òg snakke med nokon heile døgeret: Mental Helse på 116 123 eller Kirkens SOS på 22 40 00 40.",
    "en": "Thank you for telling me. If you are in danger now, call 113. You can also talk to someone day and night: Mental Helse on 116 123 or Kirkens SOS on 22 40 00 40.",
    "uk": "Добре, що ви про це сказали. Якщо ви в небезпеці, телефонуйте 113. Цілодобово можна поговорити з Mental Helse: 116 123 або Kirkens SOS: 22 40 00 40.",
    "pl": "Dobrze, że o tym mówisz. Jeśli jesteś w niebezpieczeństwie, dzwoń pod 113. Całodobowo możesz porozmawiać z Mental Helse: 116 123 lub Kirkens SOS: 22 40 00 40.",
    "ar": "شكرًا لأنك أخبرتني. إذا كنت في خطر الآن، اتصل بالرقم 113. يمكنك أيضًا التحدث مع أحد على مدار الساعة: Mental Helse على 116 123 أو Kirkens SOS على 22 40 00 40.",
}
_FRONT_OF_QUEUE = {
    "nb": "Du er satt først i køen, og en karriereveileder kommer så snart som mulig. Skriv gjerne her mens du venter.",
    "nn": "Du er sett først i køen, og ein karriererettleiar kjem så snart som mogleg. Skriv gjerne her medan du ventar.",
    "en": "You have been moved to the front of the queue, and a career counsellor will be with you as soon as possible. You can keep writing here while you wait.",
    "uk": "Вас поставлено першим у черзі, консультант приєднається якнайшвидше. Можете писати тут, поки чекаєте.",
    "pl": "Jesteś teraz na początku kolejki, doradca dołączy najszybciej, jak to możliwe. Możesz pisać tutaj, czekając.",
    "ar": "تم نقلك إلى أول قائمة الانتظار، وسينضم إليك مستشار في أقرب وقت ممكن. يمكنك الكتابة هنا أثناء الانتظار.",
}
_COUNSELLOR_ALERTED = {
    "nb": "Veilederen din har fått beskjed.", "nn": "Rettleiaren din har fått beskjed.",
    "en": "Your counsellor has been alerted.", "uk": "Вашого консультанта повідомлено.",
    "pl": "Twój doradca został powiadomiony.", "ar": "تم تنبيه مستشارك.",
}

TEXTS.update({
    # The crisis reply (kind "crisis", with the numbers as ``emergency``): in the assistant's turn
    # (action_crisis, or the gateway when Rasa is down), while queued, and with a counsellor.
    "crisis": _CRISIS,
    "crisis_queued": {lang: f"{_CRISIS[lang]} {_FRONT_OF_QUEUE[lang]}" for lang in _CRISIS},
    "crisis_with_counsellor": {lang: f"{_CRISIS[lang]} {_COUNSELLOR_ALERTED[lang]}" for lang in _CRISIS},
    "handover_queued_crisis": {
        "nb": "Du står først i køen: du er nummer {position}, og en karriereveileder kommer så snart som mulig. Er du i fare nå, ring 113.",
        "nn": "Du står først i køen: du er nummer {position}, og ein karriererettleiar kjem så snart som mogleg. Er du i fare no, ring 113.",
        "en": "You have been put at the front of the queue: you are number {position}, and a career counsellor will be with you as soon as possible. If you are in danger now, call 113.",
        "uk": "Вас поставлено на початок черги: ваш номер {position}, консультант приєднається якнайшвидше. Якщо ви в небезпеці, телефонуйте 113.",
        "pl": "Jesteś na początku kolejki: masz numer {position}, doradca dołączy najszybciej, jak to możliwe. Jeśli jesteś w niebezpieczeństwie, dzwoń pod 113.",
        "ar": "تم وضعك في مقدمة قائمة الانتظار: رقمك {position}، وسينضم إليك مستشار في أقرب وقت ممكن. إذا كنت في خطر الآن، اتصل بالرقم 113.",
    },
    # Out of hours or nobody on duty: after the numbers, instead of the career-centre offer.
    "crisis_out_of_hours": {
        "nb": "Ingen karriereveileder kan svare i chatten akkurat nå. Er du i fare, ring 113 nå. Mental Helse (116 123) og Kirkens SOS (22 40 00 40) svarer hele døgnet. Du kan også legge igjen en melding med e-postadresse eller telefonnummer, så tar en veileder kontakt med deg så snart chatten er åpen.",
        "nn": "Ingen karriererettleiar kan svare i chatten akkurat no. Er du i fare, ring 113 no. Mental Helse (116 123) og Kirkens SOS (22 40 00 40) svarar heile døgeret. Du kan òg leggje att ei melding med e-postadresse eller telefonnummer, så tek ein rettleiar kontakt med deg så snart chatten er open.",
        "en": "No career counsellor can answer in the chat right now. If you are in danger, call 113 now. Mental Helse (116 123) and Kirkens SOS (22 40 00 40) answer day and night. You can also leave a message with an e-mail address or phone number, and a counsellor will contact you as soon as the chat is open.",
        "uk": "Зараз жоден консультант не може відповісти в чаті. Якщо ви в небезпеці, негайно телефонуйте 113. Mental Helse (116 123) і Kirkens SOS (22 40 00 40) відповідають цілодобово. Ви також можете залишити повідомлення з e-mail або номером телефону, і консультант зв'яжеться з вами, щойно чат відкриється.",
        "pl": "Żaden doradca nie może teraz odpowiedzieć na czacie. Jeśli jesteś w niebezpieczeństwie, dzwoń teraz pod 113. Mental Helse (116 123) i Kirkens SOS (22 40 00 40) odbierają całą dobę. Możesz też zostawić wiadomość z e-mailem lub numerem telefonu, a doradca skontaktuje się z tobą, gdy tylko czat będzie otwarty.",
        "ar": "لا يستطيع أي مستشار الرد في الدردشة الآن. إذا كنت في خطر، اتصل بالرقم 113 الآن. Mental Helse (116 123) وKirkens SOS (22 40 00 40) يجيبان على مدار الساعة. يمكنك أيضًا ترك رسالة مع بريد إلكتروني أو رقم هاتف، وسيتواصل معك مستشار فور فتح الدردشة.",
    },
    # --- abuse protection: a request for a counsellor that is not queued ---
    "too_many_waiting": {
        "nb": "Det venter allerede flere forespørsler om veileder fra nettverket du bruker, så vi kan ikke sette deg i kø akkurat nå. Legg igjen spørsmålet ditt og en e-postadresse eller et telefonnummer, så tar en veileder kontakt. Du kan også fortsette å spørre meg.",
        "nn": "Det ventar alt fleire førespurnader om rettleiar frå nettverket du brukar, så vi kan ikkje setje deg i kø akkurat no. Legg att spørsmålet ditt og ei e-postadresse eller eit telefonnummer, så tek ein rettleiar kontakt. Du kan òg halde fram med å spørje meg.",
        "en": "Several requests for a counsellor from the network you are using are already waiting, so we cannot put you in the queue right now. Leave your question with an e-mail address or phone number and a counsellor will contact you. You can also keep asking me.",
        "uk": "З мережі, якою ви користуєтеся, уже чекають кілька запитів на консультанта, тому зараз ми не можемо поставити вас у чергу. Залиште питання та e-mail або телефон — консультант зв'яжеться з вами. Ви також можете й далі запитувати мене.",
        "pl": "Z sieci, z której korzystasz, czeka już kilka próśb o doradcę, więc nie możemy teraz dodać cię do kolejki. Zostaw pytanie i e-mail lub telefon, a doradca się z tobą skontaktuje. Możesz też dalej pytać mnie.",
        "ar": "هناك بالفعل عدة طلبات لمستشار من الشبكة التي تستخدمها في قائمة الانتظار، لذلك لا يمكننا إضافتك إلى القائمة الآن. اترك سؤالك مع بريد إلكتروني أو رقم هاتف وسيتواصل معك مستشار. يمكنك أيضًا متابعة سؤالي.",
    },
    "too_many_handover_requests": {
        "nb": "Det har kommet mange forespørsler om veileder på kort tid. Prøv igjen om {minutes} minutter, eller legg igjen spørsmålet ditt og en e-postadresse eller et telefonnummer, så tar en veileder kontakt.",
        "nn": "Det har kome mange førespurnader om rettleiar på kort tid. Prøv igjen om {minutes} minutt, eller legg att spørsmålet ditt og ei e-postadresse eller eit telefonnummer, så tek ein rettleiar kontakt.",
        "en": "There have been many requests for a counsellor in a short time. Try again in {minutes} minutes, or leave your question with an e-mail address or phone number and a counsellor will contact you.",
        "uk": "За короткий час надійшло багато запитів на консультанта. Спробуйте ще раз через {minutes} хв або залиште питання та e-mail чи телефон — консультант зв'яжеться з вами.",
        "pl": "W krótkim czasie wpłynęło wiele próśb o doradcę. Spróbuj ponownie za {minutes} min albo zostaw pytanie i e-mail lub telefon, a doradca się z tobą skontaktuje.",
        "ar": "وصلت طلبات كثيرة لمستشار في وقت قصير. حاول مرة أخرى بعد {minutes} دقيقة، أو اترك سؤالك مع بريد إلكتروني أو رقم هاتف وسيتواصل معك مستشار.",
    },
    # --- leaving ---
    "left_queue": {
        "nb": "Du har gått ut av køen. Du chatter med den digitale assistenten igjen, og du kan be om en veileder når som helst.",
        "nn": "Du har gått ut av køen. Du chattar med den digitale assistenten igjen, og du kan be om ein rettleiar når som helst.",
        "en": "You have left the queue. You are chatting with the digital assistant again, and you can ask for a counsellor at any time.",
        "uk": "Ви вийшли з черги. Ви знову спілкуєтеся з цифровим асистентом і можете будь-коли попросити консультанта.",
        "pl": "Opuściłeś/opuściłaś kolejkę. Znowu rozmawiasz z asystentem cyfrowym i w każdej chwili możesz poprosić o doradcę.",
        "ar": "لقد غادرت قائمة الانتظار. أنت تتحدث مع المساعد الرقمي مرة أخرى، ويمكنك طلب مستشار في أي وقت.",
    },
    "closed_by_you": {
        "nb": "Samtalen ble avsluttet av deg.", "nn": "Samtalen vart avslutta av deg.", "en": "You ended the conversation.",
        "uk": "Ви завершили розмову.", "pl": "Zakończyłeś/zakończyłaś rozmowę.", "ar": "لقد أنهيت المحادثة.",
    },
    "abandoned": {
        "nb": "Samtalen ble avsluttet fordi vi ikke har hørt fra deg på en stund. Du kan starte en ny samtale når du vil.",
        "nn": "Samtalen vart avslutta fordi vi ikkje har høyrt frå deg på ei stund. Du kan starte ein ny samtale når du vil.",
        "en": "The conversation was ended because we have not heard from you for a while. You can start a new conversation whenever you like.",
        "uk": "Розмову завершено, бо ми деякий час нічого від вас не чули. Ви можете почати нову розмову будь-коли.",
        "pl": "Rozmowa została zakończona, ponieważ od pewnego czasu nie mieliśmy od ciebie wiadomości. Możesz rozpocząć nową rozmowę, kiedy chcesz.",
        "ar": "تم إنهاء المحادثة لأننا لم نسمع منك منذ فترة. يمكنك بدء محادثة جديدة متى شئت.",
    },
})


def text(key: str, language: str, **values: object) -> str:
    """A citizen notice (``TEXTS``) in ``language``."""
    return lookup(TEXTS, key, language, **values)
