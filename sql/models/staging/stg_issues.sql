-- One row per issue the extractor raised about a report.
select
    cast(report_id as varchar)   as report_id,
    cast(issue_seq as integer)   as issue_seq,
    cast(severity as varchar)    as severity,
    cast(issue_code as varchar)  as issue_code,
    cast(message as varchar)     as message,
    cast(section as varchar)     as section,
    cast(row_code as varchar)    as row_code,
    cast(column_code as varchar) as column_code
from {{ source('raw', 'issues') }}
