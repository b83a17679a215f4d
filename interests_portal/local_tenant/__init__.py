"""The local tenant: an offline stand-in for Microsoft Entra sign-in and the Microsoft Graph API subset.

The portal never imports this package; it reaches it over HTTP exactly as it reaches Microsoft.
See docs/local-tenant.md.
"""
