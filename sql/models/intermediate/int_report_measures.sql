-- One row per report: the section-three, section-four and section-two figures the marts use.
-- Sums over reason rows (Σwithheld_* ...) are NULL only when every reason row is blank.
with app as (
    select * from {{ ref('int_application_rows') }}
),

applications as (
    select
        report_id,
        max(case when row_code = 'new_received' then total end)        as new_received,
        max(case when row_code = 'carried_over' then total end)        as carried_over,
        max(case when row_code = 'outcome_total' then total end)       as outcome_total,
        max(case when row_code = 'carried_forward' then total end)     as carried_forward,
        max(case when row_code = 'disclosed' then total end)           as disclosed,
        max(case when row_code = 'partially_disclosed' then total end) as partially_disclosed,
        sum(case when outcome_category = 'withheld' then total end)    as withheld,
        sum(case when outcome_category = 'unable' then total end)      as unable,
        sum(case when outcome_category = 'rejected' then total end)    as rejected,
        max(case when row_code = 'other' then total end)               as other_single,
        sum(case when row_code like 'other\_%' escape '\' then total end) as other_split,
        max(case when row_code = 'new_received' then natural_person end) as new_received_natural_person,
        max(case when row_code = 'new_received' then
            case when commercial_enterprise is null and research_institution is null
                      and social_welfare_org is null and legal_service_org is null
                      and other_org is null then null
                 else coalesce(commercial_enterprise, 0) + coalesce(research_institution, 0)
                      + coalesce(social_welfare_org, 0) + coalesce(legal_service_org, 0)
                      + coalesce(other_org, 0)
            end
        end) as new_received_legal_persons
    from app
    group by report_id
),

review_cells as (
    select * from {{ ref('stg_cells') }}
    where section = 'review_litigation'
),

review_rows as (
    select
        report_id,
        row_code,
        coalesce(
            max(case when column_code = 'total' then value end),
            sum(case when column_code <> 'total' then value end)
        ) as total,
        max(case when column_code = 'corrected' then value end) as corrected,
        max(case when column_code = 'pending' then value end)   as pending
    from review_cells
    group by report_id, row_code
),

review as (
    select
        report_id,
        max(case when row_code = 'administrative_review' then total end)     as review_total,
        max(case when row_code = 'administrative_review' then corrected end) as review_corrected,
        max(case when row_code = 'administrative_review' then pending end)   as review_pending,
        sum(case when row_code like 'litigation%' then total end)            as litigation_total,
        sum(case when row_code like 'litigation%' then corrected end)        as litigation_corrected,
        sum(case when row_code like 'litigation%' then pending end)          as litigation_pending
    from review_rows
    group by report_id
),

active as (
    select
        report_id,
        max(case when row_code = 'regulations' and column_code in ('issued', 'new_made') then value end)
            as regulations_issued,
        max(case when row_code = 'normative_documents' and column_code in ('issued', 'new_made') then value end)
            as normative_documents_issued,
        max(case when row_code = 'normative_documents' and column_code in ('in_force', 'total_published') then value end)
            as normative_documents_in_force,
        max(case when row_code = 'administrative_licensing' and column_code = 'decisions' then value end)
            as licensing_decisions,
        max(case when row_code = 'administrative_penalty' and column_code = 'decisions' then value end)
            as penalty_decisions,
        max(case when row_code = 'administrative_coercion' and column_code = 'decisions' then value end)
            as coercion_decisions,
        max(case when row_code = 'administrative_fees' and column_code = 'fee_amount_10k_yuan' then value end)
            as fee_amount_10k_yuan,
        max(case when row_code = 'centralized_procurement' and column_code = 'items' then value end)
            as procurement_items,
        max(case when row_code = 'centralized_procurement' and column_code = 'amount_10k_yuan' then value end)
            as procurement_amount_10k_yuan
    from {{ ref('stg_cells') }}
    where section = 'active_disclosure'
    group by report_id
)

select
    r.report_id,
    a.new_received,
    a.carried_over,
    a.outcome_total,
    a.carried_forward,
    a.disclosed,
    a.partially_disclosed,
    a.withheld,
    a.unable,
    a.rejected,
    coalesce(a.other_single, a.other_split) as other_outcomes,
    a.new_received_natural_person,
    a.new_received_legal_persons,
    v.review_total,
    v.review_corrected,
    v.review_pending,
    v.litigation_total,
    v.litigation_corrected,
    v.litigation_pending,
    t.regulations_issued,
    t.normative_documents_issued,
    t.normative_documents_in_force,
    t.licensing_decisions,
    t.penalty_decisions,
    t.coercion_decisions,
    t.fee_amount_10k_yuan,
    t.procurement_items,
    t.procurement_amount_10k_yuan
from {{ ref('stg_reports') }} as r
left join applications as a on a.report_id = r.report_id
left join review as v on v.report_id = r.report_id
left join active as t on t.report_id = r.report_id
