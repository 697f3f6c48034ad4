"""Who should have published, per year: the expected-publishers registry (transform/publishers.py).

Built for the provinces and years the warehouse covers only: a province's years run from the first
to the last year of its placed current reports (so a warehouse of one city's reports does not list
all of China, and the 100k benchmark stays cheap). Imported publisher lists (``ogi publishers
import`` → ``raw.publisher_list``) join the set. Every government of the gazetteer valid in that
year is a row: province, city, county, township; ids as the agency resolver gives them.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from transform.publishers import listed_publishers, registry

    spans = (
        dbt.ref("stg_reports")
        .filter("is_current and year is not null and province is not null and province <> ''")
        .aggregate("province, min(year) AS first_year, max(year) AS last_year", "province")
        .fetchall()
    )
    scope = [(province, year) for province, first, last in spans for year in range(first, last + 1)]
    return registry(scope, listed_publishers(session))
