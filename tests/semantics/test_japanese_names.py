"""A shop's tables named in Japanese (顧客, 注文, 注文明細: kanji and kana, no spaces between words, no
keys declared): the names are read as the words they are (注文日 order date, 顧客ID customer id,
合計金額 total amount), so keys, joins, sums and the business time are found as for English
names; each gets a readable ASCII identifier apart from the others, while SQL quotes the name
as written and labels keep its letters."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.naming import humanize, read_words, snake
from passes.join_names import table_labels
from tests.support import duckdb_file


def test_japanese_words():
    assert read_words("注文日") == ("order", "date")
    assert snake("顧客ID") == "customer_id"
    assert snake("合計金額") == "total_amount"
    assert snake("明細番号") == "line_number"
    assert read_words("単価") == ("unit", "price")
    # a term not known is spelled out, the same each time and apart from any other
    assert snake("ショッピング") == "shoppingu"
    assert snake("開店") != snake("閉店") and snake("開店").isascii()
    # and the same in another process (no hash or memory address in it)
    code = 'from compiler.naming import snake; print(snake("開店"), snake("閉店"), snake("ショッピング"))'
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert other.stdout.split() == [snake("開店"), snake("閉店"), snake("ショッピング")]
    assert humanize("注文日") == "注文日"  # labels keep the name's letters
    assert snake("Straße") == "strasse"  # other scripts read as before


def test_one_kanji_terms_only_between_known_words():
    # 日 date, 名 name, 税 tax are read where they stand beside known terms or alone ...
    assert snake("注文日") == "order_date" and snake("店舗名") == "store_name" and snake("税率") == "tax_rate"
    assert snake("日") == "date" and snake("顧客名ID") == "customer_name_id"
    # ... not inside words they are only a letter of (日本 Japan, 曜日 weekday, 名古屋 Nagoya)
    assert "date" not in read_words("日本") and "date" not in read_words("曜日")
    assert read_words("名古屋店舗")[0] != "name" and read_words("名古屋店舗")[-1] == "store"
    assert "date" not in read_words("日记本")  # a Chinese diary: 日 a letter of an unknown word
    assert read_words("订单日期") == ("order", "date")  # 日期 a Chinese term of its own
    assert snake("日本") != snake("曜日")


def test_chinese_names_are_not_japanese():
    from compiler.label_words import detect

    assert detect(["订单", "客户", "订单日期", "金额", "客户ID", "状态"]).language != "ja"
    assert detect(["注文", "顧客", "注文日", "金額", "顧客ID", "ステータス"]).language == "ja"


def test_japanese_period_labels_read_as_their_period():
    from compiler.label_words import phrases

    ja = phrases("ja")
    for kind in ("date", "month", "quarter", "year"):
        assert read_words(ja.period(kind)) == (kind,)
    assert all(read_words(w)[0] in ja.total_words for w in ("合計", "小計"))


def test_superset_files_of_names_in_other_letters():
    from backends.superset.names import file_part

    # named by their words in ASCII: accents dropped, ß spelled out, kanji read
    assert file_part("Größe") == "grosse" and file_part("prénom") == "prenom"
    assert file_part("Kunden Übersicht") == "kunden_ubersicht" and file_part("商品") == "product"
    assert file_part("order_items") == "order_items"  # ASCII names as before


def test_table_labels_keep_their_letters():
    class T:
        def __init__(self, name):
            self.name, self.key = name, name

    labels = table_labels([T("注文"), T("顧客"), T("Größen"), T("orders")])
    assert labels == {"注文": "注文", "顧客": "顧客", "Größen": "Größen", "orders": "Orders"}


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    duckdb_file(
        path,
        'CREATE TABLE "店舗" ("店舗ID" INTEGER, "店舗名" VARCHAR, "都道府県" VARCHAR)',
        """INSERT INTO "店舗" SELECT i, '店' || i, CASE i % 3 WHEN 0 THEN '東京都' WHEN 1 THEN '大阪府' ELSE '北海道' END
           FROM range(1, 7) r(i)""",
        'CREATE TABLE "顧客" ("顧客ID" INTEGER, "氏名" VARCHAR, "登録日" DATE)',
        """INSERT INTO "顧客" SELECT i, '顧客' || i, DATE '2021-01-01' + CAST(i AS INTEGER) FROM range(1, 301) r(i)""",
        'CREATE TABLE "注文" ("注文ID" INTEGER, "顧客ID" INTEGER, "注文日" DATE, "合計金額" INTEGER, '
        '"ステータス" VARCHAR, "店舗ID" INTEGER)',
        """INSERT INTO "注文" SELECT i, 1 + (i * 7) % 300, DATE '2022-01-01' + CAST(i % 900 AS INTEGER),
           100 * (5 + (i * 13) % 400), CASE WHEN i % 11 = 0 THEN 'キャンセル' WHEN i % 7 = 0 THEN '処理中' ELSE '発送済' END,
           1 + i % 6 FROM range(1, 3001) r(i)""",
        'CREATE TABLE "注文明細" ("注文ID" INTEGER, "明細番号" INTEGER, "数量" INTEGER, "金額" INTEGER)',
        """INSERT INTO "注文明細" SELECT 1 + i // 3, 1 + i % 3, 1 + (i * 5) % 4, 100 * (1 + (i * 17) % 90)
           FROM range(0, 9000) r(i)""",
    )
    diags = Diagnostics()
    m = analyze(snapshot(str(path), diags=diags), Config(name="shop"), diags)
    assert not diags.has_errors()
    return m


def _entity(model, table):
    return next(e for e in model.entities if e.table.name == table)


def test_readable_names_and_labels(model):
    assert {e.name for e in model.entities} == {"store", "customer", "order", "order_line"}
    order = _entity(model, "注文")
    assert order.label.value == "注文"
    assert {d.column: d.name for d in order.dimensions}["顧客ID"] == "customer_id"


def test_joins_found(model):
    joins = {(r.from_.table, tuple(r.from_.columns), r.to.table) for r in model.relationships}
    assert ("注文", ("店舗ID",), "店舗") in joins
    assert ("注文", ("顧客ID",), "顧客") in joins
    assert ("注文明細", ("注文ID",), "注文") in joins


def test_measures_and_time(model):
    order, lines = _entity(model, "注文"), _entity(model, "注文明細")
    aggs = {(m.agg, m.column) for m in order.measures if m.column}
    assert ("sum", "合計金額") in aggs and ("avg", "合計金額") not in aggs
    assert order.time_axis is not None and order.time_axis.dimension in {t.name for t in order.time_dimensions}
    assert next(t for t in order.time_dimensions if t.name == order.time_axis.dimension).column == "注文日"
    assert len([m for m in order.measures if m.filter and "ステータス" in m.filter]) == 3  # one count per status
    line_sums = {m.column for m in lines.measures if m.agg == "sum"}
    assert {"数量", "金額"} <= line_sums and "明細番号" not in line_sums


def test_superset_file_names_read_the_words():
    from backends.superset.names import file_part

    assert file_part("商品") == "product" and file_part("注文明細") == "order_line"
    assert file_part("Größe") == "grosse" and file_part("orders") == "orders"


def test_labels_in_japanese(model):
    """Names mostly in kanji and kana make labels Japanese: the template words glued to the
    column's own, no space beside Latin letters (顧客ID), nothing in English around them."""
    from compiler.label_words import detect

    assert detect(["注文", "注文ID", "注文日", "合計金額", "ステータス"]).language == "ja"
    assert detect(["orders", "order_id", "注文日"]).language == "en"  # a few Japanese names among English ones
    assert model.label_language == "ja"
    order, lines = _entity(model, "注文"), _entity(model, "注文明細")
    labels = {m.label.value for m in [*order.measures, *lines.measures]}
    assert {"件数", "合計金額の合計", "件数（キャンセル）", "数量合計", "金額合計"} <= labels
    assert {d.column: d.label.value for d in order.dimensions}["顧客ID"] == "顧客ID"


def test_things_counted_are_named_in_the_names_letters(model):
    from compiler.naming import written_stem

    assert written_stem("顧客ID", "customer") == "顧客" and written_stem("customer_id", "customer") == "customer"
    order = _entity(model, "注文")
    assert "顧客数（重複なし）" in {m.label.value for m in order.measures}  # no "Customer数"
