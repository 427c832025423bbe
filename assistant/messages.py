"""Fixed texts the gateway itself says (everything else comes from Rasa's domain and actions)."""

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
    "out_of_hours": {
        "nb": "Karriereveilederne er ikke på chatten akkurat nå. Chatten åpner igjen {opens}. Du kan finne et karrieresenter i fylket ditt, eller fortsette å spørre meg.",
        "nn": "Karriererettleiarane er ikkje på chatten akkurat no. Chatten opnar igjen {opens}. Du kan finne eit karrieresenter i fylket ditt, eller halde fram med å spørje meg.",
        "en": "The career counsellors are not on the chat right now. The chat opens again {opens}. You can find a career centre in your county, or keep asking me.",
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

WEEKDAYS = {
    "nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
    "nn": ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "uk": ["понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"],
    "pl": ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"],
    "ar": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
}


def text(key: str, language: str, **values: object) -> str:
    variants = TEXTS[key]
    template = variants.get(language) or variants["en"]
    return template.format(**values)
