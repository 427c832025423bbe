// The points calculator page: the form -> POST /api/points -> the explanation, rendered as text
// (textContent only; source urls become links). The page language comes from ?lang=, bokmål by default.
"use strict";

const LANGS = ["nb", "nn", "en", "uk", "pl", "ar"];
const NATIVE = { nb: "Bokmål", nn: "Nynorsk", en: "English", uk: "Українська", pl: "Polski", ar: "العربية" };
const T = {
  nb: { title: "Regn ut poengene dine", intro: "Et anslag på skolepoeng og konkurransepoeng til høyere utdanning. Den offisielle beregningen gjør Samordna opptak.",
    year: "Opptaksår", birth: "Fødselsår", diploma: "Vitnemål", first: "Førstegangsvitnemål", other: "Annet vitnemål (fag tatt opp eller forbedret)", r235: "23/5-regelen",
    average: "Karaktersnitt (1–6)", science: "Realfag", language: "Fremmedspråk", extra: "Tilleggspoeng", submit: "Regn ut", failed: "Noe gikk galt. Prøv igjen.", unsettled: "(ikke avklart)" },
  nn: { title: "Rekn ut poenga dine", intro: "Eit overslag over skulepoeng og konkurransepoeng til høgare utdanning. Den offisielle berekninga gjer Samordna opptak.",
    year: "Opptaksår", birth: "Fødselsår", diploma: "Vitnemål", first: "Førstegongsvitnemål", other: "Anna vitnemål (fag teke opp eller forbetra)", r235: "23/5-regelen",
    average: "Karaktersnitt (1–6)", science: "Realfag", language: "Framandspråk", extra: "Tilleggspoeng", submit: "Rekn ut", failed: "Noko gjekk gale. Prøv igjen.", unsettled: "(ikkje avklart)" },
  en: { title: "Work out your points", intro: "An estimate of your school and competition points for higher education. The official calculation is made by Samordna opptak.",
    year: "Admission year", birth: "Year of birth", diploma: "Diploma", first: "First-time diploma", other: "Other diploma (subjects retaken or improved)", r235: "The 23/5 rule",
    average: "Grade average (1–6)", science: "Science subjects", language: "Foreign languages", extra: "Additional points", submit: "Calculate", failed: "Something went wrong. Please try again.", unsettled: "(not settled)" },
  uk: { title: "Розрахуйте свої бали", intro: "Оцінка шкільних і конкурсних балів для вступу до вищої освіти. Офіційний розрахунок робить Samordna opptak.",
    year: "Рік вступу", birth: "Рік народження", diploma: "Атестат", first: "Перший атестат", other: "Інший атестат (предмети перескладені чи покращені)", r235: "Правило 23/5",
    average: "Середня оцінка (1–6)", science: "Природничі предмети", language: "Іноземні мови", extra: "Додаткові бали", submit: "Розрахувати", failed: "Щось пішло не так. Спробуйте ще раз.", unsettled: "(не остаточно)" },
  pl: { title: "Policz swoje punkty", intro: "Szacunek punktów szkolnych i konkursowych na studia. Oficjalne wyliczenie robi Samordna opptak.",
    year: "Rok rekrutacji", birth: "Rok urodzenia", diploma: "Świadectwo", first: "Pierwsze świadectwo", other: "Inne świadectwo (przedmioty poprawiane)", r235: "Zasada 23/5",
    average: "Średnia ocen (1–6)", science: "Przedmioty ścisłe", language: "Języki obce", extra: "Punkty dodatkowe", submit: "Policz", failed: "Coś poszło nie tak. Spróbuj ponownie.", unsettled: "(nieustalone)" },
  ar: { title: "احسب نقاطك", intro: "تقدير للنقاط المدرسية ونقاط المنافسة للتعليم العالي. الحساب الرسمي تقوم به Samordna opptak.",
    year: "سنة القبول", birth: "سنة الميلاد", diploma: "الشهادة", first: "الشهادة الأولى", other: "شهادة أخرى (مواد أُعيدت أو حُسّنت)", r235: "قاعدة 23/5",
    average: "معدل الدرجات (1–6)", science: "المواد العلمية", language: "اللغات الأجنبية", extra: "نقاط إضافية", submit: "احسب", failed: "حدث خطأ. حاول مرة أخرى.", unsettled: "(غير محسوم)" },
};
// Subject names are the Norwegian curriculum's; the generic items are translated.
const SUBJECTS = {
  math_s1: "Matematikk S1", math_s2: "Matematikk S2", math_r1: "Matematikk R1", math_r2: "Matematikk R2",
  physics_1: "Fysikk 1", physics_2: "Fysikk 2", chemistry_1: "Kjemi 1", chemistry_2: "Kjemi 2",
  biology_1: "Biologi 1", biology_2: "Biologi 2", geoscience_1: "Geofag 1", geoscience_2: "Geofag 2",
  it_1: "Informasjonsteknologi 1", it_2: "Informasjonsteknologi 2",
  technology_research_1: "Teknologi og forskningslære 1", technology_research_2: "Teknologi og forskningslære 2",
  vg3_naturbruk: "Vg3 naturbruk", latin: "Latin", greek: "Gresk",
};
const ITEMS = {
  foreign_language_level_3: { nb: "Fremmedspråk nivå III", nn: "Framandspråk nivå III", en: "Foreign language level III", uk: "Іноземна мова, рівень III", pl: "Język obcy, poziom III", ar: "لغة أجنبية، المستوى III" },
  foreign_language_programme_subject: { nb: "Fremmedspråk programfag (140 t)", nn: "Framandspråk programfag (140 t)", en: "Foreign language programme subject (140 h)", uk: "Іноземна мова, профільний предмет (140 год)", pl: "Język obcy, przedmiot rozszerzony (140 h)", ar: "لغة أجنبية، مادة تخصصية (140 ساعة)" },
  folk_high_school: { nb: "Folkehøgskole", nn: "Folkehøgskule", en: "Folk high school", uk: "Народна вища школа (folkehøgskole)", pl: "Uniwersytet ludowy (folkehøgskole)", ar: "مدرسة شعبية عليا (folkehøgskole)" },
  military_service: { nb: "Militærtjeneste", nn: "Militærteneste", en: "Military service", uk: "Військова служба", pl: "Służba wojskowa", ar: "خدمة عسكرية" },
  civilian_service: { nb: "Siviltjeneste", nn: "Sivilteneste", en: "Civilian service", uk: "Цивільна служба", pl: "Służba cywilna", ar: "خدمة مدنية" },
  higher_education_30: { nb: "Høyere utdanning, 30–59 studiepoeng", nn: "Høgare utdanning, 30–59 studiepoeng", en: "Higher education, 30–59 credits", uk: "Вища освіта, 30–59 кредитів", pl: "Studia wyższe, 30–59 ECTS", ar: "تعليم عالٍ، 30–59 ساعة معتمدة" },
  higher_education_60: { nb: "Høyere utdanning, 60 studiepoeng eller mer", nn: "Høgare utdanning, 60 studiepoeng eller meir", en: "Higher education, 60 credits or more", uk: "Вища освіта, 60 кредитів і більше", pl: "Studia wyższe, 60 ECTS lub więcej", ar: "تعليم عالٍ، 60 ساعة معتمدة أو أكثر" },
  vocational_college_30: { nb: "Fagskole, 30–59 fagskolepoeng", nn: "Fagskule, 30–59 fagskulepoeng", en: "Vocational college, 30–59 credits", uk: "Фахова школа, 30–59 кредитів", pl: "Szkoła zawodowa, 30–59 punktów", ar: "كلية مهنية، 30–59 ساعة معتمدة" },
  vocational_college_60: { nb: "Fagskole, 60 fagskolepoeng eller mer", nn: "Fagskule, 60 fagskulepoeng eller meir", en: "Vocational college, 60 credits or more", uk: "Фахова школа, 60 кредитів і більше", pl: "Szkoła zawodowa, 60 punktów lub więcej", ar: "كلية مهنية، 60 ساعة معتمدة أو أكثر" },
};

const params = new URLSearchParams(location.search);
const lang = LANGS.includes(params.get("lang")) ? params.get("lang") : "nb";
const t = T[lang];
const $ = (id) => document.getElementById(id);

function label(key) {
  return (ITEMS[key] && ITEMS[key][lang]) || SUBJECTS[key] || key;
}

function setTexts() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = "Veivalg – " + t.title;
  const map = { title: "title", intro: "intro", "l-year": "year", "l-birth": "birth", "l-diploma": "diploma",
    "l-first": "first", "l-other": "other", "l-235": "r235", "l-average": "average", "l-science": "science",
    "l-language": "language", "l-extra": "extra", submit: "submit" };
  for (const [id, key] of Object.entries(map)) $(id).textContent = t[key];
  for (const code of LANGS) {
    const link = document.createElement("a");
    link.href = "?lang=" + code;
    link.lang = code;
    link.textContent = NATIVE[code];
    if (code === lang) link.setAttribute("aria-current", "page");
    $("languages").append(link);
  }
}

function checkboxes(containerId, name, keys) {
  const box = $(containerId);
  box.replaceChildren();
  for (const key of keys) {
    const item = document.createElement("label");
    item.className = "choice";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = key;
    const text = document.createElement("span");
    text.textContent = label(key);
    item.append(input, " ", text);
    box.append(item);
  }
}

let years = [];

function showYear() {
  const rules = years.find((y) => String(y.year) === $("applying_year").value);
  if (!rules) return;
  const known = rules.settled ? rules : years.find((y) => y.settled) || rules;
  checkboxes("science", "science_subjects", known.science_subjects.filter((k) => !["latin", "greek"].includes(k)));
  checkboxes("language", "language_subjects", known.language_subjects);
  checkboxes("extra", "extra_items", known.extra_items);
}

async function loadYears() {
  const response = await fetch("/api/points/rules");
  years = (await response.json()).years;
  const select = $("applying_year");
  for (const y of years) {
    const option = document.createElement("option");
    option.value = String(y.year);
    option.textContent = y.settled ? String(y.year) : y.year + " " + t.unsettled;
    select.append(option);
  }
  const firstSettled = [...years].reverse().find((y) => y.settled);
  if (firstSettled) select.value = String(firstSettled.year);
  showYear();
}

function checked(name) {
  return [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
}

function line(text) {
  // A line of the explanation: plain text, and each url in it as a link.
  const p = document.createElement("p");
  p.dir = "auto";
  const parts = text.split(/(https:\/\/\S+)/);
  for (const part of parts) {
    if (/^https:\/\//.test(part)) {
      const a = document.createElement("a");
      a.href = part;
      a.rel = "noopener";
      a.textContent = part;
      p.append(a);
    } else if (part) {
      p.append(document.createTextNode(part));
    }
  }
  return p;
}

async function submit(event) {
  event.preventDefault();
  $("error").hidden = true;
  const diploma = document.querySelector('input[name="diploma"]:checked').value;
  const body = {
    applying_year: Number($("applying_year").value),
    birth_year: Number($("birth_year").value),
    grade_average: Number(String($("grade_average").value).replace(",", ".")),
    science_subjects: checked("science_subjects"),
    language_subjects: checked("language_subjects"),
    extra_items: checked("extra_items"),
    first_time_diploma: diploma === "first_time",
    rule_23_5: diploma === "rule_23_5",
    language: lang,
  };
  let response;
  try {
    response = await fetch("/api/points", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch (error) {
    $("error").textContent = t.failed;
    $("error").hidden = false;
    return;
  }
  const data = await response.json();
  if (!response.ok) {
    // The field's label in the page language, then its name and the server's (English) reason.
    const labels = { applying_year: t.year, birth_year: t.birth, grade_average: t.average, rule_23_5: t.r235,
      science_subjects: t.science, language_subjects: t.language, extra_items: t.extra };
    $("error").textContent = (data.errors || []).map((e) => `${labels[e.field] || e.field} (${e.field}): ${e.message}`)
      .join("\n") || t.failed;
    $("error").hidden = false;
    $("result").hidden = true;
    return;
  }
  $("result").replaceChildren(...data.explanation.map(line));
  $("result").hidden = false;
}

setTexts();
$("applying_year").addEventListener("change", showYear);
$("form").addEventListener("submit", submit);
loadYears();
