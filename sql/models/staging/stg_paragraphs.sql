-- One row per prose paragraph of a report (issue 13): the section it belongs to and its locator.
select
    cast(report_id as varchar) as report_id,
    cast(seq as integer)       as paragraph_seq,
    cast(section as varchar)   as text_section,
    cast(text as varchar)      as paragraph_text,
    cast(line as integer)      as line,
    cast(page as integer)      as page,
    bbox_x0,
    bbox_y0,
    bbox_x1,
    bbox_y1,
    cast(html_path as varchar) as html_path
from {{ source('raw', 'paragraphs') }}
