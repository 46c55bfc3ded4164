"""FastAPI: a match on the query value assigns one of two constant template sources; safe."""
from fastapi import FastAPI
from jinja2 import Template

app = FastAPI()


@app.get("/mail/draft")
def draft(tone: str = "formal", name: str = "Ada"):
    match tone:
        case "casual":
            source = "Hi {{ name }}!"
        case _:
            source = "Dear {{ name }},"
    return {"text": Template(source).render(name=name)}
