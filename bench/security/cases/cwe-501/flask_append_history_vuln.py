"""Flask: the search term appended to a list that is then stored back into the session; vulnerable."""
from flask import Flask, request, session

app = Flask(__name__)


@app.get("/search")
def search():
    q = request.args.get("q", "")
    history = session.get("recent_searches", [])
    history.append(q)
    session["recent_searches"] = history[-10:]
    return {"results": []}
