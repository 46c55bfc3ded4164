"""FastAPI: constant source compiled by a Jinja2 Environment and rendered with the message as a variable; safe."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment, select_autoescape

app = FastAPI()
env = Environment(autoescape=select_autoescape(default=True))
ALERT = env.from_string("<div class='alert'>{{ msg }}</div>")


@app.get("/alert", response_class=HTMLResponse)
def alert(msg: str = ""):
    return ALERT.render(msg=msg)
