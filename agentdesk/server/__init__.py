"""The team server (`agentdesk server`): the one process that owns the team's PostgreSQL
database. Desks talk to it over HTTP and a WebSocket (agentdesk/sync/transport.py) and
never hold database credentials; every mutation is checked here, by role and team.

Plain Python (no Qt). The desk's side of the sync (agentdesk/sync) never imports this
package; both import the shared vocabularies in agentdesk/sync/protocol.py and
agentdesk/sync/wire.py and the pure rules in agentdesk/rules.py.
"""
