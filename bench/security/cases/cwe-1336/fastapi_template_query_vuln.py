"""FastAPI: jinja2.Template built from a query parameter; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Template

app = FastAPI()


@app.get("/render", response_class=HTMLResponse)
def render(tpl: str):
    return Template(tpl).render(site="example")
