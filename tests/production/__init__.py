"""The production set-up walked end to end: `make serve` ×2 behind deploy/nginx.conf with TLS."""
