"""Data access for the Jinyun command-hall screens: loaders, warehouse, queries, commands."""
