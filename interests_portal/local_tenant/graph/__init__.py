"""The Microsoft Graph beta subset, served under /_tenant/graph/beta (see ../shared/graph-contract.md)."""
