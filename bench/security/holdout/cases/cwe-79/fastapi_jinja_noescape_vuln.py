"""FastAPI: constant Jinja2 template rendered with autoescape=False and the message variable, returned as HTML; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=False)
BANNER = env.from_string("<div class='banner'>{{ msg }}</div>")


@app.get("/banner")
def banner(msg: str = "Welcome"):
    return HTMLResponse(BANNER.render(msg=msg))
