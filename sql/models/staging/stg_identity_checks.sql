-- One row per arithmetic identity evaluated on a report (held, failed or unchecked).
select
    cast(report_id as varchar) as report_id,
    cast(seq as integer)       as check_seq,
    cast(name as varchar)      as identity_name,
    cast(section as varchar)   as section,
    cast(scope as varchar)     as scope,
    cast(status as varchar)    as identity_status,
    cast(detail as varchar)    as detail
from {{ source('raw', 'identity_checks') }}
