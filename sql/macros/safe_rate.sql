{#- A ratio that is NULL (never an error or an infinity) when the denominator is NULL, zero or
    negative. Cast first so integer division never truncates. -#}
{% macro safe_rate(numerator, denominator, scale=1) -%}
    case when ({{ denominator }}) > 0
         then cast(({{ numerator }}) as double precision) * {{ scale }} / ({{ denominator }})
    end
{%- endmacro %}
