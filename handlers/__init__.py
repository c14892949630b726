"""What a LINE event means and what to do about it. Never imports Flask."""
