-- The cells a failed identity adds up: side 'printed' (the printed total, left-hand side) and
-- 'computed' (the terms summed to check it), term_seq their order in the identity.
select
    cast(report_id as varchar)   as report_id,
    cast(check_seq as integer)   as check_seq,
    cast(side as varchar)        as side,
    cast(term_seq as integer)    as term_seq,
    cast(section as varchar)     as section,
    cast(row_code as varchar)    as row_code,
    cast(column_code as varchar) as column_code
from {{ source('raw', 'identity_terms') }}
