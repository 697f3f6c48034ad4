-- One row per failed identity of every report (current or superseded): what was printed, what the
-- printed parts add up to, and the cells involved with their locators, so a failure can be
-- looked up in the source file from this table alone.
-- printed_value = Σ the identity's left-hand cells (the printed total, or new_received +
-- carried_over for 'balance'); computed_value = Σ its right-hand cells; difference =
-- printed_value - computed_value. They are NULL when a participating cell is not in the warehouse.
with failed as (
    select * from {{ ref('stg_identity_checks') }}
    where identity_status = 'failed'
),

terms as (
    select
        t.report_id,
        t.check_seq,
        t.side,
        t.term_seq,
        t.row_code,
        t.column_code,
        c.value,
        c.raw_text,
        c.line,
        c.page,
        c.bbox_x0,
        c.bbox_y0,
        c.bbox_x1,
        c.bbox_y1,
        c.html_table,
        c.html_row,
        c.html_cell,
        c.char_offset,
        (c.report_id is not null) as is_stored
    from {{ ref('stg_identity_terms') }} as t
    left join {{ ref('stg_cells') }} as c
        on c.report_id = t.report_id
        and c.section = t.section
        and c.row_code = t.row_code
        and c.column_code = t.column_code
),

sides as (
    select
        report_id,
        check_seq,
        case when bool_and(is_stored) filter (where side = 'printed')
             then sum(value) filter (where side = 'printed') end as printed_value,
        case when bool_and(is_stored) filter (where side = 'computed')
             then sum(value) filter (where side = 'computed') end as computed_value,
        list(
            struct_pack(
                side := side, term_seq := term_seq, row_code := row_code, column_code := column_code,
                value := value, raw_text := raw_text, line := line, page := page,
                bbox_x0 := bbox_x0, bbox_y0 := bbox_y0, bbox_x1 := bbox_x1, bbox_y1 := bbox_y1,
                html_table := html_table, html_row := html_row, html_cell := html_cell,
                char_offset := char_offset
            )
            order by case when side = 'printed' then 0 else 1 end, term_seq
        ) as cells,
        string_agg(
            row_code || '/' || column_code || ' = ' || coalesce(raw_text, '(not stored)')
            || coalesce(' @line ' || line, '')
            || coalesce(' @page ' || page, '')
            || coalesce(' @html ' || html_table || '.' || html_row || '.' || html_cell, ''),
            '; '
            order by case when side = 'printed' then 0 else 1 end, term_seq
        ) as cells_text
    from terms
    group by report_id, check_seq
)

select
    r.report_id,
    r.agency_key,
    r.agency_name,
    r.year,
    r.province,
    r.agency_kind,
    r.is_current,
    f.check_seq,
    f.identity_name,
    f.section,
    f.scope,
    f.scope_kind,
    s.printed_value,
    s.computed_value,
    s.printed_value - s.computed_value as difference,
    f.detail,
    s.cells_text,
    s.cells,
    r.document_sha256,
    r.source_path,
    r.source_format
from failed as f
inner join {{ ref('stg_reports') }} as r on r.report_id = f.report_id
left join sides as s on s.report_id = f.report_id and s.check_seq = f.check_seq
