"""Constructions real newspapers use, each written here in new words, and the events they give.

One case per rule: a wrong event on real text is traced to the rule whose
case here says what it should do.
"""
import pytest

from transforms.extractor import ASSERTED, default_extractor
from transforms.sentences import split_sentences

EX = default_extractor()


def asserted(text):
    return sorted({e.tuple for e in EX.extract(text) if e.modality == ASSERTED}, key=repr)


@pytest.mark.parametrize("text, expected", [
    # a person named, then the office in apposition
    ("ودان ماكرون، الرئيس الفرنسي، الهجوم على السفارة.", [("CONDEMNATION", "FRA", None)]),
    ("أدان الشيخ محمد بن عبد الرحمن آل ثاني وزير الخارجية القطري التفجير.", [("CONDEMNATION", "QAT", None)]),
    # a body or person the gazetteer cannot code condemns as actor null
    ("ندد اتحاد الكتاب العرب بالهجوم على المدرسة.", [("CONDEMNATION", None, None)]),
    ("أبدى المدير العام استنكاره للتفجير.", [("CONDEMNATION", None, None)]),
    # a court's conviction and "owes" are not condemnations
    ("ثبتت إدانته بالسرقة أمام القاضي.", []),
    ("يدين اللاعب بفوزه لزملائه في الفريق.", []),
    # the subject of a verb of expressing, however far
    ("وعبر العاهل الأردني، في رسالة بعث بها إلى الرئيس المصري، عن استنكاره للهجوم.", [("CONDEMNATION", "JOR", None)]),
    # the caller condemns
    ("تلقى الرئيس المصري اتصالا هاتفيا من أمير قطر أدان خلاله الهجوم.", [("CONDEMNATION", "QAT", None)]),
    # launch sites, suspended shelling, games and marches tell no launch
    ("دمرت القوات منصات إطلاق الصواريخ قرب الحدود.", []),
    ("علقت القوات العراقية القصف المدفعي على المدينة.", []),
    ("سجل اللاعب هدفا من قذيفة أطلقها من منتصف الملعب.", []),
    ("بعد مسيرة الأربعين عاما يطلق الكاتب كتابه الجديد.", []),
    # the doer of a launch noun with ل or من
    ("قتل خمسة مدنيين في قصف صاروخي للحوثيين على السعودية.", [("LAUNCH", "HOUTHIS", "SAU")]),
    ("تعرضت القرية لقصف عنيف من الميليشيات الحوثية بقذائف الهاون.", [("LAUNCH", "HOUTHIS", None)]),
    # a subject phrase before its verb; a plural verb's object is not its subject
    ("قالت المصادر إن الحوثيين وقوات صالح أطلقوا صواريخ على السعودية.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # a state shelling its own towns
    ("قصفت قوات النظام السوري بلدة في ريف دمشق بالصواريخ.", [("LAUNCH", "SYR", "SYR")]),
    # the place where the fire fell
    ("قصف الحوثيون أحياء سكنية في اليمن بقذائف الهاون.", [("LAUNCH", "HOUTHIS", "YEM")]),
    # a place that came under fire, the projectile taken with ل
    ("تعرض مركز حدودي في منطقة جازان لقذائف كثيفة من داخل الأراضي اليمنية.", [("LAUNCH", None, "SAU")]),
    # a possessed place after استهداف is the earlier party's; a partitive من is not an origin
    ("اتهمت الحكومة الأوكرانية الانفصاليين باستهداف مواقعها بقصف مدفعي.", [("LAUNCH", None, "UKR")]),
    ("قصف الحوثيون أماكن متفرقة من مدينة تعز بالقذائف.", [("LAUNCH", "HOUTHIS", "YEM")]),
    # capability is not an act
    ("تملك كوريا الشمالية القدرة على إطلاق صواريخ يمكن أن تضرب اليابان.", []),
    # a support verb past an aside between commas
    ("قام المسلحون الحوثيون، أمس، بالقصف بقذائف الهاون على السعودية.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # the doer in a relative clause with a resumptive بها; a genitive phrase with ل is not the object
    ("أعرب المرصد عن إدانته للممارسات التي تقوم بها الميليشيات الحوثية.", [("CONDEMNATION", None, "HOUTHIS")]),
    ("استنكر السفير خالد الأمين العام المساعد للجامعة العربية لشؤون فلسطين، التفجير.",
     [("CONDEMNATION", "ARAB_LEAGUE", None)]),
    # دان as a name, دانت لـ "submitted to", a conviction, a phrase after the verb
    ("وقال المذيع دان راثر إن الخبر صحيح.", []),
    ("ظنوا أن الدنيا دانت لهم.", []),
    ("وسجل إدين هازارد الهدف الثاني لفريقه.", []),
    ("وأدين منهم عشرون موظفا بالرشوة.", []),
    # people named by a plural nisba are not the state
    ("واستنكر مصريون هذه الخطوة.", [("CONDEMNATION", None, None)]),
    # a doer with ل after the act's adjectives
    ("ندد الوزير الفرنسي بالأنشطة المزعزعة لإيران في المنطقة.", [("CONDEMNATION", "FRA", "IRN")]),
    # hastening to condemn
    ("وسارع الرئيس التركي إلى التنديد بالهجوم.", [("CONDEMNATION", "TUR", None)]),
    # a clause after ؛ that goes on with حيث keeps the sentence's subject
    ("القوات المسلحة التونسية تنفذ عمليات عسكرية؛ حيث قصفت بالمدفعية مواقع في الجبل.",
     [("LAUNCH", "TUN", None)]),
    # "the regime" acts for the one state the sentence names; with none named, nobody
    ("وقصفت قوات النظام بلدة في ريف حلب بقذائف الهاون.", [("LAUNCH", "SYR", "SYR")]),
    ("وقصفت قوات النظام البلدة بقذائف الهاون.", [("LAUNCH", None, None)]),
    ("ودعا إلى احترام النظام الدولي بعد أن أطلقت إيران صاروخا على العراق.", [("LAUNCH", "IRN", "IRQ")]),
    # a definite place noun fired at is the place the sentence named before it
    ("وتمكنت المقاومة من دخول تعز، إلا أن الميليشيات الحوثية تقصف المدينة بقذائف الهاون.",
     [("LAUNCH", "HOUTHIS", "YEM")]),
    ("وصل المقاتلون إلى أطراف حلب، ثم أطلق المسلحون قذائف على المدينة.", [("LAUNCH", None, "SYR")]),
    ("واصل الحوثيون استهداف الأحياء السكنية بقذائف الهاون.", [("LAUNCH", "HOUTHIS", None)]),
    # a space launch named with launcher and payload is told, not referred back to
    ("وجرى إطلاق الصاروخ الذي يحمل الأقمار الصناعية من منصة في جنوب البلاد.", [("LAUNCH", None, None)]),
    ("واعتبرت الصين أن إطلاق القمر الصناعي يندرج ضمن برنامجها الفضائي.", []),
    # senses and statements that tell no event
    ("وشهدت المدينة أمس مسيرة ومظاهرة نظمها الطلاب.", []),
    ("وخرجت مسيرة حاشدة في وسط العاصمة.", []),
    ("ودمرت مقاتلات التحالف عربة كاتيوشا تابعة للميليشيات في غارة على مواقعها.", []),
    ("وتقول الشركة المصنعة إن صواريخ باتريوت تتصدى للطائرات وتعترض الصواريخ وهي مستخدمة في اليابان.", []),
    ("وأضاف أن الحركة سترد بهجوم صاروخي على تل أبيب.", []),
    ("وتواصل القوات تمشيط الحدود والتصدي لأي محاولة لإطلاق القذائف من الأراضي اليمنية.", []),
    ("وشكك في قدرة وكالة الفضاء الأوروبية على إطلاق صواريخ إلى الفضاء.", []),
    ("والتدين سلوك يعبر عن صاحبه.", []),
    # the doer of a condemned act named by a person's name and an office with the state in a genitive
    ("استنكرت الكويت تصريحات فلان الفلاني نائب رئيس جمهورية العراق ضد جيرانه.", [("CONDEMNATION", "KWT", "IRQ")]),
    # a body named with no state code after the verb: its nisba is the condemner's, not the object
    ("أدانت نقابة المحامين المصريين قرار ميليشيات الحوثي إغلاق المحاكم.", [("CONDEMNATION", None, "HOUTHIS")]),
    # owing, names, proverbs, salutes, avoidance and manufacture are not events or not actors
    ("وبلغ المبلغ الذي تدين به البرتغال ثلاثة مليارات.", []),
    ("نظمت مؤسسة دان الخيرية حفلا للأيتام.", []),
    ("وقال إن الدنيا دوارة وكما تدين تدان.", []),
    ("وتطلق المدافع طلقات التحية في العيد.", []),
    ("وينتقد المسؤولون تفاديهم توجيه إدانة صريحة للميليشيات.", []),
    ("وأسقط المتمردون الطائرة بصاروخ روسي الصنع.", [("LAUNCH", None, None)]),
    # artillery shelling named with its adjective is a noun: the ل phrase after it is the firer
    ("وتسبب قصف مدفعي للحوثيين في مقتل عشرة أشخاص في تعز.", [("LAUNCH", "HOUTHIS", "YEM")]),
    # the people a launch killed name the state it was fired at; they never act
    ("وقتل جنديان أردنيان في هجوم بقذائف صاروخية شنه مسلحون على نقطة حدودية.", [("LAUNCH", None, "JOR")]),
    ("وأطلق مسلحون قذائف هاون أسفرت عن إصابة ثلاثة مدنيين لبنانيين.", [("LAUNCH", None, "LBN")]),
    # a weapon after ب is the instrument, not a launch told before; قصفا is the accusative noun
    ("وبدأت العملية بقصف أوكار المسلحين بالمدفعية الثقيلة.", [("LAUNCH", None, None)]),
    ("وشنت فصائل المعارضة قصفا مدفعيا على مواقع في ريف حلب.", [("LAUNCH", None, "SYR")]),
    # a weapon after ب is not looked for past another report
    ("وهو متهم بالاعتداء على شرطي، وأضافت أن اعتقاله لا صلة له بالطائرة المسيرة.", []),
    # a town the gazetteer lacks lies in the one state the sentence names by a place or its name
    ("وفي ريف دمشق قصفت قوات المعارضة بلدة كفرنبودة بقذائف الهاون.", [("LAUNCH", None, "SYR")]),
    ("وقصفت القوات الروسية بلدة كفرنبودة بقذائف الهاون.", [("LAUNCH", "RUS", None)]),
    # a person named before the verb, a speaker quoted in the first person, an adverb after دان
    ("وقال المتحدث إن جونسون أدان الهجوم على السفارة.", [("CONDEMNATION", None, None)]),
    ("وأضاف بلينكن: نحن ندين نظام الأسد ونطالب برحيله.", [("CONDEMNATION", None, "SYR")]),
    ("وكان الرئيس الفرنسي ماكرون دان شخصيا هذه الخطوة.", [("CONDEMNATION", "FRA", None)]),
    # an obligation is not a condemnation
    ("وقال سموه: علينا أن ندين كل تدخل خارجي.", []),
    # an exchange of fire is two launches, each side at the other
    ("وتبادلت القوات الهندية مع القوات الباكستانية القصف المدفعي عبر الحدود.",
     [("LAUNCH", "IND", "PAK"), ("LAUNCH", "PAK", "IND")]),
    ("وتبادلت جماعة الحوثي إطلاق قذائف الهاون مع القوات المدعومة من السعودية.",
     [("LAUNCH", "HOUTHIS", None), ("LAUNCH", None, "HOUTHIS")]),
    # a broken plural nisba without the article, after soldiers killed
    ("وقتل خمسة جنود أتراك بصاروخ أطلقه المسلحون.", [("LAUNCH", None, "TUR")]),
    # sending projectiles at a place is a launch; sending them to a state is a delivery
    ("وواصل المتمردون الحوثيون إرسال قذائفهم على مدينة نجران.", [("LAUNCH", "HOUTHIS", "SAU")]),
    ("وأرسلت روسيا صواريخ إلى سوريا الشهر الماضي.", []),
    # a definite noun before a group's name heads the subject
    ("واستهدف المتمردون الحوثيون مطار عدن بالصواريخ.", [("LAUNCH", "HOUTHIS", "YEM")]),
    # a comma closing an aside does not end the launch before its target; a weapon's designation is no break
    ("وشن الحوثيون قصفا بصواريخ الكاتيوشا مساء أمس، على ضاحية دار سعد.", [("LAUNCH", "HOUTHIS", "YEM")]),
    ("واستهدفت قوات النظام بصاروخ أرض – أرض بلدة تلبيسة في ريف حمص.", [("LAUNCH", "SYR", "SYR")]),
    # two coordinated condemning verbs after a relative share the antecedent and the object
    ("ونقلت الصحف البيان الصادر عن وزارة الخارجية التي دانت واستنكرت التفجير.", [("CONDEMNATION", None, None)]),
    # a settler is a citizen, not his state (GUIDELINES: citizens have no code)
    ("واستنكر المفتي قيام مستوطن إسرائيلي برفع علم في ساحة المسجد.", [("CONDEMNATION", None, None)]),
    # a reply with a weapon is fire, and the fire it answers was launched too; a reply to a launch is none
    ("وردت المدفعية الأردنية على قذائف الهاون السورية التي سقطت على الحدود.",
     [("LAUNCH", "JOR", "SYR"), ("LAUNCH", "SYR", "JOR")]),
    ("وردت القوات التركية بالمدفعية على مصدر إطلاق القذائف التي تنطلق من سوريا من قبل تنظيم داعش.",
     [("LAUNCH", "ISIS", "TUR"), ("LAUNCH", "TUR", "ISIS")]),
    ("وقالت طهران إنها سترد على الهجوم الصاروخي في الوقت المناسب.", []),
    # the place fired at may come before the weapon
    ("وشهدت مدينة حلب اشتباكات، فيما قصف المسلحون عدة مناطق في المحافظة بقذائف الهاون.", [("LAUNCH", None, "SYR")]),
    ("وفي ليبيا قصفت الميليشيات مدينة ترهونة بصواريخ غراد.", [("LAUNCH", None, "LBY")]),
    # whoever uses a place to launch is the launcher
    ("واستعادت القوات مواقع كان الحوثيون يستخدمونها لإطلاق القذائف على نجران.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # more real-press senses and structures, each from a reading of corpus events
    ("يدين غالبية سكان الشيشان بالإسلام.", []),
    ("وأطلقت هيئة الطيران المدني يوما للتوعية بسلامة الطائرات دون طيار.", []),
    ("وتشمل الخطة استصلاح المليون فدان في الصحراء.", []),
    ("ودان المتظاهرون في أكبر مدينة تركية الحكومة.", [("CONDEMNATION", None, None)]),
    ("وصفقوا لحلف الناتو وهو يقصف ليبيا بالصواريخ.", [("LAUNCH", None, "LBY")]),
    ("أدانت الحكومة العراقية هجوما بدأته تركيا على المقاتلين الأكراد.", [("CONDEMNATION", "IRQ", "TUR")]),
    ("ودانت الرابطة التصريحات التي صدرت عن نائب رئيس الجمهورية العراقية.", [("CONDEMNATION", None, "IRQ")]),
    ("وقال وزير الخارجية الأميركي إن مصر دفعت ثمنا باهظا، وأدان اغتيال النائب العام.", [("CONDEMNATION", "USA", None)]),
    ("واستنكر رئيس مجلس الأمة الكويتي ورئيس لجنة الصداقة الكويتية المصرية الحادث.", [("CONDEMNATION", "KWT", None)]),
    # a participle of state goes on with the subject; a short aside in brackets; a capital naming a street
    ("وبدأت القوات الروسية الحملة على المدينة، ممطرين خاركيف بالصواريخ.", [("LAUNCH", "RUS", "UKR")]),
    ("وقالت الفصائل إنها قصفت (أمس) مدينة حلب بالقذائف.", [("LAUNCH", None, "SYR")]),
    ("وسقطت قذائف أطلقها مسلحون على شارعي الثورة وبغداد في دمشق.", [("LAUNCH", None, "SYR")]),
    ("وجال المسؤول في شوارع مدينة تعز التي تقصفها الميليشيات بقذائف الهاون.", [("LAUNCH", None, "YEM")]),
    # the place where people were hit, before "as a result of" a launch
    ("وقتل ثلاثة مدنيين في مدينة إدلب جراء قصف بالصواريخ من قوات النظام.", [("LAUNCH", "SYR", "SYR")]),
    # a name in apposition between commas does not end the clause; a civilian's nisba names the victim
    ("واستهدفت الميليشيات وحليفها المخلوع، علي عبدالله صالح، محافظة ظهران الجنوب بأربع قذائف.", [("LAUNCH", None, "SAU")]),
    ("وعبر المركز عن استنكاره الشديد لقتل المواطنة الفلسطينية.", [("CONDEMNATION", None, None)]),
    # من طراز / من عيار specifies the weapon; it is not where fire came from
    ("وفي شرق أوكرانيا استهدف الانفصاليون بمدفعية من عيار 152 ملم منطقة ستانيتسا.", [("LAUNCH", None, "UKR")]),
    # evidence incriminates; a feminine noun before يدين makes it two hands
    ("وعلمت الصحيفة أن هناك اعترافات من قيادات أمنية تدين الوزير السابق.", []),
    ("وأجرى الأطباء أول عملية زراعة يدين لطفل في العالم.", []),
    # from the audit's reading: obstacles, insults, the sunset prayer, deployments, victims, borders
    ("وعدد الطلاب المعوقات التي تعترض مسيرتهم في الكلية.", []),
    ("وتسهل لهم المسيرات الاستفزازية التي يطلقون فيها الإهانات.", []),
    ("فيؤذن المغرب ويطلق الرجل مدفع الإفطار الصغير.", []),
    ("ونفذت القوات عملية انتشار للمدفعية في الجبال المطلة على المدينة.", []),
    ("كما أدان الوزير اغتيال النائب العام المصري.", [("CONDEMNATION", None, None)]),
    ("واستنكرت جهات دولية الحادثة، وأعرب رئيس الوزراء الباكستاني عن غضبه.", [("CONDEMNATION", None, None)]),
    ("وأقدمت ميليشيات الحوثي على استهداف الأحياء السكنية في تعز بقذائف الدبابات.", [("LAUNCH", "HOUTHIS", "YEM")]),
    ("وكانت الميليشيات الحوثية تحاول استهداف مطار عدن بصواريخ الكاتيوشا.", [("LAUNCH", "HOUTHIS", "YEM")]),
    ("وقصفت المدفعية الأردنية على الحدود مع سوريا مركبة بالقذائف.", [("LAUNCH", "JOR", None)]),
    # from the second audit draw's reading
    ("وأدانت لغة التحريض الإيرانية وإشاعة أجواء التوتر في المنطقة.", [("CONDEMNATION", None, "IRN")]),
    ("وعندما ابتعدت واشنطن عن الحكومة في أعقاب قرار الإدانة، اتجهت كينيا شرقا.", []),
    ("وقالت الباحثة إن التجربة تنفذ بأمل تجريب أدوات القمر الصناعي.", []),
    ("وأكد أن عدن لم تشهد أي عملية استهداف صاروخي من الحوثيين.", []),
    ("وأعلن الجيش المصري إحباط محاولة إرهابية لاستهداف معسكر في رفح بقذائف الهاون.", []),
    ("واشتبكت قوات النظام مع حزب الله، في حين استهدفت الفصائل المعارضة بصاروخ موجه مدفعا في ريف حماة.",
     [("LAUNCH", None, "SYR")]),
    ("وخرقت القوات الهدنة مع بلدة معضمية الشام، حيث قصفتها بمدافع الهاون.", [("LAUNCH", None, "SYR")]),
    ("واستشهد شاب في مدينة نجران بعد أن أصابه مقذوف أطلقته الميليشيات.", [("LAUNCH", None, "SAU")]),
    # a support verb and its weapon a long subject away from بقصف
    ("وقامت مدفعية الدعم التابعة لقيادة القوات البرية، بقصف أهداف لتنظيم داعش شمالي سوريا.", [("LAUNCH", None, "ISIS")]),
    # a launch told as going with another shares its target; after a word of cause the trigger is a noun
    ("وشن الطيران غارات بالصواريخ على مدينة حلب، وسط قصف مدفعي لقوات النظام.", [("LAUNCH", "SYR", "SYR")]),
    ("وقتل ثلاثة أشخاص في مدينة إدلب نتيجة قصف من طائرات النظام السوري بالصواريخ.", [("LAUNCH", "SYR", "SYR")]),
    # from the third audit draw's reading
    ("ويدين الفريق الاسكوتلندي، الذي توج باللقب عام 1967، بالفضل في هذا الفوز إلى لاعبه.", []),
    ("واستنكر الدكتور التركي هذه التصريحات غير المسؤولة.", [("CONDEMNATION", None, None)]),
    ("وتنجح الهند في إطلاق خمسة أقمار صناعية بريطانية إلى الفضاء.", [("LAUNCH", "IND", None)]),
    ("وابتكرت وسيلة لمراقبة الطلبة أثناء امتحاناتهم، وذلك عن طريق إطلاق طائرات دون طيار.", []),
    ("وأدت الغارات إلى تدمير مدفع عيار 14 ونصف.", []),
    ("واستنكرت البحرين تصريحات نائب رئيس جمهورية العراق ضد جيرانه.", [("CONDEMNATION", "BHR", "IRQ")]),
    ("واستنكر دبلوماسيون عرب مزاعم نوري المالكي نائب الرئيس العراقي ضد المملكة.", [("CONDEMNATION", None, "IRQ")]),
    # the air force of a state is the firer, not the target
    ("وقصف طيران النظام الحربي بلدة كفرنبل في إدلب بالصواريخ.", [("LAUNCH", "SYR", "SYR")]),
    # a و-verb after a comma shares the subject of the launch verb before it
    ("وشن الطيران الروسي غارات جوية على أحياء الشعار والصاخور وباب النيرب في حلب، وقصفها بالصواريخ الفراغية.",
     [("LAUNCH", "RUS", "SYR")]),
    # whoever committed a massacre fired the launch told as how it was done, clauses later
    ("ارتكبت الميليشيات الحوثية مجزرة قتل فيها عشرون مدنيا، وجرح العشرات في قصف بقذائف الهاون على أحياء تعز.",
     [("LAUNCH", "HOUTHIS", "YEM")]),
    # a chain of و-clauses goes on with the state named after the verb that opened it
    ("رحبت مصر بالاتفاق بين الطرفين، ودعت أيضا إلى وقف القتال في المدينة، واستنكرت الهجوم على القافلة.",
     [("CONDEMNATION", "EGY", None)]),
    # … but a clause with another subject (فيما) breaks the chain
    ("رحبت مصر بالاتفاق، فيما دعا الرئيس إلى الحوار، واستنكرت الهجوم.", []),
    # statements are condemned as issued by whoever issued them (الصادرة عن، وصدورها من)
    ("ندد الأمين العام بالتصريحات العدائية الصادرة عن مسؤول في دولة إيران.", [("CONDEMNATION", None, "IRN")]),
    ("واستنكر الوزير التصريحات المسيئة وصدورها من نائب في البرلمان التركي.", [("CONDEMNATION", None, "TUR")]),
    # places told by who holds them were fired at as that party's; a named town's relative clause is not
    ("قصفت المدفعية مواقع قرب الحدود الأردنية يتحصن فيها مسلحو تنظيم داعش.", [("LAUNCH", None, "ISIS")]),
    ("قصف الجيش التركي بالمدفعية مواقع في قرية قرب بلدة جرابلس التي يسيطر عليها تنظيم داعش.",
     [("LAUNCH", "TUR", "SYR")]),
    # ميلشيات, a common misspelling of ميليشيات
    ("أطلقت ميلشيات الحوثي صاروخا على جازان.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # a state whose border the place lies near was not fired at
    ("وقصف الجيش التركي بالمدفعية قرويين بالقرب من الحدود الإيرانية.", [("LAUNCH", "TUR", None)]),
    # يستنكرها is a verb and its object, never the noun استنكار: the doer of the acts does not condemn
    ("فكل ما تفعله إيران أفعال تحرمها الشرائع والقوانين الدولية، ويرفضها ويستنكرها ضمير كل إنسان.",
     [("CONDEMNATION", None, None)]),
    # intercepting as a purpose (لاعتراض، للتصدي) brings nothing down
    ("نشرت الكويت بطاريات لاعتراض الصواريخ الإيرانية.", []),
    # settlers are citizens, not the state: their act is condemned with target null
    ("أدانت قطر الاعتداء الذي نفذه مستوطنون إسرائيليون على قرية فلسطينية.", [("CONDEMNATION", "QAT", None)]),
    # a و-verb far from its clause's verb-first subject still has it
    ("وفي ريف إدلب كثفت الطائرات الروسية من طلعاتها فوق الأحياء الشرقية في المدينة وقامت بقصف المنازل بالصواريخ.",
     [("LAUNCH", "RUS", "SYR")]),
    # fire from a force's positions was fired by that force; a partitive من picks out targets
    ("أدى القصف العنيف بالصواريخ الذي تعرض له حي الوعر في حمص من مواقع قوات النظام السوري إلى مقتل طفلين.",
     [("LAUNCH", "SYR", "SYR")]),
    ("قصفت الطائرات التركية بالصواريخ نحو 400 موقع من مواقع تنظيم داعش في سوريا.", [("LAUNCH", "TUR", "ISIS")]),
    # a launch as the purpose of being somewhere (لشن قصف) is not told as done
    ("وكانت الميليشيات تحشد عناصرها قرب المدينة لشن قصف بالهاون على الأحياء الشرقية في تعز.", []),
    # capability (قادرون على) is not an act
    ("قال القائد إن جنودنا قادرون على اعتراض الصواريخ الحوثية وإسقاطها.", []),
    # a body with no code, then its object after ب: the object's nisba is not the body's
    ("ندد البرلمان العربي بالاستفزازات الإسرائيلية المتكررة في المسجد الأقصى.", [("CONDEMNATION", None, "ISR")]),
    # where people were killed, across إثر, by a town's state nisba when no list has the town
    ("وأفادت المصادر عن مقتل ثلاثة مدنيين في بلدة الزعيترة العراقية إثر سقوط قذيفة هاون استهدفت سوقا شعبيا.",
     [("LAUNCH", None, "IRQ")]),
    # the newspaper told (ل"الرياض") is not the capital; a genitive after لـ
    # still is a party (the quarter is the Houthis' home front: Yemen)
    ('وقال سكان محليون ل"الرياض" إن عشرات القذائف أطلقها المسلحون الحوثيون أمس على منازل المواطنين في حي الروضة.',
     [("LAUNCH", "HOUTHIS", "YEM")]),
    ("وقصفت المدفعية التركية مواقع لـ«داعش» بقذائف الهاون.", [("LAUNCH", "TUR", "ISIS")]),
    # past a short من phrase naming the state fired from, the place where the fire fell
    ("وسقطت ثلاث قذائف هاون أطلقت من الأراضي السورية في مناطق زراعية قرب بلدة الريحانية.", [("LAUNCH", None, "TUR")]),
    # "owes" may follow a long aside (ويدين الفريق، الذي …، بفوزه)
    ("ويدين الفريق الضيف، الذي ودع البطولة الماضية من الدور الأول بعد موسم صعب شهد رحيل مدربه، بفوزه إلى حارسه.", []),
    # an office's genitive chain through group words belongs to the condemner, not the object
    ("استنكر الأمين العام لمجلس وزراء الداخلية لدول الجامعة العربية الدكتور محمد كومان التفجير.",
     [("CONDEMNATION", "ARAB_LEAGUE", None)]),
    # plural condemnations with nobody named are no one's (شهدت إدانات دولية)
    ("وقد واجهت الحكومة الإيرانية بسبب هذه الإعدامات إدانات دولية واسعة.", []),
    # a conviction: charges (بجميع التهم), or any إدانة in a sentence a court's ruling fills
    ("وأدين المزارع بجميع التهم الموجهة ضده وأفرج عنه بكفالة.", []),
    ("وحكمت المحكمة على الرجل بالسجن بعد أن ثبت أنه سافر إلى سوريا حيث قاتل تنظيم داعش سنتين، وإدانته بتدربه على السلاح.",
     []),
    # professing a faith (ويدين به), condemnation by the world (إدانة دولية واسعة), a question (هل تدين)
    ("المسلم الذي ينتمي إلى الإسلام ويدين به عقيدة ومنهاجا لا يقف عند حدود بلده.", []),
    ("وقالت الخارجية إن الهجمات التي وقعت في فرنسا وتونس ولاقت إدانة دولية واسعة كانت منسقة.", []),
    ("هل تدين الحكومة المصرية الهجوم؟", []),
    # the nisba on an aircraft is whose it is; an accusative روسيا after a weapon is the nisba روسيًا
    ("قصفت الطائرات الروسية مواقع المعارضة بالصواريخ بمشاركة 20 طائرة روسية.", [("LAUNCH", "RUS", None)]),
    ("وقال مسؤولون غربيون إن صاروخا روسيا أطلق من مناطق المتمردين وأصاب الطائرة.", [("LAUNCH", None, None)]),
    # ولاية سيناء is the Islamic State's Sinai branch
    ("أطلق تنظيم ولاية سيناء قذائف هاون على معسكر للجيش المصري في رفح.", [("LAUNCH", "ISIS", "EGY")]),
    # تدينه in a list of nouns with the same possessive is religiosity
    ("ويؤثر ذلك في أخلاق الشاب وتدينه وسلوكه اليومي.", []),
    # a bare الوزارة as subject is the ministry named before it in the sentence
    ("اعتبرت وزارة الخارجية الأردنية اليوم القرار خطوة خطيرة، وأدانت الوزارة في بيان لها الهجوم على المسجد.",
     [("CONDEMNATION", "JOR", None)]),
    # what the condemner described as (ما وصفته، ما وصفه بـ) is the condemned act; ل after an
    # indefinite act and its adjectives names its doer
    ("واستنكرت الحكومة الأردنية أيضا، ما وصفته الاستفزازات الإسرائيلية والاقتحامات المتتالية للمسجد الأقصى.",
     [("CONDEMNATION", "JOR", "ISR")]),
    ("وقد دان مجلس الأمن الدولي ما وصفه بأعمال بربرية لتنظيم داعش في العراق.", [("CONDEMNATION", "UNSC", "ISIS")]),
    # a second condemned act joined by ، وما … عليه names its doer; not past a clause of another verb
    ("وجدد مجلس الوزراء إدانة المملكة واستنكارها للجريمة البشعة التي نفذها مستوطنون في قرية دوما، "
     "وما أقدمت عليه قوات الاحتلال الإسرائيلي من اقتحام للمسجد الأقصى.", [("CONDEMNATION", "SAU", "ISR")]),
    ("وفيما دانت القناة اقتحام مكتبها، تعهدت بالاستمرار في عملها، وما تقوم به جماعة الحوثي لن يثنيها.",
     [("CONDEMNATION", None, None)]),
    # a jury convicts on counts (تهمة)
    ("وكانت هيئة المحلفين، المؤلفة من 3 رجال و9 نساء، أدانت الرجل بـ12 تهمة، من بينها القتل العمد.", []),
    # a feminine verb after الذي does not take the masculine antecedent as subject, but the
    # clause's earlier feminine verb's subject
    ("بينما بدأت أنقرة مهاجمة تنظيم الدولة الإسلامية الذي قصفت مواقع له في الأراضي السورية بالمدفعية عدة مرات.",
     [("LAUNCH", "TUR", "SYR")]),
    ("وأعلن الجيش أن تنظيم داعش الذي أطلق صواريخ على المدينة تكبد خسائر.", [("LAUNCH", "ISIS", None)]),
    # وهو القصف الذي …: the launch told again keeps the target it was told with
    ("وصفق العرب لحلف الناتو وهو يقصف ليبيا، وهو القصف الذي دشنته الولايات المتحدة بصواريخ كروز.",
     [("LAUNCH", "USA", "LBY")]),
    # capability reaches past أيضا; a drone sent up to bring the internet is fired at nobody
    ("كما أن الطائرات بلا طيار يمكنها أيضا أن تطلق صواريخها على أهداف ترصدها بنفسها.", []),
    ("أعلنت شركة فيسبوك أنها تطلق طائرة بدون طيار لإيصال الإنترنت إلى المناطق النائية.", []),
    # "the occupation" alone is Israel, unless the sentence names another occupation's state
    ("قصفت مدفعية الاحتلال منازل المواطنين في بيت لاهيا.", [("LAUNCH", "ISR", "PSE")]),
    ("ندد الأزهر باقتحام قوات الاحتلال باحات المسجد.", [("CONDEMNATION", None, "ISR")]),
    ("استنكرت الرابطة اعتداء جنود الاحتلال على الصحفيين.", [("CONDEMNATION", None, "ISR")]),
    ("قصفت قوات الاحتلال بالمدفعية أحياء في الموصل.", [("LAUNCH", None, "IRQ")]),
    # the second of two nouns after عن goes with the verb of expressing before them
    ("هاجمت القوات الإيرانية المحتجين في الساحة الذين عبروا عن حزنهم وإدانتهم لما حدث.",
     [("CONDEMNATION", None, None)]),
    # the act noun that opens a condemnation's object is no verb; its genitive did the act
    ("أدانت إيطاليا قصف روسيا لمحطة كهرباء في أوديسا.", [("CONDEMNATION", "ITA", "RUS"), ("LAUNCH", "RUS", "UKR")]),
    # after a verb of announcing and its subject, قصف is that verb's object; a city after it was hit
    ("تبنت سرايا القدس قصف تل أبيب برشقة صاروخية.", [("LAUNCH", "PIJ", "ISR")]),
    ("أعلنت موسكو قصف كييف بصواريخ كروز.", [("LAUNCH", "RUS", "UKR")]),
    # a capital fired at is not the doer of what is condemned; a capital that fires is
    ("نددت كندا بقصف كييف.", [("CONDEMNATION", "CAN", None)]),
    ("استنكرت طوكيو إطلاق بيونغ يانغ صاروخين باليستيين.", [("CONDEMNATION", "JPN", "PRK"), ("LAUNCH", "PRK", None)]),
    # a headline quotes the party before its colon; a first-person verb is the speaker's act
    ("الأردن: ندين الاعتداء على السفارة.", [("CONDEMNATION", "JOR", None)]),
    ("حزب الله: استهدفنا ثكنة إسرائيلية بالصواريخ.", [("LAUNCH", "HEZBOLLAH", "ISR")]),
    ("قال قائد القوات الروسية: نقصف مواقع العدو في خاركيف بالمدفعية.", [("LAUNCH", "RUS", "UKR")]),
    ("وزارة الخارجية القطرية: ندين استهداف المدنيين.", [("CONDEMNATION", "QAT", None)]),
    ("الدفاع الجوي الأوكراني: اعترضنا صاروخا أطلق من بيلاروسيا.", [("LAUNCH", None, "UKR")]),
    ("المتمردون يعلنون استهداف مطار عدن بصواريخ كاتيوشا.", [("LAUNCH", None, "YEM")]),
    # a nisba in the indefinite accusative (its tanwin gone) names whose weapon it is
    ("اعترضت الدفاعات الإماراتية صاروخا حوثيا.", [("LAUNCH", "HOUTHIS", "ARE")]),
    # but a party right after the verb is its subject, and نا the object (us)
    ("قال مزارعون: استهدفنا الحوثيون بقذائف الهاون.", [("LAUNCH", "HOUTHIS", None)]),
    # a weapon before an imperfect launch verb is its subject, its nisba the firer
    ("قذائف إسرائيلية تضرب دمشق.", [("LAUNCH", "ISR", "SYR")]),
    ("وما زالت الطائرات المسيرة التي تطلقها الميليشيات الحوثية تتساقط على القرى.", [("LAUNCH", "HOUTHIS", None)]),
    # a language is no party: بالفرنسية والألمانية
    ("وزع الناشطون منشورات بالعربية والفرنسية تندد بالتمييز.", []),
    # water cannon fires no projectile
    ("أطلقت الشرطة الإيرانية مدافع المياه على المحتجين في طهران.", []),
    # a letter's sender condemns in it
    ("وصل خطاب من وزير الخارجية العماني يدين فيه الاعتداء على السفارة.", [("CONDEMNATION", "OMN", None)]),
    # the dot of a one-letter title (د. م.) ends no clause
    ("أعرب المندوب الكويتي لدى الأمم المتحدة د. منصور العتيبي عن استنكاره لتصريحات الوزير الإيراني.",
     [("CONDEMNATION", "KWT", "IRN")]),
    # a feminine nisba after a named place says where it lies
    ("قصفت المدفعية السورية بلدة بريتال اللبنانية.", [("LAUNCH", "SYR", "LBN")]),
    # the one called, under a preposition, does not condemn; the caller named without a state is null
    ("اتصل المستشار شولتس بالرئيس المصري معلنا استنكاره للهجوم.", [("CONDEMNATION", None, None)]),
    # مسيرة in construct before a definite noun is a march
    ("هاجمت الشرطة الإسرائيلية مسيرة أنصار الأسرى في القدس.", []),
    # but a verb after مسيرة opens a clause, not a genitive: the drone stands
    ("أسقط الجيش الأردني مسيرة أطلقها مهربون من سوريا.", [("LAUNCH", None, "JOR")]),
    # critics act, not the state they criticise
    ("أطلق معارضو الحكومة الأفغانية قذائف على كابول.", [("LAUNCH", None, "AFG")]),
    # the speaker is not who fired a launch told inside his report
    ("قال الناطق باسم الجيش الإسرائيلي إن الطائرات ردت على إطلاق قذيفة باتجاه بلداتنا.",
     [("LAUNCH", None, None)]),
])
def test_real_press_constructions(text, expected):
    assert asserted(text) == expected


def test_a_plural_verb_takes_no_subject_after_it():
    events = EX.extract("أكد القائد أنهم استهدفوا قوات الأسد بالصواريخ.")
    assert all(e.actor_code != "SYR" for e in events)


def test_katyusha_in_the_construct_state_is_a_rocket():
    events = [e for e in EX.extract("قصف الحوثيون الأحياء بصواريخ الكاتيوشا.") if e.event_type == "LAUNCH"]
    assert events and all(e.projectile == "ROCKET" for e in events)


def test_a_semicolon_before_haythu_does_not_end_the_sentence():
    text = "تنفذ القوات عمليات؛ حيث قصفت المواقع. ثم انسحبت؛ وعادت."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "تنفذ القوات عمليات؛ حيث قصفت المواقع.", "ثم انسحبت؛", "وعادت."]


def test_a_planted_charge_is_not_the_launch_of_the_shells_named_after_it():
    events = [e for e in EX.extract("تنوعت الهجمات بين استهداف جرافة إسرائيلية بعبوة ناسفة، وإطلاق قذائف هاون على موقع عسكري.")
              if e.event_type == "LAUNCH"]
    assert events and all(e.trigger == "وإطلاق" for e in events)


@pytest.mark.parametrize("text, expected", [
    # what is owed or professed is no condemnation
    ("الوفاء للوطن عهد ندين به جميعا.", []),
    ("قال القائد إن الكتيبة تدين له بالولاء.", []),
    # إقدام X على: the one who dared is the condemned party, not the condemner
    ("استنكر المجلس إقدام الميليشيات الحوثية على خرق الاتفاق.", [("CONDEMNATION", None, "HOUTHIS")]),
    # a former office holder and a party act for no state
    ("ندد الرئيس الفرنسي الأسبق بالهجوم على المدرسة.", [("CONDEMNATION", None, None)]),
    ("أدان الأمين العام السابق لجامعة الدول العربية التفجير.", [("CONDEMNATION", None, None)]),
    ("استنكر حزب النهضة المغربي الاعتداء على المصلين.", [("CONDEMNATION", None, None)]),
    # a subjunctive condemnation is asked or weighed, not made
    ("وعلى الاتحاد الأوروبي أن يدين هذه الاعتداءات.", []),
    ("فإما أن تدين الحكومة الهجوم أو أن تستقيل.", []),
    ("وأكد الوزير أن الكويت تدين الهجوم.", [("CONDEMNATION", "KWT", None)]),
    # a state telling of "the artillery" tells of its own; so does a second
    # launch by a bare force after the same state's named one
    ("أعلنت وزارة الدفاع الروسية أن المدفعية قصفت مواقع المسلحين في سوريا.", [("LAUNCH", "RUS", "SYR")]),
    ("وأفادت مصادر في الرئاسة التركية أن المدفعية قصفت أهدافا في شمال العراق.", [("LAUNCH", "TUR", "IRQ")]),
    ("أكد القيادي قصف الطائرات الإسرائيلية لمواقع الحركة مع قصف عنيف للمدفعية.", [("LAUNCH", "ISR", None)]),
    ("قصفت المدفعية مواقع المسلحين في إدلب.", [("LAUNCH", None, "SYR")]),
    # a group fighting at home fires on a town or quarter of its state, unless
    # the sentence places it elsewhere or on the border
    ("قصفت الميليشيات الحوثية حي الشماسي بقذائف الهاون.", [("LAUNCH", "HOUTHIS", "YEM")]),
    ("تعرضت قرية المشجب لقصف عنيف من الحوثيين بصواريخ الكاتيوشا.", [("LAUNCH", "HOUTHIS", "YEM")]),
    ("أطلقت الميليشيات الحوثية قذائف على القرى الحدودية.", [("LAUNCH", "HOUTHIS", None)]),
    ("قصف حزب الله قرية الزهراء بالقذائف.", [("LAUNCH", "HEZBOLLAH", None)]),
    # an allegation the paper disputes is no launch it reports; a claim told plainly is
    ("وسخر المتحدث من مزاعم الحوثيين بإطلاق صاروخ باليستي على مطار عدن.", []),
    ("وقال الحوثيون إنهم أطلقوا صاروخا باليستيا على مطار عدن.", [("LAUNCH", "HOUTHIS", "YEM")]),
    # the passive أُدين in a court story is a conviction
    ("وأدين الرجل، الذي عرف باسم أبو علي، بالإرهاب لكن جرت تبرئته من تهمة التمويل.", []),
    ("في حين أدين المتهمون الثلاثة الآخرون وفق الادعاء العام.", []),
    # political groups of a country are not its state
    ("ونددت قوى سياسية لبنانية بالقصف الإسرائيلي للجنوب.", [("CONDEMNATION", None, "ISR")]),
    # a role is an act: its nisba is the condemned party
    ("شجب الدور التركي", []),
    # the armed group whose men a launch killed was fired at, not the state it stood in
    ("وأعلن مصدر عسكري عن مقتل خمسة من قادة تنظيم داعش بقصف مدفعي استهدف سيارتهم في مدينة الموصل.",
     [("LAUNCH", None, "ISIS")]),
    # the Saudi papers' "southern border" is Saudi Arabia's
    ("وجددت الميليشيات الحوثية استهداف قرى الحد الجنوبي بالقذائف.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # two courts convict too; a university named with a state's adjective is not the state
    ("ودانت محكمتا أول درجة والاستئناف الأردنيتان المتهم في قضية التفجير.", []),
    ("عبر مدير الجامعة السعودية الإلكترونية عن إدانته للهجوم على المسجد.", [("CONDEMNATION", None, None)]),
    # from audit draw 14: the party held responsible is the one condemned; a
    # passive إدانة is a conviction; statements of condemnation in general are
    # nobody's; a launch told as the means of the clause's subject is its
    ("ونددت الخارجية المصرية باغتيال الصحفي، وحملت الحكومة الإثيوبية المسؤولية الكاملة.",
     [("CONDEMNATION", "EGY", "ETH")]),
    ("وذكرت الهيئة المالية السويسرية أن عددا من الأشخاص تمت إدانتهم في البرازيل.", []),
    ("الاحتلال لن يتوقف ببيانات الشجب والإدانة.", []),
    ("ويعطي الجيش الروسي الأولوية للمعركة في المدينة عبر تشديد الحصار عليها والاستمرار في قصفها بالصواريخ.",
     [("LAUNCH", "RUS", None)]),
    # from audit draw 15: a participle's condemner is not a party inside the
    # phrase the main verb governs; "enough condemnation" condemns nothing; a
    # draft proposes; a clause describing an indefinite noun has it as subject
    ("وأشاد المحافظ بجهود رجال الأمن الكويتي، مستنكرا نشاط الجماعات الإرهابية.", []),
    ("وقال وزير الخارجية الأردني: يكفي تنديدا واستنكارا، على العالم أن يتحرك.", []),
    ("وقدمت فرنسا مشروع قرار يدين روسيا في مجلس الأمن.", []),
    ("وصدرت قرارات دولية تدين إسرائيل.", []),
    ("وأطلق مسلحون صواريخ على موقع عسكري في إقليم موش.", [("LAUNCH", None, "TUR")]),
    # from audit draw 16: one affiliated to a group did the act; a formula's
    # verbs quoted after عبارات are named, not done
    ("استنكر المجلس الهجوم الذي نفذه أحد المنتمين لتنظيم داعش في المسجد.", [("CONDEMNATION", None, "ISIS")]),
    ("وقال الوزير القطري إن عبارات نأسف وندين لم تعد تكفي.", []),
    # the one state the sentence places things in is where the fire fell,
    # unless it acts there itself; a water salute fires nothing
    ("وقتل عشرة مدنيين في حي بمدينة عدن، وأكد الشهود أن المنازل ضُربت بأربعة صواريخ.",
     [("LAUNCH", None, "YEM")]),
    ("وتنفذ القوات المسلحة التونسية عمليات في جبل الشعانبي حيث استهدفت بقصف مدفعي عدة مواقع.",
     [("LAUNCH", "TUN", None)]),
    ("واحتفل مطار دبي بوصول الرحلة الأولى بإطلاق المدافع المائية.", []),
    ("ونددت الخارجية اليمنية بالهجوم على المستشفى، متهمة الحوثيين بتنفيذه.", [("CONDEMNATION", "YEM", "HOUTHIS")]),
    # a speech's speaker condemns in it, with both nouns of one verb
    ("وألقى وزير الخارجية الأردني كلمة أمام مجلس جامعة الدول العربية جدد فيها إدانة واستنكار بلاده للهجوم.",
     [("CONDEMNATION", "JOR", None)]),
    # draw 18: a UN envoy or coordinator speaks for the UN
    ("وندد الموفد الخاص للأمم المتحدة في ليبيا برناردينو ليون أمس بالهجوم.", [("CONDEMNATION", "UN", None)]),
    ("أدان منسق الأمم المتحدة الخاص لعملية السلام نيكولاي ملادينوف إحراق المنزل.", [("CONDEMNATION", "UN", None)]),
    # the condemner's long description runs to the comma before the act
    ("دان رئيس رابطة العلماء المركزية الأردنية عضو مجلس الأعيان الأردني الدكتور سامي نور، الانفجار الذي "
     "استهدف المسجد في منطقة جازان.", [("CONDEMNATION", None, None)]),
    # what underwent the launch is its target, past a time word's comma; the
    # craft's owner in a phrase of time is not
    ("تعرض مطار صنعاء أمس، لقصف صاروخي أثناء هبوط الطائرة الإيرانية.", [("LAUNCH", None, "YEM")]),
    ("تعرض مطار صنعاء لقصف صاروخي أثناء هبوط الطائرة الإيرانية، واستهدفت صواريخ غراد المطار أثناء إنزال الركاب.",
     [("LAUNCH", None, "YEM")]),
    # resorting to a launch is doing it
    ("لجأ الحوثيون إلى إطلاق القذائف على نجران.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # doers told in general, then one by name
    ("وأدانت السعودية ممارسات الجماعات المتطرفة ولا سيما تنظيم داعش.", [("CONDEMNATION", "SAU", "ISIS")]),
    ("وأدان المجلس ممارسات الجماعات الإرهابية وخصوصا تنظيم داعش في العراق.", [("CONDEMNATION", None, "ISIS")]),
    # a support verb's subject, head and genitive, does the act; the group
    # named after the noun is what it hits
    ("وواصلت طائرات التحالف قصف «داعش» في الرقة بالصواريخ.", [("LAUNCH", None, "ISIS")]),
    # draw 19: the act as the condemner calls it (بما قال إنه) is the object
    ("واستنكر السفير ما قال إنه الاعتداء الإسرائيلي على المسجد.", [("CONDEMNATION", None, "ISR")]),
    # condemning oneself is being incriminated
    ("فقد أدانت الشركة نفسها وإدارتها بقبولها العرض.", []),
    # draw 20: a chargé d'affaires speaks for the state of his embassy
    ("أدان القائم بأعمال سفارة خادم الحرمين الشريفين لدى المغرب الهجوم على الحافلة.",
     [("CONDEMNATION", "SAU", None)]),
    # a capital as a film's title is no party
    ("ندد مخرج فيلم «بيروت» بالتفجير الإرهابي.", [("CONDEMNATION", None, None)]),
    # Libyan towns the papers name
    ("وقصفت الميليشيات مدينة غريان بصواريخ غراد.", [("LAUNCH", None, "LBY")]),
    # draw 21: after إن and its noun the verb's subject stands before it
    ("وقالت مصادر محلية إن مدفعية المقاومة الشعبية في تعز قصفت ميليشيات الحوثي بالقذائف.",
     [("LAUNCH", None, "HOUTHIS")]),
    # a joined plural verb goes on with the subject after أن
    ("وقال المحلل إن الحوثيين يخسرون كل يوم مواقع جديدة، فيلجأون إلى إطلاق القذائف العشوائية على نجران.",
     [("LAUNCH", "HOUTHIS", "SAU")]),
    # draw 22: "the hands of" a group fire for it
    ("استهدفت أيادي العملاء من ميليشيات الحوثي الانقلابية محافظة الخوبة أمس بأربع قذائف عسكرية.",
     [("LAUNCH", "HOUTHIS", "SAU")]),
    # a verb carrying the weapon's pronoun names its firer
    ("استهدفت ثلاث قذائف، أرسلتها أيادي الغدر الحوثية صباح أمس، مستشفى الخوبة.", [("LAUNCH", "HOUTHIS", "SAU")]),
    # a mind, a faith or society condemning is a general truth
    ("وهذه أفعال ينبذها ويستنكرها عقل الإنسان البسيط.", []),
    ("وهذا ما تستنكره الشريعة الإسلامية.", []),
    # an office's genitive of several words before its nisba
    ("وقال وزير شؤون الشرق الأوسط البريطاني: ندين هذا الاعتداء.", [("CONDEMNATION", "GBR", None)]),
    # draw 23: a feminine verb after الذين does not take the people as its subject
    ("وتحدث المفتي عن تهجير السوريين الذين قصفت مدنهم بالمدفعية.", [("LAUNCH", None, None)]),
])
def test_audit_draw_11_classes(text, expected):
    assert asserted(text) == expected


def _tuples_on(text, day):
    return sorted({e.tuple for e in EX.extract(text, day) if e.modality == ASSERTED}, key=repr)


def test_an_office_holder_acts_for_his_state_while_in_office():
    from datetime import date

    text = "وقال البيت الأبيض إن أوباما أدان التفجير."
    assert _tuples_on(text, date(2015, 7, 21)) == [("CONDEMNATION", "USA", None)]
    assert _tuples_on(text, date(2019, 3, 1)) == [("CONDEMNATION", None, None)]
    assert _tuples_on("وندد ترامب بالهجوم على السفارة.", date(2015, 12, 1)) == [("CONDEMNATION", None, None)]
    assert _tuples_on("وندد ترامب بالهجوم على السفارة.", date(2018, 5, 1)) == [("CONDEMNATION", "USA", None)]
    # with no date there is no office to place him in
    assert _tuples_on(text, None) == [("CONDEMNATION", None, None)]


def test_a_name_beside_its_office_is_one_party():
    from datetime import date

    text = "أدان ديفيد كاميرون، رئيس الوزراء البريطاني، الهجوم على السياح."
    assert _tuples_on(text, date(2015, 6, 27)) == [("CONDEMNATION", "GBR", None)]
    text = "أدان وزير الخارجية السعودي عادل الجبير حرق الرضيع على يد مستوطنين إسرائيليين."
    assert _tuples_on(text, date(2015, 7, 31)) == [("CONDEMNATION", "SAU", "ISR")]


def test_the_one_forces_are_loyal_to_neither_fires_nor_is_fired_at():
    from datetime import date

    text = "وقصفت القوات الموالية للرئيس عبد ربه منصور هادي مواقع الحوثيين بالمدفعية."
    assert ("LAUNCH", None, "HOUTHIS") in _tuples_on(text, date(2015, 8, 1))
    assert all(t[2] != "YEM" for t in _tuples_on(text, date(2015, 8, 1)))


def test_an_office_holder_is_not_fired_at():
    from datetime import date

    text = "وأطلق الحوثيون صاروخا باليستيا باتجاه المدمرة يو إس إس كارني في البحر الأحمر."
    assert all(t[2] != "CAN" for t in _tuples_on(text, date(2026, 1, 10)))
