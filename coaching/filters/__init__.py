"""Lists' filters (django-filter FilterSets), one module per concept."""
