-- One row per current agency-year: the headline figures and rates of one annual report.
-- Formulas are documented column by column in _marts.yml; every rate is NULL when its
-- denominator is NULL or zero (safe_rate).
with reports as (
    select * from {{ ref('stg_reports') }}
    where is_current
),

m as (
    select * from {{ ref('int_report_measures') }}
),

q as (
    select * from {{ ref('int_report_quality') }}
)

select
    r.agency_key,
    r.agency_name,
    r.year,
    r.report_id,
    r.document_sha256,
    r.agency_id,
    r.agency_kind,
    r.province,
    r.city,
    r.county,
    r.township,
    r.division_code,
    r.template,
    r.published_on,
    cast(m.new_received as bigint)        as applications_received,
    cast(m.carried_over as bigint)        as applications_carried_over,
    cast(m.outcome_total as bigint)       as applications_handled,
    cast(m.carried_forward as bigint)     as applications_carried_forward,
    cast(m.disclosed as bigint)           as disclosed,
    cast(m.partially_disclosed as bigint) as partially_disclosed,
    cast(m.withheld as bigint)            as withheld,
    cast(m.unable as bigint)              as unable,
    cast(m.rejected as bigint)            as rejected,
    cast(m.other_outcomes as bigint)      as other_outcomes,
    {{ safe_rate('case when m.disclosed is not null or m.partially_disclosed is not null
                       then coalesce(m.disclosed, 0) + coalesce(m.partially_disclosed, 0) end',
                  'm.outcome_total') }} as disclosure_rate,
    {{ safe_rate('m.withheld', 'm.outcome_total') }}         as withheld_rate,
    {{ safe_rate('m.unable', 'm.outcome_total') }}           as unable_rate,
    {{ safe_rate('m.rejected', 'm.outcome_total') }}         as rejected_rate,
    {{ safe_rate('m.other_outcomes', 'm.outcome_total') }}   as other_rate,
    {{ safe_rate('m.carried_forward', 'm.new_received + m.carried_over') }} as backlog_rate,
    {{ safe_rate('m.new_received_legal_persons', 'm.new_received') }}       as legal_person_share,
    cast(m.review_total as bigint)         as reviews,
    cast(m.review_corrected as bigint)     as reviews_corrected,
    cast(m.review_pending as bigint)       as reviews_pending,
    cast(m.litigation_total as bigint)     as lawsuits,
    cast(m.litigation_corrected as bigint) as lawsuits_corrected,
    cast(m.litigation_pending as bigint)   as lawsuits_pending,
    {{ safe_rate('m.review_corrected', 'm.review_total - m.review_pending') }}              as review_correction_rate,
    {{ safe_rate('m.litigation_corrected', 'm.litigation_total - m.litigation_pending') }} as litigation_correction_rate,
    {{ safe_rate('coalesce(m.review_total, 0) + coalesce(m.litigation_total, 0)', 'm.new_received', 100) }}
        as disputes_per_100_applications,
    cast(m.regulations_issued as bigint)           as regulations_issued,
    cast(m.normative_documents_issued as bigint)   as normative_documents_issued,
    cast(m.normative_documents_in_force as bigint) as normative_documents_in_force,
    cast(m.licensing_decisions as bigint)          as licensing_decisions,
    cast(m.penalty_decisions as bigint)            as penalty_decisions,
    cast(m.coercion_decisions as bigint)           as coercion_decisions,
    cast(m.fee_amount_10k_yuan as double precision)          as fee_amount_10k_yuan,
    cast(m.procurement_items as bigint)                      as procurement_items,
    cast(m.procurement_amount_10k_yuan as double precision)  as procurement_amount_10k_yuan,
    q.issues_info,
    q.issues_warning,
    q.issues_error,
    q.identities_failed,
    q.quality_status
from reports as r
left join m on m.report_id = r.report_id
left join q on q.report_id = r.report_id
