"""Demo petitions: forty citizen petitions to the government of Tajikistan, in every state and language.

Several published petitions ask for the same thing in different languages (insulin, notice of power cuts,
mobile internet in Gorno-Badakhshan, coal smog, bank transfer fees, migrants' pension years), so that the
multilingual grouping has something to find; two rejected ones repeat a published petition in another language.
Each has the topic it was written for: petitions that ask for the same thing share one (demo data only, never
stored). petitions.py reads this list.
"""

PETITIONS: list[dict] = [
    {
        "key": "insulin-tg",
        "topic": "insulin",
        "lang": "tg",
        "title": "Инсулинро барои беморони диабет дар ҳамаи ноҳияҳо бефосила ва ройгон таъмин кунед",
        "request": (
            "Аз Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ хоҳиш мекунем, ки таъминоти беморони диабети қанд бо "
            "инсулини ройгонро дар ҳамаи ноҳияҳо бе танаффус ба роҳ монад. Маълумот дар бораи захираи инсулин дар ҳар "
            "як маркази саломатӣ ва дорухонаи давлатӣ ҳар ҳафта дар сомонаи вазорат нашр шавад, то беморон донанд, ки "
            "онро аз куҷо гиранд."
        ),
        "background": (
            "Модарам ҳар рӯз ду маротиба ба инсулин эҳтиёҷ дорад. Аз тирамоҳ инҷониб дар маркази саломатии ноҳияи мо "
            "инсулин ду бор тамом шуд ва мо маҷбур шудем онро аз дорухонаи хусусӣ бо нархи баланд харем. Ҳамсояҳое, ки "
            "ҳамин беморӣ доранд, низ бо чунин мушкил рӯ ба рӯ шудаанд."
        ),
        "category": "health",
        "agency": "ministry-of-health",
        "region": None,
        "state": "open",
        "signatures": 820,
        "response": {
            "lang": "tg",
            "body": (
                "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ петитсияи шуморо баррасӣ намуд ва ба ҳамаи имзокунандагон "
                "ташаккур мегӯяд. Барои пешгирии танаффус дар ҳар як вилоят захираи инсулин ҳадди ақал барои **се "
                "моҳ** муқаррар карда шуд ва харидории иловагӣ барои нимсолаи дуюм анҷом ёфт. Аз моҳи оянда маълумот "
                "дар бораи мавҷудияти инсулин дар марказҳои саломатии ноҳиявӣ ҳар ҳафта дар сомонаи расмии вазорат "
                "нашр мешавад. Агар дар муассисаи тиббии шумо инсулин набошад, лутфан ба хати боварии вазорат хабар "
                "диҳед."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "insulin-ru",
        "topic": "insulin",
        "lang": "ru",
        "title": "Обеспечить бесперебойную выдачу бесплатного инсулина в районных поликлиниках и аптеках",
        "request": (
            "Просим Министерство здравоохранения закупать инсулин с достаточным запасом и не допускать перерывов в его "
            "бесплатной выдаче больным сахарным диабетом. Также нужен открытый онлайн-перечень, по которому можно "
            "проверить, есть ли инсулин в конкретной поликлинике или аптеке."
        ),
        "background": (
            "Мой отец десять лет болеет диабетом. Зимой в поликлинике нам сказали, что инсулина нет и он «будет через "
            "месяц», поэтому мы покупали его за свой счёт. Для пенсионера это почти вся пенсия, а без инсулина он не "
            "может прожить и нескольких дней."
        ),
        "category": "health",
        "agency": "ministry-of-health",
        "region": None,
        "state": "open",
        "signatures": 290,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "outage-notice-tg",
        "topic": "power-cut-notice",
        "lang": "tg",
        "title": "Дар бораи қатъи барқ ба аҳолӣ ақаллан як рӯз пеш хабар диҳед",
        "request": (
            "Аз Вазорати энергетика ва захираҳои об ва «Барқи тоҷик» хоҳиш дорем, ки ҷадвали қатъи нақшавии барқро "
            "барои ҳар як ноҳия ва маҳалла на дертар аз 24 соат пеш дар сомона, тавассути SMS ва дар шабакаҳои иҷтимоӣ "
            "эълон кунанд. Ҳангоми қатъи садамавӣ бошад, мӯҳлати тахминии барқарор шудани барқ хабар дода шавад."
        ),
        "background": (
            "Ҳар зимистон барқ бе ягон огоҳӣ хомӯш мешавад. Мардум наметавонанд ба нақша гиранд, ки кай нон пазанд, "
            "кӯдакон кай дарс тайёр кунанд ва доруҳоро чӣ тавр дар яхдон нигоҳ доранд. Дӯзандагон, сартарошон ва дигар "
            "соҳибкорони хурд рӯзҳои пурраи кориро аз даст медиҳанд."
        ),
        "category": "utilities",
        "agency": "ministry-of-energy",
        "region": None,
        "state": "open",
        "signatures": 640,
        "response": {
            "lang": "tg",
            "body": (
                "Вазорати энергетика ва захираҳои оби Ҷумҳурии Тоҷикистон барои пешниҳод ба муаллиф ва имзокунандагон "
                "ташаккур мегӯяд. Бо супориши вазорат «Барқи тоҷик» аз 1 ноябр ҷадвали ҳафтаинаи таъминоти барқро "
                "барои ҳар як ноҳия дар сомонаи расмӣ ва саҳифаҳои худ дар шабакаҳои иҷтимоӣ нашр мекунад. Дар бораи "
                "қатъи нақшавӣ муштариён на дертар аз 24 соат пеш огоҳ карда мешаванд. Фиристодани паёмакҳо ба "
                "муштариёне, ки рақами телефонашон дар шартнома сабт шудааст, то охири сол ба роҳ монда мешавад."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "outage-notice-uz",
        "topic": "power-cut-notice",
        "lang": "uz",
        "title": "Elektr oʻchirilish jadvalini oldindan eʼlon qiling va aholini SMS orqali ogohlantiring",
        "request": (
            "Energetika va suv resurslari vazirligidan har bir qishloq va mahalla uchun elektr energiyasini oʻchirish "
            "jadvalini kamida bir kun oldin eʼlon qilishni soʻraymiz. Jadval rasmiy saytda va Telegram kanalida "
            "chiqarilsin, abonentlarga esa qisqa xabar yuborilsin."
        ),
        "background": (
            "Sugʻd viloyatidagi qishlogʻimizda qishda chiroq kuniga bir necha soatgina beriladi, lekin qachon "
            "berilishini hech kim bilmaydi. Bolalar qorongʻida dars tayyorlaydi, ayollar ovqat pishirishni "
            "rejalashtira olmaydi. Oldindan bilsak, hech boʻlmasa kunimizni shunga qarab tuzib olardik."
        ),
        "category": "utilities",
        "agency": "ministry-of-energy",
        "region": "TJ-SU",
        "state": "open",
        "signatures": 170,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "mobile-internet-ru",
        "topic": "gbao-mobile-internet",
        "lang": "ru",
        "title": "Провести мобильный интернет 4G во все горные кишлаки ГБАО и сделать его доступным по цене",
        "request": (
            "Просим Агентство инноваций и цифровых технологий вместе с операторами связи составить и опубликовать план "
            "покрытия мобильным интернетом всех населённых пунктов Горно-Бадахшанской автономной области. Для "
            "отдалённых кишлаков предлагаем ввести социальный тариф на базовый пакет мобильного интернета."
        ),
        "background": (
            "Во многих кишлаках Ишкашимского и Рошткалинского районов связь ловит только на одном пригорке, а "
            "мобильного интернета нет совсем. Школьники не могут скачать учебные материалы, а семьи мигрантов ходят по "
            "несколько километров, чтобы поговорить с родными по видеосвязи."
        ),
        "category": "digital",
        "agency": "digital-agency",
        "region": "TJ-GB",
        "state": "open",
        "signatures": 260,
        "response": {
            "lang": "ru",
            "body": (
                "Агентство инноваций и цифровых технологий благодарит авторов и всех, кто подписал петицию. Совместно "
                "с операторами связи составлен перечень из 46 населённых пунктов ГБАО, где сейчас нет мобильного "
                "интернета; в первую очередь будут подключены кишлаки, в которых есть школы и медицинские пункты. "
                "Карта покрытия и график работ по каждому району будут опубликованы на сайте Агентства в течение двух "
                "месяцев. Предложение о социальном тарифе направлено на рассмотрение в Службу связи при Правительстве "
                "Республики Таджикистан."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "mobile-internet-en",
        "topic": "gbao-mobile-internet",
        "lang": "en",
        "title": "Bring affordable mobile data to every remote village in Gorno-Badakhshan",
        "request": (
            "We ask the Agency for Innovation and Digital Technologies to make sure that every village in GBAO has at "
            "least basic 3G or 4G coverage within two years, with a public timetable for each district. Please also "
            "introduce a cheap data package for rural residents, so that students and families can actually afford to "
            "use the connection."
        ),
        "background": (
            "I teach English online from Khorog, and many of my students in the valleys have to climb a hill or travel "
            "to the district centre to join a lesson. In winter, when the roads are closed, a phone is often the only "
            "link to a doctor or to relatives working abroad."
        ),
        "category": "digital",
        "agency": "digital-agency",
        "region": "TJ-GB",
        "state": "open",
        "signatures": 70,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "coal-smog-ru",
        "topic": "coal-smog",
        "lang": "ru",
        "title": "Перевести котельные Душанбе с угля на чистое топливо и ограничить сжигание угля зимой",
        "request": (
            "Просим хукумат города Душанбе разработать и опубликовать план поэтапного отказа от угля в городских "
            "котельных и ограничить его сжигание в жилых кварталах в отопительный сезон. Также просим установить в "
            "каждом районе города датчики качества воздуха с открытыми данными."
        ),
        "background": (
            "Зимой над городом висит серый смог, особенно вечером, когда в частном секторе топят углём. У детей и "
            "пожилых людей всё чаще бронхиты и приступы астмы, врачи советуют поменьше бывать на улице. По данным "
            "международных сервисов мониторинга, в некоторые дни Душанбе входит в число городов с самым грязным "
            "воздухом в мире."
        ),
        "category": "environment",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "open",
        "signatures": 350,
        "response": {
            "lang": "ru",
            "body": (
                "Исполнительный орган государственной власти города Душанбе рассмотрел петицию и благодарит жителей за "
                "неравнодушие. В текущем году две районные котельные в районах Сино и Фирдавси переводятся с угля на "
                "электрические котлы; работы будут завершены до начала следующего отопительного сезона. Совместно с "
                "Комитетом по охране окружающей среды в городе установлены восемь дополнительных станций мониторинга "
                "воздуха, их показания публикуются на сайте хукумата в режиме реального времени. Ограничения на "
                "сжигание угля в частном секторе будут рассмотрены по мере расширения программы перехода на "
                "электроотопление."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "coal-smog-en",
        "topic": "coal-smog",
        "lang": "en",
        "title": "Clean up Dushanbe's winter air by phasing out coal in the city's boiler houses",
        "request": (
            "The Dushanbe city administration should publish a timetable for moving municipal boiler houses and "
            "heating plants off coal, and restrict coal burning in residential areas during the heating season. Air "
            "quality readings from every district should be available online, so that parents know when to keep "
            "children indoors."
        ),
        "background": (
            "Every winter evening our eyes sting and we cough as soon as we step outside. Friends visiting from abroad "
            "are shocked by how thick the smog gets, and our paediatrician now recommends an air purifier for the "
            "bedroom."
        ),
        "category": "environment",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "open",
        "signatures": 45,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "transfer-fees-ru",
        "topic": "transfer-fees",
        "lang": "ru",
        "title": "Ограничить комиссии за переводы с карты на карту между банками Таджикистана",
        "request": (
            "Просим Национальный банк установить предельный размер комиссии за переводы между картами разных банков "
            "внутри страны и сделать бесплатными переводы до 1000 сомони в месяц. Тарифы всех банков на такие переводы "
            "должны публиковаться в одной понятной таблице."
        ),
        "background": (
            "Чтобы отправить деньги родителям в район, приходится платить комиссию за перевод с карты одного банка на "
            "карту другого, а потом ещё и за снятие наличных. Для семей, которые живут на деньги от мигрантов, эти "
            "проценты складываются в заметную сумму."
        ),
        "category": "economy",
        "agency": None,
        "region": None,
        "state": "open",
        "signatures": 180,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "transfer-fees-uz",
        "topic": "transfer-fees",
        "lang": "uz",
        "title": "Banklararo karta oʻtkazmalari uchun komissiyaga yuqori chegara belgilang",
        "request": (
            "Milliy bankdan bir bank kartasidan boshqa bank kartasiga pul oʻtkazishda olinadigan komissiyaga yuqori "
            "chegara qoʻyishni soʻraymiz. Kichik summadagi oʻtkazmalar, ayniqsa nafaqa va ish haqi tushadigan "
            "kartalarga, bepul boʻlishi kerak."
        ),
        "background": (
            "Oilamiz Rossiyadan kelgan pulni bir bankdan olib, qishloqdagi onamizning boshqa bankdagi kartasiga "
            "oʻtkazadi. Har safar foiz ushlanadi, naqd pul yechganda esa yana toʻlaymiz. Yil davomida bu katta pul "
            "boʻladi."
        ),
        "category": "economy",
        "agency": None,
        "region": None,
        "state": "open",
        "signatures": 90,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "hot-meals-tg",
        "topic": "school-meals",
        "lang": "tg",
        "title": "Барои ҳамаи хонандагони синфҳои 1–4 хӯроки гарми ройгон ҷорӣ кунед",
        "request": (
            "Аз Вазорати маориф ва илм хоҳиш мекунем, ки барномаи хӯроки гарми мактабиро ба ҳамаи мактабҳои давлатӣ, "
            "аз ҷумла мактабҳои шаҳрӣ, паҳн намояд, то ҳар як хонандаи синфҳои ибтидоӣ дар мактаб ақаллан як маротиба "
            "хӯроки гарм гирад. Маблағгузории барнома ва менюи намунавӣ бояд ошкоро эълон карда шаванд."
        ),
        "background": (
            "Дар баъзе мактабҳои деҳот ба хонандагони хурдсол бо дастгирии созмонҳои байналмилалӣ шӯрбо ва нон "
            "медиҳанд, вале дар бисёр мактабҳо ин тавр нест. Кӯдакон аз субҳи барвақт то нисфирӯзӣ гурусна мемонанд ва "
            "ба дарс диққат дода наметавонанд."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": None,
        "state": "open",
        "signatures": 210,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "rural-doctors-tg",
        "topic": "rural-doctors",
        "lang": "tg",
        "title": "Ба марказҳои саломатии деҳот духтурони ҷавонро бо манзил ва иловапулӣ ҷалб кунед",
        "request": (
            "Аз Вазорати тандурустӣ хоҳиш дорем, ки барои хатмкунандагони донишгоҳи тиббӣ, ки ба деҳоти дурдаст ба кор "
            "мераванд, манзили хизматӣ, иловапулӣ ба маош ва имтиёз ҳангоми дохил шудан ба ординатура пешбинӣ кунад. "
            "То он вақт ақаллан ҳафтае як бор гурӯҳи сайёри духтурон ба деҳаҳое, ки духтур надоранд, фиристода шавад."
        ),
        "background": (
            "Дар маркази саломатии деҳаи мо дар ноҳияи Данғара се сол боз танҳо як ҳамшираи шафқат кор мекунад. Барои "
            "дидани духтур бояд бо мошини кироя ба маркази ноҳия равем, ки ин барои пиронсолон ва занони ҳомиладор, "
            "махсусан дар зимистон, хеле душвор аст."
        ),
        "category": "health",
        "agency": "ministry-of-health",
        "region": "TJ-KT",
        "state": "open",
        "signatures": 140,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "kindergarten-ru",
        "topic": "kindergartens",
        "lang": "ru",
        "title": "Открыть новые детские сады в Душанбе и ввести прозрачную электронную очередь",
        "request": (
            "Просим хукумат города Душанбе ввести единую электронную очередь в государственные детские сады, в которой "
            "родители видят номер своего ребёнка и движение очереди. Также просим обязать предусматривать детский сад "
            "в каждом новом жилом комплексе, который строится в городе."
        ),
        "background": (
            "В нашем районе очередь в государственный детский сад растягивается на несколько лет, и никто не может "
            "объяснить, по какому принципу распределяются места. Частные сады стоят больше, чем может себе позволить "
            "семья на одну зарплату."
        ),
        "category": "education",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "open",
        "signatures": 150,
        "response": {
            "lang": "ru",
            "body": (
                "Благодарим вас за обращение. С 1 сентября Исполнительный орган государственной власти города Душанбе "
                "запускает электронную запись в государственные дошкольные учреждения: родители смогут подать "
                "заявление онлайн и видеть место своего ребёнка в очереди. В текущем году в районах Сино и Фирдавси "
                "откроются ещё четыре детских сада на 1 100 мест. При выдаче разрешений на строительство новых жилых "
                "комплексов застройщикам будет предписано предусматривать помещения для дошкольных групп."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "village-water-uz",
        "topic": "shahrituz-water",
        "lang": "uz",
        "title": "Shahrituz tumanidagi qishloqlarga toza ichimlik suvi quvurini yetkazib bering",
        "request": (
            "Hukumatdan Shahrituz tumanidagi ichimlik suvi quvuri boʻlmagan qishloqlar roʻyxatini tuzib, ularga suv "
            "quvuri tortish rejasini eʼlon qilishni soʻraymiz. Quvur tortilgunga qadar qishloqlarga haftasiga kamida "
            "ikki marta sisternada toza suv keltirilsin."
        ),
        "background": (
            "Qishlogʻimizda odamlar ariq va kanal suvini ichishga majbur, yozda esa bu suv ham kamayib qoladi. Har "
            "yili bolalar orasida ichak kasalliklari koʻpayadi. Suvni sotib olsak, bir sisterna uchun katta pul "
            "toʻlaymiz."
        ),
        "category": "utilities",
        "agency": None,
        "region": "TJ-KT",
        "state": "open",
        "signatures": 110,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "bus-route-ispechak-tg",
        "topic": "ispechak-bus",
        "lang": "tg",
        "title": "Хатсайри мустақими автобусро аз Испечак то маркази Душанбе ба роҳ монед",
        "request": (
            "Аз Мақомоти иҷроияи ҳокимияти давлатии шаҳри Душанбе хоҳиш менамоем, ки хатсайри мустақими автобус аз "
            "маҳаллаи Испечак то маркази шаҳр кушода шавад. Дар соатҳои серодам автобусҳо ҳар 10 дақиқа ҳаракат кунанд "
            "ва ҷадвали онҳо дар истгоҳҳо овехта шавад."
        ),
        "background": (
            "Баъд аз он ки ҳаракати маршруткаҳо дар кӯчаҳои марказӣ манъ карда шуд, сокинони маҳаллаҳои нав барои "
            "расидан ба кор ду-се маротиба нақлиёт иваз мекунанд. Субҳ ним соат дар истгоҳ интизор шудан барои мо одат "
            "шудааст."
        ),
        "category": "transport",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "open",
        "signatures": 95,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "park-trees-ru",
        "topic": "park-trees",
        "lang": "ru",
        "title": "Запретить вырубку взрослых деревьев в парках и скверах Душанбе при реконструкции",
        "request": (
            "Просим хукумат Душанбе ввести мораторий на вырубку здоровых взрослых деревьев в городских парках и "
            "скверах. Проекты реконструкции парков должны заранее публиковаться для обсуждения с жителями, а взамен "
            "каждого срубленного дерева должно высаживаться не менее пяти новых, с поливом и уходом."
        ),
        "background": (
            "За последние годы при реконструкции нескольких парков были спилены чинары и тополя, которым было по 40–50 "
            "лет. Новые саженцы часто засыхают уже в первое лето, а летом в городе с каждым годом всё жарче."
        ),
        "category": "environment",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "open",
        "signatures": 180,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "stray-dogs-tg",
        "topic": "stray-dogs",
        "lang": "tg",
        "title": "Барои сагҳои бесоҳиби Душанбе барномаи стерилизатсия, эмкунӣ ва паноҳгоҳ қабул кунед",
        "request": (
            "Аз мақомоти шаҳри Душанбе хоҳиш мекунем, ки ба ҷои тирпарронии сагҳо барномаи доимии дастгиркунӣ, "
            "стерилизатсия ва эмкунии онҳо аз бемории ҳорӣ амалӣ карда шавад ва барои сагҳо паноҳгоҳи шаҳрӣ сохта "
            "шавад. Сокинон бояд тавонанд дар бораи галаи сагҳои хашмгин тавассути саҳифаи онлайн хабар диҳанд."
        ),
        "background": (
            "Субҳ кӯдакон аз назди галаҳои сагҳо ба мактаб мераванд ва волидон ташвиш мекашанд. Куштани сагҳо "
            "мушкилотро ҳал намекунад: пас аз чанд моҳ дар ҳамон ҷо сагҳои нав пайдо мешаванд."
        ),
        "category": "other",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "open",
        "signatures": 60,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "egov-tajik-letters-tg",
        "topic": "egov-tajik-letters",
        "lang": "tg",
        "title": "Дар хизматрасониҳои электронии давлатӣ забони тоҷикӣ ва ҳарфҳои тоҷикиро пурра дастгирӣ кунед",
        "request": (
            "Аз Агентии инноватсия ва технологияҳои рақамӣ хоҳиш дорем, ки ҳамаи хизматрасониҳои электронии давлатӣ "
            "пурра ба забони тоҷикӣ дастрас бошанд ва шаклҳо ҳарфҳои ӣ, ӯ, ҳ, ҷ, қ, ғ-ро дар ному насаб ва суроға бе "
            "хато қабул кунанд. Ҳуҷҷатҳое, ки система тайёр мекунад, низ бояд ба забони давлатӣ бошанд."
        ),
        "background": (
            "Вақте ки ман дар сомона барои гирифтани маълумотнома ариза пур мекардам, система насаби маро бо ҳарфи «ҷ» "
            "қабул накард ва ман маҷбур шудам онро бо ҳарфи русӣ нависам. Баъдтар маълумотнома бо насаби нодуруст омад "
            "ва ман боз ба идора рафтам."
        ),
        "category": "digital",
        "agency": "digital-agency",
        "region": None,
        "state": "open",
        "signatures": 85,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "propiska-online-ru",
        "topic": "online-propiska",
        "lang": "ru",
        "title": "Разрешить оформлять регистрацию по месту жительства онлайн и по договору аренды",
        "request": (
            "Просим упростить регистрацию (прописку) по месту жительства: дать возможность подавать заявление через "
            "портал электронных госуслуг и оформлять регистрацию на основании нотариального договора аренды без "
            "личного присутствия собственника. Срок оформления должен составлять не более пяти рабочих дней."
        ),
        "background": (
            "Многие семьи, переехавшие в Душанбе ради работы или учёбы, годами снимают жильё без регистрации, потому "
            "что хозяин квартиры не хочет ходить в паспортный стол. Без регистрации трудно устроить ребёнка в школу и "
            "прикрепиться к поликлинике."
        ),
        "category": "rights",
        "agency": None,
        "region": None,
        "state": "open",
        "signatures": 120,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "border-queue-uz",
        "topic": "fotehobod-border-queue",
        "lang": "uz",
        "title": "Fotehobod chegara punktida navbatni qisqartirish uchun qoʻshimcha yoʻlaklar oching",
        "request": (
            "Tegishli idoralardan Fotehobod–Oybek nazorat-oʻtkazish punktida piyodalar va yengil avtomobillar uchun "
            "qoʻshimcha yoʻlaklar ochishni va yoz mavsumida punktning ish vaqtini uzaytirishni soʻraymiz. Navbatda "
            "kutayotganlar uchun soyabon, ichimlik suvi va hojatxona ham kerak."
        ),
        "background": (
            "Yozda va bayram kunlarida qarindoshlarimizni koʻrgani chegaradan oʻtmoqchi boʻlsak, jazirama issiqda 3–4 "
            "soat navbatda turamiz. Keksalar va yosh bolali ayollar uchun bu juda ogʻir."
        ),
        "category": "transport",
        "agency": None,
        "region": "TJ-SU",
        "state": "open",
        "signatures": 85,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "rasht-road-tg",
        "topic": "rasht-road",
        "lang": "tg",
        "title": "Роҳи деҳаҳои болооби водии Раштро, ки сел вайрон кардааст, то зимистон таъмир кунед",
        "request": (
            "Аз Вазорати нақлиёт хоҳиш мекунем, ки роҳи мошингарди байни маркази ноҳияи Рашт ва деҳаҳои болооб, ки "
            "баҳори имсол сел вайрон кардааст, то фарорасии зимистон таъмир карда шавад. Дар қитъаҳои хатарнок "
            "деворҳои муҳофизатӣ ва қубурҳои обгузар гузошта шаванд."
        ),
        "background": (
            "Пас аз сели моҳи май қисме аз роҳ шуста шуд ва ҳоло мошинҳо танҳо аз як канори роҳ бо душворӣ мегузаранд. "
            "Агар роҳ то зимистон таъмир нашавад, мошини ёрии таъҷилӣ ва мошинҳое, ки ангишту орд меоранд, ба деҳаҳо "
            "расида наметавонанд."
        ),
        "category": "transport",
        "agency": "ministry-of-transport",
        "region": "TJ-RA",
        "state": "open",
        "signatures": 70,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "university-places-en",
        "topic": "university-places",
        "lang": "en",
        "title": "Publish the number of state-funded university places per specialty before the entrance exams",
        "request": (
            "We ask the Ministry of Education and Science to publish, at least three months before the centralised "
            "entrance exams, how many state-funded places each university offers for every specialty, including the "
            "quota places for remote districts. After admission, the minimum score for each specialty should be "
            "published as well."
        ),
        "background": (
            "When I chose my specialties last year, I could not find out how many free places there were, so I had to "
            "guess. Several of my classmates from the districts ended up on paid contracts that their families can "
            "hardly afford."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": None,
        "state": "open",
        "signatures": 40,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "teacher-salaries-tg",
        "topic": "teacher-salaries",
        "lang": "tg",
        "title": "Маоши омӯзгоронро баланд бардоред ва барои кор дар деҳоти дурдаст иловапулӣ муқаррар кунед",
        "request": (
            "Аз Вазорати маориф ва илм хоҳиш менамоем, ки маоши омӯзгорон то сатҳе баланд бардошта шавад, ки бо он "
            "таъминоти оила имконпазир бошад, ва барои омӯзгорони мактабҳои деҳоти дурдаст иловапулии на камтар аз 30 "
            "фоиз муқаррар гардад. Инчунин ҳаҷми ҳуҷҷатнависӣ, ки вақти зиёди омӯзгорро мегирад, кам карда шавад."
        ),
        "background": (
            "Бисёр омӯзгорони ҷавон пас аз як-ду соли кор мактабро тарк карда, ба муҳоҷирати меҳнатӣ мераванд. Дар "
            "мактаби мо омӯзгори физика нест ва ин фанро омӯзгори математика дарс медиҳад."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": None,
        "state": "open",
        "signatures": 300,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "baku-flights-az",
        "topic": "baku-flights",
        "lang": "az",
        "title": "Düşənbə ilə Bakı arasında birbaşa aviareysin açılmasına dəstək verin",
        "request": (
            "Nəqliyyat Nazirliyindən xahiş edirik ki, aviaşirkətlərlə danışıqlar aparsın və Düşənbə ilə Bakı arasında "
            "ən azı həftədə bir dəfə birbaşa reysin açılmasına köməklik göstərsin. Hazırda bu yolu yalnız başqa "
            "ölkələrdə təyyarə dəyişməklə getmək olur."
        ),
        "background": (
            "Tacikistanda yaşayan azərbaycanlı ailələr, tələbələr və iş adamları Bakıya getmək üçün İstanbulda, "
            "Moskvada və ya Almatıda təyyarə dəyişməli olurlar. Bu həm baha başa gəlir, həm də yol bəzən bir gündən "
            "çox çəkir."
        ),
        "category": "transport",
        "agency": "ministry-of-transport",
        "region": None,
        "state": "open",
        "signatures": 25,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "migrant-pension-tg",
        "topic": "migrant-pension",
        "lang": "tg",
        "title": "Солҳои кори муҳоҷирони меҳнатиро дар хориҷа ба собиқаи нафақавӣ дохил кунед",
        "request": (
            "Аз Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ хоҳиш мекунем, ки ба муҳоҷирони меҳнатӣ имкон диҳад ҳаққи "
            "суғуртаи иҷтимоиро ихтиёрӣ аз хориҷа тавассути барномаҳои мобилии бонкӣ пардохт кунанд ва ин солҳо ба "
            "собиқаи меҳнатӣ дохил шаванд. Инчунин бо кишварҳое, ки муҳоҷирони мо дар онҳо кор мекунанд, созишномаҳо "
            "дар бораи эътирофи мутақобилаи собиқа баста шаванд."
        ),
        "background": (
            "Падарам бист сол дар Русия дар сохтмон кор кард, вале вақте ба синни нафақа расид, маълум шуд, ки ин "
            "солҳо ба собиқааш ҳисоб намешаванд. Ҳоло ӯ нафақаи ҳадди ақал мегирад, гарчанде ки тамоми умр кор "
            "кардааст."
        ),
        "category": "social",
        "agency": "ministry-of-health",
        "region": None,
        "state": "closed",
        "signatures": 430,
        "response": {
            "lang": "tg",
            "body": (
                "Вазорат петитсияи шуморо якҷо бо Агентии суғуртаи иҷтимоӣ ва нафақа баррасӣ намуд. Аз соли оянда "
                "пардохти ихтиёрии ҳаққи суғуртаи иҷтимоӣ аз хориҷи кишвар тавассути барномаҳои мобилии бонкҳои ватанӣ "
                "имконпазир мегардад ва ин давраҳо ба собиқаи суғуртавӣ дохил карда мешаванд. Лоиҳаҳои созишномаҳои "
                "дуҷониба оид ба таъминоти нафақа бо кишварҳои асосии муҳоҷирати меҳнатӣ омода шуда, дар марҳилаи "
                "гуфтушунид қарор доранд. Тартиби муфассали пардохт пас аз тасдиқ дар сомонаи вазорат нашр карда "
                "мешавад."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "migrant-pension-ru",
        "topic": "migrant-pension",
        "lang": "ru",
        "title": "Засчитывать трудовым мигрантам годы работы за рубежом в пенсионный стаж",
        "request": (
            "Просим дать трудовым мигрантам возможность добровольно платить страховые взносы в Таджикистане прямо "
            "из-за рубежа, онлайн и небольшими суммами, чтобы эти годы входили в пенсионный стаж. Также просим "
            "ускорить заключение соглашений о взаимном признании стажа со странами, где работает больше всего наших "
            "граждан."
        ),
        "background": (
            "Сотни тысяч наших граждан годами работают в России и Казахстане, а к старости остаются без стажа и там, и "
            "здесь. Многие готовы платить взносы, но для этого нужно лично прийти в отделение, что невозможно, пока ты "
            "за границей."
        ),
        "category": "social",
        "agency": "ministry-of-health",
        "region": None,
        "state": "closed",
        "signatures": 150,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "irrigation-canal-uz",
        "topic": "konibodom-canal",
        "lang": "uz",
        "title": "Konibodom atrofidagi sugʻorish kanalini bahorgi ekishdan oldin tozalab, taʼmirlang",
        "request": (
            "Energetika va suv resurslari vazirligidan Konibodom atrofidagi magistral sugʻorish kanalini bahorgi ekish "
            "mavsumidan oldin loyqadan tozalashni va yemirilgan qirgʻoqlarini mustahkamlashni soʻraymiz. Suv taqsimoti "
            "jadvali ham fermerlarga oldindan maʼlum qilinsin."
        ),
        "background": (
            "Kanal bir necha yildan beri tozalanmagan, shuning uchun suv oxirgi dalalarga yetib kelmaydi. Oʻtgan yili "
            "paxta va sabzavotlarning bir qismi suvsizlikdan qurib qoldi, fermerlar esa kechalari navbatma-navbat suv "
            "poylab chiqishdi."
        ),
        "category": "agriculture",
        "agency": "ministry-of-energy",
        "region": "TJ-SU",
        "state": "closed",
        "signatures": 80,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "school-shifts-tg",
        "topic": "school-shifts",
        "lang": "tg",
        "title": "Дар маҳаллаҳои нави Душанбе мактабҳои нав созед, то дарсҳо дар се баст нагузаранд",
        "request": (
            "Аз Вазорати маориф ва илм ва мақомоти шаҳри Душанбе хоҳиш мекунем, ки барои маҳаллаҳое, ки мактабҳояшон "
            "дар се баст кор мекунанд, сохтмони мактабҳои нав ё биноҳои иловагӣ ба нақшаи соли оянда дохил карда "
            "шавад. Шумораи хонандагон дар як синф набояд аз 30 нафар зиёд бошад."
        ),
        "background": (
            "Дар мактаби маҳаллаи мо дар як синф 45–50 хонанда мехонад ва дарсҳои басти сеюм то соати ҳафти бегоҳ "
            "давом мекунанд. Зимистон кӯдакон дар торикӣ ба хона бармегарданд."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": "TJ-DU",
        "state": "closed",
        "signatures": 190,
        "response": {
            "lang": "tg",
            "body": (
                "Вазорати маориф ва илм ба ҳамаи имзокунандагон ташаккур мегӯяд. Дар ҳамкорӣ бо Мақомоти иҷроияи "
                "ҳокимияти давлатии шаҳри Душанбе сохтмони ду мактаби нав барои 1 200 хонанда дар ноҳияи Сино ба "
                "барномаи сохтмони соли оянда дохил карда шуд. То анҷоми сохтмон дар ду мактаби серодами маҳалла "
                "биноҳои иловагии муваққатӣ истифода мешаванд, то басти сеюм бекор карда шавад. Рафти корҳо ҳар семоҳа "
                "дар сомонаи вазорат инъикос меёбад."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "garbage-collection-ru",
        "topic": "garbage-collection",
        "lang": "ru",
        "title": "Наладить регулярный вывоз мусора из частного сектора Душанбе по графику",
        "request": (
            "Просим хукумат Душанбе обязать службу санитарной очистки вывозить мусор из частного сектора не реже двух "
            "раз в неделю по опубликованному графику и установить контейнерные площадки на каждой улице. Жители должны "
            "иметь возможность сообщить о пропущенном вывозе через онлайн-форму."
        ),
        "background": (
            "В нашем квартале мусоровоз приезжает раз в две-три недели и без предупреждения. Люди выносят мешки к "
            "арыку или жгут мусор во дворах, а летом везде мухи и запах."
        ),
        "category": "utilities",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "closed",
        "signatures": 120,
        "response": {
            "lang": "ru",
            "body": (
                "Исполнительный орган государственной власти города Душанбе рассмотрел петицию. С 1 марта вывоз мусора "
                "из частного сектора во всех четырёх районах города ведётся по графику **не реже двух раз в неделю**; "
                "график для каждой улицы опубликован на сайте хукумата и вывешен в махаллинских комитетах. "
                "Дополнительно установлено 350 контейнеров. Сообщить о пропущенном вывозе можно через форму обратной "
                "связи на сайте хукумата — заявки рассматриваются в течение двух рабочих дней."
            ),
        },
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "murghab-vet-ky",
        "topic": "murghab-vet",
        "lang": "ky",
        "title": "Мургаб районундагы малчылар үчүн ветеринардык пункт ачуу жана аны дары-дармек менен камсыз кылуу",
        "request": (
            "Мургаб районунун алыскы айылдарында ветеринардык пункт ачып, ага туруктуу ветеринар дарыгер дайындоону "
            "жана малды убагында эмдөөнү суранабыз. Кышында тоют жетпей калган чарбаларга мамлекет тарабынан жардам "
            "көрсөтүлсө экен."
        ),
        "background": (
            "Айылыбызда жүздөгөн кой, эчки жана топоз бар, бирок эң жакынкы ветеринар ондогон чакырым алыста. Өткөн "
            "кышта оорудан жана сууктан көп мал кырылып, үй-бүлөлөр негизги кирешесинен айрылды."
        ),
        "category": "agriculture",
        "agency": None,
        "region": "TJ-GB",
        "state": "closed",
        "signatures": 30,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "hot-meals-ru",
        "topic": "school-meals",
        "lang": "ru",
        "title": "Обеспечить всех учеников начальных классов бесплатным горячим обедом в школе",
        "request": (
            "Прошу Министерство образования и науки организовать бесплатное горячее питание для учеников 1–4 классов "
            "во всех государственных школах страны, а не только в отдельных сельских школах. Дети не должны учиться "
            "голодными."
        ),
        "background": (
            "Мой сын учится во вторую смену и часто приходит домой голодным и уставшим. В школьном буфете продают "
            "только чипсы и сладкую газировку."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": None,
        "state": "rejected",
        "signatures": 6,
        "response": None,
        "duplicate_of": "hot-meals-tg",
        "rejection": "duplicate",
        "note": (
            "Петиция с таким же требованием уже опубликована на таджикском языке и собирает подписи. Пожалуйста, "
            "поддержите её, чтобы голоса не разделялись."
        ),
    },
    {
        "key": "border-queue-kk",
        "topic": "fotehobod-border-queue",
        "lang": "kk",
        "title": "Фотехобод шекара бекетіндегі кезекті қысқарту үшін қосымша өткелдер ашу",
        "request": (
            "Фотехобод–Ойбек шекаралық өткізу пунктінде жеңіл көліктер мен жаяу жүргіншілерге арналған қосымша "
            "жолақтар ашуды және жаз айларында бекеттің жұмыс уақытын ұзартуды сұраймыз. Кезек күтіп тұрған адамдарға "
            "көлеңке мен ауыз су қажет."
        ),
        "background": (
            "Біз Қазақстаннан туыстарымызға көлікпен келеміз, бірақ шекарада аптап ыстықта бірнеше сағат тұруға тура "
            "келеді. Балалар мен қарт адамдарға бұл өте қиын."
        ),
        "category": "transport",
        "agency": None,
        "region": "TJ-SU",
        "state": "rejected",
        "signatures": 6,
        "response": None,
        "duplicate_of": "border-queue-uz",
        "rejection": "duplicate",
        "note": (
            "Дәл осындай талабы бар петиция өзбек тілінде жарияланған және қазір қол жинап жатыр. Сол петицияға қол "
            "қоюыңызды сұраймыз, сонда дауыстар бөлінбейді."
        ),
    },
    {
        "key": "russia-patent-ru",
        "topic": "russia-work-patent",
        "lang": "ru",
        "title": "Снизить стоимость патента на работу для трудовых мигрантов в России",
        "request": (
            "Просим снизить ежемесячную стоимость патента на работу для граждан Таджикистана в России и отменить "
            "обязательный экзамен по русскому языку для тех, кто работает на стройке."
        ),
        "background": "Патент в Москве стоит больше восьми тысяч рублей в месяц, и это большая часть заработка.",
        "category": "social",
        "agency": None,
        "region": None,
        "state": "rejected",
        "signatures": 6,
        "response": None,
        "duplicate_of": None,
        "rejection": "remit",
        "note": (
            "Стоимость патента и требования к иностранным работникам устанавливают органы власти Российской Федерации, "
            "поэтому правительство Таджикистана не может выполнить эту просьбу. Вы можете подать петицию о том, что "
            "зависит от наших ведомств, например о консульской или юридической помощи мигрантам."
        ),
    },
    {
        "key": "prices-complaint-tg",
        "topic": "food-prices",
        "lang": "tg",
        "title": "Нархҳо дар бозор ҳар моҳ боло мераванд",
        "request": (
            "Ман мехоҳам бигӯям, ки зиндагӣ хеле гарон шудааст. Равған, орд ва гӯшт ҳар моҳ қимат мешаванд, аммо маош "
            "ҳамон тавре ки буд, мондааст. Ҳама дар ин бора гап мезананд, вале ҳеҷ чиз тағйир намеёбад."
        ),
        "background": "",
        "category": "economy",
        "agency": None,
        "region": None,
        "state": "rejected",
        "signatures": 6,
        "response": None,
        "duplicate_of": None,
        "rejection": "not-a-request",
        "note": (
            "Дар матн талаби мушаххас ба мақомот нест, танҳо норозигӣ баён шудааст. Лутфан нависед, ки Ҳукумат маҳз чӣ "
            "кор кунад, ва петитсияро аз нав пешниҳод намоед."
        ),
    },
    {
        "key": "foreigner-registration-kk",
        "topic": "foreigner-registration",
        "lang": "kk",
        "title": "Шетел азаматтарына келу туралы тіркеуді онлайн рәсімдеуге мүмкіндік беріңіз",
        "request": (
            "Тәжікстанға келген шетел азаматтарына келу туралы тіркеуді электрондық мемлекеттік қызметтер порталы "
            "арқылы онлайн рәсімдеуге мүмкіндік беруді сұраймыз. Қазір ол үшін көші-қон бөліміне бірнеше рет баруға "
            "тура келеді."
        ),
        "background": (
            "Мен Душанбеде жұмыс істеймін, туыстарым жиі қонаққа келеді. Әр сапар сайын тіркелу үшін кезекте жарты күн "
            "тұрамыз."
        ),
        "category": "digital",
        "agency": "digital-agency",
        "region": None,
        "state": "moderation",
        "signatures": 6,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "playgrounds-firdavsi-tg",
        "topic": "firdavsi-playgrounds",
        "lang": "tg",
        "title": "Дар ҳавлиҳои биноҳои бисёрошёнаи ноҳияи Фирдавсӣ майдончаҳои бозии бехатар созед",
        "request": (
            "Аз Мақомоти иҷроияи ҳокимияти давлатии шаҳри Душанбе хоҳиш мекунем, ки майдончаҳои бозии кӯҳна ва "
            "шикастаро дар ҳавлиҳои биноҳои бисёрошёнаи ноҳияи Фирдавсӣ иваз кунад ва дар ҳар ҳавлӣ барои кӯдакон ҷои "
            "бехатари бозӣ бо рӯйпӯши нарм ва соябон созад."
        ),
        "background": (
            "Дар ҳавлии мо арғунчакҳо занг задаанд ва чанд маротиба кӯдакон осеб дидаанд. Мошинҳо ҳавлиро ҳамчун "
            "истгоҳ истифода мебаранд ва кӯдакон ҷои бозӣ надоранд."
        ),
        "category": "other",
        "agency": "dushanbe-city",
        "region": "TJ-DU",
        "state": "moderation",
        "signatures": 6,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "diploma-recognition-az",
        "topic": "diploma-recognition",
        "lang": "az",
        "title": "Xarici ali təhsil diplomlarının tanınması prosedurunu sadələşdirin",
        "request": (
            "Təhsil və Elm Nazirliyindən xahiş edirik ki, xaricdə alınmış diplomların tanınması üçün müraciətləri "
            "onlayn qəbul etsin, tələb olunan sənədlərin siyahısını dərc etsin və baxılma müddətini bir aya qədər "
            "qısaltsın."
        ),
        "background": (
            "Bakıda tibb təhsili almış həyat yoldaşım burada işə düzəlmək məqsədilə diplomunun tanınması üçün müraciət "
            "etməli oldu. Proses altı aydan çox çəkdi və sənədləri bir neçə dəfə yenidən təqdim etməli olduq."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": None,
        "state": "moderation",
        "signatures": 6,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "kyrgyz-textbooks-ky",
        "topic": "kyrgyz-textbooks",
        "lang": "ky",
        "title": "Лахш районундагы кыргыз мектептерин кыргыз тилиндеги окуу китептери менен камсыз кылуу",
        "request": (
            "Билим берүү жана илим министрлигинен Лахш районундагы кыргыз тилинде окуткан мектептерди жаңы программага "
            "ылайык окуу китептери менен камсыз кылууну суранабыз. Китептер жетишпесе, жок дегенде алардын электрондук "
            "нускалары мугалимдерге берилсин."
        ),
        "background": (
            "Биздин мектепте бир китепти үч-төрт окуучу чогуу колдонот, кээ бир сабактар боюнча китеп таптакыр жок. "
            "Мугалимдер сабактарды эски китептерден көчүрүп өтүшөт."
        ),
        "category": "education",
        "agency": "ministry-of-education",
        "region": "TJ-RA",
        "state": "sponsoring",
        "signatures": 3,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "pensioner-fares-tg",
        "topic": "pensioner-fares",
        "lang": "tg",
        "title": "Барои нафақахӯрон дар нақлиёти ҷамъиятии шаҳрӣ тахфифи роҳкиро ҷорӣ кунед",
        "request": (
            "Аз Вазорати нақлиёт хоҳиш мекунем, ки барои нафақахӯрон ва шахсони дорои маъюбӣ дар автобусу "
            "троллейбусҳои шаҳрӣ роҳкирои ройгон ё бо тахфифи 50 фоиз ҷорӣ карда шавад. Тахфифро метавон тавассути "
            "корти нақлиётӣ бо нишон додани шаҳодатномаи нафақа дод."
        ),
        "background": "",
        "category": "social",
        "agency": "ministry-of-transport",
        "region": None,
        "state": "sponsoring",
        "signatures": 2,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": "",
    },
    {
        "key": "school-diary-platform-ru",
        "topic": "school-diary-platform",
        "lang": "ru",
        "title": "Перевести все школы страны на единую платформу электронных дневников",
        "request": (
            "Просим Министерство образования обязать все школы до конца года перейти на платформу электронных "
            "дневников нашей компании, которая уже работает в нескольких частных школах. Подробности и цены на "
            "подключение — на нашем сайте, для первых ста школ действует скидка."
        ),
        "background": "Платформа позволяет родителям видеть оценки и посещаемость ребёнка в телефоне.",
        "category": "digital",
        "agency": "ministry-of-education",
        "region": None,
        "state": "hidden",
        "signatures": 35,
        "response": None,
        "duplicate_of": None,
        "rejection": None,
        "note": (
            "Петиция скрыта: она рекламирует услуги конкретной коммерческой компании и предлагает её тарифы. Можно "
            "подать петицию о введении электронных дневников, но выбирать поставщика должна государственная закупка, а "
            "не петиция."
        ),
    },
]
