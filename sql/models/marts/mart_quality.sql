-- Per report (current or superseded): identities held/failed/unchecked, issues by severity, and
-- the year chain carried_over(Y) = carried_forward(Y-1) against the agency's current report of
-- the year before.
with reports as (
    select * from {{ ref('stg_reports') }}
),

m as (
    select * from {{ ref('int_report_measures') }}
),

identities as (
    select
        report_id,
        cast(sum(case when identity_status = 'held' then 1 else 0 end) as integer)      as identities_held,
        cast(sum(case when identity_status = 'failed' then 1 else 0 end) as integer)    as identities_failed,
        cast(sum(case when identity_status = 'unchecked' then 1 else 0 end) as integer) as identities_unchecked
    from {{ ref('stg_identity_checks') }}
    group by report_id
),

issues as (
    select
        report_id,
        cast(sum(case when severity = 'info' then 1 else 0 end) as integer)    as issues_info,
        cast(sum(case when severity = 'warning' then 1 else 0 end) as integer) as issues_warning,
        cast(sum(case when severity = 'error' then 1 else 0 end) as integer)   as issues_error
    from {{ ref('stg_issues') }}
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
    coalesce(i.identities_held, 0)      as identities_held,
    coalesce(i.identities_failed, 0)    as identities_failed,
    coalesce(i.identities_unchecked, 0) as identities_unchecked,
    coalesce(s.issues_info, 0)          as issues_info,
    coalesce(s.issues_warning, 0)       as issues_warning,
    coalesce(s.issues_error, 0)         as issues_error,
    case
        when coalesce(s.issues_error, 0) > 0 then 'error'
        when coalesce(s.issues_warning, 0) > 0 or coalesce(i.identities_failed, 0) > 0 then 'warning'
        else 'ok'
    end as quality_status,
    cast(m.carried_over as bigint)    as carried_over,
    cast(py.carried_forward as bigint) as prior_year_carried_forward,
    case
        when m.carried_over is null or py.carried_forward is null then 'unchecked'
        when m.carried_over = py.carried_forward then 'held'
        else 'failed'
    end as year_chain_status
from reports as r
left join identities as i on i.report_id = r.report_id
left join issues as s on s.report_id = r.report_id
left join m on m.report_id = r.report_id
left join prior_year as py
    on py.agency_key = r.agency_key
    and py.year = r.year - 1
