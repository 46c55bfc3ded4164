"""FastAPI: a helper renders a Request query value into an HTML snippet; vulnerable."""
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

app = FastAPI()


def banner(text: str) -> str:
    return "<div class='banner'>{}</div>".format(text)


@app.get("/page")
async def page(request: Request):
    msg = request.query_params.get("msg", "")
    return HTMLResponse("<html><body>" + banner(msg) + "</body></html>")
