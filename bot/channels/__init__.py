"""Input/output channels of ours (Telegram, WhatsApp) and what they share."""
