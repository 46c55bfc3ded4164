"""FastAPI: the request value only picks between two constant strings in a ternary; safe."""
import sqlite3

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/feed")
async def feed(request: Request):
    order = request.query_params.get("order", "desc")
    direction = "ASC" if order == "asc" else "DESC"
    conn = sqlite3.connect("feed.db")
    rows = conn.execute("SELECT id, title FROM entries ORDER BY published " + direction).fetchall()
    return {"entries": rows}
