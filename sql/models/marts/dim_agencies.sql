-- One row per agency (agency_key: the resolver's stable agency_id, else the printed name), with
-- where it sits and the years it reported. Region and kind come from its newest current report,
-- so a renamed agency (淮安市洪泽区人民政府 / 洪泽区人民政府) keeps one row.
with current_reports as (
    select * from {{ ref('stg_reports') }}
    where is_current
),

latest as (
    select
        agency_key,
        agency_name,
        province,
        city,
        county,
        township,
        agency_kind,
        division_code,
        agency_id,
        row_number() over (partition by agency_key order by year desc, report_id) as newest
    from current_reports
),

years as (
    select
        agency_key,
        min(year)                    as first_year,
        max(year)                    as last_year,
        count(*)                     as years_reported,
        count(distinct agency_name)  as names_seen
    from current_reports
    group by agency_key
)

select
    l.agency_key,
    l.agency_id,
    l.agency_name,
    l.province,
    l.city,
    l.county,
    l.township,
    l.agency_kind,
    l.division_code,
    y.first_year,
    y.last_year,
    cast(y.years_reported as integer) as years_reported,
    cast(y.names_seen as integer)     as names_seen
from latest as l
inner join years as y on y.agency_key = l.agency_key
where l.newest = 1
