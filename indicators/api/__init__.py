"""The SDG framework and a country's indicator data in the REST API (/api/v1/): the public
framework endpoints, and the serializers and filters of series and observations that
reviews/api/ uses under a review (a country's data is read through a review's permission)."""
