"""The one list of queue names, most urgent first; workers listen to them in this order."""

HIGH_QUEUE = "high"  # things a person is waiting for: confirmation and reset e-mails
DEFAULT_QUEUE = "default"  # embedding and clustering new submissions, notifications
LOW_QUEUE = "low"  # sweeps, refinements, exports

QUEUES = (HIGH_QUEUE, DEFAULT_QUEUE, LOW_QUEUE)
