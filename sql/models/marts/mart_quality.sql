-- Per report (current or superseded): identities held/failed/unchecked, issues by severity, and
-- the year chain carried_over(Y) = carried_forward(Y-1) against the agency's current report of
-- the year before.
with reports as (
    select * from {{ ref('stg_reports') }}
),

m as (
    select * from {{ ref('int_report_measures') }}
),

q as (
    select * from {{ ref('int_report_quality') }}
),

unplaced as (
    -- why the agency resolver could not place a report (its warnings about the agency name)
    select report_id, string_agg(issue_code || ': ' || message, '; ' order by issue_seq) as reason
    from {{ ref('stg_issues') }}
    where issue_code in ('agency_unplaced', 'agency_name_unknown', 'agency_ambiguous', 'agency_missing')
    group by report_id
),

prior_year as (
    select p.agency_key, p.year, pm.carried_forward
    from reports as p
    inner join m as pm on pm.report_id = p.report_id
    where p.is_current
)

select
    r.report_id,
    r.agency_key,
    r.agency_name,
    r.year,
    r.province,
    r.city,
    r.county,
    r.township,
    r.agency_kind,
    r.is_current,
    r.version_rank,
    r.template,
    r.extractor_version,
    q.identities_held,
    q.identities_failed,
    q.identities_unchecked,
    q.issues_info,
    q.issues_warning,
    q.issues_error,
    q.quality_status,
    cast(m.carried_over as bigint)    as carried_over,
    cast(py.carried_forward as bigint) as prior_year_carried_forward,
    case
        when m.carried_over is null or py.carried_forward is null then 'unchecked'
        when m.carried_over = py.carried_forward then 'held'
        else 'failed'
    end as year_chain_status,
    r.agency_id is not null as is_placed,
    case when r.agency_id is null then coalesce(u.reason, 'not resolved (no agency_id)') end as unplaced_reason
from reports as r
left join q on q.report_id = r.report_id
left join unplaced as u on u.report_id = r.report_id
left join m on m.report_id = r.report_id
left join prior_year as py
    on py.agency_key = r.agency_key
    and py.year = r.year - 1
