"""RQ entry points. Jobs are thin: load by id, call a service, commit."""
