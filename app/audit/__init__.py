"""The audit log: every privileged action, who did it, when and from where."""
