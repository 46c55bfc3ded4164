"""FastAPI: a base64-encoded filter from Request.query_params decoded and put into SQL; vulnerable."""
import base64
import sqlite3

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/report")
async def report(request: Request):
    encoded = request.query_params.get("filter", "")
    where = base64.b64decode(encoded).decode("utf-8")
    conn = sqlite3.connect("metrics.db")
    rows = conn.execute("SELECT day, hits FROM visits WHERE " + where).fetchall()
    return {"rows": rows}
