"""FastAPI: the Request value goes only into a response header; the HTML body is constant; safe."""
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/page")
async def page(request: Request):
    ref = request.query_params.get("ref", "direct")
    resp = HTMLResponse("<html><body><p>Hello</p></body></html>")
    resp.headers["X-Ref"] = ref[:64].replace("\n", "")
    return resp
