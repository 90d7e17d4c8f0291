"""The production set-up walked end to end: two instances of deploy/systemd/hoken@.service
behind deploy/nginx.conf with TLS."""
