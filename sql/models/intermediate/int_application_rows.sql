-- Section three, one row per report x row code, with the row's total.
-- total = the printed 总计 column; when the agency left it blank but filled applicant columns
-- (e.g. 上海市人民政府办公厅 2019), the sum of the applicant columns instead.
with cells as (
    select * from {{ ref('stg_cells') }}
    where section = 'applications'
),

pivoted as (
    select
        report_id,
        row_code,
        max(case when column_code = 'total' then value end)                 as total_printed,
        sum(case when column_code <> 'total' then value end)                as applicant_sum,
        max(case when column_code = 'natural_person' then value end)        as natural_person,
        max(case when column_code = 'commercial_enterprise' then value end) as commercial_enterprise,
        max(case when column_code = 'research_institution' then value end)  as research_institution,
        max(case when column_code = 'social_welfare_org' then value end)    as social_welfare_org,
        max(case when column_code = 'legal_service_org' then value end)     as legal_service_org,
        max(case when column_code = 'other_org' then value end)             as other_org
    from cells
    group by report_id, row_code
)

select
    pivoted.*,
    coalesce(total_printed, applicant_sum) as total,
    case
        when row_code like 'withheld%' then 'withheld'
        when row_code like 'unable%' then 'unable'
        when row_code like 'rejected%' then 'rejected'
        when row_code like 'other%' then 'other'
        when row_code in ('disclosed', 'partially_disclosed') then 'disclosed'
        when row_code = 'outcome_total' then 'total'
        else 'flow'
    end as outcome_category
from pivoted
