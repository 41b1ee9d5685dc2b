"""Online-safety advice (fake profiles, intimate images, sextortion, account security, online fraud...):
which answer to give. Not "danger": a woman in danger now is handled by bot.lang.danger and the emergency flow."""
