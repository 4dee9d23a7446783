-- The jaffle-shop staging and mart logic, re-expressed for DuckDB over the raw tables jafgen
-- writes (raw_customers, raw_orders, raw_items, raw_products, raw_stores, raw_supplies). The
-- staging models rename raw columns and convert cents to dollars; the marts are the tables the
-- hand-written semantic models sit on. Statements are separated by semicolons; `stg_*` views are
-- dropped after the marts are built, the raw tables too unless a project keeps them.

create view stg_customers as
select id as customer_id, name as customer_name
from raw_customers;

create view stg_locations as
select id as location_id, name as location_name, tax_rate, date_trunc('day', opened_at) as opened_date
from raw_stores;

create view stg_order_items as
select id as order_item_id, order_id, sku as product_id
from raw_items;

create view stg_orders as
select
    id as order_id,
    store_id as location_id,
    customer as customer_id,
    subtotal as subtotal_cents,
    tax_paid as tax_paid_cents,
    order_total as order_total_cents,
    cast(subtotal / 100 as decimal(16, 2)) as subtotal,
    cast(tax_paid / 100 as decimal(16, 2)) as tax_paid,
    cast(order_total / 100 as decimal(16, 2)) as order_total,
    date_trunc('day', ordered_at) as ordered_at
from raw_orders;

create view stg_products as
select
    sku as product_id,
    name as product_name,
    type as product_type,
    description as product_description,
    cast(price / 100 as decimal(16, 2)) as product_price,
    coalesce(type = 'jaffle', false) as is_food_item,
    coalesce(type = 'beverage', false) as is_drink_item
from raw_products;

create view stg_supplies as
select
    md5(coalesce(cast(id as varchar), '') || '-' || coalesce(cast(sku as varchar), '')) as supply_uuid,
    id as supply_id,
    sku as product_id,
    name as supply_name,
    cast(cost / 100 as decimal(16, 2)) as supply_cost,
    perishable as is_perishable_supply
from raw_supplies;

create table locations as select * from stg_locations;

create table products as select * from stg_products;

create table supplies as select * from stg_supplies;

create table order_items as
with product_supply_cost as (
    select product_id, sum(supply_cost) as supply_cost
    from stg_supplies
    group by product_id
)
select
    i.*,
    o.ordered_at,
    p.product_name,
    p.product_price,
    p.is_food_item,
    p.is_drink_item,
    c.supply_cost
from stg_order_items as i
left join stg_orders as o on i.order_id = o.order_id
left join stg_products as p on i.product_id = p.product_id
left join product_supply_cost as c on i.product_id = c.product_id;

create table orders as
with per_order as (
    select
        order_id,
        sum(supply_cost) as order_cost,
        sum(product_price) as order_items_subtotal,
        count(order_item_id) as count_order_items,
        sum(case when is_food_item then 1 else 0 end) as count_food_items,
        sum(case when is_drink_item then 1 else 0 end) as count_drink_items
    from order_items
    group by order_id
),
flagged as (
    select
        o.*,
        p.order_cost,
        p.order_items_subtotal,
        p.count_food_items,
        p.count_drink_items,
        p.count_order_items,
        p.count_food_items > 0 as is_food_order,
        p.count_drink_items > 0 as is_drink_order
    from stg_orders as o
    left join per_order as p on o.order_id = p.order_id
)
select *, row_number() over (partition by customer_id order by ordered_at) as customer_order_number
from flagged;

create table customers as
with per_customer as (
    select
        customer_id,
        count(distinct order_id) as count_lifetime_orders,
        count(distinct order_id) > 1 as is_repeat_buyer,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at,
        sum(subtotal) as lifetime_spend_pretax,
        sum(tax_paid) as lifetime_tax_paid,
        sum(order_total) as lifetime_spend
    from orders
    group by customer_id
)
select
    c.*,
    s.count_lifetime_orders,
    s.first_ordered_at,
    s.last_ordered_at,
    s.lifetime_spend_pretax,
    s.lifetime_tax_paid,
    s.lifetime_spend,
    case when s.is_repeat_buyer then 'returning' else 'new' end as customer_type
from stg_customers as c
left join per_customer as s on c.customer_id = s.customer_id;
