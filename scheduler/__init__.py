"""The clock: what is due, computed from the database by plain functions that take `now`."""
