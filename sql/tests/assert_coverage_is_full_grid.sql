-- Coverage: every current report appears exactly once as 'reported', and a known publisher (not in
-- the expected registry) is never 'missing' before its first or after its last report.
with got as (
    select sum(case when coverage_status = 'reported' then 1 else 0 end) as reported
    from {{ ref('mart_coverage') }}
),

current_reports as (
    select count(*) as n from {{ ref('stg_reports') }} where is_current
),

spans as (
    select agency_key, min(year) as first_year, max(year) as last_year
    from {{ ref('stg_reports') }}
    where is_current
    group by agency_key
),

outside as (
    select count(*) as n
    from {{ ref('mart_coverage') }} as c
    inner join spans as s on s.agency_key = c.agency_key
    where c.expected_by = 'known_publisher' and (c.year < s.first_year or c.year > s.last_year)
)

select *
from got, current_reports, outside
where coalesce(got.reported, 0) <> current_reports.n or outside.n > 0
