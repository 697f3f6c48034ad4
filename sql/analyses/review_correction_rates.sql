-- How often do administrative reviews and lawsuits correct an agency?
select year, agency_name, reviews, reviews_corrected, round(review_correction_rate, 3) as review_correction_rate,
       lawsuits, lawsuits_corrected, round(litigation_correction_rate, 3) as litigation_correction_rate
from mart_agency_year
where review_correction_rate is not null or litigation_correction_rate is not null
order by review_correction_rate desc nulls last, litigation_correction_rate desc nulls last, agency_name
