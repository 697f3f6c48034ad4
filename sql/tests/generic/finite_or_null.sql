{#- A computed rate is a finite number or NULL: no NaN, no infinities from a zero denominator. -#}
{% test finite_or_null(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and ({{ column_name }} <> {{ column_name }}
       or {{ column_name }} > 1e300
       or {{ column_name }} < -1e300)
{% endtest %}
