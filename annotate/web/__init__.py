"""`annotate serve`: the review app in browsers, one app process per session, behind personal links.

server.py subclasses textual-serve's Server (routes, token checks, limits);
session.py is its AppService that starts `annotate review` as the token's
user. Nothing here imports Textual: the app runs in its own process.
"""
