"""The actions' own texts, per language (fixed responses live in domain.yml)."""

from core.texts import lookup

TEXTS: dict[str, dict[str, str]] = {
    "not_sure": {
        "nb": "Jeg er ikke sikker på at jeg har et godt svar på det. En karriereveileder kan hjelpe deg videre.",
        "nn": "Eg er ikkje sikker på at eg har eit godt svar på det. Ein karriererettleiar kan hjelpe deg vidare.",
        "en": "I'm not sure I have a good answer to that. A career counsellor can help you further.",
        "uk": "Я не впевнений, що маю добру відповідь на це. Кар'єрний консультант може допомогти.",
        "pl": "Nie jestem pewien, czy mam dobrą odpowiedź. Doradca zawodowy może pomóc.",
        "ar": "لست متأكدًا من أن لدي إجابة جيدة على ذلك. يمكن لمستشار مهني مساعدتك.",
    },
    "button_counsellor": {
        "nb": "Chat med en veileder", "nn": "Chat med ein rettleiar", "en": "Chat with a counsellor",
        "uk": "Чат із консультантом", "pl": "Czat z doradcą", "ar": "الدردشة مع مستشار",
    },
    "button_centre": {
        "nb": "Finn et karrieresenter", "nn": "Finn eit karrieresenter", "en": "Find a career centre",
        "uk": "Знайти кар'єрний центр", "pl": "Znajdź centrum kariery", "ar": "ابحث عن مركز مهني",
    },
    "button_keep_asking": {
        "nb": "Spør assistenten videre", "nn": "Spør assistenten vidare", "en": "Keep asking the assistant",
        "uk": "Далі питати асистента", "pl": "Pytaj dalej asystenta", "ar": "تابع مع المساعد",
    },
    "guidance_offer": {
        "nb": "Det du beskriver, er noe en karriereveileder kan hjelpe deg å tenke gjennom: hva du er god på, hva du bryr deg om, og hvilke muligheter som passer deg. Vil du chatte med en veileder nå, finne et karrieresenter der du bor, eller spørre meg videre?",
        "nn": "Det du skildrar, er noko ein karriererettleiar kan hjelpe deg å tenkje gjennom: kva du er god på, kva du bryr deg om, og kva moglegheiter som passar deg. Vil du chatte med ein rettleiar no, finne eit karrieresenter der du bur, eller spørje meg vidare?",
        "en": "What you describe is something a career counsellor can help you think through: what you are good at, what matters to you, and which options fit you. Would you like to chat with a counsellor now, find a career centre near you, or keep asking me?",
        "uk": "Кар'єрний консультант може допомогти вам це обдумати: що вам вдається, що для вас важливо і які можливості вам підходять. Хочете поговорити з консультантом зараз, знайти кар'єрний центр або продовжити запитувати мене?",
        "pl": "Doradca zawodowy może pomóc ci to przemyśleć: w czym jesteś dobry/dobra, co jest dla ciebie ważne i jakie możliwości do ciebie pasują. Chcesz porozmawiać z doradcą teraz, znaleźć centrum kariery czy dalej pytać mnie?",
        "ar": "يمكن لمستشار مهني أن يساعدك على التفكير في ذلك: ما الذي تجيده، وما المهم بالنسبة لك، وما الخيارات المناسبة لك. هل تريد الدردشة مع مستشار الآن، أو العثور على مركز مهني، أو متابعة سؤالي؟",
    },
    "ask_place": {
        "nb": "Hvilket fylke eller hvilken kommune bor du i? Da finner jeg karrieresenteret nærmest deg.",
        "nn": "Kva fylke eller kommune bur du i? Då finn eg karrieresenteret nærast deg.",
        "en": "Which county or municipality do you live in? Then I can find the career centre nearest you.",
        "uk": "У якій губернії (fylke) або комуні ви живете? Тоді я знайду найближчий кар'єрний центр.",
        "pl": "W jakim regionie (fylke) lub gminie mieszkasz? Wtedy znajdę najbliższe centrum kariery.",
        "ar": "في أي مقاطعة (fylke) أو بلدية تعيش؟ عندها سأجد لك أقرب مركز مهني.",
    },
    "centres_intro": {
        "nb": "Karrieresentrene gir gratis veiledning. I {county} kan du kontakte:",
        "nn": "Karrieresentera gir gratis rettleiing. I {county} kan du kontakte:",
        "en": "The career centres offer free guidance. In {county} you can contact:",
        "uk": "Кар'єрні центри консультують безкоштовно. У {county} можна звернутися до:",
        "pl": "Centra kariery doradzają bezpłatnie. W regionie {county} możesz skontaktować się z:",
        "ar": "تقدم المراكز المهنية إرشادًا مجانيًا. في {county} يمكنك التواصل مع:",
    },
    "no_centre": {
        "nb": "Jeg har ikke kontaktinformasjon for et karrieresenter i {county} ennå. Fylkeskommunens nettside viser hvor du finner det, og du kan chatte med en veileder her.",
        "nn": "Eg har ikkje kontaktinformasjon for eit karrieresenter i {county} enno. Nettsida til fylkeskommunen viser kvar du finn det, og du kan chatte med ein rettleiar her.",
        "en": "I don't have contact details for a career centre in {county} yet. The county's website shows where to find it, and you can chat with a counsellor here.",
        "uk": "У мене ще немає контактів кар'єрного центру в {county}. Ви можете поговорити з консультантом тут.",
        "pl": "Nie mam jeszcze danych centrum kariery w {county}. Możesz porozmawiać z doradcą tutaj.",
        "ar": "ليست لدي بعد بيانات مركز مهني في {county}. يمكنك الدردشة مع مستشار هنا.",
    },
    "ask_feedback": {
        "nb": "Var svaret til hjelp?", "nn": "Var svaret til hjelp?", "en": "Was this answer helpful?",
        "uk": "Ця відповідь допомогла?", "pl": "Czy ta odpowiedź pomogła?", "ar": "هل كانت هذه الإجابة مفيدة؟",
    },
    "button_helpful": {
        "nb": "Ja, det hjalp", "nn": "Ja, det hjelpte", "en": "Yes, it helped",
        "uk": "Так, допомогло", "pl": "Tak, pomogło", "ar": "نعم، ساعدتني",
    },
    "button_unhelpful": {
        "nb": "Nei, ikke egentlig", "nn": "Nei, ikkje eigentleg", "en": "No, not really",
        "uk": "Ні, не зовсім", "pl": "Nie, nie bardzo", "ar": "لا، ليس تمامًا",
    },
    "feedback_thanks": {
        "nb": "Så fint! Spør gjerne om mer.",
        "nn": "Så fint! Spør gjerne om meir.",
        "en": "Glad it helped! Feel free to ask more.",
        "uk": "Радий, що допомогло! Питайте ще.",
        "pl": "Cieszę się, że pomogło! Pytaj śmiało dalej.",
        "ar": "يسعدني أن الإجابة ساعدتك! اسأل المزيد إن أردت.",
    },
    "feedback_sorry": {
        "nb": "Beklager at svaret ikke traff. Prøv gjerne å spørre på en annen måte, eller chat med en karriereveileder.",
        "nn": "Orsak at svaret ikkje trefte. Prøv gjerne å spørje på ein annan måte, eller chat med ein karriererettleiar.",
        "en": "Sorry that answer missed the mark. Try asking in another way, or chat with a career counsellor.",
        "uk": "Вибачте, що відповідь не допомогла. Спробуйте запитати інакше або поговоріть із консультантом.",
        "pl": "Przepraszam, że odpowiedź nie pomogła. Spróbuj zapytać inaczej albo porozmawiaj z doradcą.",
        "ar": "عذرًا لأن الإجابة لم تكن مفيدة. جرّب أن تسأل بطريقة أخرى، أو تحدث مع مستشار مهني.",
    },
    "unhelpful_offer": {
        "nb": "Jeg ser at jeg ikke har klart å hjelpe deg godt nok. En karriereveileder kan se på spørsmålet ditt sammen med deg. Vil du chatte med en veileder nå, finne et karrieresenter, eller spørre meg videre?",
        "nn": "Eg ser at eg ikkje har klart å hjelpe deg godt nok. Ein karriererettleiar kan sjå på spørsmålet ditt saman med deg. Vil du chatte med ein rettleiar no, finne eit karrieresenter, eller spørje meg vidare?",
        "en": "I can see I haven't managed to help you well enough. A career counsellor can look at your question with you. Would you like to chat with a counsellor now, find a career centre, or keep asking me?",
        "uk": "Бачу, що мені не вдалося вам добре допомогти. Кар'єрний консультант може розглянути ваше питання разом із вами. Хочете поговорити з консультантом зараз, знайти кар'єрний центр чи далі питати мене?",
        "pl": "Widzę, że nie udało mi się dobrze pomóc. Doradca zawodowy może przyjrzeć się twojemu pytaniu razem z tobą. Chcesz porozmawiać z doradcą teraz, znaleźć centrum kariery czy dalej pytać mnie?",
        "ar": "أرى أنني لم أتمكن من مساعدتك بما يكفي. يمكن لمستشار مهني أن ينظر في سؤالك معك. هل تريد الدردشة مع مستشار الآن، أو العثور على مركز مهني، أو متابعة سؤالي؟",
    },
    "anything_else": {
        "nb": "Greit. Spør meg gjerne om noe annet, eller be om en veileder når som helst.",
        "nn": "Greitt. Spør meg gjerne om noko anna, eller be om ein rettleiar når som helst.",
        "en": "All right. Ask me anything else, or ask for a counsellor at any time.",
        "uk": "Добре. Питайте про інше або попросіть консультанта будь-коли.",
        "pl": "Dobrze. Pytaj o coś innego albo poproś o doradcę w dowolnej chwili.",
        "ar": "حسنًا. اسألني عن أي شيء آخر، أو اطلب مستشارًا في أي وقت.",
    },
    "other_language": {
        "nb": "Jeg kan ikke skrive på språket ditt, så jeg svarer på engelsk. Du kan også chatte med en karriereveileder.",
        "nn": "Eg kan ikkje skrive på språket ditt, så eg svarar på engelsk. Du kan òg chatte med ein karriererettleiar.",
        "en": "I can't write in your language, so I will answer in English (I also understand Norwegian, Ukrainian, Polish and Arabic). If English is hard for you, a career counsellor can help you find the right help.",
        "uk": "Я не можу писати вашою мовою, тому відповідатиму англійською.",
        "pl": "Nie mogę pisać w twoim języku, więc odpowiem po angielsku.",
        "ar": "لا أستطيع الكتابة بلغتك، لذلك سأجيب بالإنجليزية.",
    },
    "place_not_found": {
        "nb": "Jeg fant ikke stedet i listen min. Skriv navnet på fylket eller kommunen din (for eksempel Vestland eller Bodø), eller chat med en veileder.",
        "nn": "Eg fann ikkje staden i lista mi. Skriv namnet på fylket eller kommunen din (til dømes Vestland eller Bodø), eller chat med ein rettleiar.",
        "en": "I couldn't find that place in my list. Write the name of your county or municipality (for example Vestland or Bodø), or chat with a counsellor.",
        "uk": "Я не знайшов це місце. Напишіть назву фюльке або комуни (наприклад, Vestland або Bodø) або поговоріть із консультантом.",
        "pl": "Nie znalazłem tego miejsca. Napisz nazwę regionu (fylke) lub gminy (np. Vestland albo Bodø) albo porozmawiaj z doradcą.",
        "ar": "لم أجد هذا المكان في قائمتي. اكتب اسم المقاطعة أو البلدية (مثل Vestland أو Bodø)، أو تحدث مع مستشار.",
    },
    "choose_language": {
        "nb": "Hvilket språk vil du at jeg skal skrive på?", "nn": "Kva språk vil du at eg skal skrive på?",
        "en": "Which language would you like me to write in?", "uk": "Якою мовою мені писати?",
        "pl": "W jakim języku mam pisać?", "ar": "بأي لغة تريد أن أكتب؟",
    },
    "not_understood": {
        "nb": "Beklager, det forsto jeg ikke helt. Kan du si det på en annen måte? Du kan også chatte med en karriereveileder.",
        "nn": "Orsak, det forstod eg ikkje heilt. Kan du seie det på ein annan måte? Du kan òg chatte med ein karriererettleiar.",
        "en": "Sorry, I didn't quite understand. Could you put it another way? You can also chat with a career counsellor.",
        "uk": "Вибачте, я не зовсім зрозумів. Можете сформулювати інакше? Ви також можете поговорити з консультантом.",
        "pl": "Przepraszam, nie do końca rozumiem. Czy możesz to ująć inaczej? Możesz też porozmawiać z doradcą.",
        "ar": "عذرًا، لم أفهم تمامًا. هل يمكنك إعادة الصياغة؟ يمكنك أيضًا الدردشة مع مستشار.",
    },
    "language_changed": {
        "nb": "Greit, jeg skriver på bokmål fra nå.", "nn": "Greitt, eg skriv på nynorsk frå no.",
        "en": "All right, I'll write in English from now on.", "uk": "Добре, далі я писатиму українською.",
        "pl": "Dobrze, od teraz piszę po polsku.", "ar": "حسنًا، سأكتب بالعربية من الآن.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    return lookup(TEXTS, key, language, **values)
