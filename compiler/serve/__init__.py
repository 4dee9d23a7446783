"""`mb serve`: the compiler over HTTP for programs and people.

app.py builds the ASGI application (REST API, MCP over streamable HTTP, the web explorer),
routes.py the REST API, jobs.py the job queue, guard.py the token/Host/size checks, static/ the
web explorer (plain HTML, CSS and JavaScript; no build step). Needs the `serve` extra
(`pip install -e '.[serve]'` in the clone).
"""
