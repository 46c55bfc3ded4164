"""FastAPI: custom template source only used under a module constant False; the live path renders a constant; safe."""
import jinja2
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
ALLOW_CUSTOM_TEMPLATES = False
DEFAULT = jinja2.Template("Order {{ order_id }} shipped.")


class Msg(BaseModel):
    order_id: int
    template: str = ""


@app.post("/notify")
def notify(m: Msg):
    tpl = DEFAULT
    if ALLOW_CUSTOM_TEMPLATES:
        tpl = jinja2.Template(m.template)
    return {"text": tpl.render(order_id=m.order_id)}
