"""FastAPI: footer text from a query parameter compiled as a Mako template; vulnerable."""
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from mako.template import Template

app = FastAPI()


@app.get("/footer", response_class=PlainTextResponse)
def footer(text: str = "(c) Example"):
    return Template("<footer>" + text + "</footer>").render()
