"""FastAPI: a Jinja2 Environment with autoescape=True renders the user value; safe."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=True)
CARD = env.from_string("<div class='card'><h3>{{ title }}</h3></div>")


@app.get("/card")
def card(title: str):
    return HTMLResponse(CARD.render(title=title))
