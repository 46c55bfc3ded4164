"""FastAPI: header and body fields of a pydantic model joined into the source of a jinja2 Template; vulnerable."""
import jinja2
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Notice(BaseModel):
    title: str
    body: str


@app.post("/notices/render")
def render_notice(n: Notice):
    parts = ["<h2>", n.title, "</h2><p>", n.body, "</p>"]
    html = jinja2.Template("".join(parts)).render()
    return {"html": html}
