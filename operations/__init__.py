"""What an operator needs to run one deployment for many organizations.

It owns: encrypting LINE credentials at rest (`secrets`), short-lived channel access tokens
(`channel_tokens`), Prometheus metrics (`metrics`), structured logs (`jsonlog`), backups
(`backup`), people's requests about their personal data (`pdpa`) and how long webhook
bodies are kept (`retention`). One package rather than five small ones because each piece
is a module of its own size and they share a reader: the person who runs the servers.
It never imports `bot/`; `bot/` wires these into commands and routes.
"""
