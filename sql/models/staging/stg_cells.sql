-- One row per extracted table cell; value is the exact DECIMAL(38,10) the extractor emitted.
-- Locators: line (text formats), page + bbox (PDF, scans), html_table/html_row/html_cell and
-- char_offset when the extractor gives them (NULL otherwise).
select
    cast(report_id as varchar)        as report_id,
    cast(agency_name as varchar)      as agency_name,
    cast(year as integer)             as year,
    cast(section as varchar)          as section,
    cast(row_code as varchar)         as row_code,
    cast(column_code as varchar)      as column_code,
    cast(table_code as varchar)       as table_code,
    cast(value as decimal(38, 10))    as value,
    cast(raw_text as varchar)         as raw_text,
    cast(line as integer)             as line,
    cast(page as integer)             as page,
    cast(bbox_x0 as double precision) as bbox_x0,
    cast(bbox_y0 as double precision) as bbox_y0,
    cast(bbox_x1 as double precision) as bbox_x1,
    cast(bbox_y1 as double precision) as bbox_y1,
    cast(html_table as integer)       as html_table,
    cast(html_row as integer)         as html_row,
    cast(html_cell as integer)        as html_cell,
    cast(char_offset as integer)      as char_offset
from {{ source('raw', 'cells') }}
