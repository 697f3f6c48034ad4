-- Why were applications not granted, nationwide, year by year?
select year, category, reason, applications, round(share_of_denials, 3) as share_of_denials
from mart_denial_reasons_by_region
where region_level = 'country'
order by year, applications desc, reason
