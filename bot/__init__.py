"""The outside world: Flask app, LINE client, configuration, command line."""
