-- One row per extracted report, with the agency key and the "current" flag.
-- agency_key: the resolver's agency_id when present, else the agency name as printed.
-- is_current: among reports of one agency-year, the one whose document was first seen last
-- (a corrected re-publication supersedes the earlier file); ties are broken by the later
-- published_on, then by the smaller report_id, so the choice never depends on load order.
with reports as (
    select * from {{ source('raw', 'reports') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
),

joined as (
    select
        cast(r.report_id as varchar)                  as report_id,
        cast(r.document_sha256 as varchar)            as document_sha256,
        cast(coalesce(r.agency_id, r.agency_name) as varchar) as agency_key,
        cast(r.agency_name as varchar)                as agency_name,
        cast(r.year as integer)                       as year,
        cast(coalesce(r.template, 'unknown') as varchar) as template,
        cast(r.section_templates as varchar)          as section_templates,
        cast(r.published_on as date)                  as published_on,
        cast(r.title as varchar)                      as title,
        cast(r.extractor_version as varchar)          as extractor_version,
        cast(r.province as varchar)                   as province,
        cast(r.city as varchar)                       as city,
        cast(r.county as varchar)                     as county,
        cast(r.township as varchar)                   as township,
        cast(coalesce(r.agency_kind, 'unknown') as varchar) as agency_kind,
        cast(r.division_code as varchar)              as division_code,
        cast(r.agency_id as varchar)                  as agency_id,
        cast(r.source_part as varchar)                as source_part,
        d.first_seen,
        d.source_path,
        d.source_format
    from reports as r
    inner join documents as d
        on d.document_sha256 = r.document_sha256
),

ranked as (
    select
        joined.*,
        row_number() over (
            partition by agency_key, year
            order by first_seen desc, published_on desc nulls last, report_id
        ) as version_rank
    from joined
)

select
    ranked.*,
    (agency_key is not null and year is not null and version_rank = 1) as is_current
from ranked
