"""FastAPI: a constant Jinja2 template rendered with the query parameter as a variable; safe."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=True)
PAGE = env.from_string("<p>Results for {{ q }}</p>")


@app.get("/render", response_class=HTMLResponse)
def render(q: str):
    return PAGE.render(q=q)
