"""Email for the channels of issue 14: parsing and decoding inbound mail (decode, parse,
quotes, dsn, subjects), threading and reply tokens, and composing outbound mail.

Pure modules: no Qt, no database.
"""
