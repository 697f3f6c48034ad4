-- The mix of reasons an application was not (fully) granted, per current agency-year:
-- one row per reason row of section three (withheld_*, unable_*, rejected_*, other / other_*).
with reports as (
    select * from {{ ref('stg_reports') }}
    where is_current
),

reasons as (
    select * from {{ ref('int_application_rows') }}
    where outcome_category in ('withheld', 'unable', 'rejected', 'other')
),

-- Σ reasons per report as a grouped aggregate joined back rather than a window partitioned by
-- the 64-char report_id (a hash aggregate needs no sort of the 1.7 M rows at 100k reports).
denials as (
    select report_id, sum(cast(total as bigint)) as denials
    from reasons
    group by report_id
),

outcomes as (
    select report_id, total as outcome_total
    from {{ ref('int_application_rows') }}
    where row_code = 'outcome_total'
),

joined as (
    select
        r.report_id,
        r.agency_key,
        r.agency_name,
        r.year,
        r.province,
        r.agency_kind,
        x.outcome_category as category,
        x.row_code as reason,
        cast(x.total as bigint) as applications,
        d.denials,
        o.outcome_total
    from reports as r
    inner join reasons as x on x.report_id = r.report_id
    inner join denials as d on d.report_id = r.report_id
    left join outcomes as o on o.report_id = r.report_id
)

select
    report_id,
    agency_key,
    agency_name,
    year,
    province,
    agency_kind,
    category,
    reason,
    applications,
    {{ safe_rate('applications', 'denials') }} as share_of_denials,
    {{ safe_rate('applications', 'outcome_total') }} as share_of_outcomes
from joined
