"""What happens to a ``Report`` after extraction: agency resolution, loading, export."""
