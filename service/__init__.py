"""lonet: the Benelux liaison-officer network directory and tasking service."""
