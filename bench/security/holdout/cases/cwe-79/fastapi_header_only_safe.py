"""FastAPI: search term only set as a response header; the HTML body is constant; safe."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/search", response_class=HTMLResponse)
def search(term: str = ""):
    response = HTMLResponse("<html><body><div id='app'></div></body></html>")
    response.headers["X-Search-Term"] = term.replace("\r", "").replace("\n", "")
    return response
