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
        o.outcome_total
    from reports as r
    inner join reasons as x on x.report_id = r.report_id
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
    {{ safe_rate('applications', 'sum(applications) over (partition by report_id)') }} as share_of_denials,
    {{ safe_rate('applications', 'outcome_total') }} as share_of_outcomes
from joined
