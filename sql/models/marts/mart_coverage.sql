-- Agency x year grid over the years the warehouse spans (min to max report year): which
-- agencies reported, which are missing. Agencies are every agency_key with a placed report.
with recursive placed as (
    select * from {{ ref('stg_reports') }}
    where agency_key is not null and year is not null
),

years (year) as (
    select min(year) from placed
    union all
    select year + 1 from years where year < (select max(year) from placed)
),

latest as (
    -- the agency's most recent current report names it and places it
    select agency_key, agency_name, agency_kind, province
    from (
        select
            agency_key, agency_name, agency_kind, province,
            row_number() over (partition by agency_key order by year desc) as rn
        from placed
        where is_current
    ) as t
    where rn = 1
)

select
    a.agency_key,
    a.agency_name,
    a.agency_kind,
    a.province,
    y.year,
    p.report_id,
    case when p.report_id is null then 'missing' else 'reported' end as coverage_status
from latest as a
cross join years as y
left join placed as p
    on p.agency_key = a.agency_key
    and p.year = y.year
    and p.is_current
