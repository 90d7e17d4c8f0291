"""The production set-up walked end to end: two instances of deploy/systemd/hoken@.service
behind deploy/nginx/hoken.conf with TLS."""
