"""Identifier and label helpers every layer uses (pure string functions; imports nothing of ours)."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# An identifier's acronym glued to the lowercase word after it (teamIDwinner, IPouts, URLpath): the
# acronym ends there, where the CamelCase rule below would cut its last letter off (team_i_dwinner).
_ACRONYM = re.compile(r"(?<![A-Z])(ID|IDS|URL|URI|UUID|GUID|SKU|API|IP|ISBN|EAN|UPC|SSN|VAT|GPS|FK|PK)(?=[a-z]{2})")
# Words of a column that numbers rows within something (a line of an order, a point of a shape):
# read by the profiler's grain search and by the passes alike.
ORDINAL_WORDS = frozenset({"line", "linenumber", "lineno", "seq", "sequence", "position", "item", "ordinal", "ordering", "step", "sub",
                           "stint",  # a player's first, second team in a season
                           # the line or position of a document in other languages (numero_linea, num_ligne)
                           "linea", "ligne", "linha", "riga", "posicion", "posicao", "posizione", "secuencia", "sequencia"})
_CAMEL_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")
# Letters no accent-stripping reaches, spelled out (Straße is Strasse, not Strae; Ærø is Aero).
_SPELLED = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"})
_SPELLED_CAPITALS = _SPELLED | str.maketrans({"ẞ": "SS", "Æ": "AE", "Œ": "OE", "Þ": "TH"})  # in a name all in capitals (ÆRØ)


# Names written in Japanese (kanji and kana, no spaces between words: 顧客ID, 注文日, 合計金額) are
# read as the English words the passes know, the longest known term first, so 注文日 is order date
# and 顧客ID customer id: the words a key, a measure or a time is found by, and the ASCII identifier
# a target needs (SQL keeps the quoted name, labels its own letters). The common terms of business
# tables; a term not here is spelled out: kana in romaji (ポイント is pointo), a kanji by its code
# point (u958b), so every name still reads apart and the same way each time.
CJK_TERMS: dict[str, tuple[str, ...]] = {
    # keys, codes and numbers
    "ID": ("id",), "番号": ("number",), "コード": ("code",), "連番": ("seq",), "枝番": ("seq",), "区分": ("type",),
    "種別": ("type",), "番": ("number",),
    # times
    "日": ("date",), "日付": ("date",), "年月日": ("date",), "日時": ("datetime",), "時刻": ("time",), "年月": ("month",),
    "年度": ("fiscal", "year"), "年": ("year",), "月": ("month",),
    "登録": ("registered",), "作成": ("created",), "更新": ("updated",), "削除": ("deleted",), "生年月日": ("birth", "date"),
    "開始": ("start",), "終了": ("end",), "発送": ("shipped",), "出荷": ("shipped",), "入荷": ("received",),
    "支払": ("payment",), "支払い": ("payment",), "請求": ("invoice",), "入社": ("hire",), "開店": ("opened",),
    # money and quantities
    "金額": ("amount",), "合計": ("total",), "小計": ("subtotal",), "単価": ("unit", "price"), "価格": ("price",),
    "定価": ("list", "price"), "売上": ("sales",), "原価": ("cost",), "税": ("tax",), "消費税": ("tax",), "税額": ("tax", "amount"),
    "割引": ("discount",), "送料": ("shipping", "cost"), "数量": ("quantity",), "個数": ("quantity",), "件数": ("count",),
    "在庫": ("stock",), "残高": ("balance",), "率": ("rate",), "割合": ("ratio",), "点数": ("score",), "ポイント": ("points",),
    # things
    "顧客": ("customer",), "会員": ("member",), "取引先": ("account",), "商品": ("product",), "製品": ("product",),
    "注文": ("order",), "受注": ("order",), "発注": ("purchase", "order"), "明細": ("line",), "店舗": ("store",),
    "社員": ("employee",), "従業員": ("employee",), "部門": ("department",), "部署": ("department",), "会社": ("company",),
    "仕入先": ("supplier",), "倉庫": ("warehouse",), "配送": ("delivery",), "カテゴリ": ("category",), "カテゴリー": ("category",),
    "分類": ("category",), "ステータス": ("status",), "状態": ("status",), "名": ("name",), "名前": ("name",),
    "キャンセル": ("cancelled",), "処理中": ("processing",), "発送済": ("shipped",), "発送済み": ("shipped",),
    "完了": ("completed",), "保留": ("pending",), "返品": ("returned",), "未払い": ("unpaid",), "支払済": ("paid",),
    "氏名": ("name",), "名称": ("name",), "姓": ("last", "name"), "住所": ("address",), "都道府県": ("prefecture",),
    "市区町村": ("city",), "郵便番号": ("postal", "code"), "電話番号": ("phone",), "電話": ("phone",), "メール": ("email",),
    "メールアドレス": ("email",), "性別": ("gender",), "年齢": ("age",), "備考": ("note",), "説明": ("description",),
}
# The same business terms as Simplified Chinese writes them (订单, 客户, 金额: characters simplified
# apart from Japanese 注文, 顧客, 金額), read by the same reader: 订单编号 is order id, 下单时间 order
# time, 是否删除 is deleted, 身份证号 an id card number. A term both scripts write alike (数量, 商品,
# 名称) is in both lists; the terms of one alone tell a Chinese schema from a Japanese one written
# without kana (compiler.label_words).
ZH_TERMS: dict[str, tuple[str, ...]] = {
    # keys, codes and numbers
    "编号": ("id",), "编码": ("code",), "代码": ("code",), "序号": ("seq",), "单号": ("number",), "号码": ("number",),
    "号": ("number",), "类型": ("type",), "类别": ("category",), "是否": ("is",), "更新": ("updated",), "件数": ("count",),
    "商品": ("product",), "数量": ("quantity",), "名称": ("name",), "名": ("name",), "税": ("tax",), "率": ("rate",),
    # times
    "日期": ("date",), "时间": ("time",), "季度": ("quarter",), "生日": ("birth", "date"), "出生": ("birth",),
    "创建": ("created",), "修改": ("updated",), "删除": ("deleted",), "注册": ("registered",),
    "开始": ("start",), "结束": ("end",), "发货": ("shipped",), "收货": ("received",), "支付": ("payment",),
    "付款": ("payment",), "下单": ("order",), "开业": ("opened",), "入职": ("hire",),
    # status values
    "已支付": ("paid",), "已付款": ("paid",), "待付款": ("unpaid",), "已发货": ("shipped",), "待发货": ("pending",),
    "已完成": ("completed",), "已取消": ("cancelled",), "已关闭": ("closed",), "已退款": ("refunded",),
    "退货": ("returned",), "失败": ("failed",), "成功": ("succeeded",),
    # money and quantities
    "金额": ("amount",), "总金额": ("total", "amount"), "总额": ("total",), "合计": ("total",), "总计": ("total",),
    "小计": ("subtotal",), "单价": ("unit", "price"), "价格": ("price",), "售价": ("sale", "price"), "原价": ("list", "price"),
    "成本": ("cost",), "成本价": ("cost",), "实付": ("paid",), "应付": ("payable",), "优惠": ("discount",), "折扣": ("discount",),
    "运费": ("shipping", "cost"), "税额": ("tax", "amount"), "次数": ("count",), "库存": ("stock",),
    "余额": ("balance",), "积分": ("points",), "比例": ("ratio",), "销售": ("sales",), "销售额": ("sales", "amount"),
    "收入": ("revenue",), "利润": ("profit",), "毛利": ("gross", "profit"), "费用": ("expense",),
    # things
    "客户": ("customer",), "顾客": ("customer",), "用户": ("user",), "产品": ("product",), "订单": ("order",),
    "门店": ("store",), "店铺": ("store",), "商店": ("store",), "员工": ("employee",), "部门": ("department",),
    "公司": ("company",), "供应商": ("supplier",), "仓库": ("warehouse",), "物流": ("shipping",), "品类": ("category",),
    "类目": ("category",), "品牌": ("brand",), "状态": ("status",), "名字": ("name",), "地址": ("address",),
    "省份": ("province",), "城市": ("city",), "邮编": ("postal", "code"), "手机": ("mobile",), "手机号": ("mobile", "phone"),
    "手机号码": ("mobile", "phone"), "邮箱": ("email",), "描述": ("description",), "身份证": ("id", "card"),
    "身份证号": ("id", "card", "number"), "记录": ("record",), "方式": ("method",), "等级": ("level",),
    "明细": ("line",), "会员": ("member",), "姓名": ("name",), "性别": ("gender",), "年龄": ("age",), "电话": ("phone",),
    "备注": ("note",), "说明": ("description",), "地区": ("region",), "区域": ("region",),
}
JA_TERMS = dict(CJK_TERMS)
# The periods a time is cut by, as Japanese and Chinese labels name them (compiler.label_words),
# read back as the same words: one source for both.
CJK_PERIODS = {"date": "日付", "month": "月", "quarter": "四半期", "year": "年"}
ZH_PERIODS = {"date": "日期", "month": "月", "quarter": "季度", "year": "年"}
JA_TERMS.update({term: (period,) for period, term in CJK_PERIODS.items()})
ZH_TERMS.update({term: (period,) for period, term in ZH_PERIODS.items()})
CJK_TERMS.update(JA_TERMS | ZH_TERMS)
_CJK_LONGEST = max(len(t) for t in CJK_TERMS)
_KANA_VOWELS = "aiueo"
# Katakana (hiragana is read by its katakana twin) in Hepburn romaji, the small ones after their syllable.
_KANA = dict(zip("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
                 "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
                 "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
                 "ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu"
                 .split()))
_SMALL_KANA = {"ャ": "ya", "ュ": "yu", "ョ": "yo", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}


def _cjk(ch: str) -> bool:
    """A kanji, a kana or the long-vowel mark: a letter of a Japanese (or Chinese) word."""
    o = ord(ch)
    return 0x3041 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF66 <= o <= 0xFF9F


def _romaji(run: str) -> str:
    """Kana in romaji, a kanji as u and its code point in hex: one ASCII word, the same each time."""
    out: list[str] = []
    double = False
    for ch in unicodedata.normalize("NFKC", run):
        o = ord(ch)
        kata = chr(o + 0x60) if 0x3041 <= o <= 0x3096 else ch  # hiragana to katakana
        if kata in ("ッ",):
            double = True
            continue
        if kata == "ー":
            if out and out[-1][-1:] in _KANA_VOWELS:
                out.append(out[-1][-1])
            continue
        if kata in _SMALL_KANA and out and out[-1][-1:] == "i" and kata in "ャュョ":
            prev = out.pop()
            out.append((prev[:-1] if prev[:-1] in ("sh", "ch", "j") else prev[:-1] + "y") + _SMALL_KANA[kata][-1])
            continue
        syl = _KANA.get(kata) or _SMALL_KANA.get(kata) or f"u{o:x}"
        if double and syl[0] not in _KANA_VOWELS:
            syl = syl[0] + syl
        double = False
        out.append(syl)
    return "".join(out)


def has_cjk(name: str) -> bool:
    """Written (in part) in kanji or kana."""
    return not name.isascii() and any(_cjk(ch) for ch in name)


def has_kana(name: str) -> bool:
    """Holds hiragana or katakana: Japanese, where kanji alone may be Chinese."""
    return any(0x3041 <= ord(ch) <= 0x30FF or 0xFF66 <= ord(ch) <= 0xFF9F for ch in name)


def terms_of(name: str) -> tuple[str, ...]:
    """The known terms (CJK_TERMS) `name` is written with, in order: 订单, 编号 of 订单编号."""
    return tuple(text for text, known in _segments(name) if known and not text.isascii())


def _term_at(name: str, i: int) -> str:
    """The longest term of CJK_TERMS at `name[i]`, or "". A term in capitals (ID) is read only
    where it stands against Japanese letters, a term of kanji or kana anywhere."""
    for size in range(min(_CJK_LONGEST, len(name) - i), 0, -1):
        term = name[i:i + size]
        if term in CJK_TERMS and (not term.isascii() or (i and _cjk(name[i - 1]))):
            return term
    return ""


@lru_cache(maxsize=1 << 16)
def _segments(name: str) -> tuple[tuple[str, bool], ...]:
    """`name` cut into (text, known): the terms of CJK_TERMS, the longest first, and the letters
    between them. A term of one kanji (日, 名, 税) is read only where what stands on either side of
    it is a known term or no Japanese letter, so 注文日 is order date but 日 of 日本 or 曜日,
    名 of 名古屋 are spelled out with the letters they belong to."""
    segs: list[list] = []
    i = 0
    while i < len(name):
        term = _term_at(name, i)
        if term:
            segs.append([term, True])
            i += len(term)
        else:
            segs.append([name[i], False])
            i += 1

    def letters(k: int) -> bool:  # a segment of Japanese letters not read as a term
        return 0 <= k < len(segs) and not segs[k][1] and _cjk(segs[k][0])

    changed = True
    while changed:  # until stable: a term given up may leave its neighbour against unknown letters
        changed = False
        for k, seg in enumerate(segs):
            if seg[1] and len(seg[0]) == 1 and _cjk(seg[0]) and (letters(k - 1) or letters(k + 1)):
                seg[1], changed = False, True
    return tuple((text, known) for text, known in segs)


@lru_cache(maxsize=1 << 16)
def _read_cjk(name: str) -> str:
    """`name` with each run of Japanese letters replaced by the words it reads as (`_segments`;
    the rest spelled out by `_romaji`), spaced apart from what surrounds them."""
    if name.isascii() or not any(_cjk(ch) for ch in name):
        return name
    out: list[str] = []
    unknown = ""
    for text, known in _segments(name):
        if not known and _cjk(text):
            unknown += text
            continue
        if unknown:
            out.append(f" {_romaji(unknown)} ")
            unknown = ""
        out.append(" " + " ".join(CJK_TERMS[text]) + " " if known else text)
    if unknown:
        out.append(f" {_romaji(unknown)} ")
    return "".join(out)


def written_stem(name: str, stem: str) -> str:
    """The words `stem` (snake words read from `name`, its first ones: customer of customer_id) in
    the name's own letters where it is written in kanji or kana (顧客 of 顧客ID), so a label made of
    them reads as the name does; `stem` itself otherwise."""
    if not has_cjk(name):
        return stem
    want, out, got = stem.split("_"), "", []
    for text, known in _segments(name):
        if len(got) >= len(want):
            break
        if not known:
            return stem
        read = list(CJK_TERMS[text])
        if got + read != want[:len(got) + len(read)]:
            return stem
        got += read
        out += text
    return out if got == want else stem


@lru_cache(maxsize=1 << 16)
def _cased(name: str) -> tuple[str, ...]:
    """The words of `name` in their own case: CamelCase and glued acronyms split, ASCII only."""
    name = _read_cjk(name)
    spelled = name.translate(_SPELLED_CAPITALS if name.isupper() else _SPELLED)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    spaced = _CAMEL_2.sub(r"\1 \2", _CAMEL_1.sub(r"\1 \2", _ACRONYM.sub(r"\1 ", ascii_name)))
    return tuple(w for w in _NON_WORD.split(spaced) if w)


@lru_cache(maxsize=1 << 16)
def words(name: str) -> tuple[str, ...]:
    """Split any naming style into lowercase words: CustomerId, customer_id, "Customer Id", CUSTOMER-ID."""
    return tuple(w.lower() for w in _cased(name))


# Pieces of a glued word shorter than three letters that are words of their own (customerid,
# titleofcourtesy); any other short piece is a fragment, and the word is left whole.
_SHORT_PIECES = frozenset({"id", "no", "nr", "to", "of", "by", "is", "in", "on", "at", "ip", "pk", "fk", "up", "or"})
# Endings the word counts hold as words of their own: after a piece, they inflect it.
_ENDINGS = frozenset({"ing", "ings", "ers", "est", "ness", "ment", "ments", "tion", "able"})
MIN_GLUED = 6
# Abbreviations no English word ends in, glued after the word they qualify: a unit of measure
# written after its figure (valueuom, amountuom, totalamountuom, as clinical and ERP exports name
# the column beside each figure holding its unit).
_GLUED_TAILS = ("uom",)
# Times a piece must occur in wordsegment's English word counts: common words (position, lap,
# acct), not the fragments a word of another language falls into (biblioteca|rio, person|nummer).
MIN_PIECE_COUNT = 1_000_000
# Words read to find the split (some 99,000): rarer ones than the pieces accepted, so a word of
# its own (responsable) stays whole and a split into a common word and a rarer one
# (person|nummer) is found, and refused, rather than a worse one.
MIN_READ_COUNT = 100_000
# The words the counts were taken from (the package's corpus): each piece costs its share of them.
CORPUS_WORDS = 1_024_908_267_229


@lru_cache(maxsize=1)
def _common_words() -> dict[str, int]:
    """English words counted MIN_READ_COUNT times or more in the word counts the wordsegment
    package ships (sorted by count, so read only up to there), on first need."""
    import wordsegment

    counts: dict[str, int] = {}
    path = Path(wordsegment.__file__).with_name("unigrams.txt")
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition("\t")
            if int(count) < MIN_READ_COUNT:
                break
            counts[word] = int(count)
    return counts


def _cost(piece: str, counts: dict[str, int]) -> float:
    """A piece's log probability as a word: its share of the corpus, or, for a word not read, a
    share that falls tenfold with each letter (a long unknown stretch is unlikely to be a word)."""
    count = counts.get(piece)
    return math.log10(count / CORPUS_WORDS) if count else 1 - math.log10(CORPUS_WORDS) - len(piece)


@lru_cache(maxsize=1 << 16)
def unglued(word: str) -> tuple[str, ...]:
    """A lowercase word that is several glued together (positionorder, fastestlapspeed: PostgreSQL
    folds unquoted positionOrder so) split where its words most likely are, by English word
    frequencies; kept only when every piece is a common English word, the word itself otherwise."""
    if len(word) < MIN_GLUED or not word.isalpha() or not word.isascii():
        return (word,)
    counts = _common_words()
    stem = word[:-2]
    if word.endswith("id") and len(stem) >= 4 and counts.get(stem, 0) >= max(MIN_PIECE_COUNT, 100 * counts.get(word, 0)):
        # An identifier glued to its thing (userid, postid: PostgreSQL folds unquoted userId so),
        # though word lists hold the glued form too: a stem of four letters or more, a hundred
        # times as common as the glued word (no rapid, humid or orchid is read as an identifier).
        return (stem, "id")
    if word in counts:
        return (word,)
    for tail in _GLUED_TAILS:
        stem = word[: -len(tail)]
        if word.endswith(tail) and len(stem) >= 3:
            head = (stem,) if counts.get(stem, 0) >= MIN_PIECE_COUNT else unglued(stem)
            if len(head) > 1 or counts.get(stem, 0) >= MIN_PIECE_COUNT:
                return (*head, tail)
    best: list[tuple[float, int] | None] = [(0.0, 0)] + [None] * len(word)  # (log probability, start of last piece)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 24), end):
            before = best[start]
            if before is None:
                continue
            score = before[0] + _cost(word[start:end], counts)
            if best[end] is None or score > best[end][0]:  # type: ignore[index]
                best[end] = (score, start)
    pieces, end = [], len(word)
    while end:
        start = best[end][1]  # type: ignore[index]
        pieces.append(word[start:end])
        end = start
    pieces.reverse()
    if len(pieces) < 2 or any(p not in _SHORT_PIECES and (len(p) < 3 or counts.get(p, 0) < MIN_PIECE_COUNT) for p in pieces):
        return (word,)
    if any(p in _ENDINGS for p in pieces[1:]):
        return (word,)  # an inflected word (trialing, not trial|ing: Stripe's status read "Trial Ing")
    return tuple(pieces)


def single_case(name: str) -> bool:
    """Written all in one case: its words may be glued (positionorder, FASTESTLAPSPEED)."""
    return not (any(ch.islower() for ch in name) and any(ch.isupper() for ch in name))


@lru_cache(maxsize=1 << 16)
def read_words(name: str) -> tuple[str, ...]:
    """The words of a name as the passes read them: `words`, and in a name written in one case
    with nothing between its words, glued words split (positionorder is position order, as
    positionOrder is). A name whose author separated its words (forfait_code) is taken at its
    word. Identifiers keep `words`: a column is named as it is in the database."""
    ws = words(name)
    if len(ws) != 1 or not single_case(name):
        return ws
    return unglued(ws[0])


@lru_cache(maxsize=1 << 16)  # every pass names fields and entities from the same column names
def snake(name: str, fallback: str = "field") -> str:
    """A lowercase identifier [a-z0-9_] that starts with a letter."""
    parts = words(name)
    ident = "_".join(parts) or fallback
    if not ident[0].isalpha():
        ident = f"{fallback[0]}_{ident}"
    return ident


class NameTable:
    """Hands out unique identifiers in one scope, deterministic in call order."""

    def __init__(self, taken: set[str] | None = None):
        self.taken: set[str] = set(taken or ())

    def claim(self, wanted: str) -> str:
        name = wanted
        n = 2
        while name in self.taken:
            name = f"{wanted}_{n}"
            n += 1
        self.taken.add(name)
        return name


# Abbreviations people use in column names, expanded in labels.
ABBREVIATIONS = {
    "addr": "Address",
    "amt": "Amount",
    "avg": "Average",
    "cat": "Category",
    "cnt": "Count",
    "cust": "Customer",
    "desc": "Description",
    "dept": "Department",
    "dob": "Date of Birth",
    "dt": "Date",
    "emp": "Employee",
    "ext": "Extension",
    "fname": "First Name",
    "lname": "Last Name",
    "mgr": "Manager",
    "num": "Number",
    "no": "Number",
    "nbr": "Number",
    "pct": "Percent",
    "prod": "Product",
    "qty": "Quantity",
    "ts": "Timestamp",
    "tz": "Time Zone",
    "txn": "Transaction",
    "usr": "User",
}
ACRONYMS = {
    "id", "url", "uri", "ip", "uuid", "guid", "sku", "vat", "iso", "utc", "api", "sql", "ssn", "ein",
    "gdp", "kpi", "crm", "erp", "html", "json", "xml", "csv", "pdf", "sms", "usd", "eur", "gbp", "isbn",
    "upc", "ean", "gps", "mac", "os", "ui", "ux", "faq", "ceo", "cfo", "hr", "it", "bi", "etl", "gnp", "nps", "roi",
    "mrr", "iata", "icao", "vin", "faa", "msrp", "rrp", "arr", "aov", "ltv",
    # codes and substances written with a digit
    "iso2", "iso3", "co2", "no2", "so2", "ch4", "n2o", "pm10", "pm25", "h2o",
}
# The acronyms whose letters also begin English words a column's name is made of: arr an
# arrival (BTS's ArrDelay, ArrTime), hr an hour (HrRate), it the word or an item's start, bi the
# prefix (BiWeekly). In a name of mixed case these are acronyms only where written in capitals
# (ARRGrowth, HRDept); every other acronym (GdpPerCapita, Co2Emissions, CustomerSsn, HtmlBody) is
# one however it is cased, since no word a name is made of starts with it.
WORD_ACRONYMS = frozenset({"arr", "hr", "it", "bi"})
assert WORD_ACRONYMS <= ACRONYMS
_SMALL = {"of", "and", "or", "to", "in", "on", "at", "by", "for", "the", "a", "an", "per"}
# Registers that give a thing its code (an airport's IATA code, a book's ISBN, a security's ISIN):
# iata_code in airports is the airport's own code in that register, not the code of another
# thing (country_code) that each of a few rows happens to hold a different one of.
CODE_REGISTERS = frozenset({
    "iata", "icao", "faa", "iso", "iso2", "iso3", "isbn", "issn", "ean", "upc", "gtin", "sku", "vin", "iban", "bic",
    "swift", "isin", "cusip", "sedol", "lei", "duns", "naics", "sic", "fips", "nuts", "unlocode", "locode", "imo",
})


def _shape(ch: str) -> str:
    return "A" if ch.isupper() else "a" if ch.isalpha() else "0" if ch.isdecimal() else " "


# A word and the one digit that numbers it, glued (addressLine1, phone2, street2): "Line 1". Only
# after a common English word or a known abbreviation of three letters or more: a name such as
# ipv4, utf8, md5, mp3, co2, h3 or sha1 is one term and stays whole, as does a number of two
# digits or more (covid19, base64, int32).
_NUMBERED = re.compile(r"([A-Za-z]{3,})([1-9])")


def _numbered(cased: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for w in cased:
        m = _NUMBERED.fullmatch(w)
        stem = _ascii(m.group(1)) if m else ""
        if m and (stem in ABBREVIATIONS or _common_words().get(stem, 0) >= COMMON_WORD_COUNT):
            out.extend(m.groups())
        else:
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _written(name: str) -> tuple[str, ...]:
    """The words of `name` as written, letters of any script kept: split where `_cased` splits."""
    glued = _ACRONYM.sub(r"\1 ", unicodedata.normalize("NFC", name))
    shape = "".join(_shape(ch) for ch in glued)
    out, word = [], []
    for i, ch in enumerate(glued):
        if shape[i] == " ":
            out.append("".join(word))
            word = []
            continue
        if i and ((shape[i - 1] in "a0" and shape[i] == "A")  # camelCase, v2Name
                  or (shape[i - 1] == "A" and shape[i] == "A" and shape[i + 1:i + 2] == "a")):  # HTTPServer
            out.append("".join(word))
            word = []
        word.append(ch)
    out.append("".join(word))
    return tuple(w for w in out if w)


def _ascii(word: str) -> str:
    spelled = word.translate(_SPELLED_CAPITALS if word.isupper() else _SPELLED)
    return unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii").lower()


# A word this common in English text is read as a word (AGE, TAX, DAY), a rarer one as letters.
COMMON_WORD_COUNT = 50_000_000


def _short_capitals(name: str) -> bool:
    """Two or three capitals and nothing else, and no common English word."""
    if not (2 <= len(name) <= 3 and name.isascii() and name.isalpha() and name.isupper()):
        return False
    low = name.lower()
    return low not in ABBREVIATIONS and _common_words().get(low, 0) < COMMON_WORD_COUNT


# A period glued to its `of` where only capitals cut the words (BTS's DayofMonth, DayofWeek).
_PERIODS_OF = frozenset({"day", "week", "month", "quarter", "year"})


@lru_cache(maxsize=1 << 16)
def humanize(name: str) -> str:
    """`cust_id` -> "Customer ID", `InvoiceLineId` -> "Invoice Line ID", `unit_price` -> "Unit Price".
    In a name of mixed case, a word written in capitals keeps them (`PULocationID` -> "PU Location
    ID"); a name all in capitals (CUSTOMER_NAME) says nothing of which words are acronyms."""
    if _short_capitals(name):
        return name  # ERA, RBI, HBP: a short name in capitals is an abbreviation, read as written
    cased = _written(name)  # labels are read, so they keep the name's own letters (Straße, Größe)
    mixed = any(ch.islower() for ch in name)
    cameled = mixed and any(ch.isupper() for ch in name)  # its author chose each word's capitals
    if single_case(name) and len(cased) == 1 and cased[0].isascii():
        cased = unglued(cased[0].lower())  # positionorder: "Position Order", as read_words reads it
    cased = _numbered(cased)
    cased = tuple(p for w in cased for p in ((w[:-2], w[-2:]) if w[-2:].lower() == "of" and w[:-2].lower() in _PERIODS_OF else (w,)))
    ws = [_ascii(w) for w in cased]  # the words looked up, in the ASCII form the vocabularies use
    out: list[str] = []
    for i, w in enumerate(ws):
        if not w:
            out.append(cased[i])  # a word in a script with no ASCII spelling stays as written
        elif mixed and len(cased[i]) >= 2 and cased[i].isalpha() and cased[i].isupper() and w not in ABBREVIATIONS:
            out.append(cased[i])
        elif w in ABBREVIATIONS and set(ABBREVIATIONS[w].lower().split()) <= set(ws) - {w}:
            out.append(cased[i].upper())  # the name spells it out too: tz_database_time_zone is no "Time Zone Database Time Zone"
        elif w in ABBREVIATIONS:
            out.append(ABBREVIATIONS[w])
        elif w in ACRONYMS and (not cameled or w not in WORD_ACRONYMS or cased[i].isupper()):
            out.append(cased[i].upper())
        elif w in _SMALL and i > 0:
            out.append(cased[i].lower())
        else:
            out.append(cased[i][:1].upper() + cased[i][1:].lower())
    if not out:
        return name
    # Japanese puts no space between words, nor beside a word in Latin letters: 顧客ID, not 顧客 ID,
    # where the name glues them so (客户_ID keeps the gap its author left).
    label = out[0]
    for i in range(1, len(out)):
        glued = (_cjk(label[-1]) or _cjk(out[i][0])) and cased[i - 1] + cased[i] in unicodedata.normalize("NFC", name)
        label += out[i] if glued else " " + out[i]
    return label


# The longest identifier each database keeps, as (length, counted in bytes): a longer one is cut
# (PostgreSQL silently truncates to NAMEDATALEN - 1 = 63 bytes, so two names sharing their first
# 63 bytes become one) or refused (MySQL and MariaDB: 64 characters for a column, which a derived
# table's alias becomes). Dialects absent here (DuckDB, SQLite, ClickHouse, Trino) have no limit a
# generated name reaches.
IDENTIFIER_LIMITS: dict[str, tuple[int, bool]] = {
    "postgres": (63, True), "redshift": (127, True), "mysql": (64, False), "tsql": (128, False),
    "oracle": (128, True), "snowflake": (255, False), "bigquery": (300, False), "teradata": (128, False),
    "exasol": (128, False),
}
_HASH_CHARS = 8  # of a name's SHA-1, in hex: a cut name stays apart from every other name cut alike


def _size(name: str, in_bytes: bool) -> int:
    return len(name.encode("utf-8")) if in_bytes else len(name)


def identifier_limit(dialect: str | None) -> tuple[int, bool] | None:
    return IDENTIFIER_LIMITS.get((dialect or "").lower())


def fit_identifier(name: str, dialect: str | None, room: int = 0) -> str:
    """`name` as it is when it fits the dialect's identifier limit less `room` (what the target adds
    around it in the SQL it writes: a `cube__` prefix), else a stem of it and a short stable hash of
    the whole name (`..._smoothed_per_3f9a1c2b`): the same name always gives the same identifier,
    two names cut at the same stem differ by their hashes, and short names never change."""
    limit = identifier_limit(dialect)
    if limit is None:
        return name
    size, in_bytes = limit[0] - room, limit[1]
    if _size(name, in_bytes) <= size:
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    stem = name
    while stem and _size(stem, in_bytes) > size - _HASH_CHARS - 1:
        stem = stem[:-1]
    stem = stem.rstrip("_")  # no double underscore before the hash (MetricFlow reserves `__`)
    return f"{stem}_{digest}" if stem else digest


def free_identifier(base: str, taken, dialect: str | None, room: int = 0) -> str:
    """`base`, or `base_2`, `base_3`... the first `taken(name)` refuses, each within the dialect's
    identifier limit less `room` (the number added may cross it: fit_identifier)."""
    name, n = base, 2
    while taken(name):
        name = fit_identifier(f"{base}_{n}", dialect, room)
        n += 1
    return name
