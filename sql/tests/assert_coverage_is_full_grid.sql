-- Coverage = agencies x years, and every current report appears as 'reported'.
with grid as (
    select count(distinct agency_key) * (max(year) - min(year) + 1) as expected
    from {{ ref('stg_reports') }}
    where agency_key is not null and year is not null
),

got as (
    select count(*) as actual, sum(case when coverage_status = 'reported' then 1 else 0 end) as reported
    from {{ ref('mart_coverage') }}
),

current_reports as (
    select count(*) as n from {{ ref('stg_reports') }} where is_current
)

select *
from grid, got, current_reports
where coalesce(grid.expected, 0) <> got.actual or coalesce(got.reported, 0) <> current_reports.n
