-- How often do administrative reviews and lawsuits correct an agency? A rate is shown only when
-- at least min_cases reviews (or lawsuits) were concluded: 1 corrected of 2 says little.
-- ogi query sql/analyses/review_correction_rates.sql [--var min_cases=5] [--var province=河南省]
select year, agency_name, reviews, reviews_corrected,
       case when reviews - reviews_pending >= {{ var('min_cases', 5) }}
            then round(review_correction_rate, 3) end as review_correction_rate,
       lawsuits, lawsuits_corrected,
       case when lawsuits - lawsuits_pending >= {{ var('min_cases', 5) }}
            then round(litigation_correction_rate, 3) end as litigation_correction_rate
from mart_agency_year
where (province = {{ var('province', '') }} or {{ var('province', '') }} = '')
  and ((review_correction_rate is not null and reviews - reviews_pending >= {{ var('min_cases', 5) }})
       or (litigation_correction_rate is not null and lawsuits - lawsuits_pending >= {{ var('min_cases', 5) }}))
order by 5 desc nulls last, 8 desc nulls last, agency_name
