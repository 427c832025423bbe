"""What the channels themselves say to the citizen, in the six languages (the conversation's own
texts come from the conversation service and ``core.texts``)."""

from core.texts import lookup

TEXTS: dict[str, dict[str, str]] = {
    "stop_confirmed": {
        "nb": "Samtalen er avsluttet, og alt du skrev er slettet. Skriv igjen når som helst for å starte en ny samtale.",
        "nn": "Samtalen er avslutta, og alt du skreiv er sletta. Skriv igjen når som helst for å starte ein ny samtale.",
        "en": "The conversation has ended and everything you wrote has been deleted. Write again at any time to start a new one.",
        "uk": "Розмову завершено, і все, що ви написали, видалено. Напишіть будь-коли знову, щоб почати нову розмову.",
        "pl": "Rozmowa została zakończona, a wszystko, co napisałeś/napisałaś, zostało usunięte. Napisz ponownie w dowolnej chwili, aby zacząć nową rozmowę.",
        "ar": "انتهت المحادثة وتم حذف كل ما كتبته. اكتب مرة أخرى في أي وقت لبدء محادثة جديدة.",
    },
    "rate_limited": {
        "nb": "Du har sendt mange meldinger på kort tid. Vent litt før du skriver igjen; meldinger du sender før det, blir ikke lest.",
        "nn": "Du har sendt mange meldingar på kort tid. Vent litt før du skriv igjen; meldingar du sender før det, blir ikkje lesne.",
        "en": "You have sent many messages in a short time. Please wait a little before writing again; messages sent before then will not be read.",
        "uk": "Ви надіслали багато повідомлень за короткий час. Зачекайте трохи, перш ніж писати знову; повідомлення, надіслані до того, не буде прочитано.",
        "pl": "Wysłałeś/wysłałaś wiele wiadomości w krótkim czasie. Poczekaj chwilę, zanim napiszesz ponownie; wiadomości wysłane wcześniej nie zostaną przeczytane.",
        "ar": "لقد أرسلت رسائل كثيرة في وقت قصير. انتظر قليلًا قبل أن تكتب مرة أخرى؛ الرسائل التي ترسلها قبل ذلك لن تُقرأ.",
    },
    "choose_by_number": {
        "nb": "Svar med tallet:", "nn": "Svar med talet:", "en": "Reply with the number:",
        "uk": "Надішліть цифру:", "pl": "Odpowiedz, wysyłając cyfrę:", "ar": "أرسل الرقم:",
    },
    "source": {"nb": "Kilde", "nn": "Kjelde", "en": "Source", "uk": "Джерело", "pl": "Źródło", "ar": "المصدر"},
    "last_checked": {
        "nb": "sist kontrollert {date}", "nn": "sist kontrollert {date}", "en": "last checked {date}",
        "uk": "перевірено {date}", "pl": "sprawdzono {date}", "ar": "آخر مراجعة {date}",
    },
    "counsellor": {"nb": "Veileder", "nn": "Rettleiar", "en": "Counsellor", "uk": "Консультант", "pl": "Doradca",
                   "ar": "المستشار"},
    "phone": {"nb": "Telefon", "nn": "Telefon", "en": "Phone", "uk": "Телефон", "pl": "Telefon", "ar": "الهاتف"},
    "booking": {"nb": "Bestill time", "nn": "Bestill time", "en": "Book a meeting", "uk": "Записатися",
                "pl": "Umów spotkanie", "ar": "احجز موعدًا"},
    "write_to_start_again": {
        "nb": "Skriv igjen når som helst for å starte en ny samtale.",
        "nn": "Skriv igjen når som helst for å starte ein ny samtale.",
        "en": "Write again at any time to start a new conversation.",
        "uk": "Напишіть будь-коли знову, щоб почати нову розмову.",
        "pl": "Napisz ponownie w dowolnej chwili, aby zacząć nową rozmowę.",
        "ar": "اكتب مرة أخرى في أي وقت لبدء محادثة جديدة.",
    },
    "text_only": {
        "nb": "Jeg kan bare lese tekst. Skriv gjerne spørsmålet ditt med ord.",
        "nn": "Eg kan berre lese tekst. Skriv gjerne spørsmålet ditt med ord.",
        "en": "I can only read text. Please write your question in words.",
        "uk": "Я можу читати лише текст. Напишіть, будь ласка, своє запитання словами.",
        "pl": "Mogę czytać tylko tekst. Napisz, proszę, swoje pytanie słowami.",
        "ar": "يمكنني قراءة النصوص فقط. اكتب سؤالك بالكلمات من فضلك.",
    },
    "stale_button": {
        "nb": "Den knappen er ikke lenger i bruk.", "nn": "Den knappen er ikkje lenger i bruk.",
        "en": "That button is no longer active.", "uk": "Ця кнопка вже не діє.",
        "pl": "Ten przycisk już nie działa.", "ar": "هذا الزر لم يعد يعمل.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    return lookup(TEXTS, key, language, **values)
