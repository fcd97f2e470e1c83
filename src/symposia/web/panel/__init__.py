"""The roster of experts and their invitations."""
