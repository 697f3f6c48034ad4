-- "正文 vs 表格": every stated total of every report checked against its own table, with both
-- locations, so analysts can list contradictions and measure how much of the text was checked.
with checks as (
    select * from {{ ref('stg_text_checks') }}
),

reports as (
    select * from {{ ref('stg_reports') }}
)

select
    c.report_id,
    r.agency_key,
    r.agency_name,
    r.year,
    r.province,
    r.agency_kind,
    r.is_current,
    c.check_seq,
    c.fact_kind,
    c.check_status,
    c.stated_value,
    c.table_value,
    c.stated_value - c.table_value as difference,
    c.compared_with,
    c.sentence,
    c.line as text_line,
    c.page as text_page,
    c.table_line,
    c.table_page,
    c.note
from checks as c
inner join reports as r on r.report_id = c.report_id
