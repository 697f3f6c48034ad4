-- One row per stated total compared with the table quantity it means (or why it was not).
select
    cast(report_id as varchar)     as report_id,
    cast(seq as integer)           as check_seq,
    cast(kind as varchar)          as fact_kind,
    cast(status as varchar)        as check_status,
    cast(stated as double)         as stated_value,
    cast(table_value as double)    as table_value,
    cast(compared_with as varchar) as compared_with,
    cast(sentence as varchar)      as sentence,
    cast(line as integer)          as line,
    cast(page as integer)          as page,
    cast(table_line as integer)    as table_line,
    cast(table_page as integer)    as table_page,
    cast(note as varchar)          as note
from {{ source('raw', 'text_checks') }}
