-- One row per quantity a report's text states (fee, stated totals), typed, with its sentence.
select
    cast(report_id as varchar) as report_id,
    cast(seq as integer)       as fact_seq,
    cast(kind as varchar)      as fact_kind,
    cast(value as double)      as stated_value,
    cast(unit as varchar)      as unit,
    cast(meaning as varchar)   as meaning,
    cast(scope as varchar)     as scope,
    cast(section as varchar)   as text_section,
    cast(sentence as varchar)  as sentence,
    cast(raw as varchar)       as matched_text,
    cast(line as integer)      as line,
    cast(page as integer)      as page
from {{ source('raw', 'text_facts') }}
