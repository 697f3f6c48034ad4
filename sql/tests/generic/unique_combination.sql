{#- No two rows share the same values of `columns` (a built-in-only stand-in for
    dbt_utils.unique_combination_of_columns, since the warehouse builds offline). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
