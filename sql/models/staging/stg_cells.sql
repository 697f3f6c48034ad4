-- One row per extracted table cell; codes renamed so no column is a reserved word.
select
    cast(report_id as varchar)      as report_id,
    cast(agency as varchar)         as agency_name,
    cast(year as integer)           as year,
    cast(section as varchar)        as section,
    cast("row" as varchar)          as row_code,
    cast("column" as varchar)       as column_code,
    cast("table" as varchar)        as table_code,
    cast(value as decimal(18, 4))   as value,
    cast(raw as varchar)            as raw_text,
    cast(line as integer)           as line,
    cast(page as integer)           as page,
    cast(bbox_x0 as double precision) as bbox_x0,
    cast(bbox_y0 as double precision) as bbox_y0,
    cast(bbox_x1 as double precision) as bbox_x1,
    cast(bbox_y1 as double precision) as bbox_y1
from {{ source('raw', 'cells') }}
