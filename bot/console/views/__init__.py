"""The console's pages, one module per area; routes.py maps the URLs to them."""
