"""A shop's tables named in Simplified Chinese (订单, 订单明细, 客户, 支付记录: characters simplified
apart from Japanese 注文, 顧客, no kana, no keys declared): the names are read as the words they
are (订单编号 order id, 下单时间 order time, 是否删除 is deleted), so keys, the soft-delete mark,
status counts and the business time are found as for English names, and labels are Chinese
(实付金额合计, 记录数（已取消）, 客户数（去重）)."""

from __future__ import annotations

import pytest

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.label_words import detect, phrases
from compiler.naming import read_words, snake
from tests.support import duckdb_file


def test_chinese_words():
    assert snake("订单编号") == "order_id" and snake("客户编号") == "customer_id"
    assert snake("下单时间") == "order_time" and snake("创建时间") == "created_time"
    assert snake("实付金额") == "paid_amount" and snake("单价") == "unit_price" and snake("数量") == "quantity"
    assert snake("是否删除") == "is_deleted" and snake("订单状态") == "order_status"
    assert snake("订单明细") == "order_line" and snake("支付记录") == "payment_record"
    assert snake("手机号") == "mobile_phone" and snake("身份证号") == "id_card_number"
    assert read_words("订单日期") == ("order", "date")
    # the Japanese terms read as before, and a one-kanji term still only beside known ones
    assert snake("注文日") == "order_date" and snake("合計金額") == "total_amount"
    assert "date" not in read_words("日本")


def test_chinese_told_from_japanese():
    assert detect(["订单", "客户", "订单日期", "金额", "客户ID", "状态"]).language == "zh"
    assert detect(["注文", "顧客", "注文日", "金額", "顧客ID", "ステータス"]).language == "ja"  # kana: Japanese
    # kanji alone, in Japanese terms (or Traditional Chinese, read by neither): English as before
    assert detect(["注文", "顧客", "注文日", "金額", "顧客ID", "状態"]).language == "en"
    assert detect(["訂單", "客戶", "金額", "狀態"]).language == "en"
    # terms both write alike (商品, 数量, 名称) are evidence of neither
    assert detect(["商品", "数量", "名称", "orders"]).language == "en"
    assert detect(["orders", "order_id", "订单日期"]).language == "en"  # a few Chinese names among English ones


def test_chinese_period_labels_read_as_their_period():
    zh = phrases("zh")
    for kind in ("date", "month", "quarter", "year"):
        assert read_words(zh.period(kind)) == (kind,)
    assert all(read_words(w)[0] in zh.total_words for w in ("合计", "小计"))
    assert zh.total("实付金额") == "实付金额合计" and zh.aggregate("avg", "单价") == "平均单价"
    assert zh.count_value("已取消") == "记录数（已取消）" and zh.distinct_count("客户") == "客户数（去重）"
    assert zh.distinct("客户编号") != zh.distinct_count("客户编号")


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    duckdb_file(
        path,
        'CREATE TABLE "客户" ("客户编号" INTEGER, "客户姓名" VARCHAR, "手机号" VARCHAR, "身份证号" VARCHAR, "省份" VARCHAR)',
        """INSERT INTO "客户" SELECT i, '客户' || i, '13' || lpad(CAST(i * 7919 AS VARCHAR), 9, '0'),
           '110101' || CAST(1970 + i % 30 AS VARCHAR) || '0101' || lpad(CAST(i % 1000 AS VARCHAR), 3, '0') || CAST(i % 10 AS VARCHAR),
           CASE i % 3 WHEN 0 THEN '广东省' WHEN 1 THEN '浙江省' ELSE '北京市' END FROM range(1, 301) r(i)""",
        'CREATE TABLE "订单" ("订单编号" INTEGER, "客户编号" INTEGER, "下单时间" TIMESTAMP, "实付金额" DECIMAL(12,2), '
        '"订单状态" VARCHAR, "是否删除" INTEGER)',
        """INSERT INTO "订单" SELECT i, 1 + (i * 7) % 300, TIMESTAMP '2023-01-01 08:00:00' + to_minutes(CAST(i * 97 AS BIGINT)),
           5 + (i * 13) % 400 + 0.5, CASE WHEN i % 11 = 0 THEN '已取消' WHEN i % 7 = 0 THEN '已发货' ELSE '已完成' END,
           CASE WHEN i % 41 = 0 THEN 1 ELSE 0 END FROM range(1, 3001) r(i)""",
        'CREATE TABLE "支付记录" ("支付编号" INTEGER, "订单编号" INTEGER, "支付时间" TIMESTAMP, "支付金额" DECIMAL(12,2), "支付状态" VARCHAR)',
        """INSERT INTO "支付记录" SELECT i, 1 + i % 3000, TIMESTAMP '2023-01-01 09:00:00' + to_minutes(CAST(i * 97 AS BIGINT)),
           10 + (i * 17) % 300, CASE WHEN i % 9 = 0 THEN '失败' ELSE '成功' END FROM range(1, 3201) r(i)""",
    )
    diags = Diagnostics()
    m = analyze(snapshot(str(path), diags=diags), Config(name="shop"), diags)
    assert not diags.has_errors()
    return m


def _entity(model, table):
    return next(e for e in model.entities if e.table.name == table)


def test_labels_in_chinese(model):
    assert model.label_language == "zh"
    order, pay = _entity(model, "订单"), _entity(model, "支付记录")
    labels = {m.label.value for m in order.measures}
    assert {"记录数", "实付金额合计", "记录数（已取消）", "客户数（去重）"} <= labels
    # the sum left without the failed payments is labelled from the column's letters too
    paid = next(m for m in pay.measures if m.agg == "sum" and m.column == "支付金额")
    assert paid.filter and "失败" in paid.filter and paid.label.value == "支付金额合计"


def test_soft_delete_and_personal_data(model):
    order, customer = _entity(model, "订单"), _entity(model, "客户")
    assert [f.column for f in order.row_filters] == ["是否删除"]
    fields = {d.column: d for d in customer.dimensions}
    assert fields["手机号"].sensitivity == "pii.phone"
    assert fields["身份证号"].sensitivity == "pii.national_id" and fields["身份证号"].hidden


def test_an_identity_card_number_is_no_payment_card(tmp_path):
    path = duckdb_file(tmp_path / "people.duckdb",
                       "CREATE TABLE people (person_id INTEGER, id_card_number VARCHAR, card_number VARCHAR)",
                       "INSERT INTO people SELECT i, 'X' || i, '4111' || i FROM range(1, 51) r(i)")
    diags = Diagnostics()
    m = analyze(snapshot(path, diags=diags), Config(name="people"), diags)
    fields = {d.column: d for d in m.entities[0].dimensions}
    assert fields["id_card_number"].semantic_type == "national_id"
    assert fields["card_number"].semantic_type == "credit_card"


def test_a_word_ending_in_id_before_card_is_still_a_payment_card(tmp_path):
    """Only the word id before a card names an identity card: a prepaid card's number and a
    valid card's number are payment cards still."""
    path = duckdb_file(tmp_path / "cards.duckdb",
                       "CREATE TABLE cards (holder_id INTEGER, prepaid_card_number VARCHAR, valid_card_no VARCHAR, idcard_no VARCHAR)",
                       "INSERT INTO cards SELECT i, '4111' || i, '5500' || i, 'X' || i FROM range(1, 51) r(i)")
    diags = Diagnostics()
    m = analyze(snapshot(path, diags=diags), Config(name="cards"), diags)
    fields = {d.column: d for d in m.entities[0].dimensions}
    assert fields["prepaid_card_number"].semantic_type == "credit_card"
    assert fields["valid_card_no"].semantic_type == "credit_card"
    assert fields["idcard_no"].semantic_type != "credit_card"
