"""FastAPI: html.escape on the query parameter inside the f-string HTMLResponse; safe."""
from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/welcome", response_class=HTMLResponse)
def welcome(name: str = "guest"):
    return HTMLResponse(f"<h1>Welcome, {escape(name)}</h1>")
