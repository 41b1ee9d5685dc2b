"""Harassment complaints: categories now; the complaint service and its store come with the reporting flow."""
