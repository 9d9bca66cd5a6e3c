// Expected alphabetical orders, written out by hand from the CLDR collation rules of each
// language (not computed by kimdoc's collator). The names are displayed names of offers in
// Templates/offers/musterstadt.yaml; the comments say which rule each neighbour pair checks.

// A language of languages.json without an entry here is tested all the same: its guide must list
// every offer in the order of ICU's collator for the language, under the index letters ICU gives.

import KimCore
import KimTemplate
import KimTestSupport
import KimUnicode
import Testing

/// Every language of Translations/languages.json.
let directoryLanguages = projectLanguages()

/// The names of musterstadt's offers a reader of `lang` sees, in the order expected: the list
/// written out by hand where there is one, else every offer's displayed name in the order of
/// ICU's collator for the language (a language added as data).
func offerNames(_ lang: String) throws -> [String] {
    if let expected = expectedOrders[lang] { return expected }
    let offers = try #require(try DirectorySources.load(root: repositoryRoot).offers["musterstadt"]).offers
    var seen = Set<String>()
    let names = offers.map { $0.displayName(in: Language(lang)) }.filter { seen.insert($0).inserted }
    return try Collator(language: Language(lang)).sorted(names, by: { $0 })
}

/// The letters of a language's index: written out by hand where there is a list, else ICU's.
func indexLettersOf(_ lang: String) throws -> [String] {
    if let letters = expectedIndexLetters[lang] { return letters }
    return try AlphabeticalIndex(collator: try Collator(language: Language(lang)), labelLanguages: [Language(lang)]).letters
}

/// Per language: names in the order a reader of the language expects them.
let expectedOrders: [String: [String]] = [
    // German (standard): ä sorts with a (as a secondary difference), so "Ärztlicher" sits between
    // "Arbeits…" and "AWO"; Ö with O. Case does not decide before letters do ("AWO" after "Ärzt…").
    // A Cyrillic name comes after every Latin one (scripts in Unicode's order).
    "de": [
        "Afrikanisches Kulturzentrum",
        "Agentur für Arbeit Musterstadt",
        "Antidiskriminierungsbüro",
        "Arbeitslosenzentrum Musterstadt",
        "Ärztlicher Notdienst",
        "AWO Migrationsberatung für Erwachsene",
        "Offener Treff für Frauen",
        "Ökumenisches Begegnungscafé",
        "Übersetzungsdienst der Stadt",
        "Ukrainisches Haus Musterstadt",
        "Радуга e. V.",
    ],
    // English (CLDR root order): letters compare before case, so "AWO" follows "Anti-…";
    // German names without an English one stand among the English names by the same rules.
    "en": [
        "Adult Education Centre Musterstadt",
        "African Cultural Centre",
        "Anti-Discrimination Office",
        "AWO Migrationsberatung für Erwachsene",
        "Caritas-Migrationsdienst",
        "City Library Musterstadt",
        "Jobcenter Musterstadt",
        "Радуга e. V.",
    ],
    // Arabic: alef with hamza above or below and bare alef are one letter (hamza's), told apart
    // only at the second level: "اتحاد" (ت) < "أخوة" (خ) < "إرشاد" (ر) < "استشارة" (س) < "الجامعة"
    // (ل); code points would put أ and إ before every bare alef. Latin names follow the Arabic
    // ones, Cyrillic after Latin.
    "ar": [
        "اتحاد المستأجرين في موسترشتات",
        "أخوة كبار – مشروع التوجيه",
        "إرشاد الشباب المهاجرين",
        "استشارة الديون",
        "استشارة قانونية مجانية للاجئين",
        "الجامعة الشعبية في موسترشتات",
        "الطبيب المناوب",
        "مكتبة المدينة",
        "ورشة الفن للأطفال",
        "AWO Migrationsberatung für Erwachsene",
        "Caritas-Migrationsdienst",
        "Jobcenter Musterstadt",
        "Радуга e. V.",
    ],
    // Persian: پ after ب, چ after ج, ژ after ز, گ after ک, and و before ه (Arabic code points put
    // پ چ ژ گ after ي, and Arabic order has ه before و).
    "fa": [
        "بخش مسکن شهرداری",
        "پزشک کشیک",
        "ثبت‌نام مهدکودک",
        "چنار – انجمن فرهنگی ایرانیان",
        "ژیان – انجمن زنان کرد",
        "کتابخانه شهر",
        "کمک به تکالیف مدرسه",
        "گروه خودیاری والدین پناهجو",
        "وکیل رایگان برای پناهجویان",
        "هنرکده کودکان",
        "AWO Migrationsberatung für Erwachsene",
        "Caritas-Migrationsdienst",
        "Jobcenter Musterstadt",
        "Радуга e. V.",
    ],
    // Turkish: c < ç, g < ğ, ı < i (I < İ), o < ö, s < ş, u < ü as letters of their own: "Agora" <
    // "Ağabey" (root order would have Ağa… < Ago…), "Caritas" < "Çalışma" (root: Çal… < Car…),
    // "Işık" < "İş" (root: İş ve… < Işık), "Okul" < "Ödev", "Sosyal" < "Şehir", "Ukrayna" < "Ücretsiz".
    "tr": [
        "Agora Kültür Merkezi",
        "Ağabey-Abla Mentorluk Projesi",
        "Caritas Göç Danışmanlığı",
        "Çalışma ve İşsizlik Danışma Merkezi",
        "Çocuk ve Aile Danışma Merkezi",
        "Işık Kadın Danışma Merkezi",
        "İş ve Meslek Danışmanlığı",
        "Okul Sosyal Hizmeti",
        "Ödev Yardımı",
        "Sosyal Hizmetler Dairesi – Kira Yardımı",
        "Şehir Kütüphanesi",
        "Ukrayna Evi",
        "Ücretsiz Hukuk Danışmanlığı",
    ],
    // Ukrainian: г < ґ, е < є, и < і < ї as letters (root order has ї as і with a diaeresis:
    // "Їжачок" before "Інтеграційний"); Latin names after Cyrillic.
    "uk": [
        "Група самодопомоги батьків-біженців",
        "Ґанок — кафе зустрічей",
        "Енергетична консультація",
        "Євангельська служба допомоги біженцям",
        "Інтеграційний курс із доглядом за дітьми",
        "Їжачок — ігрова група для малят",
        "Мистецька студія для дітей",
        "Міграційна служба для молоді",
        "Міська бібліотека",
        "AWO Migrationsberatung für Erwachsene",
        "Jobcenter Musterstadt",
    ],
    // Russian: ё is е with a diaeresis (second level), so "Ёжик" stands between "Евр…" and "Жен…"
    // (code points would put Ё before А); Latin names after Cyrillic.
    "ru": [
        "Евангелическая служба помощи беженцам",
        "Еврейская община Мустерштадта",
        "Ёжик — игровая группа для малышей",
        "Женская консультация «Лучик»",
        "Радуга e. V.",
        "AWO Migrationsberatung für Erwachsene",
        "Jobcenter Musterstadt",
    ],
    // Kurmanji: ç, ê, î, ş, û are letters after c, e, i, s, u: "Cihê" < "Çavdêriya" (root: Çav… <
    // Cih…), "Dersên" < "Dêra" (root: Dêra < Ders…), "Hunergeha" < "Hûn" (root: "Hûn bi" <
    // "Hunergeha"), "Integrations…" < "Înîsiyatîfa" (root: Înî… < Int…), "Sendîka" < "Şaredariya".
    "ku": [
        "Cihê Hevdîtinê – Qehwexaneya Zimanan",
        "Çavdêriya Zarokan – Tomarkirina Kreşê",
        "Dersên Almanî bi Çavdêriya Zarokan",
        "Dêra Protestan – Alîkariya Penaberan",
        "Hunergeha Zarokan",
        "Hûn bi xêr hatin – Qehwexaneya Ekumenîk",
        "Integrationsagentur im Stadtteil Nord",
        "Înîsiyatîfa Dêûbavên Penaber",
        "Sendîkaya Karkeran – Şêwirmendiya Karê",
        "Şaredariya Musterstadt – Alîkariya Kirê",
    ],
    // Tigrinya (no CLDR tailoring: Unicode's order, the Ethiopic syllabary): consonant rows
    // ሀ ለ ሐ መ … በ … ተ … አ ከ …, within a row the vowel orders ä u i a e ə o (ማ < ም, ቤተ < ቤት);
    // Ethiopic first, then Latin, then Cyrillic.
    "ti": [
        "ህጹጽ ሕክምናዊ ኣገልግሎት",
        "ሕጋዊ ምኽሪ ንስደተኛታት",
        "ማሕበረሰብ ኤርትራውያን ኣብ ሙስተርሽታት",
        "ማእከል ስነ-ኣእምሮን ማሕበራዊ ሓገዝን",
        "ምኽሪ ዕዳ",
        "ምኽሪ ደቂ ኣንስትዮ",
        "ቤተ-መጻሕፍቲ ከተማ",
        "ቤት ትምህርቲ ህዝቢ ሙስተርሽታት",
        "ቤት ጽሕፈት ጥዕና",
        "ኣገልግሎት ስደት ንመንእሰያት",
        "ኮርስ ምውህሃድ ምስ ክንክን ህጻናት",
        "AWO Migrationsberatung für Erwachsene",
        "Jobcenter Musterstadt",
        "Радуга e. V.",
    ],
]

/// German in phone-book order (the template's `collation: phonebook`): ä, ö, ü sort as ae, oe,
/// ue, so "Ärztlicher" (aer…) comes before "Afrikanisches" and "Ökumenisches" (oek…) before "Offener".
let expectedPhonebookOrder = [
    "Ärztlicher Notdienst",
    "Afrikanisches Kulturzentrum",
    "Agentur für Arbeit Musterstadt",
    "Antidiskriminierungsbüro",
    "Arbeitslosenzentrum Musterstadt",
    "AWO Migrationsberatung für Erwachsene",
    "Ökumenisches Begegnungscafé",
    "Offener Treff für Frauen",
    "Übersetzungsdienst der Stadt",
    "Ukrainisches Haus Musterstadt",
]

/// Per language: the letters of its alphabetical index (CLDR index characters), in order.
let expectedIndexLetters: [String: [String]] = [
    "de": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z".split(separator: " ").map(String.init),
    "en": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z".split(separator: " ").map(String.init),
    "ar": "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي".split(separator: " ").map(String.init),
    "fa": "آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی".split(separator: " ").map(String.init),
    "tr": "A B C Ç D E F G H I İ J K L M N O Ö P Q R S Ş T U Ü V W X Y Z".split(separator: " ").map(String.init),
    "uk": "А Б В Г Ґ Д Е Є Ж З И І Ї Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ю Я".split(separator: " ").map(String.init),
    "ru": "А Б В Г Д Е Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ы Э Ю Я".split(separator: " ").map(String.init),
    "ku": "A B C Ç D E Ê F G H I Î J K L M N O P Q R S Ş T U Û V W X Y Z".split(separator: " ").map(String.init),
    // The first syllable of each consonant row, labialised rows included (ቈ ቘ ኈ ኰ ዀ ጐ).
    "ti": "ሀ ለ ሐ መ ሠ ረ ሰ ሸ ቀ ቈ ቐ ቘ በ ቨ ተ ቸ ኀ ኈ ነ ኘ አ ከ ኰ ኸ ዀ ወ ዐ ዘ ዠ የ ደ ጀ ገ ጐ ጠ ጨ ጰ ጸ ፀ ፈ ፐ".split(separator: " ").map(
        String.init),
]
