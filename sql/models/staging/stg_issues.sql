-- One row per issue the extractor raised about a report.
select
    cast(report_id as varchar) as report_id,
    cast(seq as integer)       as issue_seq,
    cast(severity as varchar)  as severity,
    cast(code as varchar)      as issue_code,
    cast(message as varchar)   as message,
    cast(section as varchar)   as section,
    cast("row" as varchar)     as row_code,
    cast("column" as varchar)  as column_code
from {{ source('raw', 'issues') }}
