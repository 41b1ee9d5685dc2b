"""Her data, end to end: the one erase service ("delete my data") and the retention job."""
