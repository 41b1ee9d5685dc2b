"""Work done later or in the background: the one scheduled-message service and its worker."""
