"""Family counselling: the counsellor panel, free slots, bookings, risk screens and reminders."""
