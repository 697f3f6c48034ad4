-- One row per arithmetic identity evaluated on a report (held, failed or unchecked).
-- scope_kind says what scope names: a row (applicant_sum, review_sum) or a column (balance,
-- outcome_sum).
select
    cast(report_id as varchar)       as report_id,
    cast(check_seq as integer)       as check_seq,
    cast(identity_name as varchar)   as identity_name,
    cast(section as varchar)         as section,
    cast(scope as varchar)           as scope,
    cast(scope_kind as varchar)      as scope_kind,
    cast(identity_status as varchar) as identity_status,
    cast(detail as varchar)          as detail
from {{ source('raw', 'identity_checks') }}
