"""A seeded, reproducible corpus of Arabic news articles as JSON Lines.

The articles look like a news archive, as far as the pipeline can tell:

* most paragraphs carry no trigger at all (economy, weather, sport, culture,
  health, diplomacy without condemnation), and some use a trigger word in its
  everyday sense (أطلقت الوزارة حملة …), as real news does;
* a small share of sentences report a condemnation or a launch, built from
  varied actors, verbs, projectiles, targets and modality markers;
* lengths are skewed: many short wire items, some long features;
* the text is noisy: diacritics, tatweel, Eastern Arabic digits, bidi marks,
  Latin names and URLs, «quotes», doubled spaces;
* a few records are repeats of an earlier id or are not valid JSON, so the
  dead-letter and de-duplication paths run too.

The same ``seed`` and ``count`` always give byte-identical output.

    python -m bench.corpus --count 10000 --out /tmp/corpus-10k.jsonl
"""
from __future__ import annotations

import argparse
import json
import math
import random
from datetime import datetime, timedelta, timezone
from typing import Dict, Iterator, List, Tuple

STATES = [
    "روسيا", "الولايات المتحدة", "كوريا الشمالية", "كوريا الجنوبية", "إيران", "إسرائيل",
    "فرنسا", "ألمانيا", "المملكة المتحدة", "الصين", "اليابان", "تركيا", "مصر", "الأردن",
    "السعودية", "الإمارات", "قطر", "الكويت", "سلطنة عمان", "العراق", "سوريا", "لبنان",
    "أوكرانيا", "باكستان", "الهند", "الجزائر", "المغرب", "تونس", "ليبيا", "السودان",
    "إسبانيا", "إيطاليا", "البرازيل", "جنوب أفريقيا", "إندونيسيا", "ماليزيا",
]
BODIES = [
    "الأمم المتحدة", "الاتحاد الأوروبي", "جامعة الدول العربية", "منظمة التعاون الإسلامي",
    "مجلس التعاون الخليجي", "الاتحاد الأفريقي",
]
GROUPS = ["حركة حماس", "حزب الله", "جماعة الحوثي", "حركة الجهاد الإسلامي", "تنظيم داعش"]
TARGETS = STATES + ["مدينة سديروت", "قاعدة عسكرية", "مدينة خاركيف", "بحر اليابان", "ميناء إيلات"]

CONDEMN_VERBS = ["أدانت", "أدان", "نددت", "ندد", "استنكرت", "شجبت"]
CONDEMN_NOUNS = ["إدانتها", "استنكارها", "تنديدها", "رفضها وإدانتها"]
CONDEMN_OBJECTS = [
    "الهجوم الذي شنته {t}", "الضربات التي نفذتها {t}", "إطلاق {t} صواريخ باليستية",
    "العملية العسكرية التي تقوم بها {t}", "الانتهاكات المتكررة من جانب {t}",
]
LAUNCH_VERBS = ["أطلقت", "أطلق", "أطلقوا", "شنت", "أمطرت"]
PROJECTILES = [
    "صواريخ باليستية", "صاروخا بعيد المدى", "طائرات مسيرة", "قذائف مدفعية", "رشقة صاروخية",
    "صواريخ كروز", "قمرا صناعيا", "عشرات الصواريخ", "مسيرات انتحارية",
]
LAUNCH_PREPS = ["على", "باتجاه", "نحو"]
MODALITY = [
    ("", 70), ("لم ", 6), ("هددت بأن ", 5), ("قد ", 4), ("نفت أن تكون ", 4),
    ("دعت إلى ", 4), ("من المتوقع أن ", 4), ("إذا ", 3),
]
REPORTERS = ["وقالت وكالة الأنباء الرسمية إن", "وذكرت مصادر مطلعة أن", "وأفاد مراسلنا بأن",
             "وأعلن المتحدث باسم الوزارة أن", "وأكد بيان رسمي أن"]

# Trigger-free news: topics × templates × fillers.
CITIES = ["القاهرة", "الرياض", "دبي", "بيروت", "عمّان", "الرباط", "تونس العاصمة", "الدوحة",
          "بغداد", "الخرطوم", "الجزائر العاصمة", "مسقط", "الكويت", "جدة", "الإسكندرية"]
ORGS = ["وزارة المالية", "البنك المركزي", "وزارة الصحة", "وزارة التعليم", "هيئة الأرصاد الجوية",
        "غرفة التجارة", "الاتحاد الوطني لكرة القدم", "وزارة الثقافة", "هيئة الطيران المدني",
        "شركة الكهرباء الوطنية", "مجلس النواب", "جامعة الملك سعود", "البورصة المصرية"]
PEOPLE = ["محمد العلي", "سارة الحسن", "أحمد منصور", "ليلى عبد الله", "خالد الزعبي",
          "نور الهدى سالم", "يوسف القاسم", "منى إبراهيم", "عمر الفاروق", "هند الشمري"]
NOUNS = ["النمو الاقتصادي", "أسعار النفط", "معدلات التضخم", "الاستثمار الأجنبي", "قطاع السياحة",
         "سوق العمل", "الصادرات غير النفطية", "الطاقة المتجددة", "البنية التحتية", "التحول الرقمي",
         "الأمن الغذائي", "الرعاية الصحية", "جودة التعليم", "حركة الملاحة", "الموسم الزراعي"]
ADJS = ["الملحوظ", "المتسارع", "الكبير", "الطفيف", "المستمر", "غير المسبوق", "التدريجي"]
VERBS_NEUTRAL = ["أعلنت", "أكدت", "أوضحت", "كشفت", "توقعت", "ناقشت", "استعرضت", "بحثت", "وقعت", "افتتحت"]
FALSE_FRIENDS = [
    "أطلقت {o} حملة وطنية للتوعية بأهمية {n}",
    "أطلق {p} مبادرة جديدة لدعم {n} في {c}",
    "وأطلقت الجماهير هتافات التشجيع في ملعب {c}",
    "وشن {p} هجوما لاذعا على منتقدي خطة {n}",
]
NEUTRAL = [
    "{v} {o} اليوم في {c} عن خطة جديدة تهدف إلى تعزيز {n} خلال السنوات الخمس المقبلة",
    "وقال {p} في تصريحات صحفية إن {n} يشهد تحسنا {a} منذ مطلع العام",
    "وبلغت نسبة {n} {d} في المئة خلال الربع الأول، بحسب بيانات رسمية نشرتها {o}",
    "{v} {o} مع وفد رفيع المستوى سبل التعاون في مجال {n} وتبادل الخبرات",
    "ومن المقرر أن تعقد {o} مؤتمرا موسعا في {c} الشهر المقبل بمشاركة {d} خبيرا",
    "وتوقعت {o} أن تسجل درجات الحرارة ارتفاعا {a} في {c} مع نهاية الأسبوع",
    "وفاز فريق {c} على ضيفه بنتيجة {d} أهداف مقابل هدف في الدوري المحلي",
    "وأشار التقرير إلى أن {n} سيظل من أولويات الحكومة في المرحلة المقبلة",
    "وأضاف {p} أن التحديات التي تواجه {n} تتطلب تضافر الجهود بين القطاعين العام والخاص",
    "واستقبل {p} في مكتبه بـ{c} سفراء عدد من الدول لبحث ملفات {n}",
    "ويعد {n} من أبرز الملفات المطروحة على طاولة النقاش في {c}",
    "وأوضح البيان أن الاجتماع تناول آخر المستجدات المتعلقة بـ{n} والتطورات الإقليمية",
    "وتشهد {c} منذ أيام حركة نشطة في الأسواق استعدادا لموسم الأعياد",
    "وكانت {o} قد رصدت في العام الماضي ميزانية قدرها {d} مليون دولار لمشروعات {n}",
]
DIACRITICS = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"
EAST_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _weighted(rng: random.Random, pairs: List[Tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _number(rng: random.Random) -> str:
    n = str(rng.randint(2, 950))
    return n.translate(EAST_DIGITS) if rng.random() < 0.4 else n


def _noisy(rng: random.Random, sentence: str) -> str:
    """Diacritics on some words, tatweel inside some, a bidi mark or a double space."""
    words = sentence.split(" ")
    for i, w in enumerate(words):
        r = rng.random()
        if r < 0.06 and len(w) > 2:
            pos = rng.randrange(1, len(w))
            words[i] = w[:pos] + rng.choice(DIACRITICS) + w[pos:]
        elif r < 0.08 and len(w) > 3:
            pos = rng.randrange(1, len(w) - 1)
            words[i] = w[:pos] + "\u0640" * rng.randint(1, 4) + w[pos:]
    text = " ".join(words)
    if rng.random() < 0.03:
        text = "\u200f" + text
    if rng.random() < 0.05:
        text = text.replace(" ", "  ", 1)
    return text


def _neutral_sentence(rng: random.Random) -> str:
    if rng.random() < 0.04:
        template = rng.choice(FALSE_FRIENDS)
    else:
        template = rng.choice(NEUTRAL)
    return template.format(v=rng.choice(VERBS_NEUTRAL), o=rng.choice(ORGS), c=rng.choice(CITIES),
                           p=rng.choice(PEOPLE), n=rng.choice(NOUNS), a=rng.choice(ADJS),
                           d=_number(rng))


def _event_sentence(rng: random.Random) -> str:
    actor = rng.choice(STATES + BODIES if rng.random() < 0.6 else STATES + GROUPS)
    target = rng.choice(TARGETS)
    if rng.random() < 0.5:
        if rng.random() < 0.7:
            obj = rng.choice(CONDEMN_OBJECTS).format(t=target)
            core = f"{rng.choice(CONDEMN_VERBS)} {actor} بشدة {obj}"
        else:
            core = f"وأعربت {actor} عن {rng.choice(CONDEMN_NOUNS)} {rng.choice(CONDEMN_OBJECTS).format(t=target)}"
        return core
    marker = _weighted(rng, MODALITY)
    proj = rng.choice(PROJECTILES)
    prep = rng.choice(LAUNCH_PREPS)
    verb = rng.choice(LAUNCH_VERBS)
    if rng.random() < 0.3:
        return f"{rng.choice(REPORTERS)} {actor} {marker}{verb} {proj} {prep} {target} فجر اليوم"
    return f"{marker}{verb} {actor} {proj} {prep} {target} {rng.choice(['صباح اليوم', 'أمس الأحد', 'مساء الخميس', 'في وقت سابق'])}"


def _length(rng: random.Random, mean_bytes: int) -> int:
    """Skewed article sizes: many short items, a tail of long features; the mean is ``mean_bytes``."""
    # lognormvariate(mu, 0.8) has mean exp(mu + 0.32).
    target = rng.lognormvariate(math.log(mean_bytes) - 0.32, 0.8)
    return int(min(max(target, 250), mean_bytes * 12))


def article(rng: random.Random, index: int, mean_bytes: int = 2800) -> Dict[str, object]:
    """One article record (id, published, source, url, title, text)."""
    budget = _length(rng, mean_bytes)
    paragraphs: List[str] = []
    size = 0
    event_article = rng.random() < 0.18
    while size < budget:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            if event_article and rng.random() < 0.12:
                s = _event_sentence(rng)
            else:
                s = _neutral_sentence(rng)
            s = _noisy(rng, s)
            end = rng.choice([".", ".", ".", "،", "!", "؟"]) if rng.random() < 0.95 else ""
            if rng.random() < 0.05:
                s = f"«{s}»"
            sentences.append(s + end)
        para = " ".join(sentences)
        if rng.random() < 0.03:
            para += f" (المصدر: https://news.example.com/{index}/{rng.randint(1, 99)} - Reuters)"
        paragraphs.append(para)
        size += len(para.encode("utf-8")) + 1
    published = START + timedelta(seconds=rng.randrange(0, 365 * 86400))
    title = _neutral_sentence(rng)[:80]
    return {
        "id": f"bench-{index:07d}",
        "published": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source": rng.choice(["wire-a", "wire-b", "daily-c", "portal-d", "tv-e"]),
        "url": f"https://news.example.com/a/{index}",
        "title": title,
        "text": "\n".join(paragraphs),
    }


def lines(count: int, seed: int = 6, mean_bytes: int = 2800) -> Iterator[str]:
    """``count`` JSON Lines records (without newline), reproducible from ``seed``.

    About one record in 500 repeats an earlier id, one in 2,000 is broken JSON.
    """
    rng = random.Random(seed)
    for i in range(count):
        r = rng.random()
        if r < 0.0005:
            yield '{"id": "broken-%d", "text": "نص مقطوع' % i
            continue
        index = rng.randrange(0, i) if r < 0.0025 and i else i
        record = article(rng, index, mean_bytes)
        yield json.dumps(record, ensure_ascii=False)


def write(path: str, count: int, seed: int = 6, mean_bytes: int = 2800) -> int:
    """Write the corpus to ``path``; return its size in bytes."""
    size = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in lines(count, seed, mean_bytes):
            fh.write(line)
            fh.write("\n")
            size += len(line.encode("utf-8")) + 1
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--mean-bytes", type=int, default=2800)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    size = write(args.out, args.count, args.seed, args.mean_bytes)
    print(f"{args.count} articles, {size / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
