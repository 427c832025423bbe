"""Fixed texts by language: the one lookup every surface uses, and the notices the gateway and the
handover service send the citizen (the assistant's own words live in Rasa's domain and actions/texts.py)."""

from core.languages import FALLBACK_LANGUAGE


def lookup(table: dict[str, dict[str, str]], key: str, language: str, **values: object) -> str:
    """The text ``key`` in ``language`` (English when that language lacks it), filled in."""
    variants = table[key]
    return (variants.get(language) or variants[FALLBACK_LANGUAGE]).format(**values)


TEXTS: dict[str, dict[str, str]] = {
    "assistant_unavailable": {
        "nb": "Beklager, assistenten svarer ikke akkurat nå. Meldingen din er lagret. Prøv igjen om litt, eller ring karriereveiledning.no.",
        "nn": "Orsak, assistenten svarar ikkje akkurat no. Meldinga di er lagra. Prøv igjen om litt, eller ring karriereveiledning.no.",
        "en": "Sorry, the assistant is not answering right now. Your message has been saved. Please try again in a moment, or contact karriereveiledning.no.",
        "uk": "Вибачте, асистент зараз не відповідає. Ваше повідомлення збережено. Спробуйте ще раз трохи згодом.",
        "pl": "Przepraszamy, asystent w tej chwili nie odpowiada. Twoja wiadomość została zapisana. Spróbuj ponownie za chwilę.",
        "ar": "عذرًا، المساعد لا يجيب الآن. تم حفظ رسالتك. حاول مرة أخرى بعد قليل.",
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


def text(key: str, language: str, **values: object) -> str:
    """A citizen notice (``TEXTS``) in ``language``."""
    return lookup(TEXTS, key, language, **values)
