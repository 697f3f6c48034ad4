-- Per report: identities held/failed/unchecked, issues by severity and the quality status,
-- the first that applies of:
--   error      an error issue (the document could not be read as a report);
--   warning    a warning issue or a failed identity (some figures may be wrong or incomplete);
--   unchecked  most identities (more than half) could not be checked because cells are blank, or
--              none was checked at all: the figures may be right, nothing confirms them;
--   ok         checked and holding.
-- Shared by mart_agency_year and mart_quality so the status means the same in both.
with reports as (
    select report_id from {{ ref('stg_reports') }}
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

counted as (
    select
        r.report_id,
        coalesce(i.identities_held, 0)      as identities_held,
        coalesce(i.identities_failed, 0)    as identities_failed,
        coalesce(i.identities_unchecked, 0) as identities_unchecked,
        coalesce(s.issues_info, 0)          as issues_info,
        coalesce(s.issues_warning, 0)       as issues_warning,
        coalesce(s.issues_error, 0)         as issues_error
    from reports as r
    left join identities as i on i.report_id = r.report_id
    left join issues as s on s.report_id = r.report_id
)

select
    counted.*,
    case
        when issues_error > 0 then 'error'
        when issues_warning > 0 or identities_failed > 0 then 'warning'
        when identities_held = 0
             or 2 * identities_unchecked > identities_held + identities_unchecked then 'unchecked'
        else 'ok'
    end as quality_status
from counted
