"""The Telegram adapter: updates in, the service's messages out, nothing else."""
